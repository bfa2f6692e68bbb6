import type { IPPool } from '../model';
import { DNS1123_SUBDOMAIN } from '../model';
import { formatPrefix, parsePrefix } from './address';

/** Kubernetes caps object names (DNS-1123 subdomains) at 253 characters. */
const MAX_OBJECT_NAME = 253;

/**
 * Turns a range into the part of an object name whereabouts derives from it: `:` and `/` become
 * `-`, and a text ending in `:` gets a `0` first so the name does not end in `-`.
 */
export function normalizeRange(range: string): string {
  const text = range.endsWith(':') ? `${range}0` : range;
  return text.replaceAll(':', '-').replaceAll('/', '-');
}

/**
 * Name of the IPPool whereabouts keeps for a range: `192.168.10.0-24`, `2001-db8---64`, or
 * `<network_name>-…` when the config sets `network_name`.
 */
export function ipPoolName(cidr: string, networkName = ''): string {
  const normalized = normalizeRange(cidr);
  return networkName === '' ? normalized : `${networkName}-${normalized}`;
}

/**
 * Name of the OverlappingRangeIPReservation whereabouts creates for an address (canonical text):
 * `:` becomes `-`, a trailing `:` gets a `0`, prefixed `<network_name>-` when set.
 */
export function overlappingReservationName(ip: string, networkName = ''): string {
  const text = ip.endsWith(':') ? `${ip}0` : ip;
  const normalized = text.replaceAll(':', '-');
  return networkName === '' ? normalized : `${networkName}-${normalized}`;
}

/** Whether Kubernetes accepts the text as an object name (DNS-1123 subdomain, ≤ 253 characters). */
export function isValidObjectName(name: string): boolean {
  return name.length <= MAX_OBJECT_NAME && DNS1123_SUBDOMAIN.test(name);
}

/**
 * The network_name a pool was created for, read back from its name: '' for the unnamed network,
 * undefined when the name does not follow whereabouts' pattern for its `spec.range`.
 */
export function poolNetworkName(pool: Pick<IPPool, 'metadata' | 'spec'>): string | undefined {
  const name = pool.metadata.name ?? '';
  const parsed = parsePrefix(pool.spec.range);
  const candidates = new Set([normalizeRange(pool.spec.range)]);
  if (parsed.ok) candidates.add(normalizeRange(formatPrefix(parsed.value)));
  for (const normalized of candidates) {
    if (name === normalized) return '';
    if (name.endsWith(`-${normalized}`)) return name.slice(0, -normalized.length - 1);
  }
  return undefined;
}
