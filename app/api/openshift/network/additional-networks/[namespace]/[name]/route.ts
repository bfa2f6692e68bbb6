import { parseBody, userRoute } from '@/app/_server/http';
import { RemoveNetworkSchema, editAdditionalNetworks } from '@/app/_server/object-writes';
import { ApiProblem } from '@/app/_server/problems';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { namespace: string; name: string };

/** Removes one entry of spec.additionalNetworks. */
export const DELETE = userRoute<Params>(async ({ params, body, client }) => {
  const { resourceVersion } = parseBody(RemoveNetworkSchema, body ?? {});
  return editAdditionalNetworks(client, resourceVersion, (list) => {
    const kept = list.filter(
      (n) => !(n.name === params.name && (n.namespace ?? '') === params.namespace),
    );
    if (kept.length === list.length) {
      throw new ApiProblem(
        404,
        'not-found',
        `No additional network ${params.namespace}/${params.name} is configured.`,
        'NotFound',
      );
    }
    return kept;
  });
});
