'use client';

import { useId } from 'react';
import type { Diagnostic } from '@/lib/diagnostics';
import { LINK_STATES } from '@/lib/model';
import type { NetworkKind } from '@/lib/views/types';
import { Button } from '@/components/common/ui';
import type { EmbeddedSchemaKey } from '@/components/editor/schemas';
import type { YamlPath } from '@/components/editor/yaml-edit';
import { CapabilitiesField } from './CapabilitiesField';
import { RadioGroup, TextField, diagnosticsAt } from './fields';
import { IpamField } from './IpamField';
import {
  FIELD_PATHS,
  type NetworkFormState,
  isNetworkKind,
  mayTargetOtherNamespace,
} from './network-form';
import { ResourceNameField } from './ResourceNameField';

const LINK_STATE_TEXT: Record<(typeof LINK_STATES)[number], string> = {
  auto: 'The VF follows the physical port: up when the port is up.',
  enable: 'The VF is forced up, even while the port is down (pods on one host still talk).',
  disable: 'The VF is forced down: pods attach but cannot send.',
};

export interface NetworkFormProps {
  form: NetworkFormState;
  mode: 'create' | 'edit';
  diagnostics: readonly Diagnostic[];
  /** Sets (or with undefined removes) one value of the YAML. */
  onSet: (path: YamlPath, value: unknown) => void;
  /** Shows a position in the YAML editor. */
  onReveal: (d: Pick<Diagnostic, 'line' | 'column'> & Partial<Diagnostic>) => void;
  onEditJson: (field: EmbeddedSchemaKey) => void;
  operatorNamespace: string;
  namespaces: readonly string[];
  /** Why the form cannot change anything (the YAML is broken, or the user may not write). */
  readOnlyReason?: string;
}

function numberOrText(value: string): number | string | undefined {
  if (value.trim() === '') return undefined;
  return /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
}

/**
 * The form side of the network editor. Every field reads from and writes to the YAML text (only
 * the touched path), so comments and fields the form does not know survive.
 */
export function NetworkForm({
  form,
  mode,
  diagnostics,
  onSet,
  onReveal,
  onEditJson,
  operatorNamespace,
  namespaces,
  readOnlyReason,
}: NetworkFormProps) {
  const id = useId();
  const locked = readOnlyReason !== undefined || form.yamlError !== undefined;
  const at = (path: YamlPath) => diagnosticsAt(diagnostics, path);
  const kind: NetworkKind = form.kind === 'SriovNetwork' ? 'SriovNetwork' : 'SriovIBNetwork';
  const targetAllowed = mayTargetOtherNamespace(form.namespace, operatorNamespace);
  const capabilities = form.capabilities.state === 'object' ? form.capabilities.value : {};

  return (
    <form
      aria-label="Network form"
      className="space-y-4"
      onSubmit={(e) => e.preventDefault()}
      noValidate
    >
      {form.yamlError && (
        <div
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100"
        >
          <p>
            The YAML has a syntax error at line {form.yamlError.line} ({form.yamlError.message}).
            The form is paused so it cannot overwrite what you typed.
          </p>
          <Button
            className="mt-2"
            onClick={() => onReveal({ line: form.yamlError?.line ?? 1, column: 1 })}
          >
            Show line {form.yamlError.line} in the editor
          </Button>
        </div>
      )}
      {readOnlyReason && !form.yamlError && (
        <p className="rounded-md bg-slate-100 p-2 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-300">
          {readOnlyReason}
        </p>
      )}
      {form.documents > 1 && (
        <p className="text-xs text-amber-800 dark:text-amber-300">
          The text has {form.documents} documents; the form edits the first. Use Import to check or
          apply several.
        </p>
      )}

      <fieldset disabled={locked} className="space-y-4">
        <legend className="sr-only">Network</legend>
        {mode === 'create' ? (
          <RadioGroup
            legend="Kind"
            name={`${id}-kind`}
            value={isNetworkKind(form.kind) ? form.kind : ''}
            onChange={(k) => onSet(FIELD_PATHS.kind, k)}
            options={[
              {
                value: 'SriovIBNetwork',
                label: 'SriovIBNetwork (InfiniBand)',
                description: 'VFs of InfiniBand ports, with the ib-sriov CNI.',
              },
              {
                value: 'SriovNetwork',
                label: 'SriovNetwork (Ethernet)',
                description:
                  'VFs of Ethernet ports, with the sriov CNI (VLAN, spoof check, trust).',
              },
            ]}
            messages={at(FIELD_PATHS.kind)}
            onReveal={onReveal}
          />
        ) : (
          <p className="text-sm">
            <span className="font-medium">Kind:</span> {form.kind}
          </p>
        )}

        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <TextField
            label="Name"
            name="name"
            required
            value={form.name}
            onCommit={(v) => onSet(FIELD_PATHS.name, v)}
            disabled={mode === 'edit'}
            disabledReason="A network cannot be renamed; create a new one instead."
            help="Also the name of the NetworkAttachmentDefinition pods request."
            messages={at(FIELD_PATHS.name)}
            onReveal={onReveal}
          />
          <TextField
            label="Namespace"
            name="namespace"
            required
            value={form.namespace}
            list={`${id}-namespaces`}
            onCommit={(v) => onSet(FIELD_PATHS.namespace, v)}
            disabled={mode === 'edit'}
            disabledReason="A network cannot move to another namespace."
            messages={at(FIELD_PATHS.namespace)}
            onReveal={onReveal}
          />
          <datalist id={`${id}-namespaces`}>
            {namespaces.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </div>

        <TextField
          label="Target namespace (networkNamespace)"
          value={form.networkNamespace}
          list={`${id}-namespaces`}
          onCommit={(v) => onSet(FIELD_PATHS.networkNamespace, v || undefined)}
          disabled={!targetAllowed && form.networkNamespace === ''}
          disabledReason={`Only networks in the operator namespace (${operatorNamespace}) may put their NAD elsewhere; this one's NAD lands in ${form.namespace || 'its own namespace'}.`}
          help={`Where the NetworkAttachmentDefinition is created; pods must run there. Empty: ${form.namespace || 'the network\u2019s own namespace'}.`}
          messages={at(FIELD_PATHS.networkNamespace)}
          onReveal={onReveal}
        />

        <ResourceNameField
          kind={kind}
          value={form.resourceName}
          onCommit={(v) => onSet(FIELD_PATHS.resourceName, v)}
          messages={at(FIELD_PATHS.resourceName)}
          disabled={locked}
          onReveal={onReveal}
        />

        <RadioGroup
          legend="Link state (linkState)"
          name={`${id}-link`}
          value={
            (LINK_STATES as readonly string[]).includes(form.linkState)
              ? (form.linkState as (typeof LINK_STATES)[number])
              : ''
          }
          onChange={(v) => onSet(FIELD_PATHS.linkState, v)}
          help="Applied by the CNI to the VF when a pod attaches. Left out, the VF keeps whatever state it had."
          options={LINK_STATES.map((s) => ({
            value: s,
            label: s,
            description: LINK_STATE_TEXT[s],
          }))}
          messages={at(FIELD_PATHS.linkState)}
          onReveal={onReveal}
        />
        {form.linkState !== '' && (
          <Button variant="ghost" onClick={() => onSet(FIELD_PATHS.linkState, undefined)}>
            Leave link state unset
          </Button>
        )}

        {kind === 'SriovNetwork' && (
          <div className="grid grid-cols-2 gap-3">
            <TextField
              label="VLAN (vlan)"
              inputMode="numeric"
              value={form.vlan}
              help="0 to 4094; 0 for none."
              onCommit={(v) => onSet(FIELD_PATHS.vlan, numberOrText(v))}
              messages={at(FIELD_PATHS.vlan)}
              onReveal={onReveal}
            />
            <TextField
              label="VLAN priority (vlanQoS)"
              inputMode="numeric"
              value={form.vlanQoS}
              help="0 to 7."
              onCommit={(v) => onSet(FIELD_PATHS.vlanQoS, numberOrText(v))}
              messages={at(FIELD_PATHS.vlanQoS)}
              onReveal={onReveal}
            />
            {(['spoofChk', 'trust'] as const).map((f) => (
              <RadioGroup
                key={f}
                legend={f === 'spoofChk' ? 'MAC spoof check (spoofChk)' : 'Trust (trust)'}
                name={`${id}-${f}`}
                value={form[f] === 'on' || form[f] === 'off' ? form[f] : ''}
                onChange={(v) => onSet(FIELD_PATHS[f], v)}
                options={[
                  { value: 'on', label: 'on' },
                  { value: 'off', label: 'off' },
                ]}
                messages={at(FIELD_PATHS[f])}
                onReveal={onReveal}
              />
            ))}
          </div>
        )}
      </fieldset>

      <CapabilitiesField
        kind={kind}
        state={form.capabilities}
        onChange={(t) => onSet(FIELD_PATHS.capabilities, t)}
        diagnostics={diagnostics}
        disabled={locked}
        onReveal={onReveal}
        onEditJson={() => onEditJson('capabilities')}
      />

      <IpamField
        kind={kind}
        state={form.ipam}
        onChange={(t) => onSet(FIELD_PATHS.ipam, t)}
        diagnostics={diagnostics}
        ipsCapability={capabilities.ips === true}
        disabled={locked}
        onReveal={onReveal}
        onEditJson={() => onEditJson('ipam')}
      />

      <section aria-labelledby={`${id}-meta`} className="space-y-1">
        <h3 id={`${id}-meta`} className="text-sm font-semibold">
          Chained plugins (metaPlugins)
        </h3>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {form.metaPlugins.state === 'absent'
            ? 'None. Plugins such as tuning can run after the SR-IOV plugin.'
            : 'Set. The NAD config becomes a plugin list with these after the SR-IOV plugin.'}
        </p>
        <Button variant="ghost" onClick={() => onEditJson('metaPlugins')} disabled={locked}>
          Edit metaPlugins as JSON
        </Button>
      </section>
    </form>
  );
}
