import type { AccessResource, AccessVerb, AccessView } from './types';

/** Cluster-scoped kinds: their permissions are only ever asked at cluster scope. */
export const CLUSTER_SCOPED: ReadonlySet<AccessResource> = new Set([
  'nodes',
  'namespaces',
  'networks',
]);

/**
 * May the user do `verb` on `resource` (in `namespace`)? True when allowed cluster-wide or in that
 * namespace. Without a namespace, only the cluster-wide answer counts.
 */
export function can(
  access: AccessView | undefined,
  verb: AccessVerb,
  resource: AccessResource,
  namespace?: string,
): boolean {
  if (!access) return false;
  if (access.cluster[resource]?.includes(verb)) return true;
  if (!namespace || CLUSTER_SCOPED.has(resource)) return false;
  return access.namespaces[namespace]?.[resource]?.includes(verb) ?? false;
}
