'use client';

import type { Diagnostic } from '@/lib/diagnostics';
import { Button } from '@/components/common/ui';
import { type JsonPath } from './json-text';
import { setIpamField, type RangePreview } from './ipam-model';
import { ListField, TextField, diagnosticsAt } from './fields';

/** What every IPAM sub-form gets: the parsed object, its text, and how to write a new text. */
export interface IpamFormProps {
  value: Record<string, unknown>;
  text: string;
  onChange: (text: string) => void;
  /** Diagnostics of the whole network; each field picks those under `spec.ipam.<its path>`. */
  diagnostics: readonly Diagnostic[];
  previews: readonly RangePreview[];
  disabled?: boolean;
  onReveal: (d: Diagnostic) => void;
}

export function at(props: IpamFormProps, path: JsonPath): Diagnostic[] {
  return diagnosticsAt(props.diagnostics, ['spec', 'ipam', ...path]);
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

/**
 * A list of two-field objects in the IPAM JSON (static `addresses`, `routes`): one row each with a
 * remove button, and an add button. Removing the last row removes the list.
 */
export function PairRows(
  props: IpamFormProps & {
    field: string;
    /** What one row is, in words: "address", "route". */
    noun: string;
    first: { key: string; label: (n: number) => string; placeholder: string };
    second: { key: string; label: string };
  },
) {
  const { value, text, onChange, disabled, onReveal, field, noun, first, second } = props;
  const rows = list(value[field]).map(rec);
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);
  return (
    <>
      <ol className="mt-2 space-y-2">
        {rows.map((row, i) => (
          <li key={i}>
            <fieldset
              disabled={disabled}
              className="grid grid-cols-1 items-end gap-2 sm:grid-cols-3"
            >
              <legend className="sr-only">
                {Noun} {i + 1}
              </legend>
              <TextField
                label={first.label(i + 1)}
                value={str(row[first.key])}
                placeholder={first.placeholder}
                onCommit={(v) => onChange(setIpamField(text, [field, i, first.key], v))}
                messages={at(props, [field, i, first.key])}
                onReveal={onReveal}
              />
              <TextField
                label={second.label}
                value={str(row[second.key])}
                onCommit={(v) => onChange(setIpamField(text, [field, i, second.key], v))}
                messages={at(props, [field, i, second.key])}
                onReveal={onReveal}
              />
              <Button
                variant="ghost"
                aria-label={`Remove ${noun} ${i + 1}`}
                onClick={() =>
                  onChange(setIpamField(text, rows.length === 1 ? [field] : [field, i], undefined))
                }
              >
                Remove {noun}
              </Button>
            </fieldset>
          </li>
        ))}
      </ol>
      <Button
        className="mt-2"
        disabled={disabled}
        onClick={() => onChange(setIpamField(text, [field, rows.length], { [first.key]: '' }))}
      >
        Add {noun}
      </Button>
    </>
  );
}

/** Routes of any IPAM type: destination CIDR and next hop. */
export function RoutesField(props: IpamFormProps) {
  return (
    <div>
      <h4 className="text-sm font-medium">Routes</h4>
      {list(props.value.routes).length === 0 && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          None: only the directly attached subnet is reachable through this interface.
        </p>
      )}
      <PairRows
        {...props}
        field="routes"
        noun="route"
        first={{ key: 'dst', label: (n) => `Route ${n} destination`, placeholder: '10.0.0.0/8' }}
        second={{ key: 'gw', label: 'Via (gw)' }}
      />
    </div>
  );
}

/** DNS settings reported to the runtime with the address. */
export function DnsField(props: IpamFormProps) {
  const { value, text, onChange, disabled, onReveal } = props;
  const dns = rec(value.dns);
  const set = (key: string, v: unknown) => {
    const next = { ...dns, [key]: v };
    const empty = (x: unknown) =>
      x === undefined || x === '' || (Array.isArray(x) && x.length === 0);
    const kept = Object.fromEntries(Object.entries(next).filter(([, x]) => !empty(x)));
    onChange(setIpamField(text, ['dns'], Object.keys(kept).length > 0 ? kept : undefined));
  };
  return (
    <fieldset disabled={disabled} className="grid grid-cols-1 gap-2 sm:grid-cols-3">
      <legend className="text-sm font-medium">DNS</legend>
      <ListField
        label="Name servers"
        values={list(dns.nameservers).map(str)}
        onCommit={(v) => set('nameservers', v)}
        messages={at(props, ['dns', 'nameservers'])}
        onReveal={onReveal}
      />
      <TextField
        label="Domain"
        value={str(dns.domain)}
        onCommit={(v) => set('domain', v)}
        messages={at(props, ['dns', 'domain'])}
        onReveal={onReveal}
      />
      <ListField
        label="Search domains"
        values={list(dns.search).map(str)}
        onCommit={(v) => set('search', v)}
        messages={at(props, ['dns', 'search'])}
        onReveal={onReveal}
      />
    </fieldset>
  );
}
