import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGuid, guidToBigInt, isValidGuid, parseGuid } from './guid';

describe('GUIDs', () => {
  it('accepts the canonical form and normalizes upper case and sysfs groups', () => {
    expect(parseGuid('02:00:00:00:00:00:00:01')).toMatchObject({
      ok: true,
      normalized: false,
      form: 'pairs',
    });
    expect(parseGuid('02:AB:00:00:00:00:00:01')).toMatchObject({
      ok: true,
      guid: '02:ab:00:00:00:00:00:01',
      normalized: true,
    });
    expect(parseGuid('0200:0000:0000:00ff')).toMatchObject({
      ok: true,
      guid: '02:00:00:00:00:00:00:ff',
      form: 'quads',
    });
  });

  it('rejects malformed, all-zero and all-ff GUIDs with the reason', () => {
    expect(parseGuid('02:00:00:00:00:01')).toMatchObject({ ok: false, problem: 'format' });
    expect(parseGuid('0000:0000:0000:0000')).toMatchObject({ ok: false, problem: 'all-zero' });
    expect(parseGuid('ff:ff:ff:ff:ff:ff:ff:ff')).toMatchObject({ ok: false, problem: 'all-ones' });
    expect(isValidGuid('')).toBe(false);
  });

  it('formats bytes and 64-bit numbers the same way and round-trips', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 }),
        (bytes) => {
          const guid = formatGuid(bytes);
          expect(guid).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){7}$/);
          const value = guidToBigInt(guid);
          expect(value).toBeDefined();
          expect(formatGuid(value as bigint)).toBe(guid);
          const parsed = parseGuid(guid);
          const special = bytes.every((b) => b === 0) || bytes.every((b) => b === 255);
          expect(parsed.ok).toBe(!special);
        },
      ),
    );
    expect(() => formatGuid([1, 2, 3])).toThrow(RangeError);
  });
});
