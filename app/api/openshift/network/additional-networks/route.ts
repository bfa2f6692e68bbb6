import { parseBody, userRoute } from '@/app/_server/http';
import { AddNetworkSchema, editAdditionalNetworks } from '@/app/_server/object-writes';
import { ApiProblem } from '@/app/_server/problems';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Adds one entry to spec.additionalNetworks; a same-named entry is refused. */
export const POST = userRoute(async ({ body, client }) => {
  const { network, resourceVersion } = parseBody(AddNetworkSchema, body);
  return editAdditionalNetworks(client, resourceVersion, (list) => {
    if (
      list.some((n) => n.name === network.name && (n.namespace ?? '') === (network.namespace ?? ''))
    ) {
      throw new ApiProblem(
        409,
        'already-exists',
        `An additional network ${network.namespace ?? ''}/${network.name} is already configured.`,
        'AlreadyExists',
      );
    }
    return [...list, network];
  });
});
