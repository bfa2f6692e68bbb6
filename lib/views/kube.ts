import type {
  IPPool,
  KubeObject,
  NetworkAttachmentDefinition,
  SriovNetworkLike,
  SriovNetworkNodePolicy,
  SriovNetworkNodeState,
} from '../model';

/** The parts of a core Pod the views read. */
export interface PodLike extends KubeObject {
  spec?: {
    nodeName?: string;
    containers?: {
      name: string;
      resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    }[];
  };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

/** The parts of a core Node the views read. */
export interface NodeLike extends KubeObject {
  status?: {
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    conditions?: { type: string; status: string }[];
  };
}

/** The parts of a core Event the views read. */
export interface EventLike extends KubeObject {
  involvedObject?: { kind?: string; namespace?: string; name?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  firstTimestamp?: string | null;
  source?: { component?: string; host?: string };
  series?: { count?: number; lastObservedTime?: string };
}

/**
 * What the user can see of the cluster: the live caches of their own watches. `visible` says
 * which namespaces a collection covers, so that "not found" is told apart from "not visible".
 */
export interface ClusterSnapshot {
  networks: SriovNetworkLike[];
  nads: NetworkAttachmentDefinition[];
  pods: PodLike[];
  pools: IPPool[];
  nodes: NodeLike[];
  nodeStates: SriovNetworkNodeState[];
  policies: SriovNetworkNodePolicy[];
  events: EventLike[];
  /** Namespaces whose NADs the user can see (`all`, or a list). */
  nadNamespaces: 'all' | readonly string[];
  /** Device-plugin resource prefix, `openshift.io` by default. */
  resourcePrefix: string;
}

export function emptySnapshot(resourcePrefix = 'openshift.io'): ClusterSnapshot {
  return {
    networks: [],
    nads: [],
    pods: [],
    pools: [],
    nodes: [],
    nodeStates: [],
    policies: [],
    events: [],
    nadNamespaces: 'all',
    resourcePrefix,
  };
}

export function canSeeNamespace(visible: 'all' | readonly string[], namespace: string): boolean {
  return visible === 'all' || visible.includes(namespace);
}

/** Reads a Kubernetes quantity as a whole count (device resources are plain integers). */
export function quantity(text: string | undefined): number {
  if (!text) return 0;
  const match = /^(\d+)(k|Ki)?$/.exec(text.trim());
  if (!match) return 0;
  const base = Number(match[1]);
  return match[2] === 'k' ? base * 1000 : match[2] === 'Ki' ? base * 1024 : base;
}

/** A pod still holds its devices until it has finished. */
export function holdsDevices(pod: PodLike): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** How many of `resource` a pod requests (limits count when no request is given). */
export function podRequest(pod: PodLike, resource: string): number {
  let total = 0;
  for (const c of pod.spec?.containers ?? []) {
    total += quantity(c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource]);
  }
  return total;
}

/** True when the node's Ready condition says so; `unknown` without a condition. */
export function nodeReady(node: NodeLike): boolean | 'unknown' {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  return ready ? ready.status === 'True' : 'unknown';
}
