import type {
  IPAllocation,
  IPPool,
  OverlappingRangeIPReservation,
  WhereaboutsIpam,
} from '../model';
import { DEFAULT_WHEREABOUTS_NAMESPACE, WHEREABOUTS_API_VERSION } from '../model';
import { formatValue, parseAddress, toAddress } from './address';
import { IpamConfigError, IpamError, IpamExhaustedError } from './errors';
import { overlappingReservationName } from './names';
import { parseOffset, poolAllocations, requirePoolBase } from './pools';
import { OverlapIndex, RangeState } from './whereabouts-state';
import type { AllocatedAddress, AllocatedSet } from './types';
import { parseWhereaboutsRanges } from './whereabouts-config';

/** What is already taken when whereabouts picks the next address. */
export interface WhereaboutsExisting {
  /** Addresses to treat as taken in every range that holds them (bare addresses). */
  reserved?: readonly string[];
  /**
   * IPPools: the config's own pools (matched by name) and, for the overlapping-range check, the
   * pools of other networks.
   */
  pools?: readonly IPPool[];
  /**
   * The cluster's OverlappingRangeIPReservations. When given they are the truth for the
   * overlapping-range check; when left out, ibnet infers them from the allocations in `pools`.
   */
  overlappingReservations?: readonly OverlappingRangeIPReservation[];
}

/** Options of allocateWhereabouts and releaseWhereabouts. */
export interface WhereaboutsStoreOptions {
  /** Namespace of the pools and reservations (whereabouts' own namespace, kube-system by default). */
  namespace?: string;
  /** The cluster's OverlappingRangeIPReservations (see WhereaboutsExisting). */
  overlappingReservations?: readonly OverlappingRangeIPReservation[];
}

/** Result of allocateWhereabouts: what whereabouts would write, and the addresses. */
export interface WhereaboutsAllocation {
  /** One address per range, in range order. */
  ips: AllocatedAddress[];
  /** The config's pools after the allocation, one per range: updated copies or new pools. */
  pools: IPPool[];
  /** Reservations whereabouts creates or updates (none when enable_overlapping_ranges is false). */
  reservations: OverlappingRangeIPReservation[];
}

/** Result of releaseWhereabouts. */
export interface WhereaboutsRelease {
  released: AllocatedAddress[];
  /** The config's pools that changed, as updated copies. */
  pools: IPPool[];
  /** Names of the OverlappingRangeIPReservations whereabouts deletes. */
  reservationNames: string[];
}

/**
 * The next `count` allocations whereabouts would make for new pods, lowest free address first;
 * each step takes one address from every range (dual stack: an IPv4 and an IPv6 address).
 * Throws IpamConfigError when whereabouts would refuse the config, IpamExhaustedError (carrying
 * the steps that did fit) when a range runs out, AddressParseError for a bad `reserved` entry.
 */
export function nextAddresses(
  cfg: WhereaboutsIpam,
  existing: WhereaboutsExisting = {},
  count = 1,
): { addresses: AllocatedSet[] } {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new IpamError(`count must be a whole number of at least 1, not ${count}`);
  }
  const { states, gateway } = prepare(cfg, existing.pools ?? [], existing.overlappingReservations);
  for (const text of existing.reserved ?? []) {
    const address = toAddress(text);
    for (const state of states) {
      if (address.family === state.range.family) state.take(address.value);
    }
  }

  const addresses: AllocatedSet[] = [];
  // Nothing is released during a preview, so each range's search resumes where it stopped.
  const cursors = states.map((state) => ({ state, next: state.range.first }));
  for (let step = 0; step < count; step++) {
    const ips: AllocatedAddress[] = [];
    for (const cursor of cursors) {
      const { state } = cursor;
      const { value, heldElsewhere } = state.lowestFree(cursor.next);
      if (value === undefined) throw exhausted(state, heldElsewhere, addresses);
      state.take(value);
      state.reserve(value, '');
      cursor.next = value + 1n;
      ips.push(state.describe(value, gateway));
    }
    addresses.push({ ips });
  }
  return { addresses };
}

/**
 * Allocates for one pod interface as whereabouts does, and returns what it would write: the
 * pools with the new `spec.allocations` entries (keyed by the decimal offset from the network
 * address, value `{id, podref, ifname}`) and the overlapping-range reservations. An interface
 * that already holds an address in a pool gets it again (with its container ID updated). The
 * input pools are not modified; when any range is full nothing is allocated.
 */
export function allocateWhereabouts(
  cfg: WhereaboutsIpam,
  pools: readonly IPPool[],
  podref: string,
  containerId: string,
  ifname: string,
  options: WhereaboutsStoreOptions = {},
): WhereaboutsAllocation {
  const namespace = options.namespace ?? DEFAULT_WHEREABOUTS_NAMESPACE;
  const { states, gateway } = prepare(cfg, pools, options.overlappingReservations, namespace);
  const result: WhereaboutsAllocation = { ips: [], pools: [], reservations: [] };

  for (const state of states) {
    const allocations = { ...(state.pool?.spec.allocations ?? {}) };
    const held = heldBy(state, podref, ifname);

    let value: bigint;
    if (held) {
      value = held.value;
      allocations[held.key] = { ...allocations[held.key], id: containerId };
    } else {
      const found = state.lowestFree(state.range.first, podref);
      if (found.value === undefined) throw exhausted(state, found.heldElsewhere, []);
      value = found.value;
      allocations[state.keyOf(value)] = { id: containerId, podref, ifname };
    }
    const ip = formatValue(state.range.family, value);
    state.take(value);
    state.reserve(value, podref);

    result.ips.push(state.describe(value, gateway));
    result.pools.push(withAllocations(state, allocations, namespace));
    if (cfg.enable_overlapping_ranges !== false) {
      result.reservations.push({
        apiVersion: WHEREABOUTS_API_VERSION,
        kind: 'OverlappingRangeIPReservation',
        metadata: { name: overlappingReservationName(ip, state.range.networkName), namespace },
        spec: { containerid: containerId, podref, ifname },
      });
    }
  }
  return result;
}

/**
 * Releases the addresses of a pod interface from the config's pools, matching every given field
 * (`containerId`, `podref`, `ifname`); at least a container ID or a podref is required.
 */
export function releaseWhereabouts(
  cfg: WhereaboutsIpam,
  pools: readonly IPPool[],
  match: { containerId?: string; podref?: string; ifname?: string },
  options: WhereaboutsStoreOptions = {},
): WhereaboutsRelease {
  if (match.containerId === undefined && match.podref === undefined) {
    throw new IpamError('release needs a container ID or a pod reference (namespace/name)');
  }
  const namespace = options.namespace ?? DEFAULT_WHEREABOUTS_NAMESPACE;
  const overlapping = cfg.enable_overlapping_ranges !== false;
  const result: WhereaboutsRelease = { released: [], pools: [], reservationNames: [] };

  for (const range of parseWhereaboutsRanges(cfg).ranges) {
    const pool = findPool(pools, range.poolName, namespace);
    if (!pool) continue;
    const base = requirePoolBase(pool);
    const state = new RangeState(range, pool, base, undefined);

    const removed = new Set<string>();
    for (const entry of poolAllocations(pool)) {
      const matches =
        (match.containerId === undefined || entry.id === match.containerId) &&
        (match.podref === undefined || entry.podref === match.podref) &&
        (match.ifname === undefined || entry.ifname === match.ifname);
      if (!matches) continue;
      removed.add(entry.offset);
      result.released.push(state.describe(entry.value, undefined));
      if (overlapping) {
        result.reservationNames.push(overlappingReservationName(entry.ip, range.networkName));
      }
    }
    if (removed.size > 0) {
      const kept = Object.entries(pool.spec.allocations).filter(([key]) => !removed.has(key));
      result.pools.push(withAllocations(state, Object.fromEntries(kept), namespace));
    }
  }
  return result;
}

/** Parses the config and builds one RangeState per range; throws when the config is unusable. */
function prepare(
  cfg: WhereaboutsIpam,
  pools: readonly IPPool[],
  reservations: readonly OverlappingRangeIPReservation[] | undefined,
  namespace?: string,
): { states: RangeState[]; gateway: string | undefined } {
  const parsed = parseWhereaboutsRanges(cfg);
  if (parsed.blocking.length > 0) throw new IpamConfigError(parsed.blocking);

  const networkName = typeof cfg.network_name === 'string' ? cfg.network_name : '';
  const overlaps =
    cfg.enable_overlapping_ranges === false
      ? undefined
      : new OverlapIndex(networkName, pools, reservations);

  const states = parsed.ranges.map((range) => {
    const pool = findPool(pools, range.poolName, namespace);
    const base = pool ? requirePoolBase(pool) : { family: range.family, value: range.network };
    return new RangeState(range, pool, base, overlaps);
  });

  const gatewayText = typeof cfg.gateway === 'string' ? parseAddress(cfg.gateway) : undefined;
  const gateway = gatewayText?.ok
    ? formatValue(gatewayText.value.family, gatewayText.value.value)
    : undefined;
  return { states, gateway };
}

/** The allocation a pod interface already holds in the range's pool (whereabouts reuses it). */
function heldBy(
  state: RangeState,
  podref: string,
  ifname: string,
): { value: bigint; key: string } | undefined {
  const allocations = state.pool?.spec.allocations ?? {};
  const holds = (a: IPAllocation) => a.podref === podref && a.ifname === ifname;
  // Object.values is much cheaper than Object.entries on a large pool; most pods hold nothing.
  if (!Object.values(allocations).some(holds)) return undefined;
  for (const [key, allocation] of Object.entries(allocations)) {
    if (!holds(allocation)) continue;
    const offset = parseOffset(key);
    if (offset !== undefined) return { value: state.base.value + offset, key };
  }
  return undefined;
}

/** The pool whereabouts would read for a range: by name, preferring the given namespace. */
function findPool(
  pools: readonly IPPool[],
  name: string,
  namespace: string | undefined,
): IPPool | undefined {
  const named = pools.filter((p) => p.metadata.name === name);
  return named.find((p) => p.metadata.namespace === namespace) ?? named[0];
}

function withAllocations(
  state: RangeState,
  allocations: Record<string, IPAllocation>,
  namespace: string,
): IPPool {
  if (state.pool) {
    return {
      ...state.pool,
      metadata: { ...state.pool.metadata },
      spec: { ...state.pool.spec, allocations },
    };
  }
  return {
    apiVersion: WHEREABOUTS_API_VERSION,
    kind: 'IPPool',
    metadata: { name: state.range.poolName, namespace },
    spec: { range: state.range.cidr, allocations },
  };
}

function exhausted(state: RangeState, heldElsewhere: number, done: AllocatedSet[]) {
  const detail =
    heldElsewhere > 0
      ? ` (${heldElsewhere} of them through overlapping ranges of network "${state.range.networkName || '(unnamed)'}")`
      : '';
  return new IpamExhaustedError(state.range.cidr, state.range.usable, done, detail);
}
