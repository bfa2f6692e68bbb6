import { RESOURCES } from '@/lib/kube';
import type { SriovNetworkNodePolicy } from '@/lib/model';
import { userRoute } from '@/app/_server/http';
import { readPolicy, replaceChecked } from '@/app/_server/object-writes';
import { badRequest } from '@/app/_server/problems';
import { policyRow } from '@/lib/views/lists';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { namespace: string; name: string };

export const GET = userRoute<Params>(async ({ params, client, console, hub }) => {
  const policy = await client.get<SriovNetworkNodePolicy>(
    RESOURCES.sriovnetworknodepolicies,
    params.name,
    params.namespace,
  );
  const snapshot = await console.snapshot(hub, ['nodes']);
  return policyRow(policy, snapshot);
});

/** Replaces a policy; a stale resourceVersion answers `conflict` with the current object. */
export const PUT = userRoute<Params>(async ({ params, body, client, console, hub }) => {
  const policy = readPolicy(body, console.config);
  if (policy.metadata.namespace !== params.namespace || policy.metadata.name !== params.name) {
    throw badRequest(
      `The body names ${policy.metadata.namespace}/${policy.metadata.name}, not ${params.namespace}/${params.name}.`,
    );
  }
  if (!policy.metadata.resourceVersion)
    throw badRequest('Send the metadata.resourceVersion the edit was based on.');
  const updated = await replaceChecked(client, RESOURCES.sriovnetworknodepolicies, policy);
  const snapshot = await console.snapshot(hub, ['nodes']);
  return policyRow(updated, snapshot);
});
