import { describe, expect, it } from 'vitest';
import { checkIpam } from './check';

const codes = (ipam: unknown, context = {}) => checkIpam(ipam, context).map((i) => i.code);

describe('checkIpam', () => {
  it('finds nothing wrong with the dual-stack example beyond the /65 note', () => {
    const issues = checkIpam({
      type: 'whereabouts',
      ipRanges: [{ range: '192.168.10.0/24' }, { range: '2001:db8::/64' }],
    });
    expect(issues.map((i) => [i.severity, i.code])).toEqual([['info', 'ipam/ipv6-range-too-wide']]);
  });

  it('points each issue at the exact offending value', () => {
    const issues = checkIpam({
      type: 'whereabouts',
      ipRanges: [
        { range: '10.0.0.0/24' },
        { range: '10.1.0.0/24', exclude: ['10.1.0.x'], range_end: '10.1.0.0' },
      ],
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['ipam/range-end-outside', ['ipRanges', 1, 'range_end']],
      ['ipam/exclude-invalid', ['ipRanges', 1, 'exclude', 0]],
    ]);
    for (const found of issues) expect(found.message).toMatch(/\.( |$)/);
  });

  it('ignores types it does not check, and values that are not IPAM objects', () => {
    expect(codes({ type: 'dhcp' })).toEqual([]);
    expect(codes({ type: 'calico-ipam', range: 'x' })).toEqual([]);
    expect(codes({})).toEqual([]);
    expect(codes('whereabouts')).toEqual([]);
    expect(codes(null)).toEqual([]);
    expect(codes([{ type: 'whereabouts' }])).toEqual([]);
  });

  describe('whereabouts gateway', () => {
    const base = { type: 'whereabouts', range: '10.0.0.0/24', exclude: ['10.0.0.1/32'] };

    it('accepts a gateway in the range that pods cannot get', () => {
      expect(codes({ ...base, gateway: '10.0.0.1' })).toEqual([]);
      expect(
        codes({ ...base, range_start: '10.0.0.10', exclude: [], gateway: '10.0.0.1' }),
      ).toEqual([]);
    });

    it('warns when pods can be handed the gateway address', () => {
      const [found] = checkIpam({ ...base, exclude: [], gateway: '10.0.0.1' });
      expect(found).toMatchObject({ code: 'ipam/gateway-allocatable', path: ['gateway'] });
      expect(found?.message).toMatch(/Add "10\.0\.0\.1\/32" to the top-level "exclude"/);
    });

    it('warns when the gateway is outside every range', () => {
      expect(codes({ ...base, gateway: '10.9.0.1' })).toEqual(['ipam/gateway-outside']);
    });

    it('warns that one gateway serves both families of a dual-stack config', () => {
      const dual = {
        type: 'whereabouts',
        ipRanges: [{ range: '10.0.0.0/24', exclude: ['10.0.0.1/32'] }, { range: 'fd00::/120' }],
        gateway: '10.0.0.1',
      };
      expect(checkIpam(dual)).toMatchObject([{ code: 'ipam/gateway-family', severity: 'warning' }]);
    });

    it('refuses a gateway of the wrong family or that cannot be read', () => {
      expect(checkIpam({ ...base, gateway: 'fd00::1' })).toMatchObject([
        { code: 'ipam/gateway-family', severity: 'error' },
      ]);
      expect(checkIpam({ ...base, gateway: 'router' })).toMatchObject([
        { code: 'ipam/gateway-invalid', severity: 'error' },
      ]);
      expect(checkIpam({ ...base, gateway: '010.0.0.1' })).toMatchObject([
        { code: 'ipam/address-leading-zeros', replacement: '10.0.0.1' },
      ]);
    });
  });

  it('warns about a range listed twice, and notes node slices', () => {
    expect(
      codes({
        type: 'whereabouts',
        range: '10.0.0.0/24',
        ipRanges: [{ range: '10.0.0.0/24' }],
        node_slice_size: '/28',
      }),
    ).toEqual(['ipam/range-duplicate', 'ipam/node-slices-not-previewed']);
  });

  it('checks routes and nameservers for every IPAM type', () => {
    const issues = checkIpam({
      type: 'whereabouts',
      range: '10.0.0.0/24',
      routes: [
        { dst: '0.0.0.0/0' },
        { dst: '10.10.0.5/16', gw: '10.0.0.1' },
        { dst: '10.20.0.0/16', gw: 'fd00::1' },
        { dst: '10.30.0.0' },
      ],
      dns: { nameservers: ['10.0.0.53', 'dns.local'] },
    });
    expect(issues.map((i) => [i.code, i.path, i.replacement])).toEqual([
      ['ipam/route-dst-host-bits', ['routes', 1, 'dst'], '10.10.0.0/16'],
      ['ipam/route-gateway-family', ['routes', 2, 'gw'], undefined],
      ['ipam/route-invalid', ['routes', 3, 'dst'], '10.30.0.0/32'],
      ['ipam/dns-nameserver-invalid', ['dns', 'nameservers', 1], undefined],
    ]);
  });

  describe('static', () => {
    it('warns about no addresses unless pods bring their own', () => {
      expect(codes({ type: 'static' })).toEqual(['ipam/static-no-addresses']);
      expect(codes({ type: 'static' }, { ipsCapability: true })).toEqual([]);
    });

    it('notes that every pod gets the same fixed addresses', () => {
      const cfg = { type: 'static', addresses: [{ address: '10.0.0.5/24' }] };
      expect(checkIpam(cfg)).toMatchObject([{ code: 'ipam/static-shared', severity: 'info' }]);
      expect(codes(cfg, { ipsCapability: true })).toEqual([]);
    });

    it('refuses a bare address', () => {
      expect(checkIpam({ type: 'static', addresses: [{ address: '10.0.0.5' }] })).toMatchObject([
        { code: 'ipam/static-address-not-cidr', replacement: '10.0.0.5/32' },
      ]);
    });
  });

  describe('host-local', () => {
    it('warns when the network spans nodes', () => {
      const cfg = { type: 'host-local', subnet: '10.0.0.0/24' };
      expect(codes(cfg)).toEqual([]);
      expect(checkIpam(cfg, { multiNode: true })).toMatchObject([
        { code: 'ipam/host-local-multinode', severity: 'warning', path: ['type'] },
      ]);
    });

    it('refuses host bits in the subnet', () => {
      expect(codes({ type: 'host-local', ranges: [[{ subnet: '10.0.0.1/24' }]] })).toEqual([
        'ipam/host-local-host-bits',
      ]);
    });
  });
});
