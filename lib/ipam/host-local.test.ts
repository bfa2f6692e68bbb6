import { describe, expect, it } from 'vitest';
import type { HostLocalIpam, StaticIpam } from '../model';
import { IpamConfigError, IpamExhaustedError } from './errors';
import { HostLocalAllocator } from './host-local';
import { parseHostLocalRanges, rangeSetUsable } from './host-local-config';
import { staticAddresses } from './static';

const hl = (fields: Partial<HostLocalIpam>): HostLocalIpam => ({ type: 'host-local', ...fields });
const take = (allocator: HostLocalAllocator, id: string) =>
  allocator
    .allocate(id, 'net1')
    .map((a) => a.ip)
    .join(' ');

describe('HostLocalAllocator', () => {
  it('skips the default gateway (network + 1) and the IPv4 broadcast address', () => {
    const allocator = new HostLocalAllocator(hl({ subnet: '10.2.0.0/29' }));
    const got = ['a', 'b', 'c', 'd', 'e'].map((id) => take(allocator, id));
    expect(got).toEqual(['10.2.0.2', '10.2.0.3', '10.2.0.4', '10.2.0.5', '10.2.0.6']);
    expect(() => take(allocator, 'f')).toThrow(
      'range 10.2.0.0/29 is full: all 5 usable addresses are allocated',
    );
    expect(allocator.allocate.bind(allocator, 'g', 'net1')).toThrow(IpamExhaustedError);
  });

  it('goes round-robin after the last reserved address instead of reusing a released one', () => {
    const allocator = new HostLocalAllocator(hl({ subnet: '10.2.0.0/28', gateway: '10.2.0.14' }));
    expect(['a', 'b', 'c'].map((id) => take(allocator, id))).toEqual([
      '10.2.0.1',
      '10.2.0.2',
      '10.2.0.3',
    ]);
    expect(allocator.release('b', 'net1')).toEqual(['10.2.0.2']);
    expect(take(allocator, 'd')).toBe('10.2.0.4');
  });

  it('wraps to the start of the range once the end is reached', () => {
    const allocator = new HostLocalAllocator(
      hl({ subnet: '10.3.0.0/24', rangeStart: '10.3.0.10', rangeEnd: '10.3.0.12' }),
    );
    expect(['a', 'b', 'c'].map((id) => take(allocator, id))).toEqual([
      '10.3.0.10',
      '10.3.0.11',
      '10.3.0.12',
    ]);
    allocator.release('a', 'net1');
    expect(take(allocator, 'd')).toBe('10.3.0.10');
  });

  it('takes one address from each range set (dual stack), and uses the IPv6 all-ones address', () => {
    const allocator = new HostLocalAllocator(
      hl({
        ranges: [
          [{ subnet: '10.4.0.0/24' }],
          [{ subnet: '2001:db8::/126', rangeStart: '2001:db8::3' }],
        ],
      }),
    );
    const [v4, v6] = allocator.allocate('a', 'net1');
    expect(v4).toMatchObject({ ip: '10.4.0.2', address: '10.4.0.2/24', gateway: '10.4.0.1' });
    expect(v6).toMatchObject({ ip: '2001:db8::3', gateway: '2001:db8::1' });
    expect(() => allocator.allocate('b', 'net1')).toThrow(/2001:db8::\/126 is full/);
    // Nothing is kept from a failed allocation.
    expect(allocator.reservations().map((r) => r.ip)).toEqual(['10.4.0.2', '2001:db8::3']);
  });

  it('moves on to the next range of a set when one is full', () => {
    const allocator = new HostLocalAllocator(
      hl({ ranges: [[{ subnet: '10.5.0.0/30' }, { subnet: '10.6.0.0/30' }]] }),
    );
    expect(['a', 'b'].map((id) => take(allocator, id))).toEqual(['10.5.0.2', '10.6.0.2']);
    expect(() => take(allocator, 'c')).toThrow(
      'range 10.5.0.0/30,10.6.0.0/30 is full: all 2 usable addresses are allocated',
    );
  });

  it('collides across nodes: two allocators on the same range hand out the same address', () => {
    const cfg = hl({ subnet: '10.7.0.0/24' });
    const nodeA = new HostLocalAllocator(cfg);
    const nodeB = new HostLocalAllocator(cfg);
    expect(take(nodeA, 'pod-on-a')).toBe(take(nodeB, 'pod-on-b'));
  });

  it('refuses a duplicate allocation for the same container interface', () => {
    const allocator = new HostLocalAllocator(hl({ subnet: '10.8.0.0/24' }));
    take(allocator, 'a');
    expect(() => take(allocator, 'a')).toThrow(/duplicate allocation is not allowed/);
    expect(allocator.allocate('a', 'net2')).toHaveLength(1);
  });

  it('refuses configs host-local refuses', () => {
    expect(() => new HostLocalAllocator(hl({ subnet: '10.9.0.5/24' }))).toThrow(IpamConfigError);
  });
});

describe('parseHostLocalRanges', () => {
  const codes = (cfg: HostLocalIpam) => parseHostLocalRanges(cfg).issues.map((i) => i.code);

  it('reads subnet with its defaults', () => {
    const { rangeSets, issues } = parseHostLocalRanges(hl({ subnet: '10.56.217.0/24' }));
    expect(issues).toEqual([]);
    const [[range] = []] = rangeSets;
    expect(range).toMatchObject({ subnet: '10.56.217.0/24', gatewayText: '10.56.217.1' });
    expect(rangeSetUsable(rangeSets[0] ?? [])).toBe(253n);
  });

  it('refuses host bits in the subnet, offering the network', () => {
    const { blocking } = parseHostLocalRanges(hl({ subnet: '10.56.217.9/24' }));
    expect(blocking).toMatchObject([
      { code: 'ipam/host-local-host-bits', path: ['subnet'], replacement: '10.56.217.0/24' },
    ]);
  });

  it('refuses rangeStart and rangeEnd outside the subnet or out of order', () => {
    expect(codes(hl({ subnet: '10.1.0.0/24', rangeStart: '10.2.0.5' }))).toEqual([
      'ipam/host-local-start-outside',
    ]);
    expect(codes(hl({ subnet: '10.1.0.0/24', rangeEnd: '2001:db8::1' }))).toEqual([
      'ipam/host-local-end-outside',
    ]);
    expect(
      codes(hl({ subnet: '10.1.0.0/24', rangeStart: '10.1.0.9', rangeEnd: '10.1.0.3' })),
    ).toEqual(['ipam/host-local-start-after-end']);
    expect(
      codes(hl({ subnet: '10.1.0.0/24', rangeStart: '10.1.0.3', rangeEnd: '10.1.0.9' })),
    ).toEqual([]);
  });

  it('warns when the network or broadcast address would be handed out', () => {
    expect(
      codes(hl({ subnet: '10.1.0.0/24', rangeStart: '10.1.0.0', rangeEnd: '10.1.0.255' })),
    ).toEqual(['ipam/host-local-network-address', 'ipam/host-local-network-address']);
  });

  it('refuses tiny subnets, mixed families and overlaps', () => {
    expect(codes(hl({ subnet: '10.1.0.0/31' }))).toEqual(['ipam/range-no-usable']);
    expect(codes(hl({ ranges: [[{ subnet: '10.1.0.0/24' }, { subnet: 'fd00::/64' }]] }))).toEqual([
      'ipam/host-local-mixed-families',
    ]);
    expect(codes(hl({ ranges: [[{ subnet: '10.1.0.0/24' }, { subnet: '10.1.0.0/25' }]] }))).toEqual(
      ['ipam/host-local-overlap'],
    );
    expect(codes(hl({ subnet: '10.1.0.0/24', ranges: [[{ subnet: '10.1.0.128/25' }]] }))).toEqual([
      'ipam/host-local-overlap',
    ]);
    expect(codes(hl({}))).toEqual(['ipam/range-missing']);
    expect(codes(hl({ ranges: [[]] }))).toEqual(['ipam/host-local-empty-set']);
  });

  it('refuses ranges without a readable subnet or with unreadable bounds', () => {
    expect(codes(hl({ ranges: [[{ subnet: '' }]] }))).toEqual(['ipam/host-local-subnet-missing']);
    expect(codes(hl({ subnet: '10.1.0.0/40' }))).toEqual(['ipam/host-local-subnet-invalid']);
    expect(codes(hl({ subnet: '10.1.0.0/24', rangeStart: '10.1.0.x' }))).toEqual([
      'ipam/host-local-address-invalid',
    ]);
  });

  it('checks the gateway', () => {
    expect(codes(hl({ subnet: '10.1.0.0/24', gateway: '10.2.0.1' }))).toEqual([
      'ipam/gateway-outside',
    ]);
    expect(codes(hl({ subnet: '10.1.0.0/24', gateway: 'fd00::1' }))).toEqual([
      'ipam/gateway-family',
    ]);
    expect(codes(hl({ subnet: '10.1.0.0/24', gateway: '10.1.0.300' }))).toEqual([
      'ipam/gateway-invalid',
    ]);
    expect(codes(hl({ rangeStart: '10.1.0.5' }))).toEqual([
      'ipam/top-level-field-unused',
      'ipam/range-missing',
    ]);
  });
});

describe('staticAddresses', () => {
  const st = (addresses: StaticIpam['addresses']): StaticIpam => ({ type: 'static', addresses });

  it('returns the configured addresses with their gateways', () => {
    const { addresses, issues } = staticAddresses(
      st([{ address: '10.56.217.2/24', gateway: '10.56.217.1' }, { address: '2001:DB8::2/64' }]),
    );
    expect(issues).toEqual([]);
    expect(addresses).toEqual([
      {
        ip: '10.56.217.2',
        address: '10.56.217.2/24',
        cidr: '10.56.217.0/24',
        family: 4,
        prefixLength: 24,
        gateway: '10.56.217.1',
      },
      {
        ip: '2001:db8::2',
        address: '2001:db8::2/64',
        cidr: '2001:db8::/64',
        family: 6,
        prefixLength: 64,
      },
    ]);
  });

  it('lets per-pod ips replace the list, gateways included', () => {
    const { addresses } = staticAddresses(
      st([{ address: '10.56.217.2/24', gateway: '10.56.217.1' }]),
      ['10.56.217.40/24'],
    );
    expect(addresses.map((a) => [a.address, a.gateway])).toEqual([['10.56.217.40/24', undefined]]);
    expect(staticAddresses(st([{ address: '10.0.0.2/24' }]), []).addresses).toHaveLength(1);
  });

  it('refuses a bare address, offering it as a /32', () => {
    const { issues, addresses } = staticAddresses(st([{ address: '10.0.0.5' }]));
    expect(addresses).toEqual([]);
    expect(issues).toMatchObject([
      {
        severity: 'error',
        code: 'ipam/static-address-not-cidr',
        path: ['addresses', 0, 'address'],
        replacement: '10.0.0.5/32',
      },
    ]);
    const perPod = staticAddresses(st([]), ['fd00::5']).issues;
    expect(perPod).toMatchObject([{ path: ['ips', 0], replacement: 'fd00::5/128' }]);
  });

  it('refuses an entry without an address', () => {
    const { issues } = staticAddresses(st([{ address: '' }]));
    expect(issues).toMatchObject([
      { code: 'ipam/static-address-missing', path: ['addresses', 0, 'address'] },
    ]);
  });

  it('flags unreadable addresses, network addresses, duplicates and bad gateways', () => {
    const { issues } = staticAddresses(
      st([
        { address: '10.0.0.300/24' },
        { address: '10.0.0.0/24' },
        { address: '10.0.1.5/24', gateway: '10.9.0.1' },
        { address: '10.0.1.5/24', gateway: 'fd00::1' },
        { address: '10.0.2.5/24', gateway: '10.0.2.5' },
      ]),
    );
    expect(issues.map((i) => i.code)).toEqual([
      'ipam/static-address-invalid',
      'ipam/static-address-network',
      'ipam/gateway-outside',
      'ipam/static-address-duplicate',
      'ipam/gateway-family',
      'ipam/gateway-is-address',
    ]);
  });
});
