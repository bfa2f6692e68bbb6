import type { IpFamily } from './address';

/** One address handed out, in the shape both a preview and the CNI result need. */
export interface AllocatedAddress {
  /** Bare address, e.g. `192.168.10.1` (what network-status lists). */
  ip: string;
  /** Address with the prefix length, e.g. `192.168.10.1/24` (what the CNI result carries). */
  address: string;
  family: IpFamily;
  /** The range it came from: canonical CIDR (whereabouts, static) or subnet (host-local). */
  range: string;
  /** The whereabouts IPPool holding it. */
  poolName?: string;
  /** Key in the IPPool's `spec.allocations`: the decimal offset from the pool's network address. */
  offset?: string;
  /** Gateway the plugin reports with the address, when it has one. */
  gateway?: string;
}

/** The addresses one pod interface gets in one step: one per range (dual stack: IPv4 and IPv6). */
export interface AllocatedSet {
  ips: AllocatedAddress[];
}

/** An `exclude` entry after parsing: the block of addresses it removes. */
export interface WhereaboutsExclude {
  /** The entry as written. */
  text: string;
  /** The block as canonical CIDR (a bare address becomes /32 or /128). */
  cidr: string;
  family: IpFamily;
  first: bigint;
  last: bigint;
}

/**
 * One whereabouts range as whereabouts itself sees it: host bits dropped, dash form resolved,
 * out-of-range start/end ignored, only the first /65 of wide IPv6 ranges.
 */
export interface WhereaboutsRange {
  /** Where it comes from in the IPAM object: `[]` for the top-level range, `['ipRanges', i]`. */
  path: (string | number)[];
  /** Canonical network CIDR: the IPPool's `spec.range`. */
  cidr: string;
  family: IpFamily;
  prefixLength: number;
  /** Network address as a number. */
  network: bigint;
  /** First and last address handed out, as numbers; `first > last` when none can be. */
  first: bigint;
  last: bigint;
  /** First and last address handed out, as text (empty when none can be). */
  firstUsable: string;
  lastUsable: string;
  excludes: WhereaboutsExclude[];
  /** Addresses that can be handed out: first..last without the excluded ones. */
  usable: bigint;
  /** Name of the IPPool holding the allocations (with the network_name prefix). */
  poolName: string;
  /** The config's `network_name`, or '' for the unnamed network. */
  networkName: string;
}
