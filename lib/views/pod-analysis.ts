import { networkStatusOf } from '../annotations/network-status';
import { type NetworkRequest, parseNetworksAnnotation } from '../annotations/networks';
import { NETWORKS_ANNOTATION, type NetworkStatus } from '../model';
import type { PodLike } from './kube';
import type { PodNetworkState, PodRow } from './types';
import { TEST_POD_LABEL } from './test-pod';

/** A pod's requests matched against what Multus reported: the basis of every pod view. */
export interface PodAnalysis {
  row: PodRow;
  /** Each request with the status entry it matched, in request order. */
  pairs: { request: NetworkRequest & { network: string }; status?: NetworkStatus }[];
  /** Secondary status entries no request accounts for. */
  unrequested: NetworkStatus[];
  /** Problems of the networks annotation itself. */
  annotationProblems: { severity: string; message: string }[];
  /** Every address the pod reports, from all status entries (for stale-allocation checks). */
  ips: string[];
}

// Informers replace an object on every change, so a cache keyed by object identity never lies.
const cache = new WeakMap<PodLike, PodAnalysis>();

/** Analyzes one pod; memoized per object so 10,000-pod lists stay cheap to recompute. */
export function analyzePod(pod: PodLike): PodAnalysis {
  const hit = cache.get(pod);
  if (hit) return hit;
  const result = analyze(pod);
  cache.set(pod, result);
  return result;
}

function analyze(pod: PodLike): PodAnalysis {
  const namespace = pod.metadata.namespace ?? '';
  const annotations = pod.metadata.annotations;
  const value = annotations?.[NETWORKS_ANNOTATION];
  const parsed =
    value === undefined ? { requests: [], problems: [] } : parseNetworksAnnotation(value);
  const status = networkStatusOf(annotations);

  const secondary = status.statuses.filter((s) => !s.default);
  const unmatched = [...secondary];
  const pairs = parsed.requests.map((r) => {
    const network = `${r.namespace || namespace}/${r.name}`;
    const index = unmatched.findIndex(
      (s) => s.name === network && (!r.interface || s.interface === r.interface),
    );
    const matched = index >= 0 ? unmatched.splice(index, 1)[0] : undefined;
    return { request: { ...r, network }, status: matched };
  });

  const phase = pod.status?.phase ?? 'Unknown';
  const attached = pairs.filter((p) => p.status).length;
  const hasErrors = parsed.problems.some((p) => p.severity === 'error');
  const unschedulable = pod.status?.conditions?.some(
    (c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
  );
  const state = podState(phase, pairs.length, attached, hasErrors || unschedulable === true);
  const labels = pod.metadata.labels ?? {};

  const row: PodRow = {
    namespace,
    name: pod.metadata.name ?? '',
    uid: pod.metadata.uid,
    node: pod.spec?.nodeName,
    phase,
    createdAt: pod.metadata.creationTimestamp ?? undefined,
    networks: [...new Set(pairs.map((p) => p.request.network))],
    requested: pairs.length,
    attached,
    state,
    testPod: labels[TEST_POD_LABEL] === 'true',
  };
  return {
    row,
    pairs,
    unrequested: unmatched,
    annotationProblems: parsed.problems,
    ips: status.statuses.flatMap((s) => s.ips ?? []),
  };
}

function podState(
  phase: string,
  requested: number,
  attached: number,
  blocked: boolean,
): PodNetworkState {
  if (requested === 0) return blocked ? 'problem' : 'none';
  if (blocked) return 'problem';
  if (attached === requested) return 'ok';
  if (phase === 'Pending') return 'pending';
  return 'problem';
}

/** The NADs a user can see, to judge pods whose requested NAD does not exist. */
export interface NadContext {
  nads: ReadonlySet<string>;
  visible: 'all' | readonly string[];
}

/**
 * A pod row with what the pod alone cannot tell: a pod that waits for a NAD that does not exist
 * will never start, so it is a problem rather than pending.
 */
export function effectiveRow(analysis: PodAnalysis, context?: NadContext): PodRow {
  const { row } = analysis;
  if (!context || row.state !== 'pending') return row;
  const missing = analysis.pairs.some(({ request, status }) => {
    if (status) return false;
    const namespace = request.network.slice(0, request.network.indexOf('/'));
    const visible = context.visible === 'all' || context.visible.includes(namespace);
    return visible && !context.nads.has(request.network);
  });
  return missing ? { ...row, state: 'problem' } : row;
}

/** The NAD context of a snapshot. */
export function nadContext(
  nads: readonly { metadata: { namespace?: string; name?: string } }[],
  visible: 'all' | readonly string[],
): NadContext {
  return { nads: new Set(nads.map((n) => `${n.metadata.namespace}/${n.metadata.name}`)), visible };
}
