import type { HostLocalIpam } from '../model';
import { formatValue, type IpFamily } from './address';
import { IpamConfigError, IpamError, IpamExhaustedError } from './errors';
import { parseHostLocalRanges, rangeSetUsable, type HostLocalRange } from './host-local-config';
import type { AllocatedAddress } from './types';

/** An address a HostLocalAllocator has handed out. */
export interface HostLocalReservation {
  ip: string;
  containerId: string;
  ifname: string;
  /** Index of the range set it came from. */
  rangeSet: number;
}

interface Held {
  family: IpFamily;
  value: bigint;
  containerId: string;
  ifname: string;
  rangeSet: number;
}

/**
 * host-local as it runs on one node: one store, one address from each range set per interface,
 * round-robin (the search starts after the last address reserved in the set and wraps), the
 * gateway skipped. Each node has its own allocator and knows nothing of the others, which is
 * exactly why one host-local range used on two nodes hands out the same addresses twice.
 */
export class HostLocalAllocator {
  private readonly sets: HostLocalRange[][];
  private readonly held = new Map<string, Held>();
  private readonly lastReserved: ({ family: IpFamily; value: bigint } | undefined)[];

  /** Throws IpamConfigError when host-local would refuse the config. */
  constructor(cfg: HostLocalIpam) {
    const parsed = parseHostLocalRanges(cfg);
    if (parsed.blocking.length > 0) throw new IpamConfigError(parsed.blocking);
    this.sets = parsed.rangeSets;
    this.lastReserved = this.sets.map(() => undefined);
  }

  /**
   * Allocates one address from every range set for a container interface. Throws IpamError when
   * the interface already holds one, IpamExhaustedError when a set is full (nothing is kept then).
   */
  allocate(containerId: string, ifname: string): AllocatedAddress[] {
    const taken: AllocatedAddress[] = [];
    try {
      this.sets.forEach((set, index) =>
        taken.push(this.allocateFrom(set, index, containerId, ifname)),
      );
    } catch (err) {
      for (const a of taken) this.held.delete(keyOf(a.family, a.ip));
      throw err;
    }
    return taken;
  }

  /** Releases every address of the container interface; returns the released addresses. */
  release(containerId: string, ifname: string): string[] {
    const released: string[] = [];
    for (const [key, h] of this.held) {
      if (h.containerId !== containerId || h.ifname !== ifname) continue;
      this.held.delete(key);
      released.push(formatValue(h.family, h.value));
    }
    return released;
  }

  /** Everything handed out and not released, in allocation order. */
  reservations(): HostLocalReservation[] {
    return [...this.held.values()].map((h) => ({
      ip: formatValue(h.family, h.value),
      containerId: h.containerId,
      ifname: h.ifname,
      rangeSet: h.rangeSet,
    }));
  }

  private allocateFrom(
    set: HostLocalRange[],
    index: number,
    containerId: string,
    ifname: string,
  ): AllocatedAddress {
    for (const h of this.held.values()) {
      if (h.rangeSet === index && h.containerId === containerId && h.ifname === ifname) {
        throw new IpamError(
          `${formatValue(h.family, h.value)} has been allocated to ${containerId}, duplicate allocation is not allowed`,
        );
      }
    }

    for (const { range, value } of this.candidates(set, index)) {
      const key = keyOf(range.family, formatValue(range.family, value));
      if (this.held.has(key)) continue;
      this.held.set(key, { family: range.family, value, containerId, ifname, rangeSet: index });
      this.lastReserved[index] = { family: range.family, value };
      const ip = formatValue(range.family, value);
      return {
        ip,
        address: `${ip}/${range.prefixLength}`,
        family: range.family,
        range: range.subnet,
        gateway: range.gatewayText,
      };
    }
    throw new IpamExhaustedError(set.map((r) => r.subnet).join(','), rangeSetUsable(set));
  }

  /** host-local's range iterator: from the last reserved address + 1, wrapping once round the set. */
  private *candidates(
    set: HostLocalRange[],
    index: number,
  ): Generator<{ range: HostLocalRange; value: bigint }> {
    const last = this.lastReserved[index];
    const holder = last
      ? set.findIndex(
          (r) => r.family === last.family && last.value >= r.rangeStart && last.value <= r.rangeEnd,
        )
      : -1;

    let rangeIndex = holder >= 0 ? holder : 0;
    let current = holder >= 0 ? last?.value : undefined;
    let startedAt: bigint | undefined;

    const rangeAt = (i: number): HostLocalRange => {
      const range = set[i];
      if (!range) throw new IpamError(`range set ${index} has no range ${i}`);
      return range;
    };

    for (;;) {
      let range = rangeAt(rangeIndex);
      if (current === undefined) {
        current = range.rangeStart;
        startedAt = current;
        if (current !== range.gateway) yield { range, value: current };
        continue;
      }

      if (current === range.rangeEnd) {
        rangeIndex = (rangeIndex + 1) % set.length;
        range = rangeAt(rangeIndex);
        current = range.rangeStart;
      } else {
        current += 1n;
      }

      if (startedAt === undefined) startedAt = current;
      else if (current === startedAt) return;

      if (current !== range.gateway) yield { range, value: current };
    }
  }
}

function keyOf(family: IpFamily, ip: string): string {
  return `${family}/${ip}`;
}
