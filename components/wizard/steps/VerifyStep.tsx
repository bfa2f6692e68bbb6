'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useDeleteTestPod, usePod } from '@/components/api';
import { StatusMark } from '@/components/common/StatusMark';
import { Button, ErrorBanner, Loading } from '@/components/common/ui';
import { Diagnoses } from '@/components/pods/Diagnoses';
import { InterfaceFacts } from '@/components/pods/InterfaceFacts';
import { requestedIps } from '../objects';
import type { WizardState } from '../state';
import type { UpdateWizard } from '../useWizardState';
import type { WizardModel } from '../useWizardModel';
import { type CheckState, expectedFamilies, verifyPod } from '../verify';
import { DownloadBundle } from '../DownloadBundle';

const MARK: Record<CheckState, { tone: 'ok' | 'warning' | 'error'; word: string }> = {
  ok: { tone: 'ok', word: 'Verified' },
  waiting: { tone: 'warning', word: 'Waiting' },
  failed: { tone: 'error', word: 'Missing' },
};

/** After this long without the interface, the step says the pod is stuck and shows why. */
const STALL_MS = 30_000;

/** Step 7: follow the test pod until network-status shows the interface and every address. */
export function VerifyStep({
  state,
  update,
  model,
}: {
  state: WizardState;
  update: UpdateWizard;
  model: WizardModel;
}) {
  if (!state.pod.made || !state.pod.name) {
    return (
      <>
        <p className="text-sm">
          No test pod yet: create one in step 6, or run the pod YAML yourself and come back.
        </p>
        <DownloadBundle state={state} model={model} />
      </>
    );
  }
  return <PodFollower state={state} update={update} model={model} />;
}

function PodFollower({
  state,
  update,
  model,
}: {
  state: WizardState;
  update: UpdateWizard;
  model: WizardModel;
}) {
  const { namespace } = state.network;
  const name = state.pod.name;
  const pod = usePod(namespace, name);
  const remove = useDeleteTestPod();
  const [late, setLate] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setLate(true), STALL_MS);
    return () => clearTimeout(timer);
  }, [name]);

  const wanted = state.network.ips && state.pod.form === 'json' ? requestedIps(state.pod) : [];
  const v = verifyPod(pod.data, model.nadRef, expectedFamilies(state.network, state.pod), wanted);
  const stuck = v.stalled || (late && !v.verified);
  const headline = v.verified
    ? `Verified: ${name} has its InfiniBand interface with every address requested.`
    : stuck
      ? `${name} is stuck: the interface or an address is missing.`
      : `Following ${name} until Multus reports the interface…`;

  return (
    <>
      {pod.error ? (
        <ErrorBanner error={pod.error} title={`The pod ${namespace}/${name} could not be read`} />
      ) : !pod.data ? (
        <Loading label={`Reading ${namespace}/${name}…`} />
      ) : null}

      <p
        role="status"
        aria-live="polite"
        data-testid="verify-headline"
        data-verified={v.verified}
        className={`text-sm font-medium ${
          v.verified
            ? 'text-emerald-800 dark:text-emerald-300'
            : stuck
              ? 'text-red-800 dark:text-red-300'
              : 'text-slate-700 dark:text-slate-300'
        }`}
      >
        {headline}
        {pod.data && ` Pod phase: ${pod.data.phase}${pod.data.node ? ` on ${pod.data.node}` : ''}.`}
      </p>

      <ul aria-label="What the pod reports" className="space-y-1" data-testid="verify-checks">
        {v.checks.map((c) => (
          <li key={c.id} className="flex flex-wrap items-center gap-2 text-sm" data-check={c.id}>
            <StatusMark tone={MARK[c.state].tone}>
              {c.id === 'mtu' || c.id === 'device-info' ? 'Reported' : MARK[c.state].word}
            </StatusMark>
            <span>{c.label}</span>
            {c.value && <span className="font-mono">{c.value}</span>}
          </li>
        ))}
      </ul>

      {stuck && v.diagnoses.length === 0 && (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          No diagnosis yet. The pod’s events usually say more: open it in the pod inspector.
        </p>
      )}
      {v.diagnoses.length > 0 && (
        <section aria-labelledby="wizard-diagnoses" className="space-y-1">
          <h3 id="wizard-diagnoses" className="text-sm font-semibold">
            Why, and the fix
          </h3>
          <Diagnoses diagnoses={v.diagnoses} />
        </section>
      )}

      {v.view && (
        <section
          aria-labelledby="wizard-interface"
          className="rounded-md border border-slate-200 p-3 dark:border-slate-700"
        >
          <h3 id="wizard-interface" className="mb-2 text-sm font-semibold">
            The interface, requested next to attached
          </h3>
          <InterfaceFacts view={v.view} node={pod.data?.node} />
        </section>
      )}

      <div className="flex flex-wrap items-center gap-3 text-sm">
        <Link
          href={`/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`}
          className="text-blue-800 underline underline-offset-2 dark:text-blue-300"
        >
          Open {name} in the pod inspector
        </Link>
        <Button
          variant="ghost"
          disabled={remove.isPending}
          onClick={() =>
            remove.mutate(
              { namespace, name },
              {
                onSuccess: () =>
                  update((s) => ({ ...s, pod: { ...s.pod, made: false, name: '' } })),
              },
            )
          }
        >
          Delete the test pod
        </Button>
        {remove.error ? <ErrorBanner error={remove.error} /> : null}
      </div>

      <DownloadBundle state={state} model={model} />
    </>
  );
}
