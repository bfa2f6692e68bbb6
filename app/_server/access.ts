import { type KubeClient, RESOURCES, type ResourceRef } from '@/lib/kube';
import type { KubeObject } from '@/lib/model';
import type { AccessResource, AccessVerb, VerbSet } from '@/lib/views/types';

/** Permissions answers are reused this long per identity. */
export const ACCESS_TTL_MS = 30_000;

const REF_OF: Record<AccessResource, ResourceRef> = {
  sriovibnetworks: RESOURCES.sriovibnetworks,
  sriovnetworks: RESOURCES.sriovnetworks,
  sriovnetworknodepolicies: RESOURCES.sriovnetworknodepolicies,
  sriovnetworknodestates: RESOURCES.sriovnetworknodestates,
  'network-attachment-definitions': RESOURCES['network-attachment-definitions'],
  pods: RESOURCES.pods,
  nodes: RESOURCES.nodes,
  namespaces: RESOURCES.namespaces,
  events: RESOURCES.events,
  ippools: RESOURCES.ippools,
  networks: RESOURCES.networks,
};

const READ: AccessVerb[] = ['get', 'list', 'watch'];

/** The verbs the UI enables or disables, per resource: reads everywhere, writes where it writes. */
export const UI_CHECKS: Record<AccessResource, AccessVerb[]> = {
  sriovibnetworks: [...READ, 'create', 'update', 'delete'],
  sriovnetworks: [...READ, 'create', 'update', 'delete'],
  sriovnetworknodepolicies: [...READ, 'create', 'update'],
  sriovnetworknodestates: READ,
  'network-attachment-definitions': [...READ, 'delete'],
  pods: [...READ, 'create', 'delete'],
  nodes: READ,
  namespaces: READ,
  events: READ,
  ippools: [...READ, 'update'],
  networks: [...READ, 'update'],
};

const NAMESPACED = (Object.keys(UI_CHECKS) as AccessResource[]).filter((r) => REF_OF[r].namespaced);

/**
 * SelfSubjectAccessReviews for one identity, cached briefly. The cluster decides; the console
 * only asks so the UI can disable what would be refused anyway.
 */
export class AccessChecker {
  private readonly cache = new Map<string, { allowed: Promise<boolean>; at: number }>();

  constructor(
    private readonly client: KubeClient,
    private readonly ttlMs = ACCESS_TTL_MS,
  ) {}

  allowed(verb: AccessVerb, ref: ResourceRef, namespace = ''): Promise<boolean> {
    const key = `${verb} ${ref.group}/${ref.plural} ${namespace}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.allowed;
    const allowed = this.review(verb, ref, namespace);
    this.cache.set(key, { allowed, at: Date.now() });
    allowed.catch(() => this.cache.delete(key));
    return allowed;
  }

  private async review(verb: AccessVerb, ref: ResourceRef, namespace: string): Promise<boolean> {
    const review = await this.client.create<KubeObject & { status?: { allowed?: boolean } }>(
      RESOURCES.selfsubjectaccessreviews,
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        metadata: {},
        spec: {
          resourceAttributes: {
            verb,
            group: ref.group,
            resource: ref.plural,
            namespace: ref.namespaced ? namespace : undefined,
          },
        },
      } as never,
    );
    return review.status?.allowed === true;
  }

  /**
   * Allowed verbs per resource at cluster scope (`namespace` empty) or in one namespace. What is
   * allowed cluster-wide is allowed in every namespace, so only the rest is asked per namespace.
   */
  async verbSet(namespace?: string): Promise<VerbSet> {
    const cluster = namespace ? await this.verbSet() : undefined;
    const resources = namespace ? NAMESPACED : (Object.keys(UI_CHECKS) as AccessResource[]);
    const entries = await Promise.all(
      resources.map(async (r) => {
        const verbs = await Promise.all(
          UI_CHECKS[r].map(async (v) => {
            if (cluster?.[r]?.includes(v)) return v;
            return (await this.allowed(v, REF_OF[r], namespace)) ? v : undefined;
          }),
        );
        return [r, verbs.filter((v): v is AccessVerb => v !== undefined)] as const;
      }),
    );
    return Object.fromEntries(entries);
  }
}
