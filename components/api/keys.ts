import type { NetworkPlural, PodFilter, StreamTopic } from '@/lib/views/types';

/** React Query keys; the first element is the family a live update invalidates. */
export const queryKeys = {
  session: () => ['session'] as const,
  signInOptions: () => ['session', 'options'] as const,
  access: (namespace?: string) => ['access', namespace ?? ''] as const,
  overview: () => ['overview'] as const,
  networks: () => ['networks'] as const,
  network: (plural: NetworkPlural, namespace: string, name: string) =>
    ['networks', plural, namespace, name] as const,
  pods: (filter: PodFilter) => ['pods', 'list', filter] as const,
  pod: (namespace: string, name: string) => ['pods', 'detail', namespace, name] as const,
  pools: () => ['pools'] as const,
  pool: (namespace: string, name: string) => ['pools', namespace, name] as const,
  fabric: () => ['fabric'] as const,
  nodeStates: () => ['nodestates'] as const,
  nodes: () => ['nodes'] as const,
  namespaces: () => ['namespaces'] as const,
  events: (filter: object) => ['events', filter] as const,
  nads: () => ['nads'] as const,
  policies: () => ['policies'] as const,
  policy: (namespace: string, name: string) => ['policies', namespace, name] as const,
  openshiftNetwork: () => ['openshift-network'] as const,
};

/**
 * Which query families a change of each topic can affect: derived views mix kinds (a pod change
 * moves a network's pod count, a NAD change a pod's diagnosis).
 */
export const TOPIC_FAMILIES: Record<StreamTopic, string[]> = {
  networks: ['networks', 'overview', 'pools', 'pods'],
  nads: ['networks', 'nads', 'pods', 'overview'],
  pods: ['pods', 'networks', 'pools', 'fabric', 'overview', 'nodes'],
  pools: ['pools', 'networks', 'overview'],
  nodes: ['nodes', 'fabric', 'policies', 'overview', 'pods'],
  nodestates: ['nodestates', 'fabric', 'overview'],
  policies: ['policies', 'overview'],
  events: ['events', 'networks', 'pods'],
  namespaces: ['namespaces', 'access', 'networks'],
};
