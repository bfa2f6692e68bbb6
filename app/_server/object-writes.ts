import { z } from 'zod';
import { type KubeClient, type ResourceRef, isConflict } from '@/lib/kube';
import {
  AdditionalNetworkSchema,
  OPENSHIFT_NETWORK_NAME,
  type KubeObject,
  type OpenShiftNetwork,
  SriovNetworkNodePolicySchema,
  type SriovNetworkNodePolicy,
} from '@/lib/model';
import { RESOURCES } from '@/lib/kube';
import type { ConsoleConfig } from './config';
import { parseBody } from './http';
import { FIELD_MANAGER } from './network-writes';
import { ApiProblem, badRequest } from './problems';

/** Runs a PUT (dry run first); a stale resourceVersion becomes `conflict` with the current object. */
export async function replaceChecked<T extends KubeObject>(
  client: KubeClient,
  ref: ResourceRef,
  obj: T,
): Promise<T> {
  try {
    await client.replace(ref, obj, { dryRun: true, fieldManager: FIELD_MANAGER });
    return await client.replace(ref, obj, { fieldManager: FIELD_MANAGER });
  } catch (err) {
    if (!isConflict(err)) throw err;
    const { name = '', namespace } = obj.metadata;
    const current = await client.get<T>(ref, name, namespace);
    throw new ApiProblem(
      409,
      'conflict',
      `${ref.kind} ${namespace ? `${namespace}/` : ''}${name} changed since you opened it; look at the differences and apply again on top.`,
      'Conflict',
      { verb: 'update', resource: `${ref.plural}.${ref.group}`, namespace, name, current },
    );
  }
}

const PolicyBodySchema = z.object({ object: SriovNetworkNodePolicySchema }).strict();

/** A policy from a request body; policies live in the operator namespace only. */
export function readPolicy(body: unknown, config: ConsoleConfig): SriovNetworkNodePolicy {
  const { object } = parseBody(PolicyBodySchema, body);
  const namespace = object.metadata.namespace ?? config.operatorNamespace;
  if (namespace !== config.operatorNamespace) {
    throw badRequest(
      `SriovNetworkNodePolicies belong in the operator namespace ${config.operatorNamespace}, not ${namespace}.`,
    );
  }
  if (!object.metadata.name) throw badRequest('Give the policy a metadata.name.');
  return { ...object, metadata: { ...object.metadata, namespace } };
}

export async function createPolicy(
  client: KubeClient,
  policy: SriovNetworkNodePolicy,
): Promise<SriovNetworkNodePolicy> {
  const ref = RESOURCES.sriovnetworknodepolicies;
  const { resourceVersion: _rv, uid: _uid, ...metadata } = policy.metadata;
  const body = { ...policy, metadata, status: undefined };
  await client.create(ref, body, { dryRun: true, fieldManager: FIELD_MANAGER });
  return client.create(ref, body, { fieldManager: FIELD_MANAGER });
}

export const AddNetworkSchema = z
  .object({ network: AdditionalNetworkSchema, resourceVersion: z.string().max(64).optional() })
  .strict();

export const RemoveNetworkSchema = z
  .object({ resourceVersion: z.string().max(64).optional() })
  .strict();

/**
 * Adds or removes one entry of `spec.additionalNetworks` of the OpenShift network operator config,
 * based on the resourceVersion the user saw (or the current one).
 */
export async function editAdditionalNetworks(
  client: KubeClient,
  resourceVersion: string | undefined,
  edit: (
    list: NonNullable<OpenShiftNetwork['spec']['additionalNetworks']>,
  ) => NonNullable<OpenShiftNetwork['spec']['additionalNetworks']>,
): Promise<OpenShiftNetwork> {
  const ref = RESOURCES.networks;
  const current = await client.get<OpenShiftNetwork>(ref, OPENSHIFT_NETWORK_NAME);
  const next: OpenShiftNetwork = {
    ...current,
    metadata: {
      ...current.metadata,
      resourceVersion: resourceVersion ?? current.metadata.resourceVersion,
    },
    spec: {
      ...current.spec,
      additionalNetworks: edit([...(current.spec.additionalNetworks ?? [])]),
    },
  };
  return replaceChecked(client, ref, next);
}
