import { describe, expect, it } from 'vitest';
import type { IPPool, OverlappingRangeIPReservation, WhereaboutsIpam } from '../model';
import { AddressParseError, IpamConfigError, IpamExhaustedError } from './errors';
import { allocateWhereabouts, nextAddresses, releaseWhereabouts } from './whereabouts-alloc';

const wb = (fields: Partial<WhereaboutsIpam>): WhereaboutsIpam => ({
  type: 'whereabouts',
  ...fields,
});
const ips = (cfg: WhereaboutsIpam, existing = {}, count = 1) =>
  nextAddresses(cfg, existing, count).addresses.map((set) => set.ips.map((a) => a.ip).join(' '));

function pool(name: string, range: string, offsets: Record<string, string>): IPPool {
  const allocations: IPPool['spec']['allocations'] = {};
  for (const [offset, podref] of Object.entries(offsets)) {
    allocations[offset] = { id: `c-${podref}`, podref, ifname: 'net1' };
  }
  return {
    apiVersion: 'whereabouts.cni.cncf.io/v1alpha1',
    kind: 'IPPool',
    metadata: { name, namespace: 'kube-system' },
    spec: { range, allocations },
  };
}

/** Allocates for several pods one after the other, as pods starting in turn would. */
function allocateAll(cfg: WhereaboutsIpam, pods: string[], start: IPPool[] = []) {
  let pools = start;
  const got: string[] = [];
  for (const podref of pods) {
    const result = allocateWhereabouts(cfg, pools, podref, `c-${podref}`, 'net1');
    const touched = new Set(result.pools.map((p) => p.metadata.name));
    pools = [...pools.filter((p) => !touched.has(p.metadata.name)), ...result.pools];
    got.push(result.ips.map((a) => a.ip).join(' '));
  }
  return { pools, got };
}

describe('nextAddresses', () => {
  it('gives .1 and 2001:db8::1 first for the dual-stack example, one address per range', () => {
    const cfg = wb({ ipRanges: [{ range: '192.168.10.0/24' }, { range: '2001:db8::/64' }] });
    expect(ips(cfg, {}, 3)).toEqual([
      '192.168.10.1 2001:db8::1',
      '192.168.10.2 2001:db8::2',
      '192.168.10.3 2001:db8::3',
    ]);
    const [first] = nextAddresses(cfg).addresses;
    expect(first?.ips[1]).toMatchObject({
      address: '2001:db8::1/64',
      family: 6,
      range: '2001:db8::/64',
      poolName: '2001-db8---64',
      offset: '1',
    });
  });

  it('starts the dash form at its first address and stops at its last', () => {
    const cfg = wb({ range: '192.168.10.10-192.168.10.12/24' });
    expect(ips(cfg, {}, 3)).toEqual(['192.168.10.10', '192.168.10.11', '192.168.10.12']);
    expect(() => ips(cfg, {}, 4)).toThrow(IpamExhaustedError);
  });

  it('allocates from the range without its host bits', () => {
    expect(ips(wb({ range: '192.168.10.77/24' }))).toEqual(['192.168.10.1']);
  });

  it('skips excluded addresses and blocks', () => {
    const cfg = wb({
      ipRanges: [{ range: '10.0.0.0/24', exclude: ['10.0.0.0/30', '10.0.0.5', '10.0.0.6/32'] }],
    });
    expect(ips(cfg, {}, 3)).toEqual(['10.0.0.4', '10.0.0.7', '10.0.0.8']);
  });

  it('skips addresses taken in the pool and reserved ones', () => {
    const cfg = wb({ range: '10.0.0.0/24' });
    const existing = {
      pools: [pool('10.0.0.0-24', '10.0.0.0/24', { '1': 'a/p1', '2': 'a/p2', '4': 'a/p4' })],
      reserved: ['10.0.0.3', '10.9.9.9', '2001:db8::1'],
    };
    expect(ips(cfg, existing, 2)).toEqual(['10.0.0.5', '10.0.0.6']);
  });

  it('rejects an unreadable reserved address with a typed error', () => {
    expect(() => ips(wb({ range: '10.0.0.0/24' }), { reserved: ['10.0.0'] })).toThrow(
      AddressParseError,
    );
  });

  it('names the full range when it runs out, and keeps what fitted', () => {
    const cfg = wb({ range: '192.168.10.0/29' });
    let error: unknown;
    try {
      nextAddresses(cfg, {}, 7);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(IpamExhaustedError);
    const exhausted = error as IpamExhaustedError;
    expect(exhausted.message).toContain(
      'range 192.168.10.0/29 is full: all 6 usable addresses are allocated',
    );
    expect(exhausted.allocated.map((s) => s.ips[0]?.ip)).toEqual([
      '192.168.10.1',
      '192.168.10.2',
      '192.168.10.3',
      '192.168.10.4',
      '192.168.10.5',
      '192.168.10.6',
    ]);
    expect(ips(cfg, {}, 6)).toHaveLength(6);
  });

  it('refuses a config whereabouts would refuse', () => {
    expect(() => ips(wb({ range: '10.0.0.0/32' }))).toThrow(IpamConfigError);
    expect(() => ips(wb({ range: 'ten' }))).toThrow(/range "ten"/);
  });

  it('keeps to the first /65 of an IPv6 /64', () => {
    const cfg = wb({
      ipRanges: [{ range: '2001:db8::/64', range_start: '2001:db8::7fff:ffff:ffff:fffe' }],
    });
    expect(ips(cfg, {}, 2)).toEqual([
      '2001:db8::7fff:ffff:ffff:fffe',
      '2001:db8::7fff:ffff:ffff:ffff',
    ]);
    expect(() => ips(cfg, {}, 3)).toThrow(/all 2 usable addresses/);
  });

  it('takes the lowest free address in a /16 with 50,000 allocations', () => {
    const offsets: Record<string, string> = {};
    for (let i = 1; i <= 50_000; i++) if (i !== 40_000) offsets[String(i)] = `ns/p${i}`;
    const big = pool('10.0.0.0-16', '10.0.0.0/16', offsets);
    expect(ips(wb({ range: '10.0.0.0/16' }), { pools: [big] }, 2)).toEqual([
      '10.0.156.64',
      '10.0.195.81',
    ]);
  });
});

describe('network_name and overlapping ranges', () => {
  it('lets two networks with the same network_name share one pool', () => {
    const nadA = wb({ range: '10.10.0.0/24', network_name: 'shared' });
    const nadB = wb({ range: '10.10.0.0/24', network_name: 'shared' });
    const first = allocateWhereabouts(nadA, [], 'ns/a', 'ca', 'net1');
    const second = allocateWhereabouts(nadB, first.pools, 'ns/b', 'cb', 'net1');
    expect(first.pools[0]?.metadata.name).toBe('shared-10.10.0.0-24');
    expect(second.pools[0]?.metadata.name).toBe('shared-10.10.0.0-24');
    expect(second.ips[0]?.ip).toBe('10.10.0.2');
    expect(Object.keys(second.pools[0]?.spec.allocations ?? {})).toEqual(['1', '2']);
  });

  it('keeps separate pools for the same CIDR under different network_names', () => {
    const red = allocateWhereabouts(
      wb({ range: '10.10.0.0/24', network_name: 'red' }),
      [],
      'ns/a',
      'ca',
      'net1',
    );
    const blue = allocateWhereabouts(
      wb({ range: '10.10.0.0/24', network_name: 'blue' }),
      red.pools,
      'ns/b',
      'cb',
      'net1',
    );
    expect(red.ips[0]?.ip).toBe('10.10.0.1');
    expect(blue.ips[0]?.ip).toBe('10.10.0.1');
    expect(blue.pools[0]?.metadata.name).toBe('blue-10.10.0.0-24');
    expect(blue.reservations[0]?.metadata.name).toBe('blue-10.10.0.1');
  });

  it('treats an address of an overlapping pool of the same network as taken', () => {
    const narrow = pool('10.0.0.0-24', '10.0.0.0/24', { '1': 'ns/a' });
    expect(ips(wb({ range: '10.0.0.0/16' }), { pools: [narrow] })).toEqual(['10.0.0.2']);
    // A different network_name has other reservation names, so nothing collides.
    expect(ips(wb({ range: '10.0.0.0/16', network_name: 'n2' }), { pools: [narrow] })).toEqual([
      '10.0.0.1',
    ]);
    // With overlapping ranges off, only the range's own pool counts.
    expect(
      ips(wb({ range: '10.0.0.0/16', enable_overlapping_ranges: false }), { pools: [narrow] }),
    ).toEqual(['10.0.0.1']);
  });

  it('uses the cluster reservations when given, and lets a pod reuse its own', () => {
    const reservation = (name: string, podref: string): OverlappingRangeIPReservation => ({
      apiVersion: 'whereabouts.cni.cncf.io/v1alpha1',
      kind: 'OverlappingRangeIPReservation',
      metadata: { name, namespace: 'kube-system' },
      spec: { podref, containerid: 'x' },
    });
    const overlappingReservations = [
      reservation('10.0.0.1', 'ns/a'),
      reservation('2001-db8--1', 'ns/a'),
    ];
    const cfg = wb({ ipRanges: [{ range: '10.0.0.0/24' }, { range: '2001:db8::/120' }] });
    expect(ips(cfg, { overlappingReservations })).toEqual(['10.0.0.2 2001:db8::2']);

    const mine = allocateWhereabouts(cfg, [], 'ns/a', 'c1', 'net1', { overlappingReservations });
    expect(mine.ips.map((a) => a.ip)).toEqual(['10.0.0.1', '2001:db8::1']);
    const theirs = allocateWhereabouts(cfg, [], 'ns/b', 'c2', 'net1', { overlappingReservations });
    expect(theirs.ips.map((a) => a.ip)).toEqual(['10.0.0.2', '2001:db8::2']);
  });

  it('says how many addresses overlapping ranges hold when a range runs out', () => {
    const wide = pool('10.0.0.0-29', '10.0.0.0/29', { '1': 'ns/a', '2': 'ns/b' });
    expect(() => ips(wb({ range: '10.0.0.0/30' }), { pools: [wide] })).toThrow(
      /all 2 usable addresses are allocated \(2 of them through overlapping ranges/,
    );
  });
});

describe('allocateWhereabouts and releaseWhereabouts', () => {
  const cfg = wb({ range: '10.1.0.0/24' });

  it('stores allocations exactly as whereabouts does', () => {
    const result = allocateWhereabouts(cfg, [], 'team/pod-a', 'abc123', 'net1', {
      namespace: 'whereabouts',
    });
    expect(result.pools).toEqual([
      {
        apiVersion: 'whereabouts.cni.cncf.io/v1alpha1',
        kind: 'IPPool',
        metadata: { name: '10.1.0.0-24', namespace: 'whereabouts' },
        spec: {
          range: '10.1.0.0/24',
          allocations: { '1': { id: 'abc123', podref: 'team/pod-a', ifname: 'net1' } },
        },
      },
    ]);
    expect(result.reservations).toEqual([
      {
        apiVersion: 'whereabouts.cni.cncf.io/v1alpha1',
        kind: 'OverlappingRangeIPReservation',
        metadata: { name: '10.1.0.1', namespace: 'whereabouts' },
        spec: { containerid: 'abc123', podref: 'team/pod-a', ifname: 'net1' },
      },
    ]);
    const off = allocateWhereabouts(
      { ...cfg, enable_overlapping_ranges: false },
      [],
      'a/b',
      'c',
      'net1',
    );
    expect(off.reservations).toEqual([]);
  });

  it('does not modify the pools it is given', () => {
    const given = pool('10.1.0.0-24', '10.1.0.0/24', { '1': 'ns/a' });
    const snapshot = structuredClone(given);
    allocateWhereabouts(cfg, [given], 'ns/b', 'cb', 'net1');
    expect(given).toEqual(snapshot);
  });

  it('gives an interface that already holds an address the same one, with the new container ID', () => {
    const first = allocateWhereabouts(cfg, [], 'ns/a', 'c1', 'net1');
    const again = allocateWhereabouts(cfg, first.pools, 'ns/a', 'c2', 'net1');
    expect(again.ips[0]?.ip).toBe('10.1.0.1');
    expect(again.pools[0]?.spec.allocations).toEqual({
      '1': { id: 'c2', podref: 'ns/a', ifname: 'net1' },
    });
    const second = allocateWhereabouts(cfg, first.pools, 'ns/a', 'c1', 'net2');
    expect(second.ips[0]?.ip).toBe('10.1.0.2');
  });

  it('hands out the lowest free address again after releases', () => {
    const { pools, got } = allocateAll(cfg, ['ns/a', 'ns/b', 'ns/c', 'ns/d']);
    expect(got).toEqual(['10.1.0.1', '10.1.0.2', '10.1.0.3', '10.1.0.4']);

    const byContainer = releaseWhereabouts(cfg, pools, { containerId: 'c-ns/b' });
    expect(byContainer.released.map((a) => a.ip)).toEqual(['10.1.0.2']);
    expect(byContainer.reservationNames).toEqual(['10.1.0.2']);
    const byPod = releaseWhereabouts(cfg, byContainer.pools, { podref: 'ns/c', ifname: 'net1' });
    expect(byPod.released.map((a) => a.ip)).toEqual(['10.1.0.3']);

    const after = allocateAll(cfg, ['ns/e', 'ns/f', 'ns/g'], byPod.pools);
    expect(after.got).toEqual(['10.1.0.2', '10.1.0.3', '10.1.0.5']);
  });

  it('leaves pools alone when nothing matches, and needs a container ID or a podref', () => {
    const { pools } = allocateAll(cfg, ['ns/a']);
    expect(releaseWhereabouts(cfg, pools, { podref: 'ns/zzz' })).toEqual({
      released: [],
      pools: [],
      reservationNames: [],
    });
    expect(() => releaseWhereabouts(cfg, pools, { ifname: 'net1' })).toThrow(
      /container ID or a pod/,
    );
  });

  it('allocates nothing when one range of a dual-stack config is full', () => {
    const dual = wb({ ipRanges: [{ range: '10.2.0.0/24' }, { range: '2001:db8::/126' }] });
    const { pools } = allocateAll(dual, ['ns/a', 'ns/b']);
    expect(() => allocateWhereabouts(dual, pools, 'ns/c', 'cc', 'net1')).toThrow(
      'range 2001:db8::/126 is full: all 2 usable addresses are allocated',
    );
  });
});
