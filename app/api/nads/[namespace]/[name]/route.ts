import { z } from 'zod';
import { RESOURCES, isNotFound } from '@/lib/kube';
import { OWNER_REF_ANNOTATION, type NetworkAttachmentDefinition } from '@/lib/model';
import { json, parseBody, userRoute } from '@/app/_server/http';
import { ApiProblem } from '@/app/_server/problems';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { namespace: string; name: string };

const OWNER = /^(SriovIBNetwork|SriovNetwork)\.sriovnetwork\.openshift\.io\/([^/]+)\/([^/]+)$/;

const DeleteSchema = z.object({ resourceVersion: z.string().max(64).optional() }).strict();

/**
 * Deletes an orphaned NAD: one whose owner-ref names a network that no longer exists, checked
 * against the cluster now. Every other NAD is refused.
 */
export const DELETE = userRoute<Params>(async ({ params, body, client }) => {
  const request = parseBody(DeleteSchema, body ?? {});
  const nad = await client.get<NetworkAttachmentDefinition>(
    RESOURCES['network-attachment-definitions'],
    params.name,
    params.namespace,
  );
  const owner = nad.metadata.annotations?.[OWNER_REF_ANNOTATION] ?? '';
  const match = OWNER.exec(owner);
  const refuse = (why: string) =>
    new ApiProblem(
      409,
      'not-allowed',
      `The console only deletes orphaned NADs; ${why}`,
      'NotOrphan',
      {
        verb: 'delete',
        resource: 'network-attachment-definitions.k8s.cni.cncf.io',
        namespace: params.namespace,
        name: params.name,
      },
    );
  if (!match)
    throw refuse(`${params.namespace}/${params.name} has no SR-IOV owner-ref annotation.`);
  const [, kind, ownerNs = '', ownerName = ''] = match;
  const ref = kind === 'SriovNetwork' ? RESOURCES.sriovnetworks : RESOURCES.sriovibnetworks;
  try {
    await client.get(ref, ownerName, ownerNs);
    throw refuse(
      `its owner ${kind} ${ownerNs}/${ownerName} still exists; delete or change that network instead.`,
    );
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await client.delete(RESOURCES['network-attachment-definitions'], params.name, params.namespace, {
    preconditions: { uid: nad.metadata.uid, resourceVersion: request.resourceVersion },
  });
  return json(undefined);
});
