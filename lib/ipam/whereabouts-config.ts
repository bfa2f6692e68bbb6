import type { Issue } from '../diagnostics/types';
import type { WhereaboutsIpam } from '../model';
import {
  familyBits,
  formatPrefix,
  formatValue,
  lastAddressOf,
  parseAddress,
  parsePrefix,
  type IpAddress,
  type IpPrefix,
  type ParseResult,
} from './address';
import { issue, list, record, text } from './issues';
import { ipPoolName, isValidObjectName } from './names';
import type { WhereaboutsExclude, WhereaboutsRange } from './types';

/**
 * Largest offset whereabouts can keep in an IPPool: it parses the keys of `spec.allocations` back
 * as signed 64-bit numbers, so only the first /65 of a wider IPv6 range is addressable.
 */
export const MAX_POOL_OFFSET = (1n << 63n) - 1n;

/** Ranges of a whereabouts config, with what is wrong with it. */
export interface ParsedWhereabouts {
  /** Every range that could be read, top-level `range` first, then `ipRanges` in order. */
  ranges: WhereaboutsRange[];
  /** All findings, with paths into the IPAM object. */
  issues: Issue[];
  /**
   * The findings that stop allocation: whereabouts refuses the config or fails every pod, or its
   * bookkeeping would break. Empty when the config can be previewed.
   */
  blocking: Issue[];
}

type Path = (string | number)[];

/** Collects issues, remembering which ones block allocation. */
class Findings {
  readonly issues: Issue[] = [];
  readonly blocking: Issue[] = [];

  add(found: Issue): void {
    this.issues.push(found);
  }

  block(found: Issue): void {
    this.issues.push(found);
    this.blocking.push(found);
  }
}

interface RangeEntry {
  path: Path;
  fields: Record<string, unknown>;
  topLevel: boolean;
}

/** Where allocation starts and ends before range_start/range_end are judged. */
interface Bounds {
  prefix: IpPrefix;
  start?: IpAddress;
  end?: IpAddress;
  /** Whether start and end come from the first-last/prefix form of `range`. */
  dash: boolean;
}

/**
 * Reads the ranges of a whereabouts config exactly as whereabouts does: the top-level `range`
 * (with the top-level range_start/range_end/exclude) first, then each `ipRanges` entry; host bits
 * dropped; `first-last/prefix` turned into start and end; range_start/range_end outside the usable
 * addresses, or an end before the start, ignored; the network and all-ones addresses skipped in
 * both families; IPv6 ranges of /64 or wider cut to their first /65. Never throws.
 */
export function parseWhereaboutsRanges(cfg: WhereaboutsIpam): ParsedWhereabouts {
  const source = record(cfg) ?? {};
  const findings = new Findings();
  const networkName = typeof source.network_name === 'string' ? source.network_name : '';

  const ranges: WhereaboutsRange[] = [];
  for (const entry of rangeEntries(source, findings)) {
    const range = parseEntry(entry, networkName, findings);
    if (range) ranges.push(range);
  }

  checkPoolNames(ranges, networkName, findings);
  return { ranges, issues: findings.issues, blocking: findings.blocking };
}

function rangeEntries(cfg: Record<string, unknown>, findings: Findings): RangeEntry[] {
  const entries: RangeEntry[] = [];
  if (text(cfg.range) !== undefined) {
    entries.push({ path: [], fields: cfg, topLevel: true });
  } else {
    // Whereabouts attaches these to the top-level range only; without it they vanish.
    for (const field of ['range_start', 'range_end', 'exclude'] as const) {
      const value = cfg[field];
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
        continue;
      }
      findings.add(
        issue(
          'warning',
          'ipam/top-level-field-unused',
          [field],
          `${field} is ignored: it only applies to the top-level "range", which is not set. Move it into each "ipRanges" entry it is meant for.`,
        ),
      );
    }
  }

  list(cfg.ipRanges).forEach((value, i) => {
    const fields = record(value);
    if (fields) entries.push({ path: ['ipRanges', i], fields, topLevel: false });
  });

  if (entries.length === 0) {
    findings.block(
      issue(
        'error',
        'ipam/range-missing',
        ['range'],
        'whereabouts has no range to allocate from, so every pod fails. Set "range" (e.g. "192.168.10.0/24") or list ranges in "ipRanges".',
      ),
    );
  }
  return entries;
}

function parseEntry(
  entry: RangeEntry,
  networkName: string,
  findings: Findings,
): WhereaboutsRange | undefined {
  const at = (...rest: Path): Path => [...entry.path, ...rest];
  const rangeText = entry.fields.range;
  if (typeof rangeText !== 'string' || rangeText === '') {
    findings.block(
      issue(
        'error',
        'ipam/range-missing',
        at('range'),
        'this ipRanges entry has no "range", so whereabouts refuses the config. Set it to a CIDR such as "192.168.20.0/24".',
      ),
    );
    return undefined;
  }

  const bounds = rangeText.includes('-')
    ? dashBounds(entry, rangeText, findings)
    : cidrBounds(entry, rangeText, findings);
  if (!bounds) return undefined;

  const { prefix } = bounds;
  const cidr = formatPrefix(prefix);
  const span = usableSpan(entry, bounds, cidr, findings);
  const excludes = parseExcludes(entry, prefix, span, cidr, findings);
  const usable = countUsable(span.first, span.last, excludes);

  if (usable === 0n && span.first <= span.last) {
    findings.add(
      issue(
        'error',
        'ipam/range-no-usable',
        at('range'),
        `every address whereabouts could hand out from ${cidr} (${formatValue(prefix.family, span.first)} to ${formatValue(prefix.family, span.last)}) is excluded, so every pod fails. Shorten the exclude list.`,
      ),
    );
  }

  const some = span.first <= span.last;
  return {
    path: entry.path,
    cidr,
    family: prefix.family,
    prefixLength: prefix.prefixLength,
    network: prefix.network,
    first: span.first,
    last: span.last,
    firstUsable: some ? formatValue(prefix.family, span.first) : '',
    lastUsable: some ? formatValue(prefix.family, span.last) : '',
    excludes,
    usable,
    poolName: ipPoolName(cidr, networkName),
    networkName,
  };
}

/** `first-last/prefix`: whereabouts splits at the first '-' and overrides range_start/range_end. */
function dashBounds(entry: RangeEntry, rangeText: string, findings: Findings): Bounds | undefined {
  const path = [...entry.path, 'range'];
  const dash = rangeText.indexOf('-');
  const firstText = rangeText.slice(0, dash);
  const cidrText = rangeText.slice(dash + 1);
  const example = 'Write it like "192.168.10.10-192.168.10.50/24".';

  const first = lenient(parseAddress(firstText));
  if (!first.ok) {
    const message = `range "${rangeText}" is in first-last/prefix form, but its first address "${firstText}" ${first.reason}; whereabouts refuses the config. ${example}`;
    findings.block(issue('error', 'ipam/range-invalid', path, message));
    return undefined;
  }
  const prefix = lenient(parsePrefix(cidrText));
  if (!prefix.ok) {
    const message = `range "${rangeText}" is in first-last/prefix form, but "${cidrText}" ${prefix.reason}; whereabouts refuses the config. ${example}`;
    findings.block(issue('error', 'ipam/range-invalid', path, message));
    return undefined;
  }
  if (first.fixed || prefix.fixed) {
    const corrected = `${first.fixed ?? firstText}-${prefix.fixed ?? cidrText}`;
    findings.add(leadingZeros(path, rangeText, corrected));
  }

  const { family, network, prefixLength } = prefix.value;
  const start = first.value;
  const last = lastAddressOf(prefix.value);
  if (start.family !== family || start.value < network || start.value > last) {
    const message = `whereabouts refuses range "${rangeText}": its first address ${formatValue(start.family, start.value)} is outside ${formatPrefix(prefix.value)}. Both addresses must lie in the same /${prefixLength}.`;
    findings.block(issue('error', 'ipam/range-dash-start-outside', path, message));
    return undefined;
  }

  for (const field of ['range_start', 'range_end'] as const) {
    if (text(entry.fields[field]) === undefined) continue;
    findings.add(
      issue(
        'warning',
        'ipam/range-start-overridden',
        [...entry.path, field],
        `${field} is ignored: the first-last/prefix form of "range" already sets where allocation starts and ends. Remove ${field}, or write "range" as a plain CIDR.`,
      ),
    );
  }

  return {
    prefix: prefix.value,
    start,
    end: { family, value: prefix.value.address },
    dash: true,
  };
}

/** A plain CIDR, with range_start/range_end read as whereabouts reads them. */
function cidrBounds(entry: RangeEntry, rangeText: string, findings: Findings): Bounds | undefined {
  const path = [...entry.path, 'range'];
  const parsed = lenient(parsePrefix(rangeText));
  if (!parsed.ok) {
    const message = `range "${rangeText}" ${parsed.reason}; whereabouts refuses the config. Write a CIDR such as "192.168.10.0/24", or first-last/prefix such as "192.168.10.10-192.168.10.50/24".`;
    findings.block(issue('error', 'ipam/range-invalid', path, message));
    return undefined;
  }
  if (parsed.fixed) findings.add(leadingZeros(path, rangeText, parsed.fixed));

  const prefix = parsed.value;
  if (prefix.address !== prefix.network) {
    const canonical = formatPrefix(prefix);
    const typed = formatValue(prefix.family, prefix.address);
    findings.add(
      issue(
        'warning',
        'ipam/range-host-bits',
        path,
        `range ${rangeText} has host bits set; whereabouts drops them and allocates from ${canonical}. Write "${canonical}" (and "range_start": "${typed}" to start at ${typed}).`,
        canonical,
      ),
    );
  }

  return {
    prefix,
    start: boundAddress(entry, 'range_start', findings),
    end: boundAddress(entry, 'range_end', findings),
    dash: false,
  };
}

/**
 * range_start/range_end: the top level reads them leniently and drops what it cannot read; inside
 * ipRanges a bad address is a JSON error that fails the whole config.
 */
function boundAddress(
  entry: RangeEntry,
  field: 'range_start' | 'range_end',
  findings: Findings,
): IpAddress | undefined {
  const raw = text(entry.fields[field]);
  if (raw === undefined) return undefined;
  const path = [...entry.path, field];
  const code = field === 'range_start' ? 'ipam/range-start-invalid' : 'ipam/range-end-invalid';
  const strict = parseAddress(raw);
  if (strict.ok) return strict.value;

  if (entry.topLevel) {
    const read = lenient<IpAddress>(strict);
    if (read.ok) {
      findings.add(leadingZeros(path, raw, read.fixed ?? raw));
      return read.value;
    }
    const message = `${field} "${raw}" ${strict.reason}; whereabouts silently ignores it and uses the whole range. Write a single address such as "192.168.10.10".`;
    findings.add(issue('error', code, path, message, strict.suggestion));
    return undefined;
  }

  const message = `${field} "${raw}" ${strict.reason}; inside ipRanges whereabouts refuses the whole config for it. Write a single address such as "192.168.10.10".`;
  findings.block(issue('error', code, path, message, strict.suggestion));
  return undefined;
}

/** First and last address handed out: GetIPRange's rules, then the /65 limit of wide IPv6 ranges. */
function usableSpan(
  entry: RangeEntry,
  bounds: Bounds,
  cidr: string,
  findings: Findings,
): { first: bigint; last: bigint } {
  const { prefix, start, end, dash } = bounds;
  const { family, network, prefixLength } = prefix;
  const rangePath = [...entry.path, 'range'];
  const bits = familyBits(family);

  if (bits - prefixLength <= 1) {
    const message = `${cidr} has no usable address: whereabouts never hands out the network and the all-ones address, and a /${prefixLength} has nothing else, so every pod fails. Use a /${bits - 2} or wider range.`;
    findings.block(issue('error', 'ipam/range-no-usable', rangePath, message));
    return { first: network + 1n, last: network };
  }

  const allOnes = lastAddressOf(prefix);
  const fmt = (value: bigint) => formatValue(family, value);
  let first = network + 1n;
  let last = allOnes - 1n;
  const [firstUsable, lastUsable] = [fmt(first), fmt(last)];
  const context: SpanContext = { cidr, family, network, allOnes, firstUsable, lastUsable };

  if (start) {
    if (start.family === family && start.value >= first && start.value <= last) {
      first = start.value;
    } else if (!dash) {
      findings.add(outsideIssue(entry, 'range_start', start, context));
    }
  }

  if (end) {
    const path = dash ? rangePath : [...entry.path, 'range_end'];
    if (end.family === family && end.value >= first && end.value <= last) {
      last = end.value;
    } else if (end.family === family && end.value < first && end.value > network) {
      const what = dash ? `the last address of range "${String(entry.fields.range)}"` : 'range_end';
      findings.add(
        issue(
          'error',
          'ipam/range-start-after-end',
          path,
          `${what} ${fmt(end.value)} comes before the start ${fmt(first)}; whereabouts silently ignores it and allocates from ${fmt(first)} up to ${lastUsable}. Swap the two or fix the end.`,
        ),
      );
    } else if (!dash) {
      findings.add(outsideIssue(entry, 'range_end', end, context));
    }
  }

  if (family === 6 && prefixLength <= 64) {
    const cap = network + MAX_POOL_OFFSET;
    findings.add(
      issue(
        prefixLength === 64 ? 'info' : 'warning',
        'ipam/ipv6-range-too-wide',
        rangePath,
        `whereabouts only uses the first /65 of an IPv6 range of /64 or wider (its IPPool offsets are signed 64-bit numbers): ${cidr} hands out ${fmt(network + 1n)} to ${fmt(cap)} and never the rest.`,
      ),
    );
    if (first > cap) {
      const path = dash ? rangePath : [...entry.path, 'range_start'];
      findings.block(
        issue(
          'error',
          'ipam/ipv6-offset-overflow',
          path,
          `allocation would start at ${fmt(first)}, past the first /65 of ${cidr}; whereabouts cannot store offsets that large, loses every allocation there and hands the same address to every pod. Start at or below ${fmt(cap)}.`,
        ),
      );
    }
    if (last > cap) last = cap;
  }

  return { first, last };
}

interface SpanContext {
  cidr: string;
  family: IpAddress['family'];
  network: bigint;
  allOnes: bigint;
  firstUsable: string;
  lastUsable: string;
}

function outsideIssue(
  entry: RangeEntry,
  field: 'range_start' | 'range_end',
  value: IpAddress,
  span: SpanContext,
): Issue {
  const { cidr, family, firstUsable, lastUsable } = span;
  const shown = formatValue(value.family, value.value);
  const path = [...entry.path, field];
  const isStart = field === 'range_start';
  const fallback = isStart ? `starts at ${firstUsable}` : `allocates up to ${lastUsable}`;

  // The network or all-ones address is ignored too, but then the effect is what the user meant.
  const edge = isStart ? span.network : span.allOnes;
  if (value.family === family && value.value === edge) {
    const corrected = isStart ? firstUsable : lastUsable;
    return issue(
      'warning',
      isStart ? 'ipam/range-start-outside' : 'ipam/range-end-outside',
      path,
      `${field} ${shown} is the ${isStart ? 'network' : 'all-ones'} address, which whereabouts never hands out; it ignores ${field} and ${fallback}. Write "${corrected}" or remove ${field}.`,
      corrected,
    );
  }

  const why =
    value.family === family
      ? `is outside the usable addresses of ${cidr} (${firstUsable} to ${lastUsable})`
      : `is IPv${value.family} but range ${cidr} is IPv${family}`;
  return issue(
    'error',
    isStart ? 'ipam/range-start-outside' : 'ipam/range-end-outside',
    path,
    `${field} ${shown} ${why}; whereabouts silently ignores it and ${fallback}. Set ${field} between ${firstUsable} and ${lastUsable}, or remove it.`,
  );
}

function parseExcludes(
  entry: RangeEntry,
  range: IpPrefix,
  span: { first: bigint; last: bigint },
  cidr: string,
  findings: Findings,
): WhereaboutsExclude[] {
  const excludes: WhereaboutsExclude[] = [];
  list(entry.fields.exclude).forEach((value, i) => {
    if (typeof value !== 'string') return;
    const path = [...entry.path, 'exclude', i];
    const block = excludeBlock(entry, value, path, findings);
    if (!block) return;

    const cidrText = formatPrefix(block);
    const lastOfBlock = lastAddressOf(block);
    if (block.address !== block.network) {
      findings.add(
        issue(
          'warning',
          'ipam/exclude-host-bits',
          path,
          `exclude "${value}" has host bits set, so whereabouts excludes the whole block ${cidrText} (${formatValue(block.family, block.network)} to ${formatValue(block.family, lastOfBlock)}). Write "${cidrText}", or list the addresses you mean.`,
          cidrText,
        ),
      );
    }

    const covers =
      block.family === range.family &&
      span.first <= span.last &&
      block.network <= span.last &&
      lastOfBlock >= span.first;
    if (!covers) {
      const handedOut =
        span.first <= span.last
          ? ` (${formatValue(range.family, span.first)} to ${formatValue(range.family, span.last)})`
          : '';
      findings.add(
        issue(
          'warning',
          'ipam/exclude-outside-range',
          path,
          `exclude "${value}" covers none of the addresses ${cidr} hands out${handedOut}, so it has no effect. Fix the address or remove the entry.`,
        ),
      );
    }

    excludes.push({
      text: value,
      cidr: cidrText,
      family: block.family,
      first: block.network,
      last: lastOfBlock,
    });
  });
  return excludes;
}

/** An exclude entry as a block: CIDRs everywhere, bare addresses only inside ipRanges entries. */
function excludeBlock(
  entry: RangeEntry,
  value: string,
  path: Path,
  findings: Findings,
): IpPrefix | undefined {
  const asPrefix = parsePrefix(value);
  if (asPrefix.ok) return asPrefix.value;

  const bare = parseAddress(value);
  if (bare.ok) {
    const bits = familyBits(bare.value.family);
    if (entry.topLevel) {
      findings.block(
        issue(
          'error',
          'ipam/exclude-bare-ip',
          path,
          `exclude "${value}" is an address without a prefix length; whereabouts accepts those only inside ipRanges entries and refuses a top-level exclude list with one. Write "${value}/${bits}".`,
          `${value}/${bits}`,
        ),
      );
    }
    const { family, value: address } = bare.value;
    return { family, address, network: address, prefixLength: bits };
  }

  const failed = value.includes('/') ? asPrefix : bare;
  findings.block(
    issue(
      'error',
      'ipam/exclude-invalid',
      path,
      `exclude "${value}" ${failed.reason}; whereabouts fails every allocation on it. Write a CIDR such as "192.168.10.0/28" or an address such as "192.168.10.7".`,
      failed.suggestion,
    ),
  );
  return undefined;
}

/** Addresses in first..last that no exclude block covers. */
export function countUsable(
  first: bigint,
  last: bigint,
  excludes: readonly Pick<WhereaboutsExclude, 'first' | 'last'>[],
): bigint {
  if (first > last) return 0n;
  const clipped = excludes
    .map((e) => ({ from: e.first > first ? e.first : first, to: e.last < last ? e.last : last }))
    .filter((e) => e.from <= e.to)
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));

  let excluded = 0n;
  let covered = first - 1n;
  for (const { from, to } of clipped) {
    const start = from > covered ? from : covered + 1n;
    if (to >= start) excluded += to - start + 1n;
    if (to > covered) covered = to;
  }
  return last - first + 1n - excluded;
}

function checkPoolNames(ranges: WhereaboutsRange[], networkName: string, findings: Findings) {
  const bad = ranges.find((r) => !isValidObjectName(r.poolName));
  if (!bad) return;

  const why =
    bad.poolName.length > 253
      ? 'it is longer than 253 characters'
      : "only lower-case letters, digits, '-' and '.' are allowed, starting and ending with a letter or digit";
  if (networkName !== '') {
    const fixed = networkName
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
    const usable =
      fixed !== '' &&
      ranges.every((r) =>
        isValidObjectName(`${fixed}-${r.poolName.slice(networkName.length + 1)}`),
      );
    findings.block(
      issue(
        'error',
        'ipam/network-name-invalid',
        ['network_name'],
        `network_name "${networkName}" makes the IPPool name "${bad.poolName}", which Kubernetes rejects (${why}); whereabouts cannot create the pool and every pod fails. Use a name like "${usable ? fixed : 'tenant-a'}".`,
        usable ? fixed : undefined,
      ),
    );
    return;
  }
  findings.block(
    issue(
      'error',
      'ipam/pool-name-invalid',
      [...bad.path, 'range'],
      `range ${bad.cidr} gives the IPPool name "${bad.poolName}", which Kubernetes rejects (${why}); whereabouts cannot create the pool and every pod fails. Set "network_name" (e.g. "net1") so the pool name starts with a letter.`,
    ),
  );
}

/** Reads like k8s ParseIPSloppy: strict, except that IPv4 leading zeros are read as decimal. */
function lenient<T>(
  parsed: ParseResult<T>,
): { ok: true; value: T; fixed?: string } | { ok: false; reason: string } {
  if (parsed.ok) return parsed;
  if (parsed.leadingZeros && parsed.suggestion !== undefined) {
    const again = parsed.suggestion.includes('/')
      ? (parsePrefix(parsed.suggestion) as ParseResult<unknown>)
      : (parseAddress(parsed.suggestion) as ParseResult<unknown>);
    if (again.ok) return { ok: true, value: again.value as T, fixed: parsed.suggestion };
  }
  return { ok: false, reason: parsed.reason };
}

function leadingZeros(path: Path, written: string, corrected: string): Issue {
  return issue(
    'error',
    'ipam/address-leading-zeros',
    path,
    `"${written}" has numbers with leading zeros; whereabouts reads them as decimal here but fails on them in exclude lists, and other tools read them as octal. Write "${corrected}".`,
    corrected,
  );
}
