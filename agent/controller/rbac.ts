/** One RBAC rule, as in a ClusterRole or Role. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** What the controller needs cluster-wide: read networks, NADs and namespaces; write NADs. */
export const CONTROLLER_CLUSTER_RULES: PolicyRule[] = [
  {
    apiGroups: ['sriovnetwork.openshift.io'],
    resources: ['sriovibnetworks', 'sriovnetworks'],
    verbs: ['get', 'list', 'watch', 'patch', 'update'],
  },
  {
    apiGroups: ['sriovnetwork.openshift.io'],
    resources: ['sriovibnetworks/status', 'sriovnetworks/status'],
    verbs: ['get', 'patch', 'update'],
  },
  {
    apiGroups: ['k8s.cni.cncf.io'],
    resources: ['network-attachment-definitions'],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'delete'],
  },
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
];

/**
 * What it needs in the operator namespace only: its Lease, its status ConfigMap, and reading the
 * upstream operator's Deployment and Lease to stay out of its way.
 */
export const CONTROLLER_NAMESPACE_RULES: PolicyRule[] = [
  {
    apiGroups: ['coordination.k8s.io'],
    resources: ['leases'],
    verbs: ['get', 'list', 'watch', 'create', 'update'],
  },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create', 'update'] },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] },
];
