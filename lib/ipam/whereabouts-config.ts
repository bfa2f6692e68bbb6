import type { Issue } from '../diagnostics/types';
import type { WhereaboutsIpam } from '../model';
import { formatPrefix, formatValue } from './address';
import { issue, list, record, text } from './issues';
import { ipPoolName, isValidObjectName } from './names';
import type { WhereaboutsRange } from './types';
import { cidrBounds, dashBounds, usableSpan } from './whereabouts-bounds';
import { Findings, type Path, type RangeEntry } from './whereabouts-entry';
import { countUsable, parseExcludes } from './whereabouts-excludes';

export { MAX_POOL_OFFSET } from './whereabouts-entry';
export { countUsable } from './whereabouts-excludes';

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
