import { userRoute } from '@/app/_server/http';
import { nadRow } from '@/lib/views/lists';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** NetworkAttachmentDefinitions with their owner and whether they are orphans. */
export const GET = userRoute(async ({ console, hub }) => {
  const snapshot = await console.snapshot(hub, ['nads', 'networks']);
  return { items: snapshot.nads.map((n) => nadRow(n, snapshot)) };
});
