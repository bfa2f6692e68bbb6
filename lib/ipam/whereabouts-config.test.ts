import { describe, expect, it } from 'vitest';
import type { WhereaboutsIpam } from '../model';
import { countUsable, parseWhereaboutsRanges } from './whereabouts-config';

const wb = (fields: Partial<WhereaboutsIpam>): WhereaboutsIpam => ({
  type: 'whereabouts',
  ...fields,
});
const codes = (cfg: WhereaboutsIpam) => parseWhereaboutsRanges(cfg).issues.map((i) => i.code);
const only = (cfg: WhereaboutsIpam) => {
  const [range] = parseWhereaboutsRanges(cfg).ranges;
  if (!range) throw new Error('no range');
  return range;
};

describe('parseWhereaboutsRanges', () => {
  it('reads the dual-stack example: one IPv4 and one IPv6 range, pools named after them', () => {
    const { ranges, blocking } = parseWhereaboutsRanges(
      wb({ ipRanges: [{ range: '192.168.10.0/24' }, { range: '2001:db8::/64' }] }),
    );
    expect(blocking).toEqual([]);
    expect(ranges.map((r) => [r.cidr, r.family, r.poolName, r.firstUsable])).toEqual([
      ['192.168.10.0/24', 4, '192.168.10.0-24', '192.168.10.1'],
      ['2001:db8::/64', 6, '2001-db8---64', '2001:db8::1'],
    ]);
    expect(ranges[0]?.lastUsable).toBe('192.168.10.254');
    expect(ranges[0]?.usable).toBe(254n);
  });

  it('puts the top-level range first, with its own start, end and exclude', () => {
    const { ranges } = parseWhereaboutsRanges(
      wb({
        range: '10.0.0.0/24',
        range_start: '10.0.0.10',
        exclude: ['10.0.0.12/32'],
        ipRanges: [{ range: '10.1.0.0/24' }],
      }),
    );
    expect(ranges.map((r) => [r.cidr, r.firstUsable, r.excludes.length])).toEqual([
      ['10.0.0.0/24', '10.0.0.10', 1],
      ['10.1.0.0/24', '10.1.0.1', 0],
    ]);
    expect(ranges[0]?.path).toEqual([]);
    expect(ranges[1]?.path).toEqual(['ipRanges', 0]);
  });

  it('prefixes the pool name with network_name', () => {
    expect(only(wb({ range: '10.0.0.0/24', network_name: 'blue' })).poolName).toBe(
      'blue-10.0.0.0-24',
    );
    expect(only(wb({ range: 'fd00::/120', network_name: 'blue' })).poolName).toBe(
      'blue-fd00---120',
    );
  });

  it('turns first-last/prefix into start and end inside the prefix', () => {
    const range = only(wb({ range: '192.168.10.10-192.168.10.50/24' }));
    expect([range.cidr, range.firstUsable, range.lastUsable, range.usable]).toEqual([
      '192.168.10.0/24',
      '192.168.10.10',
      '192.168.10.50',
      41n,
    ]);
  });

  it('lets the dash form override range_start and range_end, with a warning', () => {
    const cfg = wb({ range: '10.0.0.10-10.0.0.20/24', range_start: '10.0.0.2' });
    expect(only(cfg).firstUsable).toBe('10.0.0.10');
    expect(codes(cfg)).toEqual(['ipam/range-start-overridden']);
  });

  it('refuses a dash form whose first address lies outside the prefix', () => {
    const { blocking } = parseWhereaboutsRanges(wb({ range: '192.168.1.5-192.168.2.25/28' }));
    expect(blocking.map((i) => i.code)).toEqual(['ipam/range-dash-start-outside']);
    expect(blocking[0]?.message).toMatch(/192\.168\.1\.5 is outside 192\.168\.2\.16\/28/);
  });

  it('drops host bits in range and says which range is used', () => {
    const cfg = wb({ range: '192.168.10.5/24' });
    expect(only(cfg).cidr).toBe('192.168.10.0/24');
    expect(only(cfg).firstUsable).toBe('192.168.10.1');
    const [found] = parseWhereaboutsRanges(cfg).issues;
    expect(found).toMatchObject({
      severity: 'warning',
      code: 'ipam/range-host-bits',
      path: ['range'],
      replacement: '192.168.10.0/24',
    });
    expect(codes(wb({ range: '192.168.10.0/24' }))).toEqual([]);
  });

  it('has no usable address in a /31, /32, /127 or /128 and blocks allocation', () => {
    for (const range of ['10.0.0.0/31', '10.0.0.1/32', '2001:db8::/127', '2001:db8::1/128']) {
      const parsed = parseWhereaboutsRanges(wb({ range }));
      expect(parsed.blocking.map((i) => i.code)).toEqual(['ipam/range-no-usable']);
      expect(parsed.ranges[0]?.usable).toBe(0n);
    }
    expect(only(wb({ range: '10.0.0.0/30' })).usable).toBe(2n);
    expect(only(wb({ range: '2001:db8::/126' })).usable).toBe(2n);
  });

  it('skips the all-ones address in IPv6 as in IPv4', () => {
    expect(only(wb({ range: '2001:db8::/120' })).lastUsable).toBe('2001:db8::fe');
  });

  it('uses only the first /65 of an IPv6 /64, noting it', () => {
    const cfg = wb({ range: '2001:db8::/64' });
    expect(only(cfg).lastUsable).toBe('2001:db8::7fff:ffff:ffff:ffff');
    expect(only(cfg).usable).toBe((1n << 63n) - 1n);
    expect(parseWhereaboutsRanges(cfg).issues).toMatchObject([
      { severity: 'info', code: 'ipam/ipv6-range-too-wide' },
    ]);
    const wider = parseWhereaboutsRanges(wb({ range: '2001:db8::/48' }));
    expect(wider.ranges[0]?.lastUsable).toBe('2001:db8::7fff:ffff:ffff:ffff');
    expect(wider.issues[0]).toMatchObject({
      severity: 'warning',
      code: 'ipam/ipv6-range-too-wide',
    });
    expect(codes(wb({ range: '2001:db8::/65' }))).toEqual([]);
    expect(only(wb({ range: '2001:db8::/65' })).lastUsable).toBe('2001:db8::7fff:ffff:ffff:fffe');
  });

  it('blocks a start past the first /65, where whereabouts loses track of allocations', () => {
    const { blocking } = parseWhereaboutsRanges(
      wb({ ipRanges: [{ range: 'caa5::/64', range_start: 'caa5::caa5:0:0:0' }] }),
    );
    expect(blocking.map((i) => [i.code, i.path])).toEqual([
      ['ipam/ipv6-offset-overflow', ['ipRanges', 0, 'range_start']],
    ]);
  });

  it('ignores a range_start or range_end outside the range, as an error', () => {
    const cfg = wb({ range: '10.0.0.0/24', range_start: '10.0.1.5', range_end: '10.0.0.300' });
    const range = only(wb({ range: '10.0.0.0/24', range_start: '10.0.1.5', range_end: '9.9.9.9' }));
    expect([range.firstUsable, range.lastUsable]).toEqual(['10.0.0.1', '10.0.0.254']);
    expect(parseWhereaboutsRanges(cfg).issues.map((i) => [i.code, i.severity])).toEqual([
      ['ipam/range-end-invalid', 'error'],
      ['ipam/range-start-outside', 'error'],
    ]);
    expect(parseWhereaboutsRanges(cfg).blocking).toEqual([]);

    const inside = wb({ range: '10.0.0.0/24', range_start: '10.0.0.5', range_end: '10.0.0.9' });
    expect(codes(inside)).toEqual([]);
    expect(only(inside).usable).toBe(5n);
  });

  it('ignores an end before the start, as an error', () => {
    const cfg = wb({ range: '10.0.0.0/24', range_start: '10.0.0.50', range_end: '10.0.0.20' });
    expect([only(cfg).firstUsable, only(cfg).lastUsable]).toEqual(['10.0.0.50', '10.0.0.254']);
    expect(parseWhereaboutsRanges(cfg).issues).toMatchObject([
      { code: 'ipam/range-start-after-end', severity: 'error', path: ['range_end'] },
    ]);
    expect(codes(wb({ range: '10.0.0.30-10.0.0.20/24' }))).toEqual(['ipam/range-start-after-end']);
  });

  it('treats range_start at the network address as harmless', () => {
    const cfg = wb({ range: '10.0.0.0/24', range_start: '10.0.0.0' });
    expect(parseWhereaboutsRanges(cfg).issues).toMatchObject([
      { code: 'ipam/range-start-outside', severity: 'warning', replacement: '10.0.0.1' },
    ]);
  });

  it('flags range_start of the other family', () => {
    const [found] = parseWhereaboutsRanges(wb({ range: '10.0.0.0/24', range_start: '::5' })).issues;
    expect(found?.message).toMatch(/is IPv6 but range 10\.0\.0\.0\/24 is IPv4/);
  });

  it('refuses an unreadable range_start inside ipRanges but only ignores it at the top level', () => {
    const nested = wb({ ipRanges: [{ range: '10.0.0.0/24', range_start: 'ten' }] });
    expect(parseWhereaboutsRanges(nested).blocking.map((i) => i.path)).toEqual([
      ['ipRanges', 0, 'range_start'],
    ]);
    const top = wb({ range: '10.0.0.0/24', range_start: 'ten' });
    expect(parseWhereaboutsRanges(top).blocking).toEqual([]);
    expect(codes(top)).toEqual(['ipam/range-start-invalid']);
  });

  it('reads leading zeros as decimal where whereabouts does, as an error with the fix', () => {
    const cfg = wb({ range: '192.168.010.0/24' });
    expect(only(cfg).cidr).toBe('192.168.10.0/24');
    expect(parseWhereaboutsRanges(cfg).issues).toMatchObject([
      { code: 'ipam/address-leading-zeros', replacement: '192.168.10.0/24' },
    ]);
  });

  it('excludes CIDRs and bare addresses inside ipRanges', () => {
    const range = only(
      wb({ ipRanges: [{ range: '10.0.0.0/28', exclude: ['10.0.0.0/30', '10.0.0.7'] }] }),
    );
    expect(range.excludes.map((e) => e.cidr)).toEqual(['10.0.0.0/30', '10.0.0.7/32']);
    expect(range.usable).toBe(14n - 3n - 1n);
  });

  it('refuses a bare address in the top-level exclude list, offering the CIDR', () => {
    const { blocking } = parseWhereaboutsRanges(
      wb({ range: '10.0.0.0/24', exclude: ['10.0.0.7'] }),
    );
    expect(blocking).toMatchObject([
      { code: 'ipam/exclude-bare-ip', path: ['exclude', 0], replacement: '10.0.0.7/32' },
    ]);
    expect(codes(wb({ range: '10.0.0.0/24', exclude: ['10.0.0.7/32'] }))).toEqual([]);
  });

  it('blocks on an unreadable exclude and warns about useless or widened ones', () => {
    const cfg = wb({
      ipRanges: [{ range: '10.0.0.0/24', exclude: ['10.0.0.x/30', '10.9.0.0/16', '10.0.0.5/30'] }],
    });
    const { issues, blocking } = parseWhereaboutsRanges(cfg);
    expect(blocking.map((i) => [i.code, i.path])).toEqual([
      ['ipam/exclude-invalid', ['ipRanges', 0, 'exclude', 0]],
    ]);
    expect(issues.map((i) => [i.code, i.path])).toContainEqual([
      'ipam/exclude-outside-range',
      ['ipRanges', 0, 'exclude', 1],
    ]);
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'ipam/exclude-host-bits', replacement: '10.0.0.4/30' }),
    );
  });

  it('reports a range whose every address is excluded', () => {
    expect(codes(wb({ ipRanges: [{ range: '10.0.0.0/29', exclude: ['10.0.0.0/29'] }] }))).toEqual([
      'ipam/range-no-usable',
    ]);
  });

  it('blocks when there is no range at all, and notes top-level fields with nothing to apply to', () => {
    expect(parseWhereaboutsRanges(wb({})).blocking.map((i) => i.code)).toEqual([
      'ipam/range-missing',
    ]);
    const cfg = wb({ exclude: ['10.0.0.1/32'], ipRanges: [{ range: '10.0.0.0/24' }] });
    expect(parseWhereaboutsRanges(cfg).issues).toMatchObject([
      { code: 'ipam/top-level-field-unused', path: ['exclude'] },
    ]);
  });

  it('blocks a network_name that makes an invalid pool name, offering a valid one', () => {
    const { blocking } = parseWhereaboutsRanges(
      wb({ range: '10.0.0.0/24', network_name: 'Team_A' }),
    );
    expect(blocking).toMatchObject([
      { code: 'ipam/network-name-invalid', path: ['network_name'], replacement: 'team-a' },
    ]);
    const long = parseWhereaboutsRanges(
      wb({ range: '10.0.0.0/24', network_name: 'a'.repeat(250) }),
    );
    expect(long.blocking[0]?.message).toMatch(/longer than 253/);
    expect(codes(wb({ range: '10.0.0.0/24', network_name: 'team-a' }))).toEqual([]);
  });

  it('blocks an unnamed IPv6 range whose pool name would start with a dash', () => {
    const { blocking } = parseWhereaboutsRanges(wb({ range: '::/112' }));
    expect(blocking.map((i) => i.code)).toEqual(['ipam/pool-name-invalid']);
    expect(parseWhereaboutsRanges(wb({ range: '::/112', network_name: 'n1' })).blocking).toEqual(
      [],
    );
  });
});

describe('countUsable', () => {
  it('subtracts overlapping excludes once', () => {
    const blocks = [
      { first: 5n, last: 10n },
      { first: 8n, last: 12n },
      { first: 0n, last: 1n },
      { first: 30n, last: 40n },
    ];
    expect(countUsable(1n, 20n, blocks)).toBe(20n - 1n - 8n);
    expect(countUsable(5n, 4n, [])).toBe(0n);
  });
});
