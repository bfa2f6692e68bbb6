import { userRoute } from '@/app/_server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** SriovNetworkNodeStates as the nodes report them (read only). */
export const GET = userRoute(async ({ console, hub }) => {
  const snapshot = await console.snapshot(hub, ['nodestates']);
  return { items: snapshot.nodeStates };
});
