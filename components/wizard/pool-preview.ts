import { IpamExhaustedError, nextAddresses, parseWhereaboutsRanges } from '@/lib/ipam';
import type { WhereaboutsIpam } from '@/lib/model';
import type { ObjectRef, PoolView } from '@/lib/views/types';

/** One whereabouts range as its IPPool will hold it. */
export interface PoolRange {
  cidr: string;
  family: 'IPv4' | 'IPv6';
  /** Name of the IPPool (with the network_name prefix). */
  pool: string;
  /** Addresses that can be handed out, as a decimal string (IPv6 ranges are huge). */
  size: string;
  firstUsable: string;
  lastUsable: string;
  /** Addresses allocated in the pool right now (0 for a pool that does not exist yet). */
  inUse: number;
  /** Other networks already allocating from the same pool. */
  sharedWith: ObjectRef[];
}

export interface PoolPreview {
  ranges: PoolRange[];
  /** What the next pods get, one address per range each, with current allocations counted. */
  nextPods: string[][];
  /** Why no address can be previewed, when so. */
  blocked?: string;
}

/**
 * The pools a whereabouts config allocates from and the first addresses new pods get, counting
 * what the cluster's pools already hand out (a pool shared through network_name, or a network
 * re-created with the same range). Never throws.
 */
export function poolPreview(
  cfg: Record<string, unknown>,
  pools: readonly PoolView[],
  self: ObjectRef,
  count = 3,
): PoolPreview {
  const parsed = parseWhereaboutsRanges(cfg as WhereaboutsIpam);
  const ranges = parsed.ranges.map((r) => {
    const pool = pools.find((p) => p.name === r.poolName);
    return {
      cidr: r.cidr,
      family: r.family === 6 ? ('IPv6' as const) : ('IPv4' as const),
      pool: r.poolName,
      size: r.usable.toString(),
      firstUsable: r.firstUsable,
      lastUsable: r.lastUsable,
      inUse: pool?.used ?? 0,
      sharedWith: (pool?.networks ?? []).filter(
        (n) => !(n.name === self.name && n.namespace === self.namespace),
      ),
    };
  });
  if (parsed.blocking.length > 0 || ranges.length === 0) {
    return {
      ranges,
      nextPods: [],
      blocked: parsed.blocking[0]?.message ?? 'no range yet: add one to see what pods get',
    };
  }
  const ours = new Set(ranges.map((r) => r.pool));
  const reserved = pools
    .filter((p) => ours.has(p.name))
    .flatMap((p) => p.allocations.map((a) => a.address));
  try {
    const { addresses } = nextAddresses(cfg as WhereaboutsIpam, { reserved }, count);
    return { ranges, nextPods: addresses.map((set) => set.ips.map((ip) => ip.address)) };
  } catch (err) {
    const partial = err instanceof IpamExhaustedError ? err.allocated : [];
    return {
      ranges,
      nextPods: partial.map((set) => set.ips.map((ip) => ip.address)),
      blocked: err instanceof Error ? err.message : String(err),
    };
  }
}
