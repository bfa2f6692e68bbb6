import type { Issue } from '../diagnostics/types';
import type { HostLocalIpam } from '../model';
import {
  familyBits,
  formatPrefix,
  formatValue,
  lastAddressOf,
  parseAddress,
  parsePrefix,
  type IpFamily,
} from './address';
import { issue, list, record, text } from './issues';

type Path = (string | number)[];

/** One host-local range after the plugin's canonicalization. */
export interface HostLocalRange {
  /** Where it comes from: `[]` for the top-level subnet, `['ranges', i, j]` otherwise. */
  path: Path;
  /** The subnet as canonical CIDR. */
  subnet: string;
  family: IpFamily;
  prefixLength: number;
  network: bigint;
  /** First and last address handed out (inclusive), as numbers. */
  rangeStart: bigint;
  rangeEnd: bigint;
  /** The gateway (default: network + 1), skipped by the allocator; undefined if another family. */
  gateway?: bigint;
  /** The gateway as text, as the plugin reports it with each address. */
  gatewayText: string;
}

/** Range sets of a host-local config, with what is wrong with it. */
export interface ParsedHostLocal {
  /** One address is allocated from each set; the top-level subnet is set 0 when present. */
  rangeSets: HostLocalRange[][];
  issues: Issue[];
  /** Findings that make host-local refuse the config. */
  blocking: Issue[];
}

/**
 * Reads a host-local config as the plugin does: the top-level subnet/rangeStart/rangeEnd/gateway
 * become range set 0, then each `ranges` set; subnets must have no host bits and at least two
 * host bits; rangeStart/rangeEnd must lie in the subnet in order; ranges must not overlap.
 * Never throws.
 */
export function parseHostLocalRanges(cfg: HostLocalIpam): ParsedHostLocal {
  const source = record(cfg) ?? {};
  const issues: Issue[] = [];
  const blocking: Issue[] = [];
  const block = (found: Issue) => {
    issues.push(found);
    blocking.push(found);
  };

  const sets: { path: Path; entries: { path: Path; fields: Record<string, unknown> }[] }[] = [];
  if (text(source.subnet) !== undefined) {
    sets.push({ path: [], entries: [{ path: [], fields: source }] });
  } else {
    for (const field of ['rangeStart', 'rangeEnd', 'gateway'] as const) {
      if (text(source[field]) === undefined) continue;
      const message = `${field} is ignored: it belongs to the top-level "subnet", which is not set. Set "subnet" or move ${field} into a "ranges" entry.`;
      issues.push(issue('warning', 'ipam/top-level-field-unused', [field], message));
    }
  }
  list(source.ranges).forEach((set, i) => {
    if (!Array.isArray(set)) return;
    const entries = set.flatMap((value, j) => {
      const fields = record(value);
      return fields ? [{ path: ['ranges', i, j], fields }] : [];
    });
    sets.push({ path: ['ranges', i], entries });
  });

  if (sets.length === 0) {
    const message =
      'host-local has no range to allocate from, so every pod fails. Set "subnet" (e.g. "10.56.217.0/24") or "ranges".';
    block(issue('error', 'ipam/range-missing', ['subnet'], message));
  }

  const rangeSets: HostLocalRange[][] = [];
  for (const set of sets) {
    if (set.entries.length === 0) {
      const message =
        'this range set is empty; host-local refuses the config. Give it at least one {"subnet": …}.';
      block(issue('error', 'ipam/host-local-empty-set', set.path, message));
      continue;
    }
    const ranges = set.entries.flatMap((e) => {
      const range = canonicalize(e.path, e.fields, issues, block);
      return range ? [range] : [];
    });
    checkSet(set.path, ranges, block);
    rangeSets.push(ranges);
  }

  checkOverlaps(rangeSets, block);
  return { rangeSets: rangeSets.filter((s) => s.length > 0), issues, blocking };
}

function canonicalize(
  path: Path,
  fields: Record<string, unknown>,
  issues: Issue[],
  block: (found: Issue) => void,
): HostLocalRange | undefined {
  const at = (field: string): Path => [...path, field];
  const subnetText = text(fields.subnet);
  if (subnetText === undefined) {
    const message =
      'this range has no "subnet"; host-local refuses the config. Add one, e.g. "10.56.217.0/24".';
    block(issue('error', 'ipam/host-local-subnet-missing', at('subnet'), message));
    return undefined;
  }

  const parsed = parsePrefix(subnetText);
  if (!parsed.ok) {
    const message = `subnet "${subnetText}" ${parsed.reason}; host-local refuses the config. Write a CIDR such as "10.56.217.0/24".`;
    block(
      issue('error', 'ipam/host-local-subnet-invalid', at('subnet'), message, parsed.suggestion),
    );
    return undefined;
  }
  const prefix = parsed.value;
  const { family, network, prefixLength } = prefix;
  const subnet = formatPrefix(prefix);
  const bits = familyBits(family);
  const fmt = (value: bigint) => formatValue(family, value);

  if (prefixLength > bits - 2) {
    const message = `subnet ${subnet} is too small: host-local needs at least two host bits and refuses a /${prefixLength}. Use a /${bits - 2} or wider subnet.`;
    block(issue('error', 'ipam/range-no-usable', at('subnet'), message));
    return undefined;
  }
  if (prefix.address !== network) {
    const message = `subnet "${subnetText}" has host bits set, which host-local refuses; the network address for a /${prefixLength} is ${fmt(network)}. Write "${subnet}" (and "rangeStart": "${fmt(prefix.address)}" to start there).`;
    block(issue('error', 'ipam/host-local-host-bits', at('subnet'), message, subnet));
    return undefined;
  }

  const allOnes = lastAddressOf(prefix);
  let gateway: bigint | undefined = network + 1n;
  let gatewayText = fmt(gateway);
  const gatewayRaw = text(fields.gateway);
  if (gatewayRaw !== undefined) {
    const gw = parseAddress(gatewayRaw);
    if (!gw.ok) {
      const message = `gateway "${gatewayRaw}" ${gw.reason}; host-local refuses the config. Write a single address such as "${fmt(network + 1n)}".`;
      block(issue('error', 'ipam/gateway-invalid', at('gateway'), message, gw.suggestion));
      return undefined;
    }
    gatewayText = formatValue(gw.value.family, gw.value.value);
    gateway = gw.value.family === family ? gw.value.value : undefined;
    if (gw.value.family !== family) {
      const message = `gateway ${gatewayText} is IPv${gw.value.family} but subnet ${subnet} is IPv${family}; the default route cannot use it. Use an address inside ${subnet}.`;
      issues.push(issue('error', 'ipam/gateway-family', at('gateway'), message));
    } else if (gw.value.value < network || gw.value.value > allOnes) {
      const message = `gateway ${gatewayText} is outside ${subnet}; the pod cannot reach it directly and older host-local versions refuse the config. Use an address inside ${subnet}.`;
      issues.push(issue('warning', 'ipam/gateway-outside', at('gateway'), message));
    }
  }

  const start = bound(
    fields.rangeStart,
    at('rangeStart'),
    'rangeStart',
    prefix,
    network + 1n,
    undefined,
    block,
  );
  if (start === undefined) return undefined;
  const defaultEnd = family === 4 ? allOnes - 1n : allOnes;
  const end = bound(fields.rangeEnd, at('rangeEnd'), 'rangeEnd', prefix, defaultEnd, start, block);
  if (end === undefined) return undefined;

  if (start === network) {
    const message = `rangeStart ${fmt(start)} is the network address; host-local hands it out to a pod. Start at ${fmt(network + 1n)} or later.`;
    issues.push(
      issue(
        'warning',
        'ipam/host-local-network-address',
        at('rangeStart'),
        message,
        fmt(network + 1n),
      ),
    );
  }
  if (family === 4 && end === allOnes) {
    const message = `rangeEnd ${fmt(end)} is the broadcast address; host-local hands it out to a pod. End at ${fmt(allOnes - 1n)} or earlier.`;
    issues.push(
      issue(
        'warning',
        'ipam/host-local-network-address',
        at('rangeEnd'),
        message,
        fmt(allOnes - 1n),
      ),
    );
  }

  const range: HostLocalRange = {
    path,
    subnet,
    family,
    prefixLength,
    network,
    rangeStart: start,
    rangeEnd: end,
    gatewayText,
  };
  if (gateway !== undefined) range.gateway = gateway;
  return range;
}

/** rangeStart/rangeEnd: inside the subnet, and the end not before the start. */
function bound(
  raw: unknown,
  path: Path,
  field: 'rangeStart' | 'rangeEnd',
  prefix: { family: IpFamily; network: bigint; prefixLength: number; address: bigint },
  fallback: bigint,
  start: bigint | undefined,
  block: (found: Issue) => void,
): bigint | undefined {
  const written = text(raw);
  if (written === undefined) return fallback;
  const subnet = formatPrefix(prefix);
  const code =
    field === 'rangeStart' ? 'ipam/host-local-start-outside' : 'ipam/host-local-end-outside';

  const parsed = parseAddress(written);
  if (!parsed.ok) {
    const message = `${field} "${written}" ${parsed.reason}; host-local refuses the config. Write a single address inside ${subnet}.`;
    block(issue('error', 'ipam/host-local-address-invalid', path, message, parsed.suggestion));
    return undefined;
  }
  const { family, value } = parsed.value;
  const shown = formatValue(family, value);
  if (family !== prefix.family || value < prefix.network || value > lastAddressOf(prefix)) {
    const message = `${field} ${shown} is not in subnet ${subnet}; host-local refuses the config. Use an address inside ${subnet}.`;
    block(issue('error', code, path, message));
    return undefined;
  }
  if (start !== undefined && value < start) {
    const message = `rangeEnd ${shown} comes before rangeStart ${formatValue(family, start)}; host-local refuses the config. Swap the two.`;
    block(issue('error', 'ipam/host-local-start-after-end', path, message));
    return undefined;
  }
  return value;
}

function checkSet(path: Path, ranges: HostLocalRange[], block: (found: Issue) => void) {
  const first = ranges[0];
  const mixed = first && ranges.find((r) => r.family !== first.family);
  if (first && mixed) {
    const message = `range set mixes IPv${first.family} (${first.subnet}) and IPv${mixed.family} (${mixed.subnet}); host-local refuses it. Put each family in a range set of its own.`;
    block(issue('error', 'ipam/host-local-mixed-families', path, message));
  }
  ranges.forEach((a, i) => {
    for (const b of ranges.slice(i + 1)) {
      if (!overlaps(a, b)) continue;
      const message = `ranges ${a.subnet} and ${b.subnet} of this range set overlap; host-local refuses the config. Make their addresses disjoint.`;
      block(issue('error', 'ipam/host-local-overlap', b.path, message));
    }
  });
}

function checkOverlaps(rangeSets: HostLocalRange[][], block: (found: Issue) => void) {
  rangeSets.forEach((set, i) => {
    rangeSets.slice(i + 1).forEach((other, k) => {
      const hit = set.flatMap((a) =>
        other.filter((b) => overlaps(a, b)).map((b) => [a, b] as const),
      )[0];
      if (!hit) return;
      const [a, b] = hit;
      const message = `range sets ${i} and ${i + k + 1} overlap (${a.subnet} and ${b.subnet}); host-local refuses the config. Make them disjoint.`;
      block(issue('error', 'ipam/host-local-overlap', b.path, message));
    });
  });
}

function overlaps(a: HostLocalRange, b: HostLocalRange): boolean {
  return a.family === b.family && a.rangeStart <= b.rangeEnd && b.rangeStart <= a.rangeEnd;
}

/** Addresses a range set can hand out: every range's start..end, without its gateway. */
export function rangeSetUsable(set: readonly HostLocalRange[]): bigint {
  let total = 0n;
  for (const r of set) {
    total += r.rangeEnd - r.rangeStart + 1n;
    if (r.gateway !== undefined && r.gateway >= r.rangeStart && r.gateway <= r.rangeEnd)
      total -= 1n;
  }
  return total;
}
