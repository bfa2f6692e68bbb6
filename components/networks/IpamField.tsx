'use client';

import { useId, useMemo, useRef } from 'react';
import type { Diagnostic } from '@/lib/diagnostics';
import type { NetworkKind } from '@/lib/views/types';
import { Button } from '@/components/common/ui';
import { ToneIcon } from '@/components/common/StatusMark';
import { FieldMessages, RadioGroup, diagnosticsAt } from './fields';
import {
  IPAM_CHOICES,
  type IpamChoice,
  ipamChoiceOf,
  ipamTemplate,
  previewIpam,
} from './ipam-model';
import { HostLocalForm, StaticForm, WhereaboutsForm } from './IpamForms';
import type { EmbeddedState } from './network-form';

const CHOICE_TEXT: Record<IpamChoice, { label: string; description: string }> = {
  whereabouts: {
    label: 'whereabouts',
    description: 'Cluster-wide pools: unique addresses across nodes, dual stack with two ranges.',
  },
  static: {
    label: 'static',
    description: 'Fixed addresses, or each pod brings its own with the ips capability.',
  },
  'host-local': {
    label: 'host-local',
    description: 'Per-node allocation: only safe when the network spans one node.',
  },
  dhcp: { label: 'DHCP', description: 'Not usable with InfiniBand (ib-sriov refuses it).' },
  none: {
    label: 'No IPAM',
    description: 'The interface gets no address: enough for RDMA verbs traffic without IP.',
  },
};

/**
 * The structured editor of `spec.ipam`. Broken JSON is never overwritten: the form says where it
 * breaks and sends the user to the editor's marker instead.
 */
export function IpamField({
  kind,
  state,
  onChange,
  diagnostics,
  ipsCapability,
  disabled,
  onReveal,
  onEditJson,
}: {
  kind: NetworkKind;
  state: EmbeddedState;
  /** The new IPAM JSON text, or undefined to remove spec.ipam. */
  onChange: (text: string | undefined) => void;
  diagnostics: readonly Diagnostic[];
  ipsCapability: boolean;
  disabled?: boolean;
  onReveal: (d: Diagnostic) => void;
  onEditJson: () => void;
}) {
  const id = useId();
  const stash = useRef(new Map<string, string>());
  const fieldDiagnostics = diagnosticsAt(diagnostics, ['spec', 'ipam']);
  const value = state.state === 'object' ? state.value : undefined;
  const preview = useMemo(
    () => (value ? previewIpam(value, { ipsCapability }) : undefined),
    [value, ipsCapability],
  );

  if (state.state === 'broken' || state.state === 'not-text' || state.state === 'not-object') {
    const marker = fieldDiagnostics.find((d) => d.severity === 'error') ?? fieldDiagnostics[0];
    const why =
      state.state === 'broken'
        ? `its JSON is broken at line ${state.line}, column ${state.column} of the JSON (${state.message})`
        : state.state === 'not-text'
          ? `it is written as ${state.found}, but spec.ipam must be JSON text inside a string`
          : `it holds ${state.found}, not a JSON object`;
    return (
      <section
        aria-labelledby={`${id}-title`}
        className="rounded-md border border-red-300 bg-red-50 p-3 dark:border-red-800 dark:bg-red-950/40"
      >
        <h3
          id={`${id}-title`}
          className="flex items-center gap-1 text-sm font-semibold text-red-800 dark:text-red-200"
        >
          <ToneIcon tone="error" />
          IPAM cannot be edited in the form
        </h3>
        <p
          id={`${id}-broken`}
          data-testid="ipam-broken"
          className="mt-1 text-sm text-red-900 dark:text-red-100"
        >
          spec.ipam is not usable: {why}. The form leaves it exactly as written until it is fixed
          {marker ? `; the editor marks it at line ${marker.line}` : ''}.
        </p>
        <div className="mt-2 flex flex-wrap gap-2">
          {marker && (
            <Button onClick={() => onReveal(marker)} aria-describedby={`${id}-broken`}>
              Show in the editor (line {marker.line})
            </Button>
          )}
          <Button variant="ghost" onClick={onEditJson} disabled={disabled}>
            Edit ipam as JSON
          </Button>
        </div>
      </section>
    );
  }

  const choice: IpamChoice | 'other' = value ? ipamChoiceOf(value) : 'none';
  const choose = (next: IpamChoice) => {
    // Switching away keeps the old config, so switching back restores it.
    if (state.state === 'object') stash.current.set(choice, state.text);
    onChange(stash.current.get(next) ?? ipamTemplate(next));
  };
  const formProps =
    value && state.state === 'object'
      ? {
          value,
          text: state.text,
          onChange: (text: string) => onChange(text),
          diagnostics,
          previews: preview?.ranges ?? [],
          disabled,
          onReveal,
        }
      : undefined;
  const topLevel = fieldDiagnostics.filter((d) => (d.path?.length ?? 0) <= 3);

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3">
      <div className="flex items-center justify-between gap-2">
        <h3 id={`${id}-title`} className="text-sm font-semibold">
          IP addresses (IPAM)
        </h3>
        <Button variant="ghost" onClick={onEditJson} disabled={disabled}>
          Edit ipam as JSON
        </Button>
      </div>
      <RadioGroup
        legend="IPAM type"
        name={`${id}-type`}
        value={choice === 'other' ? '' : choice}
        disabled={disabled}
        options={IPAM_CHOICES.map((c) => ({ value: c, ...CHOICE_TEXT[c] }))}
        onChange={choose}
        help={
          choice === 'other'
            ? `This network uses the IPAM plugin "${String(value?.type)}", which has no form: edit it as JSON.`
            : undefined
        }
      />
      <FieldMessages id={`${id}-messages`} messages={topLevel} onReveal={onReveal} />
      {choice === 'whereabouts' && formProps && <WhereaboutsForm {...formProps} />}
      {choice === 'static' && formProps && (
        <StaticForm {...formProps} ipsCapability={ipsCapability} />
      )}
      {choice === 'host-local' && formProps && <HostLocalForm {...formProps} />}
      {choice === 'dhcp' && <DhcpNotice kind={kind} />}
      {preview && <IpamPreviewList preview={preview} />}
    </section>
  );
}

function DhcpNotice({ kind }: { kind: NetworkKind }) {
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
      {kind === 'SriovIBNetwork' ? (
        <p>
          <strong>DHCP does not work on InfiniBand.</strong> The ib-sriov CNI plugin refuses it
          (&ldquo;ipam type dhcp is not supported&rdquo;), so every pod on this network would fail
          to start. Use whereabouts for cluster-wide addresses, or static with the ips capability.
        </p>
      ) : (
        <p>DHCP needs two things outside this object before a pod can get an address:</p>
      )}
      <p>What an Ethernet network (SriovNetwork) with DHCP needs:</p>
      <ul className="list-disc pl-5">
        <li>a DHCP server answering on the physical network the VFs are on;</li>
        <li>
          the CNI DHCP daemon on every node. On OpenShift the cluster network operator runs it once
          an additional network of type <code>dhcp-shim</code> is added to{' '}
          <code>networks.operator.openshift.io/cluster</code>; elsewhere run{' '}
          <code>dhcp daemon</code> from the CNI plugins on each node.
        </li>
      </ul>
    </div>
  );
}

function IpamPreviewList({ preview }: { preview: ReturnType<typeof previewIpam> }) {
  if (preview.ranges.length === 0 && preview.firstPods.length === 0 && !preview.blocked) {
    return null;
  }
  return (
    <div
      className="rounded-md bg-slate-100 p-2 text-xs dark:bg-slate-800"
      data-testid="ipam-preview"
    >
      <p className="font-medium">What pods get</p>
      {preview.blocked && (
        <p className="text-red-800 dark:text-red-300">
          Nothing can be handed out: {preview.blocked}
        </p>
      )}
      {preview.firstPods.length > 0 && (
        <ol className="mt-1 space-y-0.5 font-mono">
          {preview.firstPods.map((ips, i) => (
            <li key={i}>
              pod {i + 1}: {ips.join(', ')}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
