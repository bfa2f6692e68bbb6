import type { Discovery } from './discovery';
import { CORE_SCHEMAS } from './openapi-core';
import { META, META_SCHEMAS, shallowSchema } from './openapi-schemas';
import { clone, isPlainObject } from './object';
import { type JsonSchema, type ResourceRegistry, type ResourceType } from './resources';

/** OpenAPI v3 documents per group version, as kube-apiserver serves them under /openapi/v3. */

const PACKAGE_OF: Record<string, string> = {
  '': 'io.k8s.api.core',
  apps: 'io.k8s.api.apps',
  'rbac.authorization.k8s.io': 'io.k8s.api.rbac',
  'coordination.k8s.io': 'io.k8s.api.coordination',
  'authorization.k8s.io': 'io.k8s.api.authorization',
  'authentication.k8s.io': 'io.k8s.api.authentication',
  'apiextensions.k8s.io': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
};

/** The component schema name of a kind: `io.k8s.api.core.v1.Pod`, `io.openshift.sriovnetwork.v1.SriovIBNetwork`. */
export function schemaName(t: Pick<ResourceType, 'group' | 'version' | 'kind'>): string {
  const pkg = PACKAGE_OF[t.group] ?? t.group.split('.').reverse().join('.');
  return `${pkg}.${t.version}.${t.kind}`;
}

const SHALLOW_FIELDS: Record<string, string[]> = {
  Deployment: ['spec', 'status'],
  DaemonSet: ['spec', 'status'],
  Lease: ['spec'],
  CustomResourceDefinition: ['spec', 'status'],
  Role: ['rules'],
  ClusterRole: ['rules', 'aggregationRule'],
  RoleBinding: ['subjects', 'roleRef'],
  ClusterRoleBinding: ['subjects', 'roleRef'],
  SelfSubjectAccessReview: ['spec', 'status'],
  SelfSubjectRulesReview: ['spec', 'status'],
  SubjectAccessReview: ['spec', 'status'],
  LocalSubjectAccessReview: ['spec', 'status'],
  SelfSubjectReview: ['status'],
  TokenReview: ['spec', 'status'],
};

/** A custom resource's schema as kube publishes it: the CRD schema plus typed apiVersion, kind, metadata. */
function customSchema(t: ResourceType): JsonSchema {
  const base = isPlainObject(t.schema) ? clone(t.schema) : { type: 'object' };
  const properties = { ...((base.properties as Record<string, JsonSchema>) ?? {}) };
  properties.apiVersion = {
    type: 'string',
    description: 'APIVersion defines the versioned schema of this representation of an object.',
  };
  properties.kind = {
    type: 'string',
    description: 'Kind is a string value representing the REST resource this object represents.',
  };
  properties.metadata = {
    allOf: [{ $ref: `#/components/schemas/${META}.ObjectMeta` }],
    description: "Standard object's metadata.",
  };
  return {
    ...base,
    type: 'object',
    properties,
    'x-kubernetes-group-version-kind': [{ group: t.group, kind: t.kind, version: t.version }],
  };
}

function schemaFor(t: ResourceType): JsonSchema {
  if (t.custom) return customSchema(t);
  return (
    CORE_SCHEMAS[schemaName(t)] ??
    shallowSchema(t.group, t.version, t.kind, SHALLOW_FIELDS[t.kind] ?? [])
  );
}

const queryParam = (name: string, description: string): JsonSchema => ({
  name,
  in: 'query',
  description,
  schema: { type: 'string', uniqueItems: true },
});

const WRITE_PARAMS = [
  queryParam(
    'dryRun',
    'When present, modifications are validated and admitted but not persisted. Valid value: All.',
  ),
  queryParam('fieldManager', 'Name of the actor making the change, recorded in managedFields.'),
  queryParam(
    'fieldValidation',
    'How to handle unknown or duplicate fields: Ignore, Warn or Strict.',
  ),
];

function operation(
  t: ResourceType,
  action: string,
  id: string,
  extra: JsonSchema = {},
): JsonSchema {
  const ref = { $ref: `#/components/schemas/${schemaName(t)}` };
  return {
    tags: [t.group ? `${t.group}_${t.version}` : `core_${t.version}`],
    operationId: id,
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
    ...extra,
  };
}

function pathsFor(t: ResourceType): Record<string, JsonSchema> {
  const prefix = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  const collection = t.namespaced
    ? `${prefix}/namespaces/{namespace}/${t.plural}`
    : `${prefix}/${t.plural}`;
  const ns = t.namespaced
    ? [
        {
          name: 'namespace',
          in: 'path',
          required: true,
          schema: { type: 'string', uniqueItems: true },
        },
      ]
    : [];
  const id = `${t.kind}`;
  const body = {
    requestBody: {
      content: { '*/*': { schema: { $ref: `#/components/schemas/${schemaName(t)}` } } },
      required: true,
    },
  };
  if (t.virtual) {
    return {
      [collection]: {
        post: operation(t, 'post', `create${id}`, { ...body, parameters: WRITE_PARAMS }),
        parameters: ns,
      },
    };
  }
  const item = `${collection}/{name}`;
  return {
    [collection]: {
      get: operation(t, 'list', `list${id}`),
      post: operation(t, 'post', `create${id}`, { ...body, parameters: WRITE_PARAMS }),
      parameters: ns,
    },
    [item]: {
      get: operation(t, 'get', `read${id}`),
      put: operation(t, 'put', `replace${id}`, { ...body, parameters: WRITE_PARAMS }),
      patch: operation(t, 'patch', `patch${id}`, {
        requestBody: {
          content: {
            'application/json-patch+json': { schema: { type: 'object' } },
            'application/merge-patch+json': { schema: { type: 'object' } },
            // kubectl sends strategic merge patches only where a kind declares them: built-ins.
            ...(t.custom
              ? {}
              : { 'application/strategic-merge-patch+json': { schema: { type: 'object' } } }),
            'application/apply-patch+yaml': { schema: { type: 'object' } },
          },
          required: true,
        },
        parameters: [
          ...WRITE_PARAMS,
          queryParam('force', 'Force apply requests to take over conflicting fields.'),
        ],
      }),
      delete: operation(t, 'delete', `delete${id}`, {
        parameters: [queryParam('dryRun', 'Valid value: All.')],
      }),
      parameters: [
        { name: 'name', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } },
        ...ns,
      ],
    },
  };
}

/** Serves /openapi/v3 and its group-version documents, rebuilt when the registry changes. */
export class OpenApi {
  private revision = -1;
  private readonly docs = new Map<string, string>();

  constructor(
    private readonly registry: ResourceRegistry,
    private readonly discovery: Discovery,
  ) {}

  private refresh(): void {
    if (this.revision !== this.registry.revision) {
      this.revision = this.registry.revision;
      this.docs.clear();
    }
  }

  /** GET /openapi/v3: every group version with a hash-pinned URL. */
  root(): string {
    this.refresh();
    const hash = this.discovery.hash();
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const { group, version } of this.discovery.groupVersions()) {
      const key = group ? `apis/${group}/${version}` : `api/${version}`;
      paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
    }
    return JSON.stringify({ paths });
  }

  /** GET /openapi/v3/api/v1 or /openapi/v3/apis/<g>/<v>; undefined when not served. */
  document(group: string, version: string): string | undefined {
    this.refresh();
    if (!this.discovery.hasGroupVersion(group, version)) return undefined;
    const key = `${group}/${version}`;
    const cached = this.docs.get(key);
    if (cached) return cached;
    const types = this.registry.all().filter((t) => t.group === group && t.version === version);
    const schemas: Record<string, JsonSchema> = { ...META_SCHEMAS };
    const paths: Record<string, JsonSchema> = {};
    for (const t of types) {
      schemas[schemaName(t)] = schemaFor(t);
      Object.assign(paths, pathsFor(t));
    }
    // Built-in kinds reference nested core schemas (PodSpec, Container, ...): ship them all with core.
    if (group === '') Object.assign(schemas, CORE_SCHEMAS);
    const doc = JSON.stringify({
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: 'v1.32.0' },
      paths,
      components: { schemas },
    });
    this.docs.set(key, doc);
    return doc;
  }
}
