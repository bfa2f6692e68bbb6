'use client';

import { useEffect, useState } from 'react';
import { useNetwork } from '@/components/api';
import { StatusMark } from '@/components/common/StatusMark';
import { ErrorBanner } from '@/components/common/ui';

type Phase = 'ok' | 'waiting' | 'failed';

const MARK: Record<Phase, { tone: 'ok' | 'warning' | 'error'; word: string }> = {
  ok: { tone: 'ok', word: 'Done' },
  waiting: { tone: 'warning', word: 'Waiting' },
  failed: { tone: 'error', word: 'Failed' },
};

/** How long to wait for a controller before saying that none seems to react. */
const SLOW_MS = 20_000;

/**
 * After the network is created: the object stored, the NAD rendered into the pods' namespace,
 * and the Ready condition, followed live until Ready=True with the NAD present.
 */
export function NetworkProgress({
  home,
  name,
  namespace,
}: {
  home: string;
  name: string;
  namespace: string;
}) {
  const detail = useNetwork('sriovibnetworks', home, name);
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), SLOW_MS);
    return () => clearTimeout(timer);
  }, []);
  if (detail.error)
    return <ErrorBanner error={detail.error} title="The network could not be read" />;

  const d = detail.data;
  const nad = d?.nad;
  const ready = d?.ready;
  const steps: { label: string; phase: Phase; detail?: string }[] = [
    { label: `SriovIBNetwork ${home}/${name} stored`, phase: d ? 'ok' : 'waiting' },
    {
      label: `NetworkAttachmentDefinition ${namespace}/${name} rendered`,
      phase: nad?.state === 'present' ? 'ok' : nad?.state === 'foreign' ? 'failed' : 'waiting',
      ...(nad?.state === 'foreign'
        ? { detail: `A NAD of that name belongs to ${nad.owner ?? 'someone else'}.` }
        : {}),
    },
    {
      label: 'Ready condition',
      phase: ready?.status === 'True' ? 'ok' : ready?.status === 'False' ? 'failed' : 'waiting',
      ...(ready && ready.status !== 'Unknown'
        ? {
            detail: `${ready.status}${ready.reason ? `, ${ready.reason}` : ''}${ready.message ? `: ${ready.message}` : ''}`,
          }
        : {}),
    },
  ];
  const done = steps.every((s) => s.phase === 'ok');

  return (
    <section aria-labelledby="wizard-network-progress" className="space-y-2">
      <h3 id="wizard-network-progress" className="text-sm font-semibold">
        Creating the network
      </h3>
      <ol className="space-y-1" role="status" aria-live="polite" data-testid="network-progress">
        {steps.map((s) => (
          <li key={s.label} className="flex flex-wrap items-center gap-2 text-sm">
            <StatusMark tone={MARK[s.phase].tone}>{MARK[s.phase].word}</StatusMark>
            <span>{s.label}</span>
            {s.detail && <span className="text-slate-600 dark:text-slate-400">— {s.detail}</span>}
          </li>
        ))}
      </ol>
      {done ? (
        <p data-testid="network-ready" className="text-sm text-emerald-800 dark:text-emerald-300">
          Ready: pods in {namespace} can now request {name}.
        </p>
      ) : (
        slow &&
        !ready?.reason && (
          <p className="text-sm text-amber-800 dark:text-amber-300">
            Nothing has reacted for {SLOW_MS / 1000} seconds: is ibnet’s network controller or the
            SR-IOV operator running? Step 1 shows what the cluster has.
          </p>
        )
      )}
    </section>
  );
}
