import { userRoute } from '@/app/_server/http';
import { poolViews } from '@/lib/views/pools';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Every whereabouts pool: used, free, stale allocations, and the networks using it. */
export const GET = userRoute(async ({ console, hub }) => {
  const snapshot = await console.snapshot(hub, ['pools', 'pods', 'networks']);
  return { items: poolViews(snapshot) };
});
