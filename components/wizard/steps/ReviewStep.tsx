'use client';

import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { renderNad } from '@/lib/render';
import { ApiError, useCreateNetwork, useDryRunNetwork } from '@/components/api';
import { CodeBlock, ErrorBanner, Tabs } from '@/components/common/ui';
import { YamlEditor } from '@/components/editor';
import { DiagnosticsPanel, DiagnosticsSummary } from '@/components/networks/DiagnosticsPanel';
import { ExportActions } from '@/components/networks/ExportActions';
import { nadYaml } from '@/components/networks/ReviewDialog';
import { networkEditHref } from '@/components/networks/links';
import { bundleYaml } from '../objects';
import type { WizardState } from '../state';
import { stepBlockers } from '../step-check';
import type { UpdateWizard } from '../useWizardState';
import type { WizardModel } from '../useWizardModel';
import { WriteButton } from '../WriteButton';
import { NetworkProgress } from './NetworkProgress';

/** Step 5: the YAML, the NAD it renders, every finding and a server dry run; then create it. */
export function ReviewStep({
  state,
  update,
  model,
}: {
  state: WizardState;
  update: UpdateWizard;
  model: WizardModel;
}) {
  const n = state.network;
  const [tab, setTab] = useState('yaml');
  const dryRun = useDryRunNetwork();
  const create = useCreateNetwork();
  const rendered = useMemo(() => renderNad(model.network), [model.network]);
  const { mutate: runDryRun } = dryRun;
  const { network, networkYaml } = model;

  // The server checks exactly this object (admission, schema) without storing it.
  useEffect(() => {
    if (n.made) return;
    const timer = setTimeout(() => runDryRun({ operation: 'create', object: network }), 300);
    return () => clearTimeout(timer);
  }, [runDryRun, network, n.made]);

  const dryRunCurrent =
    dryRun.variables?.object !== undefined && bundleYaml([dryRun.variables.object]) === networkYaml;
  const dryRunRefusal =
    dryRunCurrent && dryRun.error instanceof ApiError && dryRun.error.code !== 'forbidden'
      ? `The server’s dry run refused it: ${dryRun.error.message}`
      : undefined;
  const blockers = [
    ...stepBlockers('review', state, model.diagnostics),
    ...(dryRunRefusal ? [dryRunRefusal] : []),
  ];

  const submit = () =>
    create.mutate(
      { object: network },
      { onSuccess: () => update((s) => ({ ...s, network: { ...s.network, made: true } })) },
    );

  return (
    <>
      <DiagnosticsSummary diagnostics={model.diagnostics} />
      <DiagnosticsPanel diagnostics={model.diagnostics} label="Findings of ibnet’s checks" />

      <Tabs
        label="What will be created"
        selected={tab}
        onSelect={setTab}
        tabs={[
          {
            id: 'yaml',
            label: 'SriovIBNetwork',
            content: (
              <div className="h-80 rounded-md border border-slate-200 dark:border-slate-700">
                <YamlEditor
                  value={networkYaml}
                  readOnly
                  diagnostics={model.diagnostics}
                  diagnosticsText={model.diagnosticsText}
                  schema="SriovIBNetwork"
                  modelId="wizard-review"
                  height="100%"
                  ariaLabel="The SriovIBNetwork to create (read-only)"
                />
              </div>
            ),
          },
          {
            id: 'nad',
            label: 'NetworkAttachmentDefinition it renders',
            content: rendered.ok ? (
              <div className="space-y-1">
                <p className="text-sm text-slate-700 dark:text-slate-300">
                  The controller creates this NAD in {n.namespace || 'the pods’ namespace'}; pods
                  request it by name. Its <code>spec.config</code> is what Multus hands to the
                  ib-sriov plugin.
                </p>
                <CodeBlock text={nadYaml(rendered.nad)} label="NAD YAML" />
              </div>
            ) : (
              <ul className="list-disc pl-5 text-sm text-red-800 dark:text-red-300">
                {rendered.issues.map((i) => (
                  <li key={i.code + i.message}>{i.message}</li>
                ))}
              </ul>
            ),
          },
        ]}
      />

      <section aria-labelledby="wizard-dry-run" aria-live="polite" className="text-sm">
        <h3 id="wizard-dry-run" className="font-semibold">
          Server dry run
        </h3>
        {n.made ? (
          <p>Not needed any more: the network exists.</p>
        ) : dryRun.isPending || !dryRunCurrent ? (
          <p>Asking the API server to check it without storing it…</p>
        ) : dryRun.error ? (
          <ErrorBanner error={dryRun.error} title="The server’s dry run did not pass" />
        ) : (
          <p data-testid="dry-run-passed" className="text-emerald-800 dark:text-emerald-300">
            Passed: the API server accepts this SriovIBNetwork (nothing was stored).
            {(dryRun.data?.diagnostics.length ?? 0) > 0 &&
              ` It adds ${dryRun.data?.diagnostics.length} finding(s), listed above.`}
          </p>
        )}
      </section>

      <ExportActions yaml={networkYaml} namespace={model.home} name={n.name || 'network'} />

      {n.made ? (
        <>
          <NetworkProgress home={model.home} name={n.name} namespace={n.namespace} />
          <p className="text-xs text-slate-600 dark:text-slate-400">
            The network exists: changes made in steps 2 to 4 now would not reach it. Edit it in the{' '}
            <Link
              className="text-blue-800 underline underline-offset-2 dark:text-blue-300"
              href={networkEditHref('sriovibnetworks', model.home, n.name)}
            >
              network editor
            </Link>{' '}
            instead.
          </p>
        </>
      ) : (
        <WriteButton
          verb="create"
          resource="sriovibnetworks"
          namespace={model.home}
          label="Create the network"
          busyLabel="Creating the network…"
          busy={create.isPending}
          blockers={blockers}
          error={create.error}
          onClick={submit}
        />
      )}
    </>
  );
}
