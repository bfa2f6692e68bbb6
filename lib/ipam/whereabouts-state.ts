import type { IPAllocation, IPPool, OverlappingRangeIPReservation } from '../model';
import { formatValue, lastAddressOf, parsePrefix, type IpAddress, type IpFamily } from './address';
import { overlappingReservationName, poolNetworkName } from './names';
import { poolBase } from './pools';
import type { AllocatedAddress, WhereaboutsRange } from './types';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The `spec.allocations` key of an offset, as whereabouts writes it (plain decimal). Small
 * offsets become numbers: objects index those as elements, which keeps lookups in large pools fast.
 */
function keyOf(offset: bigint): number | string {
  return offset <= MAX_SAFE ? Number(offset) : String(offset);
}

/** A pool of the config's network, read for the overlapping-range check. */
interface PoolWindow {
  allocations: Record<string, IPAllocation>;
  base: bigint;
  first: bigint;
  last: bigint;
}

/**
 * Whether an address is reserved cluster-wide through an overlapping range of the same network,
 * and by which pod. Whereabouts names each reservation `<network_name>-<address>`, so only
 * reservations made under the config's own network_name count.
 */
export class OverlapIndex {
  /** Reservations made during this call, per family: address → podref. */
  private readonly made = new Map<IpFamily, Map<bigint, string>>([
    [4, new Map()],
    [6, new Map()],
  ]);
  private readonly windows = new Map<IpFamily, PoolWindow[]>([
    [4, []],
    [6, []],
  ]);
  private readonly names: Map<string, string> | undefined;

  /**
   * With `reservations` (the cluster's objects) those are the truth; without, every allocation
   * in a pool of this network stands for the reservation whereabouts made along with it.
   */
  constructor(
    private readonly networkName: string,
    pools: readonly IPPool[],
    reservations: readonly OverlappingRangeIPReservation[] | undefined,
  ) {
    if (reservations) {
      this.names = new Map(reservations.map((r) => [r.metadata.name ?? '', r.spec.podref]));
      return;
    }
    for (const pool of pools) {
      if (poolNetworkName(pool) !== networkName) continue;
      const base = poolBase(pool);
      const prefix = parsePrefix(pool.spec.range);
      if (!base || !prefix.ok) continue;
      this.windows.get(base.family)?.push({
        allocations: pool.spec.allocations,
        base: base.value,
        first: prefix.value.network,
        last: lastAddressOf(prefix.value),
      });
    }
  }

  /** The podref holding the address ('' when unknown), or undefined when it is not reserved. */
  holder(family: IpFamily, value: bigint): string | undefined {
    const made = this.made.get(family)?.get(value);
    if (made !== undefined) return made;
    if (this.names) {
      const name = overlappingReservationName(formatValue(family, value), this.networkName);
      return this.names.get(name);
    }
    for (const w of this.windows.get(family) ?? []) {
      if (value < w.first || value > w.last) continue;
      const allocation = w.allocations[keyOf(value - w.base)];
      if (allocation) return allocation.podref ?? '';
    }
    return undefined;
  }

  /** Records a reservation made during this call. */
  reserve(family: IpFamily, value: bigint, podref: string): void {
    this.made.get(family)?.set(value, podref);
  }
}

/** One range with everything that decides which of its addresses are free. */
export class RangeState {
  /** Addresses taken besides the pool's own entries: `reserved`, and picks made in this call. */
  private readonly extra = new Set<bigint>();
  private readonly allocations: Record<string, IPAllocation>;
  private readonly blocks: { first: bigint; last: bigint }[];

  constructor(
    readonly range: WhereaboutsRange,
    readonly pool: IPPool | undefined,
    /** The address the pool's offsets count from. */
    readonly base: IpAddress,
    /** Off when enable_overlapping_ranges is false. */
    private readonly overlaps: OverlapIndex | undefined,
  ) {
    this.allocations = pool && base.family === range.family ? pool.spec.allocations : {};
    this.blocks = mergeBlocks(range.excludes.filter((e) => e.family === range.family));
  }

  /** Marks an address taken in this range. */
  take(value: bigint): void {
    this.extra.add(value);
  }

  /** Records the overlapping-range reservation whereabouts makes along with an allocation. */
  reserve(value: bigint, podref: string): void {
    this.overlaps?.reserve(this.range.family, value, podref);
  }

  /** The pool key of an address. */
  keyOf(value: bigint): string {
    return String(value - this.base.value);
  }

  /**
   * The lowest free address at or after `from`, and how many candidates another pod held through
   * an overlapping range. Free: in the pool's range window, not allocated, not excluded, and
   * (overlapping ranges on) not reserved by another pod. `podref` undefined: any holder counts.
   */
  lowestFree(from: bigint, podref?: string): { value?: bigint; heldElsewhere: number } {
    const { last, family } = this.range;
    let heldElsewhere = 0;
    let block = 0;
    for (let candidate = from; candidate <= last; candidate++) {
      let covering = this.blocks[block];
      while (covering && covering.last < candidate) covering = this.blocks[++block];
      if (covering && covering.first <= candidate) {
        candidate = covering.last;
        continue;
      }
      if (this.extra.has(candidate) || this.allocations[keyOf(candidate - this.base.value)]) {
        continue;
      }
      const holder = this.overlaps?.holder(family, candidate);
      if (holder !== undefined && (podref === undefined || holder !== podref)) {
        heldElsewhere++;
        continue;
      }
      return { value: candidate, heldElsewhere };
    }
    return { heldElsewhere };
  }

  /** The address in the shape callers get back. */
  describe(value: bigint, gateway: string | undefined): AllocatedAddress {
    const { family, prefixLength, cidr, poolName } = this.range;
    const ip = formatValue(family, value);
    const found: AllocatedAddress = {
      ip,
      address: `${ip}/${prefixLength}`,
      family,
      range: cidr,
      poolName,
      offset: this.keyOf(value),
    };
    if (gateway !== undefined) found.gateway = gateway;
    return found;
  }
}

/** Sorted, merged address blocks, so one forward walk can skip them. */
function mergeBlocks(blocks: readonly { first: bigint; last: bigint }[]) {
  const sorted = [...blocks].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const merged: { first: bigint; last: bigint }[] = [];
  for (const b of sorted) {
    const top = merged[merged.length - 1];
    if (top && b.first <= top.last + 1n) {
      if (b.last > top.last) top.last = b.last;
    } else {
      merged.push({ first: b.first, last: b.last });
    }
  }
  return merged;
}
