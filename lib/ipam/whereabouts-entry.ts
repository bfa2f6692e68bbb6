import type { Issue } from '../diagnostics/types';
import {
  parseAddress,
  parsePrefix,
  type IpAddress,
  type IpPrefix,
  type ParseResult,
} from './address';
import { issue } from './issues';

/**
 * Largest offset whereabouts can keep in an IPPool: it parses the keys of `spec.allocations` back
 * as signed 64-bit numbers, so only the first /65 of a wider IPv6 range is addressable.
 */
export const MAX_POOL_OFFSET = (1n << 63n) - 1n;

/** A path into the IPAM object, e.g. `['ipRanges', 1, 'exclude', 0]`. */
export type Path = (string | number)[];

/** Collects issues, remembering which ones block allocation. */
export class Findings {
  readonly issues: Issue[] = [];
  readonly blocking: Issue[] = [];

  /** Records a finding that leaves allocation possible. */
  add(found: Issue): void {
    this.issues.push(found);
  }

  /** Records a finding that stops allocation. */
  block(found: Issue): void {
    this.issues.push(found);
    this.blocking.push(found);
  }
}

/** One range of the config as written: the top level, or an `ipRanges` entry. */
export interface RangeEntry {
  path: Path;
  fields: Record<string, unknown>;
  topLevel: boolean;
}

/** Where allocation starts and ends before range_start/range_end are judged. */
export interface Bounds {
  prefix: IpPrefix;
  start?: IpAddress;
  end?: IpAddress;
  /** Whether start and end come from the first-last/prefix form of `range`. */
  dash: boolean;
}

/** Reads like k8s ParseIPSloppy: strict, except that IPv4 leading zeros are read as decimal. */
export function lenient<T>(
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

/** The error for numbers with leading zeros, with the decimal spelling as replacement. */
export function leadingZeros(path: Path, written: string, corrected: string): Issue {
  return issue(
    'error',
    'ipam/address-leading-zeros',
    path,
    `"${written}" has numbers with leading zeros; whereabouts reads them as decimal here but fails on them in exclude lists, and other tools read them as octal. Write "${corrected}".`,
    corrected,
  );
}
