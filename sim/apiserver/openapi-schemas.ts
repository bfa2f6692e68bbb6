import type { JsonSchema } from './resources';

/**
 * OpenAPI component schemas of the built-in kinds, enough for `kubectl explain` on pods, nodes,
 * namespaces and configmaps and the top level of the others. Descriptions are short summaries.
 */

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const CORE = 'io.k8s.api.core.v1';

export const ref = (name: string, description?: string): JsonSchema => ({
  allOf: [{ $ref: `#/components/schemas/${name}` }],
  ...(description ? { description } : {}),
});
export const str = (description: string): JsonSchema => ({ type: 'string', description });
export const int = (description: string): JsonSchema => ({
  type: 'integer',
  format: 'int32',
  description,
});
export const bool = (description: string): JsonSchema => ({ type: 'boolean', description });
export const strMap = (description: string): JsonSchema => ({
  type: 'object',
  additionalProperties: { type: 'string', default: '' },
  description,
});
export const arrayOf = (
  items: JsonSchema,
  description: string,
  extra: JsonSchema = {},
): JsonSchema => ({
  type: 'array',
  items,
  description,
  ...extra,
});
export const strList = (description: string): JsonSchema =>
  arrayOf({ type: 'string', default: '' }, description);
export const mapList = (name: string, key: string, description: string): JsonSchema =>
  arrayOf(ref(name), description, {
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': [key],
    'x-kubernetes-patch-merge-key': key,
    'x-kubernetes-patch-strategy': 'merge',
  });

const API_VERSION = str(
  'APIVersion defines the versioned schema of this representation of an object.',
);
const KIND = str('Kind is a string value representing the REST resource this object represents.');
const METADATA = ref(`${META}.ObjectMeta`, "Standard object's metadata.");

export function kindSchema(
  description: string,
  group: string,
  version: string,
  kind: string,
  properties: Record<string, JsonSchema>,
  required: string[] = [],
): JsonSchema {
  return {
    description,
    type: 'object',
    ...(required.length ? { required } : {}),
    properties: { apiVersion: API_VERSION, kind: KIND, metadata: METADATA, ...properties },
    'x-kubernetes-group-version-kind': [{ group, kind, version }],
  };
}

export const CONDITION = (what: string): JsonSchema => ({
  type: 'object',
  description: `A condition of the ${what}.`,
  required: ['type', 'status'],
  properties: {
    type: str('Type of the condition.'),
    status: str('Status of the condition: True, False or Unknown.'),
    reason: str('Unique, one-word, CamelCase reason for the last transition.'),
    message: str('Human-readable message with details about the last transition.'),
    lastTransitionTime: {
      type: 'string',
      format: 'date-time',
      description: 'Last time the condition changed status.',
    },
  },
});

/** Shared schemas: ObjectMeta and friends. */
export const META_SCHEMAS: Record<string, JsonSchema> = {
  [`${META}.ObjectMeta`]: {
    description: 'ObjectMeta is metadata that all persisted resources must have.',
    type: 'object',
    properties: {
      name: str('Name must be unique within a namespace.'),
      generateName: str(
        'Optional prefix the server uses to generate a unique name when name is not set.',
      ),
      namespace: str('Namespace defines the space within which each name must be unique.'),
      uid: str('UID is the unique in time and space value for this object, set by the server.'),
      resourceVersion: str('An opaque value that represents the internal version of this object.'),
      generation: {
        type: 'integer',
        format: 'int64',
        description: 'A sequence number representing a specific generation of the desired state.',
      },
      creationTimestamp: {
        type: 'string',
        format: 'date-time',
        description: 'When this object was created, set by the server.',
      },
      deletionTimestamp: {
        type: 'string',
        format: 'date-time',
        description:
          'When this object will be deleted, set by the server when deletion is requested.',
      },
      labels: strMap('Map of string keys and values used to organize and select objects.'),
      annotations: strMap(
        'Unstructured key value map stored with a resource for arbitrary metadata.',
      ),
      finalizers: arrayOf(
        { type: 'string', default: '' },
        'Must be empty before the object is deleted from the registry.',
        { 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
      ),
      ownerReferences: mapList(
        `${META}.OwnerReference`,
        'uid',
        'Objects this object depends on; it is garbage collected when they are all gone.',
      ),
      managedFields: arrayOf(
        ref(`${META}.ManagedFieldsEntry`),
        'Which field manager owns which fields (server-side apply).',
      ),
    },
  },
  [`${META}.OwnerReference`]: {
    description: 'Information to identify an owning object.',
    type: 'object',
    required: ['apiVersion', 'kind', 'name', 'uid'],
    properties: {
      apiVersion: str('API version of the referent.'),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      uid: str('UID of the referent.'),
      controller: bool('If true, this reference points to the managing controller.'),
      blockOwnerDeletion: bool(
        'If true, the owner cannot be deleted from storage before this reference is removed.',
      ),
    },
    'x-kubernetes-map-type': 'atomic',
  },
  [`${META}.ManagedFieldsEntry`]: {
    description:
      'A workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.',
    type: 'object',
    properties: {
      manager: str('Identifier of the workflow managing these fields.'),
      operation: str('Apply or Update.'),
      apiVersion: str('Version of the resource the field set applies to.'),
      time: { type: 'string', format: 'date-time', description: 'When the entry last changed.' },
      fieldsType: str('Format of the fields: FieldsV1.'),
      fieldsV1: { type: 'object', description: 'The fields this manager owns.' },
      subresource: str('Subresource used to update the object, if any.'),
    },
  },
};

/** A top-level schema for kinds described only at the top (apps, rbac, coordination, apiextensions). */
export function shallowSchema(
  group: string,
  version: string,
  kind: string,
  fields: string[],
): JsonSchema {
  return kindSchema(
    `${kind} object.`,
    group,
    version,
    kind,
    Object.fromEntries(
      fields.map((f) => [
        f,
        {
          type: f === 'rules' || f === 'subjects' ? 'array' : 'object',
          ...(f === 'rules' || f === 'subjects' ? { items: { type: 'object' } } : {}),
          description: `${f} of the ${kind}.`,
        },
      ]),
    ),
  );
}
