import { userRoute } from '@/app/_server/http';
import { createNetwork, readNetwork } from '@/app/_server/network-writes';
import { networkRows } from '@/lib/views/networks';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Both network kinds, with NAD presence, pod counts, IPAM usage and health. */
export const GET = userRoute(async ({ console, hub }) => {
  const snapshot = await console.snapshot(hub, ['networks', 'nads', 'pods', 'pools']);
  return { items: networkRows(snapshot) };
});

/** Creates a SriovIBNetwork or SriovNetwork (diagnosed, dry-run, then applied) as the user. */
export const POST = userRoute(async ({ console, client, body }) => {
  const { network, diagnostics } = readNetwork(body, console.config);
  return createNetwork(client, network, diagnostics, console.config);
});
