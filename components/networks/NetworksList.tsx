'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useId, useMemo } from 'react';
import type { NetworkRow } from '@/lib/views/types';
import { useNamespaces, useNetworks } from '@/components/api';
import { StatusMark } from '@/components/common/StatusMark';
import {
  Badge,
  EmptyState,
  ErrorBanner,
  Loading,
  PageHeader,
  toneOf,
} from '@/components/common/ui';
import { usePermission } from '@/components/common/usePermission';
import { inputClass } from './fields';
import {
  type ListQuery,
  type SortKey,
  queryFromParams,
  queryRows,
  queryToParams,
  utilization,
} from './list-model';
import { networkHref } from './links';
import { LinkButton } from './LinkButton';

const COLUMNS: { key: SortKey | null; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'namespace', label: 'Namespace' },
  { key: 'target', label: 'NAD in' },
  { key: 'resource', label: 'Resource' },
  { key: 'ipam', label: 'IPAM' },
  { key: null, label: 'Link' },
  { key: null, label: 'Capabilities' },
  { key: 'ready', label: 'Ready' },
  { key: null, label: 'NAD' },
  { key: 'pods', label: 'Pods' },
  { key: 'utilization', label: 'Pool use' },
];

function UtilizationBar({ row }: { row: NetworkRow }) {
  if (row.ipam.ranges.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <ul className="space-y-0.5">
      {row.ipam.ranges.map((r) => (
        <li
          key={r.range}
          className="flex items-center gap-1"
          title={`${r.range}: ${r.used} used, ${r.free} free, ${r.stale} stale`}
        >
          <span
            className="h-1.5 w-12 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
            aria-hidden="true"
          >
            <span
              className={`block h-full ${r.usedPercent >= 90 ? 'bg-red-600' : r.usedPercent >= 70 ? 'bg-amber-500' : 'bg-emerald-600'}`}
              style={{ width: `${Math.max(2, r.usedPercent)}%` }}
            />
          </span>
          <span className="tabular-nums">
            {r.usedPercent}%<span className="sr-only"> of {r.range} used</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

function NadState({ row }: { row: NetworkRow }) {
  const { state, owner } = row.nad;
  const tone =
    state === 'present'
      ? 'ok'
      : state === 'foreign'
        ? 'error'
        : state === 'missing'
          ? 'warning'
          : 'neutral';
  return (
    <span title={owner ? `owned by ${owner}` : undefined}>
      <StatusMark tone={tone}>{state}</StatusMark>
    </span>
  );
}

/** All SriovIBNetworks and SriovNetworks, live, with sort, filters and search kept in the URL. */
export function NetworksList() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const query = useMemo(() => queryFromParams(new URLSearchParams(params.toString())), [params]);
  const networks = useNetworks();
  const namespaces = useNamespaces();
  const canCreate = usePermission('create', 'sriovibnetworks');
  const id = useId();

  const set = (patch: Partial<ListQuery>) => {
    const next = queryToParams({ ...query, ...patch }).toString();
    router.replace(next ? `${pathname}?${next}` : pathname, { scroll: false });
  };
  const rows = useMemo(() => queryRows(networks.data?.items ?? [], query), [networks.data, query]);
  const total = networks.data?.items.length ?? 0;

  return (
    <div>
      <PageHeader
        title="Networks"
        description="SriovIBNetworks and SriovNetworks, the NADs they render, and the pods and pools that use them. Updates live."
        actions={
          <>
            <LinkButton href="/networks/import">Import or check YAML</LinkButton>
            <LinkButton
              href="/networks/new"
              variant="primary"
              disabledReason={
                canCreate.allowed
                  ? undefined
                  : (canCreate.reason ??
                    (canCreate.loading ? 'Checking your permissions…' : undefined))
              }
            >
              New network
            </LinkButton>
          </>
        }
      />

      <div
        role="search"
        aria-label="Filter networks"
        className="mb-3 flex flex-wrap items-end gap-2"
      >
        <div className="min-w-56 flex-1">
          <label htmlFor={`${id}-q`} className="block text-xs font-medium">
            Search
          </label>
          <input
            id={`${id}-q`}
            type="search"
            value={query.search}
            onChange={(e) => set({ search: e.target.value })}
            placeholder="name, namespace, resource, range…"
            className={`mt-0.5 ${inputClass}`}
          />
        </div>
        <div>
          <label htmlFor={`${id}-ns`} className="block text-xs font-medium">
            Namespace
          </label>
          <select
            id={`${id}-ns`}
            value={query.namespace}
            onChange={(e) => set({ namespace: e.target.value })}
            className={`mt-0.5 ${inputClass}`}
          >
            <option value="">All</option>
            {(namespaces.data?.items ?? []).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-kind`} className="block text-xs font-medium">
            Kind
          </label>
          <select
            id={`${id}-kind`}
            value={query.kind}
            onChange={(e) => set({ kind: e.target.value as ListQuery['kind'] })}
            className={`mt-0.5 ${inputClass}`}
          >
            <option value="">Both</option>
            <option value="SriovIBNetwork">SriovIBNetwork</option>
            <option value="SriovNetwork">SriovNetwork</option>
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-ready`} className="block text-xs font-medium">
            Ready
          </label>
          <select
            id={`${id}-ready`}
            value={query.ready}
            onChange={(e) => set({ ready: e.target.value as ListQuery['ready'] })}
            className={`mt-0.5 ${inputClass}`}
          >
            <option value="">Any</option>
            <option value="ready">Ready</option>
            <option value="not-ready">Not ready</option>
          </select>
        </div>
      </div>

      <p
        role="status"
        aria-live="polite"
        className="mb-2 text-xs text-slate-600 dark:text-slate-400"
      >
        {networks.isSuccess ? `Showing ${rows.length} of ${total} networks.` : ''}
      </p>
      {networks.isLoading && <Loading label="Loading networks…" />}
      <ErrorBanner error={networks.error} title="Networks could not be listed" />
      {networks.isSuccess && total === 0 && (
        <EmptyState title="No networks yet">
          Create one with{' '}
          <Link href="/networks/new" className="underline">
            New network
          </Link>
          , or paste YAML in{' '}
          <Link href="/networks/import" className="underline">
            Import
          </Link>
          .
        </EmptyState>
      )}
      {rows.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Networks, sorted by {query.sort}</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs dark:border-slate-700 dark:bg-slate-800">
              <tr>
                {COLUMNS.map((c) => (
                  <th
                    key={c.label}
                    scope="col"
                    className="px-2 py-1.5 font-medium whitespace-nowrap"
                    aria-sort={
                      c.key === query.sort
                        ? query.descending
                          ? 'descending'
                          : 'ascending'
                        : undefined
                    }
                  >
                    {c.key ? (
                      <button
                        type="button"
                        className="inline-flex items-center gap-0.5 hover:underline"
                        onClick={() =>
                          set(
                            c.key === query.sort
                              ? { descending: !query.descending }
                              : { sort: c.key as SortKey, descending: false },
                          )
                        }
                      >
                        {c.label}
                        <span aria-hidden="true">
                          {c.key === query.sort ? (query.descending ? '▼' : '▲') : ''}
                        </span>
                      </button>
                    ) : (
                      c.label
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {rows.map((row) => (
                <tr
                  key={`${row.plural}/${row.namespace}/${row.name}`}
                  data-testid={`network-row-${row.namespace}-${row.name}`}
                >
                  <th scope="row" className="px-2 py-1.5 font-medium">
                    <Link
                      href={networkHref(row.plural, row.namespace, row.name)}
                      className="text-blue-800 hover:underline dark:text-blue-300"
                    >
                      {row.name}
                    </Link>
                    <span className="block text-xs font-normal text-slate-500">
                      {row.kind === 'SriovIBNetwork' ? 'InfiniBand' : 'Ethernet'}
                    </span>
                  </th>
                  <td className="px-2 py-1.5">{row.namespace}</td>
                  <td className="px-2 py-1.5">{row.targetNamespace}</td>
                  <td className="px-2 py-1.5 font-mono text-xs">{row.resourceName}</td>
                  <td className="px-2 py-1.5">
                    <span>{row.ipam.type}</span>
                    {row.ipam.ranges.length > 0 && (
                      <span className="block font-mono text-xs text-slate-600 dark:text-slate-400">
                        {row.ipam.ranges.map((r) => r.range).join(', ')}
                      </span>
                    )}
                  </td>
                  <td className="px-2 py-1.5">
                    {row.linkState ?? <span className="text-slate-500">unset</span>}
                  </td>
                  <td className="px-2 py-1.5">
                    <span className="flex flex-wrap gap-1">
                      {row.capabilities.infinibandGUID && <Badge tone="info">GUID</Badge>}
                      {row.capabilities.ips && <Badge tone="info">IPs</Badge>}
                      {row.capabilities.mac && <Badge tone="info">MAC</Badge>}
                      {!row.capabilities.infinibandGUID &&
                        !row.capabilities.ips &&
                        !row.capabilities.mac && <span className="text-slate-500">none</span>}
                    </span>
                  </td>
                  <td className="px-2 py-1.5">
                    <StatusMark tone={toneOf(row.ready.status)}>
                      {row.ready.status === 'True'
                        ? 'Ready'
                        : row.ready.status === 'False'
                          ? 'Not ready'
                          : 'Unknown'}
                    </StatusMark>
                    {row.ready.reason && (
                      <span
                        className="block text-xs text-slate-600 dark:text-slate-400"
                        title={row.ready.message}
                      >
                        {row.ready.reason}
                      </span>
                    )}
                  </td>
                  <td className="px-2 py-1.5">
                    <NadState row={row} />
                  </td>
                  <td className="px-2 py-1.5 tabular-nums">{row.podCount}</td>
                  <td className="px-2 py-1.5 text-xs" data-utilization={utilization(row)}>
                    <UtilizationBar row={row} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {networks.isSuccess && total > 0 && rows.length === 0 && (
        <EmptyState title="No network matches the filters">
          Clear the search or the filters above.
        </EmptyState>
      )}
    </div>
  );
}
