import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressOffset,
  addToAddress,
  compareAddresses,
  formatAddress,
  formatPrefix,
  lastAddressOf,
  networkOf,
  parseAddress,
  parsePrefix,
  prefixContains,
  prefixSize,
  toAddress,
  toPrefix,
} from './address';
import { AddressParseError } from './errors';

describe('parseAddress', () => {
  it('reads IPv4 and IPv6 into numbers', () => {
    expect(toAddress('192.168.10.1')).toEqual({ family: 4, value: 0xc0a80a01n });
    expect(toAddress('0.0.0.0')).toEqual({ family: 4, value: 0n });
    expect(toAddress('::1')).toEqual({ family: 6, value: 1n });
    expect(toAddress('2001:db8::1').value).toBe((0x20010db8n << 96n) | 1n);
  });

  it('prints IPv6 compressed and in lower case (RFC 5952)', () => {
    const canonical = (text: string) => formatAddress(toAddress(text));
    expect(canonical('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonical('2001:0db8:0000::0001')).toBe('2001:db8::1');
    expect(canonical('1:0:0:2:0:0:3:4')).toBe('1::2:0:0:3:4');
    expect(canonical('1:0:0:0:2:0:0:0')).toBe('1::2:0:0:0');
    expect(canonical('1:0:2:3:4:5:6:7')).toBe('1:0:2:3:4:5:6:7');
    expect(canonical('0:0:0:0:0:0:0:0')).toBe('::');
  });

  it('rejects IPv4 leading zeros and offers the decimal form', () => {
    const parsed = parseAddress('10.0.0.01');
    expect(parsed).toMatchObject({ ok: false, suggestion: '10.0.0.1', leadingZeros: true });
    expect(() => toAddress('010.1.2.3')).toThrow(/leading zero.*did you mean '10.1.2.3'/);
  });

  it('says what is wrong with junk', () => {
    const reason = (text: string) => {
      const parsed = parseAddress(text);
      return parsed.ok ? 'ok' : parsed.reason;
    };
    expect(reason('')).toMatch(/empty/);
    expect(reason('10.0.0')).toMatch(/3 part/);
    expect(reason('10.0.0.1.5')).toMatch(/5 part/);
    expect(reason('10.0.0.256')).toMatch(/'256'.*larger than 255/);
    expect(reason('10.0.x.1')).toMatch(/'x'.*not a decimal/);
    expect(reason('0x0a.0.0.1')).toMatch(/not a decimal/);
    expect(reason(' 10.0.0.1')).toMatch(/spaces/);
    expect(reason('fe80::1%eth0')).toMatch(/zone/);
    expect(reason('::ffff:10.0.0.1')).toMatch(/dotted IPv4/);
    expect(reason('1::2::3')).toMatch(/not an IPv6 address/);
    expect(reason('12345::')).toMatch(/not an IPv6 address/);
    expect(reason('1:2:3:4:5:6:7:8:9')).toMatch(/not an IPv6 address/);
  });

  it('throws a typed error naming the input', () => {
    const error = (() => {
      try {
        toAddress('nope');
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(AddressParseError);
    expect(error).toMatchObject({ input: 'nope', expected: 'address' });
  });
});

describe('parsePrefix', () => {
  it('keeps the address as written and clears host bits for the network', () => {
    const prefix = toPrefix('192.168.10.5/24');
    expect(prefix.address).toBe(toAddress('192.168.10.5').value);
    expect(prefix.network).toBe(toAddress('192.168.10.0').value);
    expect(formatPrefix(prefix)).toBe('192.168.10.0/24');
    expect(formatPrefix(toPrefix('2001:DB8::5/64'))).toBe('2001:db8::/64');
  });

  it('rejects bad prefix lengths and bare addresses', () => {
    expect(parsePrefix('10.0.0.0/33')).toMatchObject({ ok: false });
    expect(parsePrefix('10.0.0.0/024')).toMatchObject({ ok: false });
    expect(parsePrefix('10.0.0.0/-1')).toMatchObject({ ok: false });
    expect(parsePrefix('10.0.0.0/')).toMatchObject({ ok: false });
    expect(parsePrefix('::/129')).toMatchObject({ ok: false });
    expect(parsePrefix('10.0.0.5')).toMatchObject({ ok: false, suggestion: '10.0.0.5/32' });
    expect(parsePrefix('2001:db8::5')).toMatchObject({ ok: false, suggestion: '2001:db8::5/128' });
    expect(parsePrefix('010.0.0.0/8')).toMatchObject({ ok: false, suggestion: '10.0.0.0/8' });
    expect(parsePrefix('0.0.0.0/0')).toMatchObject({ ok: true });
  });
});

describe('address math', () => {
  it('finds network and all-ones addresses in both families', () => {
    const v4 = toPrefix('10.1.2.3/29');
    expect(formatAddress({ family: 4, value: v4.network })).toBe('10.1.2.0');
    expect(formatAddress({ family: 4, value: lastAddressOf(v4) })).toBe('10.1.2.7');
    const v6 = toPrefix('2001:db8::/126');
    expect(formatAddress({ family: 6, value: lastAddressOf(v6) })).toBe('2001:db8::3');
    expect(prefixSize(6, 64)).toBe(1n << 64n);
    expect(networkOf(4, toAddress('10.1.2.200').value, 25)).toBe(toAddress('10.1.2.128').value);
  });

  it('contains, adds, subtracts and compares', () => {
    const net = toPrefix('10.0.0.0/24');
    expect(prefixContains(net, toAddress('10.0.0.255'))).toBe(true);
    expect(prefixContains(net, toAddress('10.0.1.0'))).toBe(false);
    expect(prefixContains(net, toAddress('::a00:1'))).toBe(false);
    expect(formatAddress(addToAddress(toAddress('10.0.0.255'), 1n))).toBe('10.0.1.0');
    expect(formatAddress(addToAddress(toAddress('2001:db8::1'), -1n))).toBe('2001:db8::');
    expect(() => addToAddress(toAddress('255.255.255.255'), 1n)).toThrow(RangeError);
    expect(addressOffset(toAddress('10.0.0.0'), toAddress('10.0.1.4'))).toBe(260n);
    expect(() => addressOffset(toAddress('10.0.0.0'), toAddress('::1'))).toThrow(RangeError);
    expect(compareAddresses(toAddress('10.0.0.2'), toAddress('10.0.0.10'))).toBe(-1);
    expect(compareAddresses(toAddress('::'), toAddress('255.255.255.255'))).toBe(1);
    expect(compareAddresses(toAddress('::1'), toAddress('0::1'))).toBe(0);
  });

  it('round-trips every address through its canonical text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), (value) => {
        expect(toAddress(formatAddress({ family: 4, value }))).toEqual({ family: 4, value });
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (value) => {
        const text = formatAddress({ family: 6, value });
        expect(text).toBe(text.toLowerCase());
        expect(toAddress(text)).toEqual({ family: 6, value });
      }),
    );
  });
});
