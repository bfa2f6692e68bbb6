import type { IPPool, WhereaboutsIpam } from '../model';
import { formatAddress, parseAddress } from './address';
import { countAllocations, poolAllocations, type PoolAllocation } from './pools';
import type { WhereaboutsRange } from './types';
import { parseWhereaboutsRanges } from './whereabouts-config';

/** How full one whereabouts range is. */
export interface RangeUsage {
  cidr: string;
  poolName: string;
  /** Addresses the range can hand out (excludes already taken off). */
  usable: bigint;
  /** Pool allocations among the usable addresses. */
  used: bigint;
  free: bigint;
  /** used / usable, from 0 to 1; 1 when the range has no usable address (nothing can be had). */
  utilization: number;
  /**
   * Pool allocations outside the usable addresses (excluded, or outside range_start/range_end):
   * left over from an earlier config; they take nothing away but are never released by reuse.
   */
  outside: number;
  /** Whether the pool exists at all (whereabouts creates it on the first allocation). */
  poolExists: boolean;
}

/**
 * Usage per range of a config (or of ranges already parsed) against the given IPPools, matched
 * by pool name. Overlapping-range reservations held by other pools are not counted here.
 */
export function rangeUsage(
  target: WhereaboutsIpam | WhereaboutsRange | readonly WhereaboutsRange[],
  pools: readonly IPPool[],
): RangeUsage[] {
  const ranges = Array.isArray(target)
    ? (target as readonly WhereaboutsRange[])
    : isRange(target)
      ? [target]
      : parseWhereaboutsRanges(target as WhereaboutsIpam).ranges;

  return ranges.map((range) => {
    const pool = pools.find((p) => p.metadata.name === range.poolName);
    const blocks = range.excludes.filter((e) => e.family === range.family);
    const counts = pool ? countAllocations(pool, range, blocks) : { inside: 0, total: 0 };
    const used = BigInt(counts.inside);
    const free = range.usable > used ? range.usable - used : 0n;
    const utilization = range.usable === 0n ? 1 : Math.min(1, Number(used) / Number(range.usable));
    return {
      cidr: range.cidr,
      poolName: range.poolName,
      usable: range.usable,
      used,
      free,
      utilization,
      outside: counts.total - counts.inside,
      poolExists: pool !== undefined,
    };
  });
}

/** Why an allocation looks stale. */
export type StaleReason = 'pod-missing' | 'address-not-in-network-status' | 'no-podref';

/** An allocation that holds an address no running pod uses. */
export interface StaleAllocation extends PoolAllocation {
  /** The IPPool holding it. */
  pool: string;
  namespace?: string;
  reason: StaleReason;
  /** What is wrong and what to do, for people. */
  message: string;
}

/**
 * Allocations whose pod is gone, or whose address is not among the addresses its pod reports in
 * `k8s.v1.cni.cncf.io/network-status`. `livePods` maps each running pod (`namespace/name`) to
 * the IPs of its network-status entries. Allocations without a podref (written by old
 * whereabouts versions) are listed with reason `no-podref`, since nothing ties them to a pod.
 */
export function findStaleAllocations(
  pools: readonly IPPool[],
  livePods: ReadonlyMap<string, readonly string[]>,
): StaleAllocation[] {
  const canonical = new Map<string, Set<string>>();
  for (const [podref, ips] of livePods) canonical.set(podref, new Set(ips.map(canonicalIp)));

  const stale: StaleAllocation[] = [];
  for (const pool of pools) {
    const name = pool.metadata.name ?? '';
    for (const a of poolAllocations(pool)) {
      const found = judge(a, name, canonical);
      if (!found) continue;
      const entry: StaleAllocation = { ...a, pool: name, ...found };
      if (pool.metadata.namespace !== undefined) entry.namespace = pool.metadata.namespace;
      stale.push(entry);
    }
  }
  return stale;
}

function judge(
  a: PoolAllocation,
  pool: string,
  live: ReadonlyMap<string, Set<string>>,
): { reason: StaleReason; message: string } | undefined {
  const where = `${a.ip} in IPPool ${pool} (key ${a.offset})`;
  if (a.podref === undefined || a.podref === '') {
    return {
      reason: 'no-podref',
      message: `${where} records no pod, only container ${a.id}; if no pod uses it, remove the entry from spec.allocations.`,
    };
  }
  const ips = live.get(a.podref);
  if (!ips) {
    return {
      reason: 'pod-missing',
      message: `${where} belongs to pod ${a.podref}, which no longer exists; remove the entry from spec.allocations to free the address.`,
    };
  }
  if (!ips.has(a.ip)) {
    return {
      reason: 'address-not-in-network-status',
      message: `${where} belongs to pod ${a.podref}, but its network-status does not list ${a.ip}; the pod probably got another address after a restart. Remove the entry if the pod does not use it.`,
    };
  }
  return undefined;
}

function isRange(value: unknown): value is WhereaboutsRange {
  return typeof value === 'object' && value !== null && 'poolName' in value && 'first' in value;
}

/** network-status lists bare addresses; tolerate a prefix length and any spelling of IPv6. */
function canonicalIp(text: string): string {
  const bare = text.includes('/') ? text.slice(0, text.indexOf('/')) : text;
  const parsed = parseAddress(bare);
  return parsed.ok ? formatAddress(parsed.value) : bare;
}
