'use client';

import { useFabric, usePolicy } from '@/components/api';
import { StatusMark } from '@/components/common/StatusMark';
import { ErrorBanner, Loading } from '@/components/common/ui';
import { fullResourceName } from '../objects';
import type { WizardState } from '../state';

/**
 * After the policy is created: node by node, whether the node configurator applied it and how
 * many VFs the device plugin offers, as the nodes report it (live).
 */
export function PolicyProgress({
  state,
  operatorNamespace,
}: {
  state: WizardState;
  operatorNamespace: string;
}) {
  const policy = usePolicy(operatorNamespace, state.policy.name);
  const fabric = useFabric();
  if (policy.error)
    return <ErrorBanner error={policy.error} title="The policy could not be read" />;
  if (!policy.data || !fabric.data) return <Loading label="Reading the policy…" />;

  const resource = fullResourceName(policy.data.resourceName);
  const wanted = policy.data.numVfs;
  const rows = policy.data.nodes.map((name) => {
    const node = fabric.data.nodes.find((n) => n.name === name);
    const count = node?.resources.find((r) => r.resource === resource)?.allocatable ?? 0;
    const sync = node?.syncStatus ?? 'not reported';
    return { name, count, sync, error: node?.lastSyncError };
  });
  const ready = rows.length > 0 && rows.every((r) => r.count >= wanted);

  return (
    <section aria-labelledby="policy-progress-title" aria-live="polite" className="space-y-2">
      <h3 id="policy-progress-title" className="text-sm font-semibold">
        Policy {policy.data.name} created
      </h3>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {ready
          ? `Every selected node offers ${wanted} VFs as ${resource}.`
          : `The nodes are carving ${wanted} VFs per port; each offers them as ${resource} once done.`}
      </p>
      {rows.length === 0 && (
        <p className="text-sm text-amber-800 dark:text-amber-300">
          The node selector matches no node: check the labels of your InfiniBand nodes.
        </p>
      )}
      <ul className="space-y-1" data-testid="policy-progress">
        {rows.map((r) => (
          <li key={r.name} className="flex flex-wrap items-center gap-2 text-sm">
            <StatusMark tone={r.count >= wanted ? 'ok' : r.sync === 'Failed' ? 'error' : 'warning'}>
              {r.count >= wanted ? 'Ready' : r.sync === 'Failed' ? 'Failed' : 'Working'}
            </StatusMark>
            <span className="font-mono">{r.name}</span>
            <span>
              {r.count} of {wanted} VFs offered · last sync {r.sync}
            </span>
            {r.error && <span className="text-red-800 dark:text-red-300">{r.error}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
