/** One RBAC rule, as in a ClusterRole or Role. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** Cluster-wide, the node configurator only reads its own Node (labels, uid for the owner ref). */
export const NODE_CLUSTER_RULES: PolicyRule[] = [
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
];

/**
 * In the operator namespace: read the policies, write the node states (its own, created when
 * missing) and their status. Other nodes' states are read for the duplicate GUID check.
 */
export const NODE_NAMESPACE_RULES: PolicyRule[] = [
  {
    apiGroups: ['sriovnetwork.openshift.io'],
    resources: ['sriovnetworknodepolicies'],
    verbs: ['get', 'list', 'watch'],
  },
  {
    apiGroups: ['sriovnetwork.openshift.io'],
    resources: ['sriovnetworknodestates'],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'],
  },
  {
    apiGroups: ['sriovnetwork.openshift.io'],
    resources: ['sriovnetworknodestates/status'],
    verbs: ['get', 'update', 'patch'],
  },
];
