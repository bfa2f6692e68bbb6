'use client';

import { useId, useMemo } from 'react';
import type { FabricNode } from '@/lib/views/types';
import { useCreatePolicy, usePolicies } from '@/components/api';
import { CodeBlock } from '@/components/common/ui';
import { pfModel } from '@/components/fabric/devices';
import { TextField, inputClass } from '@/components/networks/fields';
import { infiniBandNodes, isInfiniBand } from '../cluster-check';
import { SRIOV_CAPABLE_LABEL, bundleYaml, fullResourceName, policyObject } from '../objects';
import { type PolicyField, policyProblems, portChoices, vfLimit } from '../policy-draft';
import type { PolicyDraft, WizardState } from '../state';
import type { UpdateWizard } from '../useWizardState';
import { WriteButton } from '../WriteButton';

function Problems({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-xs text-red-700 dark:text-red-400">
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

/**
 * The InfiniBand node policy the wizard offers when the cluster has none: nodes and port picked
 * from what the nodes report, the VF count bounded by the port's totalvfs and the Mellanox cap.
 */
export function PolicyForm({
  state,
  update,
  fabric,
  operatorNamespace,
}: {
  state: WizardState;
  update: UpdateWizard;
  fabric: FabricNode[];
  operatorNamespace: string;
}) {
  const id = useId();
  const draft = state.policy;
  const policies = usePolicies();
  const create = useCreatePolicy();
  const ibNodes = infiniBandNodes(fabric);
  const ports = useMemo(() => portChoices(fabric, draft.node), [fabric, draft.node]);
  const port = ports.find((p) => p.name === draft.pf);
  const limit = vfLimit(port);
  const problems = policyProblems(draft, fabric, policies.data?.items ?? []);
  const at = (field: PolicyField) =>
    problems.filter((p) => p.field === field).map((p) => p.message);
  const object = policyObject(draft, operatorNamespace);

  const set = (patch: Partial<PolicyDraft>) =>
    update((s) => ({ ...s, policy: { ...s.policy, ...patch } }));

  const submit = () =>
    create.mutate(object, {
      onSuccess: () =>
        update((s) => ({
          ...s,
          policy: { ...s.policy, made: true },
          network: { ...s.network, resourceName: s.network.resourceName || s.policy.resourceName },
        })),
    });

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3">
      <div>
        <h3 id={`${id}-title`} className="text-sm font-semibold">
          Create an InfiniBand node policy
        </h3>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          A SriovNetworkNodePolicy tells the node configurator how many virtual functions (VFs) to
          carve out of which InfiniBand port, and under which resource name the device plugin offers
          them to pods. A network then names that resource.
        </p>
      </div>

      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        <TextField
          label="Policy name"
          value={draft.name}
          onCommit={(name) => set({ name })}
          help={`Stored in the operator namespace ${operatorNamespace}.`}
          required
        />
        <div>
          <label htmlFor={`${id}-node`} className="block text-sm font-medium">
            Nodes (nodeSelector)
          </label>
          <select
            id={`${id}-node`}
            className={`mt-1 ${inputClass}`}
            value={draft.node}
            aria-describedby={`${id}-node-help`}
            onChange={(e) => set({ node: e.target.value, pf: '' })}
          >
            <option value="*">
              Every node labelled {SRIOV_CAPABLE_LABEL}=true ({ibNodes.length} with InfiniBand)
            </option>
            {ibNodes.map((n) => (
              <option key={n.name} value={n.name}>
                Only {n.name}
              </option>
            ))}
          </select>
          <p id={`${id}-node-help`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            Node feature discovery sets that label on nodes with SR-IOV capable adapters.
          </p>
          <Problems id={`${id}-node-problems`} messages={at('node')} />
        </div>

        <div>
          <label htmlFor={`${id}-pf`} className="block text-sm font-medium">
            InfiniBand port (nicSelector.pfNames)
          </label>
          <select
            id={`${id}-pf`}
            className={`mt-1 ${inputClass}`}
            value={draft.pf}
            aria-invalid={at('pf').length > 0 && draft.pf !== ''}
            aria-describedby={`${id}-pf-problems`}
            onChange={(e) => set({ pf: e.target.value })}
          >
            <option value="">Choose a port ({ports.length} reported)</option>
            {ports.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name} — {pfModel(p.vendor, p.deviceID)},{' '}
                {isInfiniBand(p.linkType) ? 'InfiniBand' : (p.linkType ?? 'unknown link')}, up to{' '}
                {p.totalvfs ?? '?'} VFs, on {p.nodes.length} node{p.nodes.length === 1 ? '' : 's'}
              </option>
            ))}
          </select>
          <Problems id={`${id}-pf-problems`} messages={draft.pf ? at('pf') : []} />
        </div>
        <div>
          <label htmlFor={`${id}-vfs`} className="block text-sm font-medium">
            VFs per port (numVfs)
          </label>
          <input
            id={`${id}-vfs`}
            type="number"
            inputMode="numeric"
            min={1}
            max={limit.max}
            className={`mt-1 ${inputClass}`}
            value={draft.numVfs ?? ''}
            aria-invalid={draft.numVfs !== undefined && at('numVfs').length > 0}
            aria-describedby={`${id}-vfs-help ${id}-vfs-problems`}
            onChange={(e) => {
              const n = Number.parseInt(e.target.value, 10);
              set({ numVfs: Number.isNaN(n) ? undefined : n });
            }}
          />
          <p id={`${id}-vfs-help`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            One VF per pod interface. At most {limit.max}: {limit.why}.
          </p>
          <Problems
            id={`${id}-vfs-problems`}
            messages={draft.numVfs !== undefined ? at('numVfs') : []}
          />
        </div>

        <div className="md:col-span-2">
          <TextField
            label="Resource name (resourceName)"
            value={draft.resourceName}
            onCommit={(resourceName) => set({ resourceName })}
            help={`Pods request the VFs as ${fullResourceName(draft.resourceName || '<name>')}; letters, digits, '_' and '-'.`}
            required
          />
          <Problems id={`${id}-res-problems`} messages={at('resourceName')} />
        </div>
      </div>

      <div className="rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800/60">
        <p className="font-medium">Set for you, because the port runs InfiniBand</p>
        <ul className="mt-1 list-disc space-y-0.5 pl-5 text-slate-700 dark:text-slate-300">
          <li>
            <code>linkType: ib</code> — the VFs are InfiniBand functions with their own GUIDs.
          </li>
          <li>
            <code>isRdma: true</code> — each VF brings its RDMA device into the pod (always on for
            InfiniBand).
          </li>
          <li>
            <code>deviceType: netdevice</code> — the VF keeps the kernel driver, so the pod gets an
            IPoIB interface next to the RDMA device.
          </li>
        </ul>
      </div>

      <CodeBlock text={bundleYaml([object])} label="policy YAML" />
      <WriteButton
        verb="create"
        resource="sriovnetworknodepolicies"
        namespace={operatorNamespace}
        label="Create the policy"
        busyLabel="Creating the policy…"
        busy={create.isPending}
        blockers={problems.map((p) => p.message)}
        error={create.error}
        onClick={submit}
      />
    </section>
  );
}
