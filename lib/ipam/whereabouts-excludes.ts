import {
  familyBits,
  formatPrefix,
  formatValue,
  lastAddressOf,
  parseAddress,
  parsePrefix,
  type IpPrefix,
} from './address';
import { issue, list } from './issues';
import type { WhereaboutsExclude } from './types';
import type { Findings, Path, RangeEntry } from './whereabouts-entry';

/** The `exclude` entries of a range as address blocks, with what is wrong with each. */
export function parseExcludes(
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
