import ipaddr from 'ipaddr.js';

/**
 * Address syntax as Go's `net` package accepts it, which is what Multus and the CNI plugins use to
 * validate pod requests. Only syntax: IPAM semantics live with the IPAM engine.
 */

/** `net.ParseIP`: dotted-quad IPv4 without leading zeros, or IPv6 without a zone. */
export function isGoIp(text: string): boolean {
  if (text.includes('%')) return false;
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

/** `net.ParseCIDR`: an address, a slash and a decimal prefix length that fits the family. */
export function isGoCidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const address = text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  if (!isGoIp(address) || !/^\d{1,3}$/.test(prefix)) return false;
  const bits = ipaddr.IPv4.isValidFourPartDecimal(address) ? 32 : 128;
  return Number(prefix) <= bits;
}

/** Byte counts `net.ParseMAC` accepts: EUI-48, EUI-64 and 20-byte IPoIB hardware addresses. */
const MAC_LENGTHS = new Set([6, 8, 20]);

/**
 * Parses a hardware address as Go's `net.ParseMAC` does (`aa:bb:…`, `aa-bb-…` or `aabb.ccdd.…`).
 * Returns its length in bytes, or undefined when Go would reject it. Multus validates both `mac`
 * and `infiniband-guid` requests this way.
 */
export function goMacLength(text: string): number | undefined {
  if (text.length < 14) return undefined;
  const sep = text[2];
  if (sep === ':' || sep === '-') {
    if ((text.length + 1) % 3 !== 0) return undefined;
    const n = (text.length + 1) / 3;
    const group =
      sep === ':' ? /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2})*$/ : /^[0-9a-fA-F]{2}(-[0-9a-fA-F]{2})*$/;
    return MAC_LENGTHS.has(n) && group.test(text) ? n : undefined;
  }
  if (text[4] === '.') {
    if ((text.length + 1) % 5 !== 0) return undefined;
    const n = (2 * (text.length + 1)) / 5;
    return MAC_LENGTHS.has(n) && /^[0-9a-fA-F]{4}(\.[0-9a-fA-F]{4})*$/.test(text) ? n : undefined;
  }
  return undefined;
}
