import { describe, expect, it } from 'vitest';
import type { PoolView } from '@/lib/views/types';
import { poolPreview } from './pool-preview';

const self = { kind: 'SriovIBNetwork', namespace: 'openshift-sriov-network-operator', name: 'b' };

function pool(name: string, range: string, addresses: string[]): PoolView {
  return {
    namespace: 'kube-system',
    name,
    range,
    networks: [
      { kind: 'SriovIBNetwork', namespace: 'openshift-sriov-network-operator', name: 'a' },
    ],
    size: '254',
    used: addresses.length,
    free: String(254 - addresses.length),
    stale: 0,
    usedPercent: 1,
    allocations: addresses.map((address, i) => ({
      address,
      offset: String(i + 1),
      containerId: `c${i}`,
      podref: `ib-team/p${i}`,
      stale: false,
    })),
  };
}

describe('pool preview', () => {
  const dual = {
    type: 'whereabouts',
    ipRanges: [{ range: '192.168.10.0/24' }, { range: '2001:db8::/64' }],
  };

  it('sizes each pool and previews dual-stack addresses for a fresh range', () => {
    const preview = poolPreview(dual, [], self);
    expect(preview.blocked).toBeUndefined();
    expect(preview.ranges.map((r) => [r.family, r.pool, r.size, r.inUse])).toEqual([
      ['IPv4', '192.168.10.0-24', '254', 0],
      ['IPv6', '2001-db8---64', '9223372036854775807', 0],
    ]);
    expect(preview.nextPods[0]).toEqual(['192.168.10.1/24', '2001:db8::1/64']);
    expect(preview.nextPods).toHaveLength(3);
  });

  it('counts what a pool shared through network_name already hands out', () => {
    const shared = { type: 'whereabouts', range: '10.9.0.0/24', network_name: 'team' };
    const pools = [pool('team-10.9.0.0-24', '10.9.0.0/24', ['10.9.0.1', '10.9.0.2'])];
    const preview = poolPreview(shared, pools, self, 1);
    expect(preview.ranges[0]).toMatchObject({ pool: 'team-10.9.0.0-24', inUse: 2 });
    expect(preview.ranges[0]?.sharedWith.map((n) => n.name)).toEqual(['a']);
    expect(preview.nextPods).toEqual([['10.9.0.3/24']]);
    // Another network_name keeps its own pool for the same range.
    const apart = poolPreview({ ...shared, network_name: 'other' }, pools, self, 1);
    expect(apart.nextPods).toEqual([['10.9.0.1/24']]);
  });

  it('says why nothing can be handed out', () => {
    expect(poolPreview({ type: 'whereabouts' }, [], self).blocked).toMatch(/range/);
    const full = poolPreview({ type: 'whereabouts', range: '10.0.0.0/30' }, [], self, 3);
    expect(full.nextPods).toEqual([['10.0.0.1/30'], ['10.0.0.2/30']]);
    expect(full.blocked).toMatch(/full/);
  });
});
