import type { PodObject } from './pod-status';

/** What the scheduler knows of a node. */
export interface SchedulingNode {
  name: string;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  /** Extended resources the node advertises (device plugins), as counts. */
  allocatable: Record<string, number>;
  /** Units of each extended resource held by pods already on the node. */
  used: Record<string, number>;
  pods: number;
}

export type SchedulingResult = { node: string } | { message: string };

/** Extended resources a pod asks for in its containers' requests (limits when no request). */
export function explicitDemand(pod: PodObject): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of pod.spec?.containers ?? []) {
    const requests = { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
    for (const [name, value] of Object.entries(requests)) {
      if (!name.includes('/') || name.startsWith('hugepages-')) continue;
      out[name] = (out[name] ?? 0) + (Number.parseInt(value, 10) || 0);
    }
  }
  return out;
}

/**
 * The device resources a pod needs: what network-resources-injector would add (one per requested
 * network whose NAD names a resource), or the pod's own requests when those are higher.
 */
export function podDemand(
  pod: PodObject,
  injected: Record<string, number>,
): Record<string, number> {
  const out = { ...injected };
  for (const [name, count] of Object.entries(explicitDemand(pod))) {
    out[name] = Math.max(out[name] ?? 0, count);
  }
  return out;
}

function tolerates(pod: PodObject, taint: SchedulingNode['taints'][number]): boolean {
  return (pod.spec?.tolerations ?? []).some(
    (t) =>
      (t.operator === 'Exists' && (t.key === undefined || t.key === taint.key)) ||
      (t.key === taint.key && (t.effect === undefined || t.effect === taint.effect)),
  );
}

/** Why a node cannot take the pod (several reasons count separately, as kube-scheduler does). */
function misfits(pod: PodObject, node: SchedulingNode, demand: Record<string, number>): string[] {
  const taint = node.taints.find((t) => t.effect !== 'PreferNoSchedule' && !tolerates(pod, t));
  if (taint) return [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`];
  const selector = pod.spec?.nodeSelector ?? {};
  if (Object.entries(selector).some(([k, v]) => node.labels[k] !== v)) {
    return ["node(s) didn't match Pod's node affinity/selector"];
  }
  const reasons: string[] = [];
  for (const [resource, count] of Object.entries(demand)) {
    if (count <= 0) continue;
    const free = (node.allocatable[resource] ?? 0) - (node.used[resource] ?? 0);
    if (free < count) reasons.push(`Insufficient ${resource}`);
  }
  return reasons;
}

function summary(counts: Map<string, number>): string {
  return [...counts]
    .map(([reason, n]) => `${n} ${reason}`)
    .sort()
    .join(', ');
}

/**
 * Picks a node the way the default scheduler's filters and least-allocated scoring would, with
 * ties broken by name so that runs repeat; or the FailedScheduling message, word for word.
 */
export function schedule(
  pod: PodObject,
  nodes: SchedulingNode[],
  demand: Record<string, number>,
): SchedulingResult {
  const reasons = new Map<string, number>();
  const preemption = new Map<string, number>();
  const feasible: SchedulingNode[] = [];
  for (const node of nodes) {
    const why = misfits(pod, node, demand);
    if (why.length === 0) {
      feasible.push(node);
      continue;
    }
    for (const r of why) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    // Every pod has the same priority here, so evicting others never helps.
    const hint = why.every((r) => r.startsWith('Insufficient '))
      ? 'No preemption victims found for incoming pod'
      : 'Preemption is not helpful for scheduling';
    preemption.set(hint, (preemption.get(hint) ?? 0) + 1);
  }

  if (feasible.length === 0) {
    const total = nodes.length;
    if (total === 0) return { message: 'no nodes available to schedule pods' };
    return {
      message: `0/${total} nodes are available: ${summary(reasons)}. preemption: 0/${total} nodes are available: ${summary(preemption)}.`,
    };
  }

  const resources = Object.keys(demand).filter((r) => (demand[r] ?? 0) > 0);
  const score = (n: SchedulingNode) =>
    resources.length === 0
      ? -n.pods
      : resources.reduce((s, r) => s + (n.allocatable[r] ?? 0) - (n.used[r] ?? 0), 0);
  feasible.sort((a, b) => score(b) - score(a) || a.name.localeCompare(b.name));
  return { node: (feasible[0] as SchedulingNode).name };
}
