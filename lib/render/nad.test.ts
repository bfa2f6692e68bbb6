import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SriovIBNetwork, SriovNetwork } from '../model/sriov';
import { nadNeedsUpdate, renderNad } from './nad';

function ibNetwork(
  spec: Partial<SriovIBNetwork['spec']>,
  namespace = 'openshift-sriov-network-operator',
): SriovIBNetwork {
  return {
    apiVersion: 'sriovnetwork.openshift.io/v1',
    kind: 'SriovIBNetwork',
    metadata: { name: 'ib-a', namespace },
    spec: { resourceName: 'mlnx_ib', ...spec },
  };
}

describe('renderNad', () => {
  it('renders the dual-stack whereabouts example key for key', () => {
    const result = renderNad(
      ibNetwork({
        networkNamespace: 'ib-team',
        linkState: 'enable',
        capabilities: '{"infinibandGUID": true, "ips": true}',
        ipam: '{"type": "whereabouts", "ipRanges": [{"range": "192.168.10.0/24"}, {"range": "2001:db8::/64"}]}',
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.nad.metadata).toEqual({
      name: 'ib-a',
      namespace: 'ib-team',
      annotations: {
        'k8s.v1.cni.cncf.io/resourceName': 'openshift.io/mlnx_ib',
        'sriovnetwork.openshift.io/owner-ref':
          'SriovIBNetwork.sriovnetwork.openshift.io/openshift-sriov-network-operator/ib-a',
      },
    });
    expect(result.nad.spec?.config).toBe(
      [
        '{',
        '    "cniVersion": "1.0.0",',
        '    "name": "ib-a",',
        '    "type": "ib-sriov",',
        '    "capabilities": {',
        '        "infinibandGUID": true,',
        '        "ips": true',
        '    },',
        '    "link_state": "enable",',
        '    "ipam": {',
        '        "type": "whereabouts",',
        '        "ipRanges": [',
        '            {',
        '                "range": "192.168.10.0/24"',
        '            },',
        '            {',
        '                "range": "2001:db8::/64"',
        '            }',
        '        ]',
        '    }',
        '}',
      ].join('\n'),
    );
  });

  it('writes an empty ipam object and the own namespace when both are left out', () => {
    const result = renderNad(ibNetwork({}, 'ib-team'), { resourcePrefix: 'nvidia.com' });
    if (!result.ok) throw new Error('expected a NAD');
    expect(result.nad.metadata.namespace).toBe('ib-team');
    expect(result.nad.metadata.annotations?.['k8s.v1.cni.cncf.io/resourceName']).toBe(
      'nvidia.com/mlnx_ib',
    );
    expect(JSON.parse(result.nad.spec?.config ?? '')).toEqual({
      cniVersion: '1.0.0',
      name: 'ib-a',
      type: 'ib-sriov',
      ipam: {},
    });
  });

  it('keeps whitespace inside ipam string values, unlike the upstream operator', () => {
    const result = renderNad(
      ibNetwork({
        ipam: '{"type": "whereabouts", "range": "10.0.0.0/24", "reconciler_cron_expression": "30 4 * * *"}',
      }),
    );
    if (!result.ok) throw new Error('expected a NAD');
    expect(JSON.parse(result.nad.spec?.config ?? '').ipam.reconciler_cron_expression).toBe(
      '30 4 * * *',
    );
  });

  it('chains metaPlugins after the ib-sriov plugin in the plugins form', () => {
    const result = renderNad(
      ibNetwork({
        linkState: 'auto',
        metaPlugins:
          '{"type": "tuning", "sysctl": {"net.ipv4.conf.IFNAME.arp_ignore": "1"}}, {"type": "sbr"}',
      }),
    );
    if (!result.ok) throw new Error('expected a NAD');
    const config = JSON.parse(result.nad.spec?.config ?? '');
    expect(Object.keys(config)).toEqual(['cniVersion', 'name', 'plugins']);
    expect(config.plugins).toEqual([
      { type: 'ib-sriov', link_state: 'auto', ipam: {} },
      { type: 'tuning', sysctl: { 'net.ipv4.conf.IFNAME.arp_ignore': '1' } },
      { type: 'sbr' },
    ]);
  });

  it('refuses broken embedded JSON with an issue instead of an empty config', () => {
    const result = renderNad(
      ibNetwork({ ipam: '{"type": "whereabouts",}', capabilities: '[true]' }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.code)).toEqual([
      'render/ipam-invalid-json',
      'render/capabilities-not-object',
    ]);
    expect(result.issues[0]?.path).toEqual(['spec', 'ipam']);
    expect(result.issues[0]?.message).toMatch(/write it as a JSON object/);
  });

  it('renders an Ethernet SriovNetwork with the sriov CNI', () => {
    const network: SriovNetwork = {
      apiVersion: 'sriovnetwork.openshift.io/v1',
      kind: 'SriovNetwork',
      metadata: { name: 'eth-a', namespace: 'ib-team' },
      spec: { resourceName: 'eth', vlan: 100, spoofChk: 'on', ipam: '{"type": "static"}' },
    };
    const result = renderNad(network);
    if (!result.ok) throw new Error('expected a NAD');
    expect(JSON.parse(result.nad.spec?.config ?? '')).toEqual({
      cniVersion: '1.0.0',
      name: 'eth-a',
      type: 'sriov',
      vlan: 100,
      spoofchk: 'on',
      ipam: { type: 'static' },
    });
    expect(result.nad.metadata.annotations?.['sriovnetwork.openshift.io/owner-ref']).toBe(
      'SriovNetwork.sriovnetwork.openshift.io/ib-team/eth-a',
    );
  });

  it('never throws and is deterministic on arbitrary specs', () => {
    const text = fc.oneof(fc.string(), fc.json(), fc.constant(undefined));
    fc.assert(
      fc.property(
        text,
        text,
        text,
        fc.string(),
        (ipam, capabilities, metaPlugins, resourceName) => {
          const network = ibNetwork({ ipam, capabilities, metaPlugins, resourceName });
          const first = renderNad(network);
          expect(renderNad(network)).toEqual(first);
          if (first.ok) expect(() => JSON.parse(first.nad.spec?.config ?? '')).not.toThrow();
          else expect(first.issues.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('nadNeedsUpdate', () => {
  const rendered = renderNad(ibNetwork({ ipam: '{"type": "static"}' }));
  if (!rendered.ok) throw new Error('expected a NAD');
  const desired = rendered.nad;

  it('is false for an identical NAD even with extra annotations', () => {
    const existing = structuredClone(desired);
    existing.metadata.annotations = { ...existing.metadata.annotations, 'team/owner': 'hpc' };
    expect(nadNeedsUpdate(existing, desired)).toBe(false);
  });

  it('is true when the config or a managed annotation differs', () => {
    const changed = structuredClone(desired);
    changed.spec = { config: '{}' };
    expect(nadNeedsUpdate(changed, desired)).toBe(true);
    const unannotated = structuredClone(desired);
    unannotated.metadata.annotations = {};
    expect(nadNeedsUpdate(unannotated, desired)).toBe(true);
  });
});
