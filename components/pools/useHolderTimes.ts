'use client';

import { useQueries } from '@tanstack/react-query';
import { api, useLiveUpdates, useNetworks } from '@/components/api';
import { MAX_PAGE_SIZE } from '@/lib/views/pod-query';
import type { AllocationView, NetworkRow, ObjectRef, PoolView } from '@/lib/views/types';
import type { ForecastInput } from './forecast';

/** Stop paging a network's pods here: the forecast needs a rate, not a census. */
const MAX_PODS_PER_NETWORK = 20_000;

/** The NADs (`namespace/name`) that the pool's networks render, from the network list. */
export function nadsOfPool(
  pool: Pick<PoolView, 'networks'>,
  networks: readonly NetworkRow[],
): string[] {
  const same = (row: NetworkRow, ref: ObjectRef) =>
    row.kind === ref.kind && row.namespace === ref.namespace && row.name === ref.name;
  return pool.networks.flatMap((ref) => {
    const row = networks.find((r) => same(r, ref));
    return row ? [`${row.targetNamespace}/${row.name}`] : [];
  });
}

async function creationTimes(network: string): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const page = await api.pods({ network, limit: MAX_PAGE_SIZE, cursor });
    for (const row of page.items) {
      const t = row.createdAt ? Date.parse(row.createdAt) : Number.NaN;
      if (Number.isFinite(t)) times.set(`${row.namespace}/${row.name}`, t);
    }
    cursor = page.nextCursor;
  } while (cursor && times.size < MAX_PODS_PER_NETWORK);
  return times;
}

/** Splits allocations into the creation times of their holders and a count of unknown ones. */
export function allocationTimes(
  allocations: readonly AllocationView[],
  times: ReadonlyMap<string, number>,
): Pick<ForecastInput, 'allocatedAt' | 'untimed'> {
  const allocatedAt: number[] = [];
  let untimed = 0;
  for (const a of allocations) {
    const t = !a.stale && a.podref ? times.get(a.podref) : undefined;
    if (t === undefined) untimed++;
    else allocatedAt.push(t);
  }
  return { allocatedAt, untimed };
}

/**
 * Creation times of the pods on the given pools' networks, by `namespace/pod`: the only history
 * of allocations the cluster keeps. Refetched when pods change (the queries are in the pods family).
 */
export function useHolderTimes(pools: readonly PoolView[]): {
  times: Map<string, number>;
  loading: boolean;
} {
  useLiveUpdates(['pods']);
  const networks = useNetworks();
  const nads = [...new Set(pools.flatMap((p) => nadsOfPool(p, networks.data?.items ?? [])))].sort();
  const results = useQueries({
    queries: nads.map((nad) => ({
      queryKey: ['pods', 'creation-times', nad],
      queryFn: () => creationTimes(nad),
      staleTime: 30_000,
    })),
  });
  const times = new Map<string, number>();
  for (const r of results) for (const [k, v] of r.data ?? []) times.set(k, v);
  return { times, loading: networks.isLoading || results.some((r) => r.isLoading) };
}
