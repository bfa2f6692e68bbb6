/**
 * InfiniBand GUIDs: 8 bytes, written lower-case as `xx:xx:xx:xx:xx:xx:xx:xx`. sysfs prints the same
 * value as four 16-bit groups (`xxxx:xxxx:xxxx:xxxx`), which is accepted here and normalized.
 */

export const GUID_BYTES = 8;

/** The canonical form, as `ip link … node_guid` and the `infiniband-guid` request expect it. */
export const GUID_PATTERN = /^[0-9a-f]{2}(:[0-9a-f]{2}){7}$/;

const PAIRS = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){7}$/;
const QUADS = /^[0-9a-fA-F]{4}(:[0-9a-fA-F]{4}){3}$/;

export type GuidProblem = 'format' | 'all-zero' | 'all-ones';

export type GuidParseResult =
  | {
      ok: true;
      /** Canonical lower-case `xx:xx:…` form. */
      guid: string;
      bytes: number[];
      /** How it was written: byte pairs (canonical) or sysfs-style 16-bit groups. */
      form: 'pairs' | 'quads';
      /** True when the text is not already the canonical form (upper case or 16-bit groups). */
      normalized: boolean;
    }
  | { ok: false; problem: GuidProblem; message: string; bytes?: number[] };

/**
 * Parses a GUID. Never throws: a malformed, all-zero or all-ff value comes back with the reason and
 * how to fix it. All zeros means "unconfigured" to the kernel and all ff is reserved.
 */
export function parseGuid(text: string): GuidParseResult {
  let form: 'pairs' | 'quads';
  if (PAIRS.test(text)) form = 'pairs';
  else if (QUADS.test(text)) form = 'quads';
  else {
    return {
      ok: false,
      problem: 'format',
      message: `"${text}" is not a GUID: write 8 bytes as lower-case hex pairs separated by ':', e.g. 02:00:00:00:00:00:00:01`,
    };
  }

  const hex = text.replace(/:/g, '').toLowerCase();
  const bytes = Array.from({ length: GUID_BYTES }, (_, i) =>
    Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16),
  );
  if (bytes.every((b) => b === 0)) {
    return {
      ok: false,
      problem: 'all-zero',
      bytes,
      message: `GUID ${text} is all zeros, which means "not configured": ib-sriov-cni fails the pod with "VF … GUID is not valid"; use a unique non-zero GUID`,
    };
  }
  if (bytes.every((b) => b === 0xff)) {
    return {
      ok: false,
      problem: 'all-ones',
      bytes,
      message: `GUID ${text} is all ff, which is reserved and rejected; use a unique GUID that is not all ff`,
    };
  }

  const guid = formatGuid(bytes);
  return { ok: true, guid, bytes, form, normalized: guid !== text };
}

/** True for a usable GUID in any accepted form. */
export function isValidGuid(text: string): boolean {
  return parseGuid(text).ok;
}

/** Formats 8 bytes (or a 64-bit number) as the canonical lower-case GUID. */
export function formatGuid(value: ArrayLike<number> | bigint): string {
  const bytes =
    typeof value === 'bigint'
      ? Array.from({ length: GUID_BYTES }, (_, i) =>
          Number((value >> BigInt(8 * (GUID_BYTES - 1 - i))) & 0xffn),
        )
      : Array.from(value);
  if (bytes.length !== GUID_BYTES || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) {
    throw new RangeError(`a GUID is ${GUID_BYTES} bytes of 0..255, got [${bytes.join(', ')}]`);
  }
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** The GUID as a 64-bit number, e.g. to hand out consecutive GUIDs from a range. */
export function guidToBigInt(guid: string): bigint | undefined {
  const parsed = parseGuid(guid);
  const bytes = parsed.ok ? parsed.bytes : parsed.bytes;
  if (!bytes) return undefined;
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}
