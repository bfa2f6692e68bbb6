import { userRoute } from '@/app/_server/http';
import { fabricView } from '@/lib/views/fabric';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Node → PF → VF → pod, from the node states and the pods' device-info; GUID problems flagged. */
export const GET = userRoute(async ({ console, hub }) => {
  const snapshot = await console.snapshot(hub, ['nodestates', 'nodes', 'pods', 'policies']);
  return fabricView(snapshot);
});
