import { ApiError, type FieldError, invalid } from './errors';
import { isPlainObject, type KubeObject, removeKey } from './object';
import { grKey, type ResourceType } from './resources';
import { defaultAndPrune, validateSchema } from './schema';
import type { FieldValidation } from './store-types';
import { validateBuiltin, validateCrd, validateMeta } from './validation';

/** The ObjectMeta fields the API server knows; others are unknown fields. */
const META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

/** Top-level fields of the built-in kinds beyond apiVersion, kind and metadata. */
const BUILTIN_FIELDS: Record<string, string[]> = {
  namespaces: ['spec', 'status'],
  nodes: ['spec', 'status'],
  pods: ['spec', 'status'],
  services: ['spec', 'status'],
  events: [
    'involvedObject',
    'reason',
    'message',
    'source',
    'firstTimestamp',
    'lastTimestamp',
    'count',
    'type',
    'eventTime',
    'series',
    'action',
    'related',
    'reportingComponent',
    'reportingInstance',
  ],
  configmaps: ['data', 'binaryData', 'immutable'],
  secrets: ['data', 'stringData', 'type', 'immutable'],
  serviceaccounts: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
  'deployments.apps': ['spec', 'status'],
  'daemonsets.apps': ['spec', 'status'],
  'leases.coordination.k8s.io': ['spec'],
  'customresourcedefinitions.apiextensions.k8s.io': ['spec', 'status'],
  'roles.rbac.authorization.k8s.io': ['rules'],
  'clusterroles.rbac.authorization.k8s.io': ['rules', 'aggregationRule'],
  'rolebindings.rbac.authorization.k8s.io': ['subjects', 'roleRef'],
  'clusterrolebindings.rbac.authorization.k8s.io': ['subjects', 'roleRef'],
};

function pruneMeta(obj: KubeObject): string[] {
  const unknown: string[] = [];
  if (!isPlainObject(obj.metadata)) {
    obj.metadata = {};
    return unknown;
  }
  for (const key of Object.keys(obj.metadata)) {
    if (!META_FIELDS.has(key)) {
      unknown.push(`metadata.${key}`);
      removeKey(obj.metadata, key);
    }
  }
  return unknown;
}

function pruneBuiltin(obj: KubeObject, storageKey: string): string[] {
  const known = BUILTIN_FIELDS[storageKey];
  if (!known) return [];
  const unknown: string[] = [];
  for (const key of Object.keys(obj)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata' || known.includes(key))
      continue;
    unknown.push(key);
    removeKey(obj, key);
  }
  return unknown;
}

/**
 * Drops unknown fields (custom resources by their schema, built-ins at the top level and in
 * metadata), fills schema defaults, and applies the request's fieldValidation: Strict fails with
 * kube's 400 strict decoding error, Warn returns the warnings to send.
 */
export function decodeFields(
  obj: KubeObject,
  type: ResourceType,
  fieldValidation: FieldValidation,
): string[] {
  const unknown = pruneMeta(obj);
  if (type.custom && type.schema) unknown.push(...defaultAndPrune(obj, type.schema));
  else unknown.push(...pruneBuiltin(obj, grKey(type)));
  if (unknown.length === 0 || fieldValidation === 'Ignore') return [];
  const texts = unknown.map((f) => `unknown field "${f}"`);
  if (fieldValidation === 'Strict') {
    throw new ApiError(
      400,
      'BadRequest',
      `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: strict decoding error: ${texts.join(', ')}`,
    );
  }
  return texts;
}

/** Validates a prepared object; throws 422 Invalid naming every failing field. */
export function validateObject(obj: KubeObject, type: ResourceType, old?: KubeObject): void {
  const key = grKey(type);
  const errors: FieldError[] = [...validateMeta(obj, key, type.namespaced)];
  if (type.custom && type.schema) errors.push(...validateSchema(obj, type.schema));
  else errors.push(...validateBuiltin(obj, key, old));
  if (key === 'customresourcedefinitions.apiextensions.k8s.io') errors.push(...validateCrd(obj));
  if (old && isPlainObject(old) && (old as Record<string, unknown>).immutable === true) {
    for (const field of ['data', 'binaryData']) {
      if (JSON.stringify(old[field]) !== JSON.stringify(obj[field])) {
        errors.push({
          type: 'FieldValueForbidden',
          field,
          detail: 'Forbidden: field is immutable when `immutable` is set',
        });
      }
    }
  }
  if (errors.length > 0) {
    throw invalid({ group: type.group, kind: type.kind }, obj.metadata.name ?? '', errors);
  }
}
