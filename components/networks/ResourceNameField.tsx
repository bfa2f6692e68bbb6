'use client';

import { useId, useMemo } from 'react';
import type { Diagnostic } from '@/lib/diagnostics';
import type { NetworkKind } from '@/lib/views/types';
import { useNodes, usePolicies } from '@/components/api';
import { DraftInput, FieldMessages, inputClass } from './fields';
import { describeResource, resourceOptions } from './resources';

/**
 * `spec.resourceName`: picked from the resources the node policies define (InfiniBand ones first
 * for a SriovIBNetwork), with the VFs free on the nodes right now; any other name can be typed.
 */
export function ResourceNameField({
  kind,
  value,
  onCommit,
  messages,
  disabled,
  onReveal,
}: {
  kind: NetworkKind;
  value: string;
  onCommit: (value: string) => void;
  messages: readonly Diagnostic[];
  disabled?: boolean;
  onReveal: (d: Diagnostic) => void;
}) {
  const id = useId();
  const policies = usePolicies();
  const nodes = useNodes();
  const options = useMemo(
    () => resourceOptions(policies.data?.items ?? [], nodes.data?.items ?? [], kind),
    [policies.data, nodes.data, kind],
  );
  const wanted = kind === 'SriovIBNetwork' ? 'ib' : 'eth';
  const chosen = options.find((o) => o.resourceName === value);
  const status = !value
    ? 'Pick the resource the VFs come from.'
    : chosen
      ? `${describeResource(chosen)} (policy ${chosen.policies.join(', ')}).`
      : policies.isSuccess
        ? `No node policy defines "${value}": pods on this network will wait for VFs that never appear.`
        : '';
  const mismatch = chosen && chosen.linkType !== wanted;

  return (
    <div>
      <label htmlFor={`${id}-input`} className="block text-sm font-medium">
        Resource (resourceName)
        <span aria-hidden="true" className="text-red-700">
          {' '}
          *
        </span>
      </label>
      <div className="mt-1 flex gap-2">
        <select
          aria-label="Resources defined by node policies"
          className={`${inputClass} w-1/2`}
          value={chosen ? value : ''}
          disabled={disabled}
          onChange={(e) => e.target.value && onCommit(e.target.value)}
        >
          <option value="">
            {policies.isLoading ? 'Loading policies…' : `Choose (${options.length} defined)`}
          </option>
          {options.map((o) => (
            <option key={o.resourceName} value={o.resourceName}>
              {describeResource(o)}
              {o.linkType !== wanted ? ` (${o.linkType === 'ib' ? 'InfiniBand' : 'Ethernet'})` : ''}
            </option>
          ))}
        </select>
        <DraftInput
          id={`${id}-input`}
          value={value}
          onCommit={onCommit}
          disabled={disabled}
          required
          spellCheck={false}
          autoComplete="off"
          placeholder="or type a name"
          aria-invalid={messages.some((m) => m.severity === 'error')}
          aria-describedby={`${id}-status${messages.length ? ` ${id}-errors` : ''}`}
          className={`${inputClass} w-1/2`}
        />
      </div>
      <p
        id={`${id}-status`}
        className={`mt-1 text-xs ${
          (value && !chosen && policies.isSuccess) || mismatch
            ? 'text-amber-800 dark:text-amber-300'
            : 'text-slate-600 dark:text-slate-400'
        }`}
      >
        {status}
        {mismatch &&
          ` This resource's policy has linkType ${chosen.linkType}, but a ${kind} needs ${wanted === 'ib' ? 'InfiniBand (linkType ib)' : 'Ethernet'} VFs.`}
      </p>
      <FieldMessages id={`${id}-errors`} messages={messages} onReveal={onReveal} />
    </div>
  );
}
