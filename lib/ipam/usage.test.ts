import { describe, expect, it } from 'vitest';
import type { IPPool, WhereaboutsIpam } from '../model';
import { ipPoolName, normalizeRange, overlappingReservationName, poolNetworkName } from './names';
import { parseOffset, poolAllocations } from './pools';
import { findStaleAllocations, rangeUsage } from './usage';
import { parseWhereaboutsRanges } from './whereabouts-config';

function pool(name: string, range: string, allocations: IPPool['spec']['allocations']): IPPool {
  return {
    apiVersion: 'whereabouts.cni.cncf.io/v1alpha1',
    kind: 'IPPool',
    metadata: { name, namespace: 'kube-system' },
    spec: { range, allocations },
  };
}

describe('rangeUsage', () => {
  const cfg: WhereaboutsIpam = {
    type: 'whereabouts',
    ipRanges: [{ range: '10.0.0.0/29', exclude: ['10.0.0.6/32'] }, { range: '2001:db8::/64' }],
  };

  it('counts usable, used and free per range, with utilization from 0 to 1', () => {
    const pools = [
      pool('10.0.0.0-29', '10.0.0.0/29', {
        '1': { id: 'a', podref: 'ns/a' },
        '2': { id: 'b', podref: 'ns/b' },
        '6': { id: 'old', podref: 'ns/old' },
      }),
    ];
    const [v4, v6] = rangeUsage(cfg, pools);
    expect(v4).toEqual({
      cidr: '10.0.0.0/29',
      poolName: '10.0.0.0-29',
      usable: 5n,
      used: 2n,
      free: 3n,
      utilization: 0.4,
      outside: 1,
      poolExists: true,
    });
    expect(v6).toMatchObject({
      usable: (1n << 63n) - 1n,
      used: 0n,
      utilization: 0,
      poolExists: false,
    });
  });

  it('counts IPv6 pools too', () => {
    const v6 = pool('2001-db8---64', '2001:db8::/64', { '1': { id: 'a' }, '70000': { id: 'b' } });
    const [, usage] = rangeUsage(cfg, [v6]);
    expect(usage).toMatchObject({ used: 2n, outside: 0, poolExists: true });
  });

  it('takes parsed ranges as well as configs', () => {
    const { ranges } = parseWhereaboutsRanges(cfg);
    expect(rangeUsage(ranges, [])).toHaveLength(2);
    expect(ranges[0] && rangeUsage(ranges[0], [])[0]?.usable).toBe(5n);
  });

  it('reports a range with nothing usable as fully used', () => {
    const [usage] = rangeUsage({ type: 'whereabouts', range: '10.0.0.0/32' }, []);
    expect(usage).toMatchObject({ usable: 0n, free: 0n, utilization: 1 });
  });
});

describe('findStaleAllocations', () => {
  const pools = [
    pool('10.0.0.0-24', '10.0.0.0/24', {
      '1': { id: 'c1', podref: 'ns/running', ifname: 'net1' },
      '2': { id: 'c2', podref: 'ns/gone', ifname: 'net1' },
      '3': { id: 'c3', podref: 'ns/restarted', ifname: 'net1' },
      '4': { id: 'c4' },
    }),
    pool('2001-db8---120', '2001:db8::/120', {
      '16': { id: 'c5', podref: 'ns/running', ifname: 'net2' },
    }),
  ];
  const live = new Map([
    ['ns/running', ['10.0.0.1', '2001:DB8:0::10']],
    ['ns/restarted', ['10.0.0.9']],
  ]);

  it('lists allocations whose pod is gone or whose address the pod does not report', () => {
    const stale = findStaleAllocations(pools, live);
    expect(stale.map((s) => [s.pool, s.ip, s.reason])).toEqual([
      ['10.0.0.0-24', '10.0.0.2', 'pod-missing'],
      ['10.0.0.0-24', '10.0.0.3', 'address-not-in-network-status'],
      ['10.0.0.0-24', '10.0.0.4', 'no-podref'],
    ]);
    expect(stale[0]).toMatchObject({ offset: '2', id: 'c2', namespace: 'kube-system' });
    expect(stale[0]?.message).toMatch(/ns\/gone, which no longer exists/);
  });

  it('finds nothing when every pod reports its address', () => {
    const healthy = [pools[1]].filter((p): p is IPPool => p !== undefined);
    expect(findStaleAllocations(healthy, live)).toEqual([]);
  });
});

describe('pool names and offsets', () => {
  it('names pools and reservations as whereabouts does', () => {
    expect(normalizeRange('192.168.10.0/24')).toBe('192.168.10.0-24');
    expect(normalizeRange('2001:db8::/64')).toBe('2001-db8---64');
    expect(normalizeRange('fd00::')).toBe('fd00--0');
    expect(ipPoolName('2001:db8::/64', 'net-a')).toBe('net-a-2001-db8---64');
    expect(overlappingReservationName('2001:db8::')).toBe('2001-db8--0');
    expect(overlappingReservationName('10.0.0.5', 'blue')).toBe('blue-10.0.0.5');
  });

  it('reads the network_name back from a pool name', () => {
    expect(poolNetworkName(pool('10.0.0.0-24', '10.0.0.0/24', {}))).toBe('');
    expect(poolNetworkName(pool('team-a-10.0.0.0-24', '10.0.0.0/24', {}))).toBe('team-a');
    expect(poolNetworkName(pool('something-else', '10.0.0.0/24', {}))).toBeUndefined();
  });

  it('reads keys as decimal offsets from the range address, in whereabouts spelling only', () => {
    expect(parseOffset('0')).toBe(0n);
    expect(parseOffset('9223372036854775807')).toBe((1n << 63n) - 1n);
    expect(parseOffset('9223372036854775808')).toBeUndefined();
    expect(parseOffset('-1')).toBeUndefined();
    expect(parseOffset('007')).toBeUndefined();
    const entries = poolAllocations(
      pool('2001-db8---64', '2001:db8::/64', {
        '256': { id: 'b' },
        '1': { id: 'a' },
        x: { id: 'x' },
      }),
    );
    expect(entries.map((e) => [e.offset, e.ip])).toEqual([
      ['1', '2001:db8::1'],
      ['256', '2001:db8::100'],
    ]);
    expect(poolAllocations(pool('broken', 'not-a-cidr', { '1': { id: 'a' } }))).toEqual([]);
  });
});
