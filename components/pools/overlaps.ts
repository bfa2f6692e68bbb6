import { parsePrefix, prefixContains, type IpPrefix } from '@/lib/ipam/address';
import { poolNetworkName } from '@/lib/ipam/names';
import type { ObjectRef, PoolView } from '@/lib/views/types';

/** Pools whose addresses several networks share because none of them sets `network_name`. */
export interface RangeOverlap {
  /** `namespace/name` of the pools involved (one pool when networks share it). */
  pools: string[];
  ranges: string[];
  networks: ObjectRef[];
  /** Plain words: what is shared and what to do. */
  message: string;
}

function overlaps(a: IpPrefix, b: IpPrefix): boolean {
  if (a.family !== b.family) return false;
  return (
    prefixContains(a, { family: b.family, value: b.network }) ||
    prefixContains(b, { family: a.family, value: a.network })
  );
}

const refKey = (r: ObjectRef) => `${r.kind}/${r.namespace ?? ''}/${r.name}`;
const refText = (r: ObjectRef) => `${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

function uniqueRefs(refs: ObjectRef[]): ObjectRef[] {
  return [...new Map(refs.map((r) => [refKey(r), r])).values()];
}

/**
 * Finds ranges that networks share without `network_name`: one pool fed by several networks, or
 * overlapping ranges of different networks. Whereabouts then hands those networks addresses from
 * the same space (with `enable_overlapping_ranges` off, the same address can go to two pods).
 */
export function findRangeOverlaps(pools: readonly PoolView[]): RangeOverlap[] {
  const unnamed = pools.flatMap((pool) => {
    const named = poolNetworkName({
      metadata: { name: pool.name },
      spec: { range: pool.range, allocations: {} },
    });
    const prefix = parsePrefix(pool.range);
    return named === '' && prefix.ok ? [{ pool, prefix: prefix.value }] : [];
  });
  const found: RangeOverlap[] = [];
  const fix =
    'If they are different InfiniBand partitions, give each network its own "network_name" in the IPAM so they get separate pools.';

  for (const { pool } of unnamed) {
    const networks = uniqueRefs(pool.networks);
    if (networks.length < 2) continue;
    found.push({
      pools: [`${pool.namespace}/${pool.name}`],
      ranges: [pool.range],
      networks,
      message: `${networks.map(refText).join(', ')} allocate from the one pool of ${pool.range}, none with network_name. ${fix}`,
    });
  }

  for (let i = 0; i < unnamed.length; i++) {
    for (let j = i + 1; j < unnamed.length; j++) {
      const a = unnamed[i];
      const b = unnamed[j];
      if (!a || !b || !overlaps(a.prefix, b.prefix)) continue;
      const networks = uniqueRefs([...a.pool.networks, ...b.pool.networks]);
      const sameNetworks =
        uniqueRefs(a.pool.networks).length === networks.length &&
        uniqueRefs(b.pool.networks).length === networks.length;
      // One network's own ranges overlapping each other share nothing with anyone else.
      if (networks.length < 2 || sameNetworks) continue;
      found.push({
        pools: [`${a.pool.namespace}/${a.pool.name}`, `${b.pool.namespace}/${b.pool.name}`],
        ranges: [a.pool.range, b.pool.range],
        networks,
        message: `${a.pool.range} and ${b.pool.range} overlap and belong to ${networks.map(refText).join(', ')}, none with network_name: the same addresses are handed out on both. ${fix}`,
      });
    }
  }
  return found;
}
