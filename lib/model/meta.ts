import { z } from 'zod';

/** DNS-1123 label: what Kubernetes accepts for namespace names and most network names. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1123 subdomain: what Kubernetes accepts for most object names. */
export const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const OwnerReferenceSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});
export type OwnerReference = z.infer<typeof OwnerReferenceSchema>;

/**
 * ObjectMeta as the API server returns it. Server-owned fields are optional because objects are
 * also parsed before they are created.
 */
export const ObjectMetaSchema = z
  .object({
    name: z.string().optional().describe('Name of the object, unique within its namespace.'),
    generateName: z.string().optional(),
    namespace: z.string().optional().describe('Namespace the object lives in.'),
    uid: z.string().optional(),
    resourceVersion: z.string().optional(),
    generation: z.number().int().optional(),
    creationTimestamp: z.string().nullable().optional(),
    deletionTimestamp: z.string().nullable().optional(),
    deletionGracePeriodSeconds: z.number().int().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    finalizers: z.array(z.string()).optional(),
    ownerReferences: z.array(OwnerReferenceSchema).optional(),
    managedFields: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .loose();
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

export const ConditionSchema = z.object({
  type: z.string(),
  status: z.enum(['True', 'False', 'Unknown']),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
  observedGeneration: z.number().int().optional(),
});
export type Condition = z.infer<typeof ConditionSchema>;

/** The common shape of every Kubernetes object: enough to route, key and own it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

/** `namespace/name`, or just `name` for cluster-scoped objects: the key used by queues and caches. */
export function objectKey(obj: { metadata: Pick<ObjectMeta, 'name' | 'namespace'> }): string {
  const { name = '', namespace } = obj.metadata;
  return namespace ? `${namespace}/${name}` : name;
}
