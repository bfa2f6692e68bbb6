import { userRoute } from '@/app/_server/http';
import { nodeRow } from '@/lib/views/lists';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Nodes with readiness and their VF resources (advertised, allocatable, requested). */
export const GET = userRoute(async ({ console, hub }) => {
  const snapshot = await console.snapshot(hub, ['nodes', 'pods', 'policies']);
  return { items: snapshot.nodes.map((n) => nodeRow(n, snapshot)) };
});
