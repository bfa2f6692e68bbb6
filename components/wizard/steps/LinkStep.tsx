'use client';

import { useId, useState } from 'react';
import type { LinkState } from '@/lib/model';
import { readEmbeddedJson } from '@/components/networks/json-text';
import { DiagnosticsPanel } from '@/components/networks/DiagnosticsPanel';
import { RadioGroup } from '@/components/networks/fields';
import { capabilitiesText } from '../objects';
import type { WizardState } from '../state';
import { stepDiagnostics } from '../step-check';
import type { UpdateWizard } from '../useWizardState';
import type { WizardModel } from '../useWizardModel';
import { YamlPanel } from '../YamlPanel';

const LINK_CHOICES: { value: LinkState; label: string; description: string }[] = [
  {
    value: 'auto',
    label: 'auto (recommended)',
    description:
      'The VF port follows the physical port: up when the cable and the subnet manager say so.',
  },
  {
    value: 'enable',
    label: 'enable',
    description:
      'Forces the VF link up whatever the physical port says, e.g. so pods on one node keep talking through the adapter when the cable is out.',
  },
  {
    value: 'disable',
    label: 'disable',
    description: 'Forces the VF link down: the pod gets an interface that passes no traffic.',
  },
];

/** Step 4: the VF link state, and what pods may ask for (per-pod GUIDs and addresses). */
export function LinkStep({
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
  const [yamlOpen, setYamlOpen] = useState(false);
  const set = (patch: Partial<WizardState['network']>) =>
    update((s) => ({ ...s, network: { ...s.network, ...patch } }));
  const ipam = n.ipam === null ? undefined : readEmbeddedJson(n.ipam);
  const ipamType = ipam?.state === 'object' ? String(ipam.value.type ?? '') : '';
  const findings = stepDiagnostics('link', model.diagnostics);
  const caps = capabilitiesText(n);

  return (
    <>
      <RadioGroup<LinkState>
        legend="Link state (linkState)"
        name={`${id}-link`}
        value={n.linkState}
        onChange={(linkState) => set({ linkState })}
        help="The ib-sriov plugin sets it on the VF when a pod attaches (link_state in the NAD); the node agent does not touch it. Whatever is chosen, an InfiniBand VF port only becomes ACTIVE once the subnet manager has virtualization enabled."
        options={LINK_CHOICES}
      />

      <fieldset>
        <legend className="text-sm font-medium">Capabilities: what pods may ask for</legend>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          A pod’s request may carry a GUID or addresses, but Multus passes them to the plugin only
          when the NAD declares the capability; otherwise they are dropped without a word.
        </p>
        <div className="mt-2 space-y-2">
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-1"
              checked={n.guid}
              onChange={(e) => set({ guid: e.target.checked })}
            />
            <span>
              <span className="font-medium">Per-pod GUIDs (infinibandGUID)</span>
              <span className="block text-xs text-slate-600 dark:text-slate-400">
                Enables <code>&quot;infiniband-guid&quot;</code> in a pod’s request: the VF gets
                that GUID as node and port GUID. A pod that keeps its GUID keeps its partition
                (PKey) membership in the subnet manager across restarts.
              </span>
            </span>
          </label>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-1"
              checked={n.ips}
              onChange={(e) => set({ ips: e.target.checked })}
            />
            <span>
              <span className="font-medium">Per-pod addresses (ips)</span>
              <span className="block text-xs text-slate-600 dark:text-slate-400">
                Enables <code>&quot;ips&quot;</code> in a pod’s request: with static IPAM each pod
                brings its own addresses instead of the listed ones.
                {ipamType === 'whereabouts' &&
                  ' This network uses whereabouts, which ignores per-pod addresses: it only helps with static IPAM.'}
              </span>
            </span>
          </label>
        </div>
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          spec.capabilities: {caps ? <code>{caps}</code> : 'left out (nothing per pod)'}
        </p>
      </fieldset>

      {findings.length > 0 && (
        <DiagnosticsPanel diagnostics={findings} label="Findings for this step" />
      )}
      <YamlPanel
        yaml={model.networkYaml}
        diagnostics={model.diagnostics}
        diagnosticsText={model.diagnosticsText}
        open={yamlOpen}
        onToggle={setYamlOpen}
      />
    </>
  );
}
