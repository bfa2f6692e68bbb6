import { poolAllocations } from '../ipam/pools';
import {
  type RangeUsage as IpamRangeUsage,
  type StaleAllocation,
  findStaleAllocations,
  rangeUsage,
} from '../ipam/usage';
import { parseWhereaboutsRanges } from '../ipam/whereabouts-config';
import type { IPPool, WhereaboutsIpam } from '../model';
import { parseJsonText } from '../render/embedded-json';
import type { ClusterSnapshot } from './kube';
import { analyzePod } from './pod-analysis';
import type { ObjectRef, PoolView, RangeUsage } from './types';

const staleCache = new WeakMap<ClusterSnapshot, Map<string, StaleAllocation[]>>();

/** Stale allocations of every pool (pod gone, or address not in its network-status), by pool key. */
export function staleByPool(snapshot: ClusterSnapshot): Map<string, StaleAllocation[]> {
  const hit = staleCache.get(snapshot);
  if (hit) return hit;
  // Only pods some allocation names matter: thousands of pods cost nothing when pools are small.
  const wanted = new Set<string>();
  for (const pool of snapshot.pools) {
    for (const a of Object.values(pool.spec.allocations ?? {})) if (a.podref) wanted.add(a.podref);
  }
  const live = new Map<string, string[]>();
  if (wanted.size > 0) {
    for (const pod of snapshot.pods) {
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (wanted.has(key)) live.set(key, analyzePod(pod).ips);
    }
  }
  const byPool = new Map<string, StaleAllocation[]>();
  for (const s of findStaleAllocations(snapshot.pools, live)) {
    // Old whereabouts wrote no podref: nothing proves such an entry stale, so it is not offered.
    if (s.reason === 'no-podref') continue;
    const key = `${s.namespace ?? ''}/${s.pool}`;
    const list = byPool.get(key);
    if (list) list.push(s);
    else byPool.set(key, [s]);
  }
  staleCache.set(snapshot, byPool);
  return byPool;
}

/** The whereabouts config of a network's ipam text, when it is whereabouts and readable. */
export function whereaboutsOf(ipamText: string | undefined): WhereaboutsIpam | undefined {
  if (!ipamText) return undefined;
  const parsed = parseJsonText<Record<string, unknown>>(ipamText);
  if (!parsed.ok || parsed.value?.type !== 'whereabouts') return undefined;
  return parsed.value as unknown as WhereaboutsIpam;
}

function percent(used: bigint, usable: bigint): number {
  if (usable === 0n) return 100;
  if (usable > 1n << 40n) return 0;
  return Math.round((Number(used) * 100) / Number(usable));
}

/** Usage of a network's whereabouts ranges, with the stale count of each pool. */
export function usageOf(cfg: WhereaboutsIpam, snapshot: ClusterSnapshot): RangeUsage[] {
  const stale = staleByPool(snapshot);
  return rangeUsage(cfg, snapshot.pools).map((u) => {
    const pool = snapshot.pools.find((p) => p.metadata.name === u.poolName);
    const key = `${pool?.metadata.namespace ?? ''}/${u.poolName}`;
    return toView(u, pool, stale.get(key)?.length ?? 0);
  });
}

function toView(u: IpamRangeUsage, pool: IPPool | undefined, stale: number): RangeUsage {
  return {
    range: u.cidr,
    pool: u.poolName,
    poolNamespace: pool?.metadata.namespace,
    size: u.usable.toString(),
    used: Number(u.used),
    free: u.free.toString(),
    stale,
    usedPercent: percent(u.used, u.usable),
  };
}

/** Every pool with its usage, stale allocations and the networks that allocate from it. */
export function poolViews(snapshot: ClusterSnapshot): PoolView[] {
  const stale = staleByPool(snapshot);
  const users = new Map<string, { ref: ObjectRef; cfg: WhereaboutsIpam }[]>();
  for (const net of snapshot.networks) {
    const cfg = whereaboutsOf(net.spec.ipam);
    if (!cfg) continue;
    for (const r of parseWhereaboutsRanges(cfg).ranges) {
      const ref = {
        kind: net.kind,
        namespace: net.metadata.namespace,
        name: net.metadata.name ?? '',
      };
      const list = users.get(r.poolName);
      if (list) list.push({ ref, cfg });
      else users.set(r.poolName, [{ ref, cfg }]);
    }
  }

  return snapshot.pools.map((pool) => {
    const name = pool.metadata.name ?? '';
    const namespace = pool.metadata.namespace ?? '';
    const staleHere = new Map((stale.get(`${namespace}/${name}`) ?? []).map((s) => [s.offset, s]));
    const nets = users.get(name) ?? [];
    // The size comes from a network's config (range_start/end, exclude); else from the CIDR alone.
    const cfg =
      nets[0]?.cfg ?? ({ type: 'whereabouts', range: pool.spec.range } as WhereaboutsIpam);
    const usage = rangeUsage(cfg, [pool]).find((u) => u.poolName === name);
    const allocations = poolAllocations(pool).map((a) => {
      const s = staleHere.get(a.offset);
      return {
        address: a.ip,
        offset: a.offset,
        containerId: a.id,
        podref: a.podref,
        ifname: a.ifname,
        stale: s !== undefined,
        staleReason: s
          ? s.reason === 'pod-missing'
            ? ('pod-gone' as const)
            : ('address-not-in-status' as const)
          : undefined,
      };
    });
    const used = usage ? usage.used : BigInt(allocations.length);
    const usable = usage?.usable ?? 0n;
    return {
      namespace,
      name,
      range: pool.spec.range,
      resourceVersion: pool.metadata.resourceVersion,
      networks: nets.map((n) => n.ref),
      size: usable.toString(),
      used: Number(used),
      free: (usable > used ? usable - used : 0n).toString(),
      stale: staleHere.size,
      usedPercent: percent(used, usable),
      allocations,
    };
  });
}

/** Is the allocation at `offset` of this pool stale right now? (Checked again at release time.) */
export function isStale(snapshot: ClusterSnapshot, pool: IPPool, offset: string): boolean {
  const key = `${pool.metadata.namespace ?? ''}/${pool.metadata.name ?? ''}`;
  return (staleByPool(snapshot).get(key) ?? []).some((s) => s.offset === offset);
}
