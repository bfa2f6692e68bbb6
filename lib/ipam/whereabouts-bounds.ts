// Where a whereabouts range starts and ends: the range text, range_start/range_end, the /65 limit.
import type { Issue } from '../diagnostics/types';
import {
  familyBits,
  formatPrefix,
  formatValue,
  lastAddressOf,
  parseAddress,
  parsePrefix,
  type IpAddress,
} from './address';
import { issue, text } from './issues';
import {
  MAX_POOL_OFFSET,
  leadingZeros,
  lenient,
  type Bounds,
  type Findings,
  type RangeEntry,
} from './whereabouts-entry';

/** `first-last/prefix`: whereabouts splits at the first '-' and overrides range_start/range_end. */
export function dashBounds(
  entry: RangeEntry,
  rangeText: string,
  findings: Findings,
): Bounds | undefined {
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
export function cidrBounds(
  entry: RangeEntry,
  rangeText: string,
  findings: Findings,
): Bounds | undefined {
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
export function usableSpan(
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
