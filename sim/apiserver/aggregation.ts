import { clone, deepEqual, isPlainObject, type KubeObject } from './object';
import type { PolicyRule } from './rbac';
import { matchLabels, type LabelRequirement } from './selectors';
import type { Store } from './store';
import type { WorkQueue } from './work-queue';
import { updateObject } from './writes';

const CLUSTER_ROLES = 'clusterroles.rbac.authorization.k8s.io';

interface MetaLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A metav1.LabelSelector as requirements (matchLabels and matchExpressions). */
export function selectorRequirements(s: MetaLabelSelector): LabelRequirement[] {
  const reqs: LabelRequirement[] = Object.entries(s.matchLabels ?? {}).map(([key, v]) => ({
    key,
    operator: 'in',
    values: [v],
  }));
  for (const e of s.matchExpressions ?? []) {
    const operator =
      e.operator === 'In'
        ? 'in'
        : e.operator === 'NotIn'
          ? 'notin'
          : e.operator === 'Exists'
            ? 'exists'
            : '!';
    reqs.push({ key: e.key, operator, values: e.values ?? [] });
  }
  return reqs;
}

/**
 * kube's clusterrole-aggregation controller: a ClusterRole with an aggregationRule gets the rules
 * of every ClusterRole its selectors match, kept current as those roles change.
 */
export class AggregationController {
  private unsubscribe?: () => void;

  constructor(
    private readonly store: Store,
    private readonly queue: WorkQueue,
  ) {}

  start(): void {
    this.unsubscribe = this.store.core.onEvent((e) => {
      if (e.storageKey === CLUSTER_ROLES)
        this.queue.add('aggregate-clusterroles', () => this.aggregate());
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** Recomputes every aggregated ClusterRole now. */
  async aggregate(): Promise<void> {
    const type = this.store.registry.storageType(CLUSTER_ROLES);
    if (!type) return;
    const roles = this.store.core.slots(CLUSTER_ROLES);
    for (const slot of roles) {
      const role = slot.current.obj;
      const rule = role.aggregationRule;
      if (!isPlainObject(rule) || !Array.isArray(rule.clusterRoleSelectors)) continue;
      const selectors = (rule.clusterRoleSelectors as MetaLabelSelector[]).map(
        selectorRequirements,
      );
      const rules: PolicyRule[] = [];
      for (const other of roles) {
        if (other === slot) continue;
        const labels = other.current.obj.metadata.labels;
        if (!selectors.some((s) => matchLabels(s, labels))) continue;
        for (const r of (other.current.obj.rules ?? []) as PolicyRule[]) {
          if (!rules.some((x) => deepEqual(x, r))) rules.push(r);
        }
      }
      if (deepEqual(role.rules ?? [], rules)) continue;
      const next: KubeObject = clone(role);
      next.rules = rules;
      updateObject(this.store.core, type, slot, next, {
        fieldManager: 'clusterrole-aggregation-controller',
        dryRun: false,
        fieldValidation: 'Ignore',
      });
    }
    await this.store.core.commit();
  }
}
