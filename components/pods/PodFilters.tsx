'use client';

import { useEffect, useId, useState } from 'react';
import { useNamespaces, useNetworks, useNodes } from '@/components/api';
import { Button } from '@/components/common/ui';
import { NETWORK_STATES, POD_PHASES, type PodListFilter, isFiltered, statusLabel } from './filters';

/** Waits this long after the last keystroke before searching, so typing stays smooth. */
const SEARCH_DELAY_MS = 250;

const FIELD =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-800';

function Select({
  label,
  value,
  options,
  anyLabel,
  onChange,
}: {
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  anyLabel: string;
  onChange: (value: string | undefined) => void;
}) {
  const id = useId();
  // A value from a shared link that the lists do not (yet) hold stays selectable.
  const all =
    value && !options.some((o) => o.value === value)
      ? [{ value, label: value }, ...options]
      : options;
  return (
    <div className="flex flex-col">
      <label htmlFor={id} className="text-xs text-slate-600 dark:text-slate-400">
        {label}
      </label>
      <select
        id={id}
        className={`${FIELD} max-w-[14rem]`}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">{anyLabel}</option>
        {all.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The pods page filter: namespace, network, node, status and a text search. */
export function PodFilters({
  filter,
  onChange,
}: {
  filter: PodListFilter;
  onChange: (filter: PodListFilter) => void;
}) {
  const namespaces = useNamespaces();
  const networks = useNetworks();
  const nodes = useNodes();
  const searchId = useId();
  const [text, setText] = useState(filter.q ?? '');
  const [shownQ, setShownQ] = useState(filter.q);
  const [sentQ, setSentQ] = useState(filter.q);

  // The URL is the source of truth: follow it when something else changed it (back button, a
  // shared link, "clear"), but not when it echoes what is being typed.
  if (filter.q !== shownQ) {
    setShownQ(filter.q);
    if (filter.q !== sentQ) setText(filter.q ?? '');
  }

  const search = (q: string | undefined) => {
    setSentQ(q);
    onChange({ ...filter, q });
  };

  useEffect(() => {
    const q = text.trim() || undefined;
    if (q === filter.q) return;
    const timer = setTimeout(() => {
      setSentQ(q);
      onChange({ ...filter, q });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, filter, onChange]);

  const nadOptions = [
    ...new Set((networks.data?.items ?? []).map((n) => `${n.targetNamespace}/${n.name}`)),
  ]
    .sort()
    .map((v) => ({ value: v, label: v }));

  return (
    <form
      role="search"
      aria-label="Filter pods"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        search(text.trim() || undefined);
      }}
    >
      <div className="flex min-w-[14rem] flex-1 flex-col">
        <label htmlFor={searchId} className="text-xs text-slate-600 dark:text-slate-400">
          Search name, namespace, node or network
        </label>
        <input
          id={searchId}
          type="search"
          className={FIELD}
          value={text}
          placeholder="e.g. trainer or worker-1"
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <Select
        label="Namespace"
        value={filter.namespace}
        anyLabel="All namespaces"
        options={(namespaces.data?.items ?? []).map((n) => ({ value: n, label: n }))}
        onChange={(namespace) => onChange({ ...filter, namespace })}
      />
      <Select
        label="Network"
        value={filter.network}
        anyLabel="Any network"
        options={nadOptions}
        onChange={(network) => onChange({ ...filter, network })}
      />
      <Select
        label="Node"
        value={filter.node}
        anyLabel="Any node"
        options={(nodes.data?.items ?? []).map((n) => ({ value: n.name, label: n.name }))}
        onChange={(node) => onChange({ ...filter, node })}
      />
      <Select
        label="Status"
        value={filter.status}
        anyLabel="Any status"
        options={[...NETWORK_STATES, ...POD_PHASES].map((s) => ({
          value: s,
          label: statusLabel(s),
        }))}
        onChange={(status) => onChange({ ...filter, status: status as PodListFilter['status'] })}
      />
      {isFiltered(filter) && (
        <Button variant="ghost" onClick={() => onChange({})}>
          Clear filters
        </Button>
      )}
    </form>
  );
}
