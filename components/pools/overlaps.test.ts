import { describe, expect, it } from 'vitest';
import type { PoolView } from '@/lib/views/types';
import { findRangeOverlaps } from './overlaps';

function pool(name: string, range: string, networks: string[]): PoolView {
  return {
    namespace: 'kube-system',
    name,
    range,
    networks: networks.map((n) => ({ kind: 'SriovIBNetwork', namespace: 'ops', name: n })),
    size: '14',
    used: 0,
    free: '14',
    stale: 0,
    usedPercent: 0,
    allocations: [],
  };
}

describe('findRangeOverlaps', () => {
  it('flags one pool fed by two networks without network_name', () => {
    const found = findRangeOverlaps([pool('10.0.0.0-24', '10.0.0.0/24', ['ib-a', 'ib-b'])]);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(/ops\/ib-a, ops\/ib-b allocate from the one pool/);
  });

  it('flags overlapping ranges of different networks', () => {
    const found = findRangeOverlaps([
      pool('10.20.0.0-28', '10.20.0.0/28', ['ib-small']),
      pool('10.20.0.0-27', '10.20.0.0/27', ['ib-other']),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]?.ranges).toEqual(['10.20.0.0/28', '10.20.0.0/27']);
  });

  it('leaves pools with network_name, disjoint ranges and one network alone', () => {
    expect(
      findRangeOverlaps([
        pool('blue-10.0.0.0-24', '10.0.0.0/24', ['ib-a']),
        pool('red-10.0.0.0-24', '10.0.0.0/24', ['ib-b']),
        pool('10.1.0.0-24', '10.1.0.0/24', ['ib-c']),
        pool('10.2.0.0-24', '10.2.0.0/24', ['ib-d']),
        pool('10.2.0.0-25', '10.2.0.0/25', ['ib-d']),
        pool('2001-db8---64', '2001:db8::/64', ['ib-e']),
      ]),
    ).toEqual([]);
  });
});
