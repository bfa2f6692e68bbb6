'use client';

import Link from 'next/link';
import { usePools } from '@/components/api';
import { ToneIcon } from '@/components/common/StatusMark';
import { Card, EmptyState, ErrorBanner, Loading, PageHeader } from '@/components/common/ui';
import { pageHref } from '@/lib/views/paths';
import { poolNetworkName } from '@/lib/ipam/names';
import type { ObjectRef, PoolView } from '@/lib/views/types';
import { formatCount } from './count';
import { forecastPool } from './forecast';
import { ForecastText } from './ForecastText';
import { findRangeOverlaps } from './overlaps';
import { allocationTimes, useHolderTimes } from './useHolderTimes';
import { useNow } from './useNow';
import { UtilizationBar } from './UtilizationBar';

export function NetworkLinks({ networks }: { networks: ObjectRef[] }) {
  if (networks.length === 0) {
    return <span className="text-slate-500 italic">no network uses it</span>;
  }
  return (
    <>
      {networks.map((n, i) => (
        <span key={`${n.kind}/${n.namespace}/${n.name}`}>
          {i > 0 && ', '}
          {n.kind === 'SriovIBNetwork' || n.kind === 'SriovNetwork' ? (
            <Link
              href={pageHref.network(n.kind, n.namespace ?? '', n.name)}
              className="text-blue-800 underline-offset-2 hover:underline dark:text-blue-300"
            >
              {n.namespace}/{n.name}
            </Link>
          ) : (
            `${n.namespace}/${n.name}`
          )}
        </span>
      ))}
    </>
  );
}

/** The pool's `network_name`, read back from its name: pools of one range differ only by it. */
export function NetworkNameNote({ pool, srOnly = false }: { pool: PoolView; srOnly?: boolean }) {
  const name = poolNetworkName({
    metadata: { name: pool.name },
    spec: { range: pool.range, allocations: {} },
  });
  if (!name) return null;
  if (srOnly) return <span className="sr-only"> (network_name {name})</span>;
  return (
    <span className="block text-xs text-slate-600 dark:text-slate-400">
      network_name <span className="font-mono">{name}</span>
    </span>
  );
}

/** Overlap warnings: ranges several networks share without network_name. */
export function OverlapWarnings({ overlaps }: { overlaps: ReturnType<typeof findRangeOverlaps> }) {
  if (overlaps.length === 0) return null;
  return (
    <Card title={`${overlaps.length} range(s) shared between networks`}>
      <ul className="space-y-2 text-sm">
        {overlaps.map((o) => (
          <li key={o.pools.join(',')} className="flex gap-2">
            <span className="mt-0.5 text-amber-700 dark:text-amber-400">
              <ToneIcon tone="warning" />
            </span>
            <span>
              <span className="sr-only">Warning: </span>
              {o.message}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** Every whereabouts pool: ranges, usage, stale allocations, and when each runs out. */
export function PoolsPage() {
  const pools = usePools();
  const items = pools.data?.items ?? [];
  const holders = useHolderTimes(items);
  const now = useNow();

  if (pools.isLoading) return <Loading label="Loading IP pools…" />;
  if (pools.error)
    return <ErrorBanner error={pools.error} title="The IP pools could not be loaded" />;
  const overlaps = findRangeOverlaps(items);
  const sorted = [...items].sort(
    (a, b) => b.usedPercent - a.usedPercent || a.name.localeCompare(b.name),
  );

  return (
    <div className="space-y-4">
      <PageHeader
        title="IP pools"
        description="whereabouts IPPools: how full each range is, which addresses are held for pods that are gone, and when the range runs out at the current rate."
      />
      <OverlapWarnings overlaps={overlaps} />
      {sorted.length === 0 ? (
        <EmptyState title="No whereabouts pools">
          whereabouts creates an IPPool the first time a pod gets an address from a range.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">whereabouts IP pools, fullest first</caption>
            <thead className="border-b border-slate-200 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Pool
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Networks
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  Usable
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  Used
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  Free
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  Stale
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Utilization
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Runs out
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((p) => {
                const forecast = forecastPool({
                  free: p.free,
                  now,
                  ...allocationTimes(p.allocations, holders.times),
                });
                return (
                  <tr
                    key={`${p.namespace}/${p.name}`}
                    data-pool={`${p.namespace}/${p.name}`}
                    className="border-t border-slate-100 align-top dark:border-slate-800"
                  >
                    <td className="px-3 py-2">
                      <Link
                        href={pageHref.pool(p.namespace, p.name)}
                        className="font-mono font-medium text-blue-800 underline-offset-2 hover:underline dark:text-blue-300"
                      >
                        {p.range}
                        <NetworkNameNote pool={p} srOnly />
                      </Link>
                      <span className="block text-xs text-slate-500">
                        {p.namespace}/{p.name}
                      </span>
                      <NetworkNameNote pool={p} />
                    </td>
                    <td className="px-3 py-2 text-xs">
                      <NetworkLinks networks={p.networks} />
                    </td>
                    <td className="px-3 py-2 text-right font-mono" title={p.size}>
                      {formatCount(p.size)}
                    </td>
                    <td className="px-3 py-2 text-right font-mono">{p.used}</td>
                    <td className="px-3 py-2 text-right font-mono" title={p.free}>
                      {formatCount(p.free)}
                    </td>
                    <td className="px-3 py-2 text-right font-mono">
                      {p.stale > 0 ? (
                        <span className="inline-flex items-center gap-1 font-semibold text-amber-800 dark:text-amber-300">
                          <ToneIcon tone="warning" />
                          {p.stale}
                        </span>
                      ) : (
                        0
                      )}
                    </td>
                    <td className="px-3 py-2">
                      <UtilizationBar label={`Utilization of ${p.range}`} {...p} />
                    </td>
                    <td className="px-3 py-2">
                      {holders.loading && forecast.kind !== 'exhausted' ? (
                        'Reading history…'
                      ) : (
                        <ForecastText forecast={forecast} now={now} />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
