'use client';

import { useId } from 'react';
import type { Diagnostic } from '@/lib/diagnostics';
import type { NetworkKind } from '@/lib/views/types';
import { Button } from '@/components/common/ui';
import { FieldMessages, diagnosticsAt } from './fields';
import { setJsonValue } from './json-text';
import type { EmbeddedState } from './network-form';

interface CapabilityChoice {
  key: 'infinibandGUID' | 'ips' | 'mac';
  label: string;
  enables: string;
}

const IB: CapabilityChoice[] = [
  {
    key: 'infinibandGUID',
    label: 'Per-pod GUID (infinibandGUID)',
    enables:
      'Pods may set "infiniband-guid" in their network request to get a VF with that GUID, e.g. to keep PKey membership in the subnet manager stable. Without it the request is silently dropped.',
  },
  {
    key: 'ips',
    label: 'Per-pod IPs (ips)',
    enables:
      'Pods may set "ips" in their network request; static IPAM then uses those addresses. whereabouts ignores per-pod IPs.',
  },
];

const ETH: CapabilityChoice[] = [
  {
    key: 'mac',
    label: 'Per-pod MAC (mac)',
    enables: 'Pods may set "mac" in their network request to choose the VF MAC address.',
  },
  IB[1] as CapabilityChoice,
];

/** The capabilities JSON as checkboxes; other keys in it are kept as they are. */
export function CapabilitiesField({
  kind,
  state,
  onChange,
  diagnostics,
  disabled,
  onReveal,
  onEditJson,
}: {
  kind: NetworkKind;
  state: EmbeddedState;
  onChange: (text: string | undefined) => void;
  diagnostics: readonly Diagnostic[];
  disabled?: boolean;
  onReveal: (d: Diagnostic) => void;
  onEditJson: () => void;
}) {
  const id = useId();
  const messages = diagnosticsAt(diagnostics, ['spec', 'capabilities']);
  const usable = state.state === 'object' || state.state === 'absent';
  const choices = kind === 'SriovIBNetwork' ? IB : ETH;
  const value = state.state === 'object' ? state.value : {};

  const toggle = (key: string, on: boolean) => {
    const text = state.state === 'object' ? state.text : '';
    const next = setJsonValue(text, [key], on ? true : undefined);
    onChange(next.trim() === '{}' ? undefined : next);
  };

  return (
    <fieldset
      disabled={disabled || !usable}
      aria-describedby={messages.length > 0 ? `${id}-messages` : undefined}
      aria-invalid={!usable || messages.some((m) => m.severity === 'error') || undefined}
    >
      <legend className="text-sm font-semibold">Capabilities</legend>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        What pods may ask for in their <code>k8s.v1.cni.cncf.io/networks</code> request.
      </p>
      {!usable && (
        <p className="mt-1 text-sm text-red-800 dark:text-red-300">
          spec.capabilities is not a JSON object the form can edit; fix it in the editor.
        </p>
      )}
      <div className="mt-1 space-y-1">
        {choices.map((c) => (
          <label key={c.key} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-1"
              checked={value[c.key] === true}
              onChange={(e) => toggle(c.key, e.target.checked)}
            />
            <span>
              <span className="font-medium">{c.label}</span>
              <span className="block text-xs text-slate-600 dark:text-slate-400">{c.enables}</span>
            </span>
          </label>
        ))}
      </div>
      <FieldMessages id={`${id}-messages`} messages={messages} onReveal={onReveal} />
      <Button variant="ghost" className="mt-1" onClick={onEditJson}>
        Edit capabilities as JSON
      </Button>
    </fieldset>
  );
}
