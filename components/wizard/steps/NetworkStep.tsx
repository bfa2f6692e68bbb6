'use client';

import { useId } from 'react';
import { useNamespaces } from '@/components/api';
import { usePermission } from '@/components/common/usePermission';
import { DiagnosticsPanel } from '@/components/networks/DiagnosticsPanel';
import { RadioGroup, TextField, inputClass } from '@/components/networks/fields';
import { ResourceNameField } from '@/components/networks/ResourceNameField';
import type { NetworkHome, WizardState } from '../state';
import { stepDiagnostics } from '../step-check';
import type { UpdateWizard } from '../useWizardState';
import type { WizardModel } from '../useWizardModel';

/** Step 2: the network's name, the namespace whose pods use it, where the object lives, its VFs. */
export function NetworkStep({
  state,
  update,
  model,
}: {
  state: WizardState;
  update: UpdateWizard;
  model: WizardModel;
}) {
  const id = useId();
  const n = state.network;
  const namespaces = useNamespaces();
  const op = model.operatorNamespace;
  const inOperator = usePermission('create', 'sriovibnetworks', op);
  const inPods = usePermission('create', 'sriovibnetworks', n.namespace || undefined);
  const set = (patch: Partial<WizardState['network']>) =>
    update((s) => ({ ...s, network: { ...s.network, ...patch } }));
  const choices = (namespaces.data?.items ?? []).filter((ns) => ns !== op);
  const findings = stepDiagnostics('network', model.diagnostics);

  const homeHelp = (allowed: boolean, where: string) =>
    allowed ? '' : ` You may not create networks in ${where}.`;

  return (
    <>
      <TextField
        label="Network name"
        value={n.name}
        onCommit={(name) => set({ name: name.trim() })}
        placeholder="ib-storage"
        required
        help="Pods ask for the network by this name, and the NetworkAttachmentDefinition (NAD) gets the same name. Lower-case letters, digits and '-'."
      />

      <div>
        <label htmlFor={`${id}-ns`} className="block text-sm font-medium">
          Namespace of the pods that use it
          <span aria-hidden="true" className="text-red-700">
            {' '}
            *
          </span>
        </label>
        <select
          id={`${id}-ns`}
          className={`mt-1 ${inputClass}`}
          value={n.namespace}
          required
          aria-describedby={`${id}-ns-help`}
          onChange={(e) => set({ namespace: e.target.value })}
        >
          <option value="">
            {namespaces.isLoading ? 'Loading namespaces…' : 'Choose a namespace'}
          </option>
          {choices.map((ns) => (
            <option key={ns} value={ns}>
              {ns}
            </option>
          ))}
          {n.namespace && !choices.includes(n.namespace) && (
            <option value={n.namespace}>{n.namespace} (not listed)</option>
          )}
        </select>
        <p id={`${id}-ns-help`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          The NAD is created in this namespace, and a pod’s request names a NAD of its own
          namespace: only pods here can attach to the network.
        </p>
      </div>

      <RadioGroup<NetworkHome>
        legend="Where the SriovIBNetwork object itself lives"
        name={`${id}-home`}
        value={n.home}
        onChange={(home) => set({ home })}
        options={[
          {
            value: 'operator',
            label: `The operator namespace, ${op} (recommended)`,
            description: `Networks are administered in one place. spec.networkNamespace: ${n.namespace || '<namespace>'} tells the controller to create the NAD in the pods’ namespace; only a network in the operator namespace may set it.${homeHelp(inOperator.allowed || inOperator.loading, op)}`,
          },
          {
            value: 'pods',
            label: `The pods’ namespace, ${n.namespace || '<namespace>'}`,
            description: `For teams that manage their own networks: no networkNamespace, and the NAD is created next to the object.${n.namespace ? homeHelp(inPods.allowed || inPods.loading, n.namespace) : ''}`,
          },
        ]}
      />

      <ResourceNameField
        kind="SriovIBNetwork"
        value={n.resourceName}
        onCommit={(resourceName) => set({ resourceName: resourceName.trim() })}
        messages={[]}
        onReveal={() => undefined}
      />

      {findings.length > 0 && (
        <DiagnosticsPanel diagnostics={findings} label="Findings for this step" />
      )}
    </>
  );
}
