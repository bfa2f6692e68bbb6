import { RESOURCES } from '@/lib/kube';
import { json, userRoute } from '@/app/_server/http';
import { ApiProblem } from '@/app/_server/problems';
import { TEST_POD_LABEL } from '@/app/_server/test-pods';
import type { PodLike } from '@/lib/views/kube';
import { podDetail } from '@/lib/views/pod-detail';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { namespace: string; name: string };

/** A pod's requested versus attached networks, each difference diagnosed. */
export const GET = userRoute<Params>(async ({ params, client, console, hub }) => {
  const pod = await client.get<PodLike>(RESOURCES.pods, params.name, params.namespace);
  const snapshot = await console.snapshot(hub, [
    'pods',
    'nads',
    'networks',
    'nodes',
    'nodestates',
    'events',
  ]);
  return podDetail(pod, snapshot);
});

/** Deletes a test pod of the wizard; any other pod is refused. */
export const DELETE = userRoute<Params>(async ({ params, client }) => {
  const pod = await client.get<PodLike>(RESOURCES.pods, params.name, params.namespace);
  if (pod.metadata.labels?.[TEST_POD_LABEL] !== 'true') {
    throw new ApiProblem(
      403,
      'not-allowed',
      `The console only deletes its own test pods (labelled ${TEST_POD_LABEL}: "true"); delete ${params.namespace}/${params.name} with your usual tools.`,
      'Forbidden',
      { verb: 'delete', resource: 'pods', namespace: params.namespace, name: params.name },
    );
  }
  await client.delete(RESOURCES.pods, params.name, params.namespace, {
    preconditions: { uid: pod.metadata.uid },
  });
  return json(undefined);
});
