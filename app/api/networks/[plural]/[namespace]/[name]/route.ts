import { json, parseBody, userRoute } from '@/app/_server/http';
import {
  DeleteSchema,
  podsUsing,
  readNetwork,
  refOf,
  updateNetwork,
} from '@/app/_server/network-writes';
import { ApiProblem, badRequest } from '@/app/_server/problems';
import type { SriovNetworkLike } from '@/lib/model';
import { targetNamespace } from '@/lib/render';
import { networkDetail } from '@/lib/views/networks';
import { isNetworkPlural } from '@/lib/views/paths';
import type { NetworkPlural } from '@/lib/views/types';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { plural: string; namespace: string; name: string };

function pluralOf(value: string): NetworkPlural {
  if (!isNetworkPlural(value))
    throw badRequest(`"${value}" is not a network kind; use sriovibnetworks or sriovnetworks.`);
  return value;
}

/** One network with its NAD (found and rendered), pods and events. */
export const GET = userRoute<Params>(async ({ params, console, hub, client }) => {
  const plural = pluralOf(params.plural);
  // Read it directly: a network the cache has not seen yet (just created) still answers.
  const network = await client.get<SriovNetworkLike>(refOf(plural), params.name, params.namespace);
  const snapshot = await console.snapshot(hub, ['networks', 'nads', 'pods', 'pools', 'events']);
  return networkDetail(network, snapshot);
});

/** Replaces the network; a stale resourceVersion answers `conflict` with the current object. */
export const PUT = userRoute<Params>(async ({ params, console, client, body }) => {
  const plural = pluralOf(params.plural);
  const { network, diagnostics } = readNetwork(body, console.config);
  return updateNetwork(
    client,
    plural,
    params.namespace,
    params.name,
    network,
    diagnostics,
    console.config,
  );
});

/**
 * Deletes the network, unless pods use it and the request does not name every one of them in
 * `confirmPods`: pods would lose the network at their next restart.
 */
export const DELETE = userRoute<Params>(async ({ params, console, client, hub, body }) => {
  const plural = pluralOf(params.plural);
  const request = parseBody(DeleteSchema, body ?? {});
  const ref = refOf(plural);
  const network = await client.get<SriovNetworkLike>(ref, params.name, params.namespace);

  const snapshot = await console.snapshot(hub, ['pods']);
  const pods = podsUsing(snapshot.pods, `${targetNamespace(network)}/${network.metadata.name}`);
  const confirmed = new Set(request.confirmPods ?? []);
  const unconfirmed = pods.filter((p) => !confirmed.has(`${p.namespace}/${p.name}`));
  if (unconfirmed.length > 0) {
    throw new ApiProblem(
      409,
      'in-use',
      `${pods.length} pod(s) use ${network.kind} ${params.namespace}/${params.name}: ${pods
        .slice(0, 5)
        .map((p) => `${p.namespace}/${p.name}`)
        .join(', ')}${pods.length > 5 ? ', …' : ''}. Confirm by naming them to delete it anyway.`,
      'InUse',
      {
        pods,
        namespace: params.namespace,
        name: params.name,
        resource: `${ref.plural}.${ref.group}`,
        verb: 'delete',
      },
    );
  }

  await client.delete(ref, params.name, params.namespace, {
    preconditions: request.resourceVersion
      ? { resourceVersion: request.resourceVersion }
      : undefined,
  });
  return json(undefined);
});
