import { userRoute } from '@/app/_server/http';
import {
  DryRunSchema,
  createNetwork,
  readNetwork,
  updateNetwork,
} from '@/app/_server/network-writes';
import { NETWORK_PLURALS } from '@/lib/views/paths';
import { parseBody } from '@/app/_server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The editor's preview: diagnostics, the rendered NAD and the cluster's dry-run verdict; nothing stored. */
export const POST = userRoute(async ({ console, client, body }) => {
  const { operation } = parseBody(DryRunSchema, body);
  const { network, diagnostics } = readNetwork(body, console.config);
  if (operation === 'create')
    return createNetwork(client, network, diagnostics, console.config, true);
  const { namespace = '', name = '' } = network.metadata;
  return updateNetwork(
    client,
    NETWORK_PLURALS[network.kind],
    namespace,
    name,
    network,
    diagnostics,
    console.config,
    true,
  );
});
