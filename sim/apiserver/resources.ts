import { ApiError, type GroupResource } from './errors';

/** An OpenAPI v3 / CRD structural schema node. */
export type JsonSchema = Record<string, unknown>;

/** A printer column of a custom resource, as in a CRD's additionalPrinterColumns. */
export interface PrinterColumnDef {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

export type Verb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export const ALL_VERBS: Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** A subresource served under an object, e.g. `pods/status` or `serviceaccounts/token`. */
export interface Subresource {
  name: string;
  verbs: string[];
  /** Kind of the request and response body, when it is not the parent's. */
  kind?: { group: string; version: string; kind: string };
}

/** One served resource in one group version: everything routing, discovery and storage need. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** The URL segment, e.g. `pods`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: Subresource[];
  /** Set for custom resources: the structural schema of this version (from the CRD). */
  schema?: JsonSchema;
  printerColumns?: PrinterColumnDef[];
  /** True for resources defined by a CRD. */
  custom: boolean;
  /** Create-only resources that are never stored (reviews, token requests). */
  virtual?: boolean;
  /** The version objects are stored in; other served versions convert with strategy None. */
  storageVersion: string;
}

export function apiVersionOf(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** The storage key of a resource across its versions: `pods`, `deployments.apps`. */
export function grKey(t: GroupResource | Pick<ResourceType, 'group' | 'plural'>): string {
  const resource = 'plural' in t ? t.plural : t.resource;
  return t.group ? `${resource}.${t.group}` : resource;
}

export function groupResourceOf(t: Pick<ResourceType, 'group' | 'plural'>): GroupResource {
  return { group: t.group, resource: t.plural };
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** How callers name a resource: `pods`, `deployments.apps`, `sriovibnetworks.sriovnetwork.openshift.io`, or by kind. */
export type ResourceRef = string | { apiVersion: string; kind: string };

type Listener = () => void;

/**
 * All resources the server serves. Built-ins are added at start; CRDs add and remove theirs while
 * the server runs, and listeners (discovery and OpenAPI caches) hear about every change.
 */
export class ResourceRegistry {
  private readonly byGvr = new Map<string, ResourceType>();
  private readonly byGvk = new Map<string, ResourceType>();
  private readonly byGr = new Map<string, ResourceType[]>();
  private readonly listeners = new Set<Listener>();
  private generation = 0;

  /** Bumped on every change; caches compare it. */
  get revision(): number {
    return this.generation;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(type: ResourceType): void {
    this.byGvr.set(`${type.group}/${type.version}/${type.plural}`, type);
    this.byGvk.set(`${apiVersionOf(type)}/${type.kind}`, type);
    const key = grKey(type);
    const versions = (this.byGr.get(key) ?? []).filter((t) => t.version !== type.version);
    versions.push(type);
    this.byGr.set(key, versions);
    this.changed();
  }

  /** Removes every version of a group resource (a deleted CRD). */
  remove(group: string, plural: string): void {
    const key = grKey({ group, plural });
    for (const t of this.byGr.get(key) ?? []) {
      this.byGvr.delete(`${t.group}/${t.version}/${t.plural}`);
      this.byGvk.delete(`${apiVersionOf(t)}/${t.kind}`);
    }
    this.byGr.delete(key);
    this.changed();
  }

  private changed(): void {
    this.generation++;
    for (const l of this.listeners) l();
  }

  /** The resource served at /apis/<group>/<version>/<plural>, if any. */
  byPath(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byGvr.get(`${group}/${version}/${plural}`);
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byGvk.get(`${apiVersion}/${kind}`);
  }

  /** Every version of a group resource; the storage version first. */
  versionsOf(key: string): ResourceType[] {
    const all = this.byGr.get(key) ?? [];
    return [...all].sort((a, b) =>
      a.version === a.storageVersion ? -1 : b.version === b.storageVersion ? 1 : 0,
    );
  }

  /** The storage version of a group resource. */
  storageType(key: string): ResourceType | undefined {
    return this.versionsOf(key)[0];
  }

  all(): ResourceType[] {
    return [...this.byGvr.values()];
  }

  /**
   * Resolves how a caller names a resource to its storage type. Throws NotFound like the API
   * server does for an unknown resource, so in-process callers see the same failure as HTTP ones.
   */
  resolve(ref: ResourceRef): ResourceType {
    if (typeof ref !== 'string') {
      const t = this.byKind(ref.apiVersion, ref.kind);
      if (!t) {
        throw new ApiError(
          404,
          'NotFound',
          `the server could not find the requested resource: no kind "${ref.kind}" is registered for version "${ref.apiVersion}"`,
          {},
        );
      }
      return t;
    }
    const exact = this.storageType(ref);
    if (exact) return exact;
    for (const t of this.byGvr.values()) {
      if (t.singular === ref || t.kind === ref || t.shortNames.includes(ref)) return t;
    }
    throw new ApiError(404, 'NotFound', `the server doesn't have a resource type "${ref}"`, {});
  }
}
