'use client';

import { useMemo } from 'react';
import { Button } from '@/components/common/ui';
import { type EmbeddedSchemaKey, JsonEditor } from '@/components/editor';
import { getYamlValue } from '@/components/editor/yaml-edit';
import { readEmbeddedJson } from './json-text';

const HELP: Record<EmbeddedSchemaKey, string> = {
  ipam: 'Completion and checks for the IPAM type you declare, plus ibnet’s own IPAM rules (ranges, excludes, gateways).',
  capabilities: 'Each key is a capability the NAD declares; true lets pods request it.',
  metaPlugins: 'One CNI plugin object, or several, chained after the SR-IOV plugin.',
};

/**
 * Edits one embedded JSON string of the network (`spec.ipam`, `spec.capabilities`,
 * `spec.metaPlugins`) in a JSON editor with its schema; every change is written back into the
 * YAML string at once.
 */
export function JsonSidePanel({
  field,
  text,
  onChange,
  onClose,
  ipsCapability,
  readOnly,
}: {
  field: EmbeddedSchemaKey;
  /** The network YAML. */
  text: string;
  /** The new JSON text of the field ('' to remove it). */
  onChange: (value: string) => void;
  onClose: () => void;
  ipsCapability: boolean;
  readOnly?: boolean;
}) {
  const raw = useMemo(() => {
    try {
      return getYamlValue(text, ['spec', field]);
    } catch {
      return undefined;
    }
  }, [text, field]);
  const value = typeof raw === 'string' ? raw : '';
  const state = readEmbeddedJson(value);
  return (
    <div className="flex h-full flex-col gap-2" data-testid="json-side-panel">
      <div className="flex items-start justify-between gap-2">
        <div>
          <h2 className="text-sm font-semibold">spec.{field} as JSON</h2>
          <p className="text-xs text-slate-600 dark:text-slate-400">{HELP[field]}</p>
        </div>
        <Button onClick={onClose}>Back to the form</Button>
      </div>
      {raw !== undefined && typeof raw !== 'string' && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          spec.{field} is written as a YAML value, not as a JSON string; typing here replaces it
          with JSON text.
        </p>
      )}
      <p role="status" aria-live="polite" className="text-xs">
        {state.state === 'broken'
          ? `Not valid JSON yet: ${state.message} at line ${state.line}, column ${state.column}.`
          : state.state === 'absent'
            ? 'Empty: the field is left out of the YAML.'
            : 'Valid JSON.'}
      </p>
      <div className="min-h-[240px] flex-1 overflow-hidden rounded-md border border-slate-200 dark:border-slate-700">
        <JsonEditor
          value={value}
          onChange={onChange}
          schema={field}
          modelId={`side-${field}`}
          readOnly={readOnly}
          ipsCapability={ipsCapability}
          ariaLabel={`spec.${field} JSON`}
        />
      </div>
    </div>
  );
}
