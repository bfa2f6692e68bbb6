'use client';

import Link from 'next/link';
import { ApiError, usePool, usePools } from '@/components/api';
import { Card, EmptyState, ErrorBanner, Loading, PageHeader } from '@/components/common/ui';
import { AllocationsTable } from './AllocationsTable';
import { formatCount } from './count';
import { forecastPool } from './forecast';
import { ForecastText } from './ForecastText';
import { findRangeOverlaps } from './overlaps';
import { NetworkLinks, NetworkNameNote, OverlapWarnings } from './PoolsPage';
import { allocationTimes, useHolderTimes } from './useHolderTimes';
import { useNow } from './useNow';
import { UtilizationBar } from './UtilizationBar';

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <div>
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="font-mono text-lg">{value}</dd>
    </div>
  );
}

/** One pool: usage, forecast with its basis, overlaps, and each allocation. */
export function PoolDetailPage({ namespace, name }: { namespace: string; name: string }) {
  const pool = usePool(namespace, name);
  const all = usePools();
  const holders = useHolderTimes(pool.data ? [pool.data] : []);
  const now = useNow();

  if (pool.isLoading) return <Loading label={`Loading pool ${namespace}/${name}…`} />;
  if (pool.error instanceof ApiError && pool.error.code === 'not-found') {
    return (
      <EmptyState title={`Pool ${namespace}/${name} does not exist`}>
        <Link href="/pools" className="text-blue-800 underline dark:text-blue-300">
          Back to all pools
        </Link>
      </EmptyState>
    );
  }
  if (pool.error)
    return (
      <ErrorBanner error={pool.error} title={`Pool ${namespace}/${name} could not be loaded`} />
    );
  const p = pool.data;
  if (!p) return null;

  const key = `${p.namespace}/${p.name}`;
  const overlaps = findRangeOverlaps(all.data?.items ?? [p]).filter((o) => o.pools.includes(key));
  const forecast = forecastPool({
    free: p.free,
    now,
    ...allocationTimes(p.allocations, holders.times),
  });

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link
          href="/pools"
          className="text-blue-800 underline-offset-2 hover:underline dark:text-blue-300"
        >
          IP pools
        </Link>
      </nav>
      <PageHeader
        title={<span className="font-mono">{p.range}</span>}
        description={
          <>
            IPPool {key} · used by <NetworkLinks networks={p.networks} />
            <NetworkNameNote pool={p} />
          </>
        }
      />
      <OverlapWarnings overlaps={overlaps} />
      <Card title="Usage">
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5">
          <Figure label="Range" value={p.range} />
          <Figure label="Usable" value={formatCount(p.size)} />
          <Figure label="Used" value={p.used} />
          <Figure label="Free" value={formatCount(p.free)} />
          <Figure label="Stale" value={p.stale} />
        </dl>
        <div className="mt-3 max-w-xl">
          <UtilizationBar label={`Utilization of ${p.range}`} {...p} />
        </div>
        <div className="mt-3 text-sm">
          <p className="font-medium">When it runs out at the current rate</p>
          {holders.loading ? (
            'Reading the pods that hold addresses…'
          ) : (
            <ForecastText forecast={forecast} now={now} withBasis />
          )}
        </div>
      </Card>
      <Card title={`Allocations (${p.allocations.length})`}>
        <AllocationsTable pool={p} />
      </Card>
    </div>
  );
}
