'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import type { FabricNode } from '@/lib/views/types';
import { ApiError, useFabric, useNetworks, useNodeStates, usePolicies } from '@/components/api';
import { StatusMark } from '@/components/common/StatusMark';
import { Button, describeError } from '@/components/common/ui';
import {
  type CheckStatus,
  type ClusterInputs,
  type Read,
  clusterChecks,
  infiniBandPolicies,
} from '../cluster-check';
import type { UpdateWizard } from '../useWizardState';
import type { WizardState } from '../state';
import { PolicyForm } from './PolicyForm';
import { PolicyProgress } from './PolicyProgress';

function toRead<T>(query: UseQueryResult<{ items: T[] }, Error>): Read<T> {
  if (query.data) return { items: query.data.items };
  if (query.error) {
    const code = query.error instanceof ApiError ? query.error.code : undefined;
    return { error: { ...(code ? { code } : {}), message: describeError(query.error) } };
  }
  return { loading: true };
}

const MARK: Record<CheckStatus, { tone: 'ok' | 'error' | 'warning'; word: string }> = {
  ok: { tone: 'ok', word: 'Found' },
  missing: { tone: 'error', word: 'Missing' },
  unknown: { tone: 'warning', word: 'Not known yet' },
};

/** Step 1: what the cluster has, what is missing, and the InfiniBand policy when there is none. */
export function ClusterStep({
  state,
  update,
  operatorNamespace,
}: {
  state: WizardState;
  update: UpdateWizard;
  operatorNamespace: string;
}) {
  const policies = usePolicies();
  const networks = useNetworks();
  const nodeStates = useNodeStates();
  const fabric = useFabric();
  const fabricRead: Read<FabricNode> = fabric.data
    ? { items: fabric.data.nodes }
    : fabric.error
      ? { error: { message: describeError(fabric.error) } }
      : { loading: true };
  const inputs: ClusterInputs = {
    policies: toRead(policies),
    networks: toRead(networks),
    nodeStates: toRead(nodeStates),
    fabric: fabricRead,
  };
  const checks = clusterChecks(inputs);
  const ibPolicies = infiniBandPolicies(policies.data?.items ?? []);
  const offerPolicy = policies.isSuccess && (ibPolicies.length === 0 || state.policy.made);

  return (
    <>
      <ul aria-label="What the cluster has" className="space-y-3" data-testid="cluster-checks">
        {checks.map((c) => (
          <li key={c.id} className="flex gap-3" data-check={c.id} data-status={c.status}>
            <div className="w-28 shrink-0">
              <StatusMark tone={MARK[c.status].tone}>{MARK[c.status].word}</StatusMark>
            </div>
            <div className="min-w-0 text-sm">
              <p className="font-medium">{c.title}</p>
              <p className="text-slate-700 dark:text-slate-300">{c.detail}</p>
              {c.action && (
                <p className="text-slate-700 dark:text-slate-300">
                  <span className="font-medium">What to do: </span>
                  {c.action}
                </p>
              )}
            </div>
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        NOTE: the console cannot read the network controller’s own status (its Lease and the{' '}
        <code>ibnet-network-controller</code> ConfigMap in the operator namespace), so the
        controller is judged by the Ready conditions it writes.
      </p>

      {ibPolicies.length > 0 && (
        <div>
          <h3 className="text-sm font-semibold">InfiniBand node policies</h3>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            A network takes its VFs from a policy’s resource. Pick one here or in step 2.
          </p>
          <ul className="mt-2 space-y-1">
            {ibPolicies.map((p) => (
              <li key={`${p.namespace}/${p.name}`} className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-sm">{p.name}</span>
                <span className="text-sm text-slate-700 dark:text-slate-300">
                  {p.numVfs} VFs per port as <code>{p.resourceName}</code> on{' '}
                  {p.nodes.length > 0 ? p.nodes.join(', ') : 'no node yet'}
                </span>
                <Button
                  variant="ghost"
                  aria-pressed={state.network.resourceName === p.resourceName}
                  onClick={() =>
                    update((s) => ({
                      ...s,
                      network: { ...s.network, resourceName: p.resourceName },
                    }))
                  }
                >
                  {state.network.resourceName === p.resourceName
                    ? 'The network uses this resource'
                    : `Use ${p.resourceName}`}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}

      {offerPolicy && !state.policy.made && (
        <PolicyForm
          state={state}
          update={update}
          fabric={fabric.data?.nodes ?? []}
          operatorNamespace={operatorNamespace}
        />
      )}
      {state.policy.made && <PolicyProgress state={state} operatorNamespace={operatorNamespace} />}
    </>
  );
}
