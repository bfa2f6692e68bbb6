import type { Issue } from '@/lib/diagnostics';
import {
  IpamExhaustedError,
  checkIpam,
  nextAddresses,
  parseHostLocalRanges,
  parseWhereaboutsRanges,
  formatValue,
  staticAddresses,
} from '@/lib/ipam';
import type { HostLocalIpam, StaticIpam, WhereaboutsIpam } from '@/lib/model';
import { type JsonPath, prettyJson, readEmbeddedJson, setJsonValue } from './json-text';

/** IPAM types the form offers; `none` leaves spec.ipam out (the interface gets no address). */
export const IPAM_CHOICES = ['whereabouts', 'static', 'host-local', 'dhcp', 'none'] as const;
export type IpamChoice = (typeof IPAM_CHOICES)[number];

/** What a fresh IPAM of each type starts as (dual stack for whereabouts, as in the product docs). */
export const IPAM_TEMPLATES: Record<Exclude<IpamChoice, 'none'>, Record<string, unknown>> = {
  whereabouts: {
    type: 'whereabouts',
    ipRanges: [{ range: '192.168.10.0/24' }, { range: '2001:db8::/64' }],
  },
  static: { type: 'static', addresses: [{ address: '192.168.10.2/24' }] },
  'host-local': { type: 'host-local', subnet: '192.168.10.0/24' },
  dhcp: { type: 'dhcp' },
};

/** The IPAM JSON text for a freshly chosen type. */
export function ipamTemplate(choice: IpamChoice): string | undefined {
  return choice === 'none' ? undefined : prettyJson(IPAM_TEMPLATES[choice]);
}

/** The type an IPAM object declares, as the form groups it (`other` for plugins it has no form for). */
export function ipamChoiceOf(value: Record<string, unknown>): IpamChoice | 'other' {
  const type = value.type;
  return typeof type === 'string' && (IPAM_CHOICES as readonly string[]).includes(type)
    ? (type as IpamChoice)
    : 'other';
}

/** One whereabouts range as the form lists it: the top-level `range`, then each `ipRanges` entry. */
export interface RangeRow {
  /** Where its fields live: `[]` for the top-level range, `['ipRanges', i]` otherwise. */
  path: JsonPath;
  range: string;
  range_start: string;
  range_end: string;
  exclude: string[];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : String(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(str) : [];
}

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The ranges of a whereabouts config, in the order whereabouts allocates from them. */
export function rangeRows(cfg: Record<string, unknown>): RangeRow[] {
  const rows: RangeRow[] = [];
  if (cfg.range !== undefined) {
    rows.push({
      path: [],
      range: str(cfg.range),
      range_start: str(cfg.range_start),
      range_end: str(cfg.range_end),
      exclude: strings(cfg.exclude),
    });
  }
  const list = Array.isArray(cfg.ipRanges) ? cfg.ipRanges : [];
  list.forEach((entry, i) => {
    const e = obj(entry);
    rows.push({
      path: ['ipRanges', i],
      range: str(e.range),
      range_start: str(e.range_start),
      range_end: str(e.range_end),
      exclude: strings(e.exclude),
    });
  });
  return rows;
}

export type RangeField = 'range' | 'range_start' | 'range_end' | 'exclude';

/** Sets one field of a range row; empty values remove the field rather than writing "". */
export function setRangeField(
  text: string,
  row: Pick<RangeRow, 'path'>,
  field: RangeField,
  value: string | string[],
): string {
  // An emptied range stays as "" so its row does not vanish while the user retypes it.
  const empty = Array.isArray(value)
    ? value.length === 0
    : field !== 'range' && value.trim() === '';
  return setJsonValue(text, [...row.path, field], empty ? undefined : value);
}

/** A range to suggest for a new row: an IPv6 one when the config has only IPv4, and so on. */
export function suggestRange(rows: readonly RangeRow[]): string {
  const v6 = rows.some((r) => r.range.includes(':'));
  const v4 = rows.some((r) => r.range.includes('.'));
  if (v4 && !v6) return '2001:db8::/64';
  if (v6 && !v4) return '192.168.10.0/24';
  return '';
}

/** Appends a range to `ipRanges` (after the top-level range, if any). */
export function addRange(text: string, range: string): string {
  const parsed = readEmbeddedJson(text);
  const cfg = parsed.state === 'object' ? parsed.value : {};
  const count = Array.isArray(cfg.ipRanges) ? cfg.ipRanges.length : 0;
  if (count === 0) return setJsonValue(text, ['ipRanges'], [{ range }]);
  return setJsonValue(text, ['ipRanges', count], { range });
}

/** Removes a range row: the top-level range fields, or one `ipRanges` entry. */
export function removeRange(text: string, row: Pick<RangeRow, 'path'>): string {
  if (row.path.length === 0) {
    let out = text;
    for (const field of ['range', 'range_start', 'range_end', 'exclude'])
      out = setJsonValue(out, [field], undefined);
    return out;
  }
  const parsed = readEmbeddedJson(text);
  const list = parsed.state === 'object' && Array.isArray(parsed.value.ipRanges);
  const count = list ? (parsed.value.ipRanges as unknown[]).length : 0;
  return setJsonValue(text, count <= 1 ? ['ipRanges'] : row.path, undefined);
}

/** A field of the IPAM object; empty strings and empty lists remove it. */
export function setIpamField(text: string, path: JsonPath, value: unknown): string {
  const empty =
    value === undefined ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0);
  return setJsonValue(text, path, empty ? undefined : value);
}

/** The addresses one range hands out, for the preview beside the form. */
export interface RangePreview {
  path: JsonPath;
  cidr: string;
  family: 'IPv4' | 'IPv6';
  firstUsable: string;
  lastUsable: string;
  /** Decimal string: IPv6 ranges are huge. */
  usable: string;
  poolName?: string;
}

export interface IpamPreview {
  ranges: RangePreview[];
  /** What the first pods get, one set per pod (one address per range). */
  firstPods: string[][];
  /** Why no addresses can be previewed, when so. */
  blocked?: string;
  issues: Issue[];
}

const family = (f: 4 | 6 | string): 'IPv4' | 'IPv6' => (String(f).includes('6') ? 'IPv6' : 'IPv4');

/**
 * What an IPAM config hands out, computed by the same engine the cluster simulation and the CLI
 * use: usable counts and the first addresses (whereabouts), the configured addresses (static),
 * the range sets (host-local), and every semantic issue.
 */
export function previewIpam(
  cfg: Record<string, unknown>,
  context: { ipsCapability?: boolean; multiNode?: boolean } = {},
  pods = 3,
): IpamPreview {
  const issues = checkIpam(cfg, context);
  switch (cfg.type) {
    case 'whereabouts':
      return previewWhereabouts(cfg as WhereaboutsIpam, issues, pods);
    case 'static': {
      const { addresses } = staticAddresses(cfg as StaticIpam);
      return {
        ranges: addresses.map((a, i) => ({
          path: ['addresses', i],
          cidr: a.cidr,
          family: family(a.family),
          firstUsable: a.ip,
          lastUsable: a.ip,
          usable: '1',
        })),
        firstPods: addresses.length > 0 ? [addresses.map((a) => a.address)] : [],
        issues,
      };
    }
    case 'host-local': {
      const parsed = parseHostLocalRanges(cfg as HostLocalIpam);
      return {
        ranges: parsed.rangeSets.flat().map((r) => {
          const gatewayInside =
            r.gateway !== undefined && r.gateway >= r.rangeStart && r.gateway <= r.rangeEnd;
          return {
            path: r.path,
            cidr: r.subnet,
            family: family(r.family),
            // The gateway (network + 1 by default) is never handed out.
            firstUsable: formatValue(
              r.family,
              r.gateway === r.rangeStart ? r.rangeStart + 1n : r.rangeStart,
            ),
            lastUsable: formatValue(r.family, r.rangeEnd),
            usable: (r.rangeEnd - r.rangeStart + 1n - (gatewayInside ? 1n : 0n)).toString(),
          };
        }),
        firstPods: [],
        issues,
        ...(parsed.blocking[0] ? { blocked: parsed.blocking[0].message } : {}),
      };
    }
    default:
      return { ranges: [], firstPods: [], issues };
  }
}

function previewWhereabouts(cfg: WhereaboutsIpam, issues: Issue[], pods: number): IpamPreview {
  const parsed = parseWhereaboutsRanges(cfg);
  const ranges = parsed.ranges.map((r) => ({
    path: r.path,
    cidr: r.cidr,
    family: family(r.family),
    firstUsable: r.firstUsable,
    lastUsable: r.lastUsable,
    usable: r.usable.toString(),
    poolName: r.poolName,
  }));
  if (parsed.blocking.length > 0 || ranges.length === 0) {
    return {
      ranges,
      firstPods: [],
      issues,
      blocked:
        parsed.blocking[0]?.message ?? 'no range yet: add a range to see the addresses pods get',
    };
  }
  try {
    const { addresses } = nextAddresses(cfg, {}, pods);
    return { ranges, firstPods: addresses.map((set) => set.ips.map((ip) => ip.address)), issues };
  } catch (err) {
    const partial = err instanceof IpamExhaustedError ? err.allocated : [];
    return {
      ranges,
      firstPods: partial.map((set) => set.ips.map((ip) => ip.address)),
      issues,
      blocked: err instanceof Error ? err.message : String(err),
    };
  }
}

/** Issues whose path lies under `prefix` (e.g. one range row), for showing them beside it. */
export function issuesUnder(issues: readonly Issue[], prefix: JsonPath): Issue[] {
  return issues.filter(
    (i) => prefix.length <= i.path.length && prefix.every((p, k) => i.path[k] === p),
  );
}
