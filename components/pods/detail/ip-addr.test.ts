import { describe, expect, it } from 'vitest';
import type { AttachedInterface, NetworkRow } from '@/lib/views/types';
import { ipAddrBlock, networkFactsByNad, prefixOf } from './ip-addr';

const ib: AttachedInterface = {
  network: 'ib-team/ib-a',
  interface: 'net1',
  ips: ['192.168.10.5', '2001:db8::5'],
  mtu: 'unknown',
  pciAddress: '0000:3b:00.2',
  guid: '02:00:00:00:00:00:00:05',
};

const dualStack = { kind: 'SriovIBNetwork' as const, ranges: ['192.168.10.0/24', '2001:db8::/64'] };

describe('prefixOf', () => {
  it('takes the prefix of the first range that holds the address', () => {
    expect(prefixOf('192.168.10.5', ['10.0.0.0/8', '192.168.10.0/24'])).toEqual({
      length: 24,
      range: '192.168.10.0/24',
    });
    expect(prefixOf('2001:db8::5', ['2001:db8::/64'])?.length).toBe(64);
  });

  it('reads whereabouts first-last/prefix ranges', () => {
    expect(prefixOf('10.0.0.12', ['10.0.0.10-10.0.0.20/24'])?.length).toBe(24);
  });

  it('knows nothing when no range holds the address or it is not an address', () => {
    expect(prefixOf('172.16.0.1', ['192.168.10.0/24'])).toBeUndefined();
    expect(prefixOf('not-an-ip', ['192.168.10.0/24'])).toBeUndefined();
  });
});

describe('ipAddrBlock', () => {
  it('shows an InfiniBand attachment with the GUID at the end of the hardware address', () => {
    const block = ipAddrBlock(ib, dualStack);
    expect(block.lines).toEqual([
      'net1:',
      '    link/infiniband xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:02:00:00:00:00:00:00:05',
      '    inet 192.168.10.5/24 scope global net1',
      '    inet6 2001:db8::5/64 scope global',
    ]);
    expect(block.notes.join(' ')).toMatch(/MTU of net1 is unknown/);
  });

  it('never invents an MTU, but shows a reported one', () => {
    expect(ipAddrBlock(ib, dualStack).lines[0]).not.toMatch(/1500|mtu/);
    expect(ipAddrBlock({ ...ib, mtu: 4092 }, dualStack).lines[0]).toBe('net1: mtu 4092');
  });

  it('says when a prefix is unknown instead of guessing one', () => {
    const block = ipAddrBlock(ib, { kind: 'SriovIBNetwork', ranges: [] });
    expect(block.lines).toContain('    inet 192.168.10.5/? scope global net1');
    expect(block.notes.some((n) => n.includes('prefix of 192.168.10.5 is unknown'))).toBe(true);
  });

  it('flags an all-zero GUID and a missing one', () => {
    const zero = ipAddrBlock({ ...ib, guid: '00:00:00:00:00:00:00:00' }, dualStack);
    expect(zero.notes.some((n) => n.includes('all zeros'))).toBe(true);
    const none = ipAddrBlock({ ...ib, guid: undefined }, dualStack);
    expect(none.lines[1]).toBe('    link/infiniband');
    expect(none.notes.some((n) => n.includes('GUID of net1 is unknown'))).toBe(true);
  });

  it('shows Ethernet attachments with their MAC, and unknown link types as a note', () => {
    const eth = ipAddrBlock(
      { ...ib, mac: '0a:58:0a:80:00:0a', mtu: 9000 },
      { kind: 'SriovNetwork', ranges: ['192.168.10.0/24'] },
    );
    expect(eth.lines[1]).toBe('    link/ether 0a:58:0a:80:00:0a');
    const unknown = ipAddrBlock(ib, undefined);
    expect(unknown.lines.some((l) => l.includes('link/'))).toBe(false);
    expect(unknown.notes.some((n) => n.includes('link type of net1 is unknown'))).toBe(true);
  });
});

describe('networkFactsByNad', () => {
  it('keys networks by the NAD they render', () => {
    const row = {
      kind: 'SriovIBNetwork',
      name: 'ib-a',
      namespace: 'openshift-sriov-network-operator',
      targetNamespace: 'ib-team',
      ipam: { type: 'whereabouts', ranges: [{ range: '192.168.10.0/24' }] },
    } as unknown as NetworkRow;
    expect(networkFactsByNad([row]).get('ib-team/ib-a')).toEqual({
      kind: 'SriovIBNetwork',
      ranges: ['192.168.10.0/24'],
    });
  });
});
