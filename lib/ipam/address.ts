import ipaddr from 'ipaddr.js';
import { AddressParseError } from './errors';

/** IP family of an address or prefix. */
export type IpFamily = 4 | 6;

/** An address as a number, so that ranges can be walked, counted and compared with plain arithmetic. */
export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

/**
 * A CIDR as written. `address` keeps the host bits the user typed; `network` has them cleared,
 * which is what Go's `net.ParseCIDR` (and so whereabouts) works with.
 */
export interface IpPrefix {
  readonly family: IpFamily;
  readonly address: bigint;
  readonly network: bigint;
  readonly prefixLength: number;
}

/** Outcome of a strict parse: the value, or why the text is not one and, when obvious, the fix. */
export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: string; suggestion?: string; leadingZeros?: boolean };

/** Number of bits in an address of the family. */
export function familyBits(family: IpFamily): 32 | 128 {
  return family === 4 ? 32 : 128;
}

/** Number of addresses in a prefix of this length. */
export function prefixSize(family: IpFamily, prefixLength: number): bigint {
  return 1n << BigInt(familyBits(family) - prefixLength);
}

/** The address with every host bit of the prefix length cleared. */
export function networkOf(family: IpFamily, value: bigint, prefixLength: number): bigint {
  return value & ~(prefixSize(family, prefixLength) - 1n);
}

/** The all-ones address of a prefix (the IPv4 broadcast address; IPv6 has no name for it). */
export function lastAddressOf(prefix: Pick<IpPrefix, 'family' | 'network' | 'prefixLength'>) {
  return prefix.network + prefixSize(prefix.family, prefix.prefixLength) - 1n;
}

/** Whether the prefix holds the address (always false across families). */
export function prefixContains(prefix: IpPrefix, address: IpAddress): boolean {
  if (prefix.family !== address.family) return false;
  return address.value >= prefix.network && address.value <= lastAddressOf(prefix);
}

/** The address `delta` further on (negative goes back). Throws RangeError past the family's ends. */
export function addToAddress(address: IpAddress, delta: bigint): IpAddress {
  const value = address.value + delta;
  if (value < 0n || value >= 1n << BigInt(familyBits(address.family))) {
    throw new RangeError(
      `${formatAddress(address)} + ${delta} leaves the IPv${address.family} space`,
    );
  }
  return { family: address.family, value };
}

/** `to - from`; throws RangeError when the families differ. */
export function addressOffset(from: IpAddress, to: IpAddress): bigint {
  if (from.family !== to.family) {
    throw new RangeError(`cannot subtract an IPv${from.family} from an IPv${to.family} address`);
  }
  return to.value - from.value;
}

/** Orders addresses: IPv4 before IPv6, then numerically. */
export function compareAddresses(a: IpAddress, b: IpAddress): -1 | 0 | 1 {
  if (a.family !== b.family) return a.family < b.family ? -1 : 1;
  if (a.value === b.value) return 0;
  return a.value < b.value ? -1 : 1;
}

/** Canonical text: dotted decimal for IPv4, RFC 5952 (compressed, lower case) for IPv6. */
export function formatAddress(address: IpAddress): string {
  return formatValue(address.family, address.value);
}

/** Canonical text of a numeric address of the given family. */
export function formatValue(family: IpFamily, value: bigint): string {
  if (family === 4) {
    const n = Number(value);
    return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const parts: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) parts.push(Number((value >> shift) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}

/** Canonical `network/length` text of a prefix (host bits cleared). */
export function formatPrefix(prefix: Pick<IpPrefix, 'family' | 'network' | 'prefixLength'>) {
  return `${formatValue(prefix.family, prefix.network)}/${prefix.prefixLength}`;
}

/**
 * Parses an address strictly: four decimal numbers without leading zeros for IPv4, plain
 * hexadecimal groups for IPv6 (no zone, no embedded dotted quad, no surrounding spaces).
 */
export function parseAddress(text: string): ParseResult<IpAddress> {
  if (typeof text !== 'string') return { ok: false, reason: 'is not a string' };
  if (text === '') return { ok: false, reason: 'is empty' };
  if (text.trim() !== text) {
    const trimmed = text.trim();
    const inner = parseAddress(trimmed);
    return inner.ok
      ? { ok: false, reason: 'has spaces around it', suggestion: trimmed }
      : { ok: false, reason: `has spaces around it and ${inner.reason}` };
  }
  return text.includes(':') ? parseIPv6(text) : parseIPv4(text);
}

/** Parses `address/length` strictly (see parseAddress); the length has no sign or leading zero. */
export function parsePrefix(text: string): ParseResult<IpPrefix> {
  if (typeof text !== 'string') return { ok: false, reason: 'is not a string' };
  const slash = text.lastIndexOf('/');
  if (slash < 0) {
    const bare = parseAddress(text);
    if (!bare.ok) return { ok: false, reason: `${bare.reason}, and has no prefix length` };
    const bits = familyBits(bare.value.family);
    return { ok: false, reason: 'has no prefix length', suggestion: `${text}/${bits}` };
  }
  const address = parseAddress(text.slice(0, slash));
  if (!address.ok) {
    const { suggestion } = address;
    return suggestion === undefined
      ? address
      : { ...address, suggestion: suggestion + text.slice(slash) };
  }
  const { family, value } = address.value;
  const lengthText = text.slice(slash + 1);
  const bits = familyBits(family);
  if (!/^(0|[1-9]\d{0,2})$/.test(lengthText) || Number(lengthText) > bits) {
    return {
      ok: false,
      reason: `has prefix length '${lengthText}'; use a number from 0 to ${bits}`,
    };
  }
  const prefixLength = Number(lengthText);
  return {
    ok: true,
    value: {
      family,
      address: value,
      network: networkOf(family, value, prefixLength),
      prefixLength,
    },
  };
}

/** parseAddress that throws AddressParseError. */
export function toAddress(text: string): IpAddress {
  const parsed = parseAddress(text);
  if (parsed.ok) return parsed.value;
  throw new AddressParseError(String(text), 'address', parsed.reason, parsed.suggestion);
}

/** parsePrefix that throws AddressParseError. */
export function toPrefix(text: string): IpPrefix {
  const parsed = parsePrefix(text);
  if (parsed.ok) return parsed.value;
  throw new AddressParseError(String(text), 'CIDR', parsed.reason, parsed.suggestion);
}

function parseIPv4(text: string): ParseResult<IpAddress> {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    const bytes = ipaddr.IPv4.parse(text).toByteArray();
    const value = bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
    return { ok: true, value: { family: 4, value } };
  }
  return { ok: false, ...explainIPv4(text) };
}

/** Says what keeps text from being a four-part decimal IPv4 address. */
function explainIPv4(text: string): { reason: string; suggestion?: string; leadingZeros?: true } {
  const parts = text.split('.');
  if (parts.length !== 4) {
    return {
      reason: `has ${parts.length} part(s); an IPv4 address is four numbers joined by dots`,
    };
  }
  const bad = parts.find((p) => !/^\d+$/.test(p));
  if (bad !== undefined)
    return { reason: `has '${bad}', which is not a decimal number from 0 to 255` };
  const big = parts.find((p) => Number(p) > 255);
  if (big !== undefined) return { reason: `has '${big}', which is larger than 255` };
  const zero = parts.find((p) => p.length > 1 && p.startsWith('0'));
  if (zero !== undefined) {
    const suggestion = parts.map((p) => String(Number(p))).join('.');
    return {
      reason: `has '${zero}' with a leading zero, which some tools read as octal`,
      suggestion,
      leadingZeros: true,
    };
  }
  return { reason: 'is not an IPv4 address' };
}

function parseIPv6(text: string): ParseResult<IpAddress> {
  if (text.includes('%')) {
    return {
      ok: false,
      reason: 'has a zone (%…), which has no meaning in a CNI config',
      suggestion: text.slice(0, text.indexOf('%')),
    };
  }
  if (text.includes('.')) {
    return {
      ok: false,
      reason:
        'mixes IPv6 with a dotted IPv4 part; write a plain IPv4 address or pure hexadecimal IPv6',
    };
  }
  if (!ipaddr.IPv6.isValid(text)) {
    return {
      ok: false,
      reason: 'is not an IPv6 address (eight groups of up to four hex digits, one :: at most)',
    };
  }
  const parts = ipaddr.IPv6.parse(text).parts;
  const value = parts.reduce((acc, p) => (acc << 16n) | BigInt(p), 0n);
  return { ok: true, value: { family: 6, value } };
}
