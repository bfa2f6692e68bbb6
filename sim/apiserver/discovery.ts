import { createHash } from 'node:crypto';
import { BUILTIN_GROUP_ORDER } from './builtins';
import { apiVersionOf, type ResourceRegistry, type ResourceType } from './resources';

/** The Content-Type of aggregated discovery v2, which kubectl keys its parser on. */
export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const AGGREGATED_V2BETA1 =
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** Which aggregated discovery version an Accept header asks for first, if any. */
export function aggregatedVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const part of (accept ?? '').split(',')) {
    const params = part.split(';').map((p) => p.trim());
    if (!params.includes('g=apidiscovery.k8s.io') || !params.includes('as=APIGroupDiscoveryList'))
      continue;
    if (params.includes('v=v2')) return 'v2';
    if (params.includes('v=v2beta1')) return 'v2beta1';
  }
  return undefined;
}

export function aggregatedContentType(version: 'v2' | 'v2beta1'): string {
  return version === 'v2' ? AGGREGATED_V2 : AGGREGATED_V2BETA1;
}

function versionPriority(v: string): number[] {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return [0, 0, 0];
  const stage = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
  return [stage, Number(m[1]), Number(m[3] ?? 0)];
}

/** kube's version order: GA before beta before alpha, higher numbers first. */
function compareVersions(a: string, b: string): number {
  const pa = versionPriority(a);
  const pb = versionPriority(b);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pb[i] ?? 0) - (pa[i] ?? 0);
  return a.localeCompare(b);
}

interface GroupView {
  name: string;
  versions: { version: string; types: ResourceType[] }[];
}

/** Answers the discovery endpoints from the registry, cached until the registry changes. */
export class Discovery {
  private cacheRevision = -1;
  private groups: GroupView[] = [];
  private readonly bodies = new Map<string, string>();

  constructor(
    private readonly registry: ResourceRegistry,
    private readonly serverAddress: () => string,
  ) {}

  private refresh(): void {
    if (this.cacheRevision === this.registry.revision) return;
    this.cacheRevision = this.registry.revision;
    this.bodies.clear();
    const byGroup = new Map<string, Map<string, ResourceType[]>>();
    for (const t of this.registry.all()) {
      let versions = byGroup.get(t.group);
      if (!versions) byGroup.set(t.group, (versions = new Map()));
      versions.set(t.version, [...(versions.get(t.version) ?? []), t]);
    }
    const rank = (g: string) => {
      const i = BUILTIN_GROUP_ORDER.indexOf(g);
      return i < 0 ? BUILTIN_GROUP_ORDER.length : i;
    };
    this.groups = [...byGroup.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([name, versions]) => ({
        name,
        versions: [...versions.entries()]
          .sort(([a], [b]) => compareVersions(a, b))
          .map(([version, types]) => ({
            version,
            types: types.sort((x, y) => x.plural.localeCompare(y.plural)),
          })),
      }));
  }

  private cached(key: string, build: () => unknown): string {
    this.refresh();
    let body = this.bodies.get(key);
    if (body === undefined) {
      body = JSON.stringify(build());
      this.bodies.set(key, body);
    }
    return body;
  }

  /** A hash of everything served, for openapi URLs and ETags. */
  hash(): string {
    return createHash('sha256')
      .update(this.cached('aggregated:v2:apis', () => this.aggregated('apis', 'v2')))
      .digest('hex')
      .slice(0, 32);
  }

  hasGroupVersion(group: string, version: string): boolean {
    this.refresh();
    return this.groups.some(
      (g) => g.name === group && g.versions.some((v) => v.version === version),
    );
  }

  groupVersions(): { group: string; version: string }[] {
    this.refresh();
    return this.groups.flatMap((g) =>
      g.versions.map((v) => ({ group: g.name, version: v.version })),
    );
  }

  /** GET /api (legacy APIVersions). */
  api(): string {
    return this.cached('api', () => ({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [
        { clientCIDR: '0.0.0.0/0', serverAddress: this.serverAddress() },
      ],
    }));
  }

  private groupJson(g: GroupView): unknown {
    const versions = g.versions.map((v) => ({
      groupVersion: `${g.name}/${v.version}`,
      version: v.version,
    }));
    return { name: g.name, versions, preferredVersion: versions[0] };
  }

  /** GET /apis (legacy APIGroupList). */
  apis(): string {
    return this.cached('apis', () => ({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: this.groups.filter((g) => g.name !== '').map((g) => this.groupJson(g)),
    }));
  }

  /** GET /apis/<group> (APIGroup), or undefined for an unknown group. */
  group(name: string): string | undefined {
    this.refresh();
    const g = this.groups.find((x) => x.name === name && name !== '');
    if (!g) return undefined;
    return this.cached(`group:${name}`, () => ({
      kind: 'APIGroup',
      apiVersion: 'v1',
      ...(this.groupJson(g) as object),
    }));
  }

  /** GET /api/v1 or /apis/<group>/<version> (APIResourceList). */
  resources(group: string, version: string): string | undefined {
    this.refresh();
    const g = this.groups.find((x) => x.name === group);
    const v = g?.versions.find((x) => x.version === version);
    if (!v) return undefined;
    return this.cached(`resources:${group}/${version}`, () => ({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: apiVersionOf({ group, version }),
      resources: v.types.flatMap((t) => [
        {
          name: t.plural,
          singularName: t.singular,
          namespaced: t.namespaced,
          kind: t.kind,
          verbs: t.verbs,
          ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
          ...(t.categories.length ? { categories: t.categories } : {}),
          storageVersionHash: createHash('sha256')
            .update(`${group}/${t.storageVersion}/${t.kind}`)
            .digest('base64')
            .slice(0, 11),
        },
        ...t.subresources.map((s) => ({
          name: `${t.plural}/${s.name}`,
          singularName: '',
          namespaced: t.namespaced,
          ...(s.kind ? { group: s.kind.group, version: s.kind.version } : {}),
          kind: s.kind?.kind ?? t.kind,
          verbs: s.verbs,
        })),
      ]),
    }));
  }

  /** Aggregated discovery (APIGroupDiscoveryList) for /api (core) or /apis (the rest). */
  aggregatedBody(root: 'api' | 'apis', version: 'v2' | 'v2beta1'): string {
    return this.cached(`aggregated:${version}:${root}`, () => this.aggregated(root, version));
  }

  private aggregated(root: 'api' | 'apis', version: 'v2' | 'v2beta1'): unknown {
    const groups = this.groups.filter((g) => (root === 'api' ? g.name === '' : g.name !== ''));
    return {
      kind: 'APIGroupDiscoveryList',
      apiVersion: `apidiscovery.k8s.io/${version}`,
      metadata: {},
      items: groups.map((g) => ({
        metadata: { name: g.name, creationTimestamp: null },
        versions: g.versions.map((v) => ({
          version: v.version,
          resources: v.types.map((t) => ({
            resource: t.plural,
            responseKind: { group: t.group, version: t.version, kind: t.kind },
            scope: t.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: t.singular,
            verbs: t.verbs,
            ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
            ...(t.categories.length ? { categories: t.categories } : {}),
            ...(t.subresources.length
              ? {
                  subresources: t.subresources.map((s) => ({
                    subresource: s.name,
                    responseKind: s.kind ?? { group: t.group, version: t.version, kind: t.kind },
                    verbs: s.verbs,
                  })),
                }
              : {}),
          })),
          freshness: 'Current',
        })),
      })),
    };
  }
}
