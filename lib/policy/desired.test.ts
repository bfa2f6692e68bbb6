import { describe, expect, it } from 'vitest';
import type { InterfaceExt, SriovNetworkNodePolicy } from '../model/sriov';
import { desiredInterfaces } from './desired';
import { parsePfName } from './selectors';

const labels = {
  'kubernetes.io/hostname': 'worker-0',
  'feature.node.kubernetes.io/network-sriov.capable': 'true',
};

const pfs: InterfaceExt[] = [
  {
    pciAddress: '0000:3b:00.0',
    name: 'ibp59s0',
    vendor: '15b3',
    deviceID: '1021',
    totalvfs: 16,
    linkType: 'IB',
  },
  {
    pciAddress: '0000:86:00.0',
    name: 'ibp134s0',
    vendor: '15b3',
    deviceID: '1021',
    totalvfs: 16,
    linkType: 'IB',
  },
];

function policy(
  name: string,
  spec: Partial<SriovNetworkNodePolicy['spec']>,
): SriovNetworkNodePolicy {
  return {
    apiVersion: 'sriovnetwork.openshift.io/v1',
    kind: 'SriovNetworkNodePolicy',
    metadata: { name, namespace: 'openshift-sriov-network-operator' },
    spec: {
      resourceName: name.replace(/-/g, '_'),
      nodeSelector: { 'feature.node.kubernetes.io/network-sriov.capable': 'true' },
      numVfs: 8,
      nicSelector: { vendor: '15b3' },
      linkType: 'ib',
      ...spec,
    },
  };
}

describe('desiredInterfaces', () => {
  it('gives every selected PF the policy VFs as one group with RDMA forced on for ib', () => {
    const { interfaces, problems } = desiredInterfaces(
      [policy('ib-policy', { mtu: 4092 })],
      pfs,
      labels,
    );
    expect(problems).toEqual([]);
    expect(interfaces).toHaveLength(2);
    expect(interfaces[0]).toEqual({
      pciAddress: '0000:3b:00.0',
      name: 'ibp59s0',
      numVfs: 8,
      mtu: 4092,
      linkType: 'ib',
      externallyManaged: undefined,
      vfGroups: [
        {
          resourceName: 'ib_policy',
          deviceType: 'netdevice',
          vfRange: '0-7',
          policyName: 'ib-policy',
          mtu: 4092,
          isRdma: true,
        },
      ],
    });
  });

  it('skips nodes whose labels do not match and PFs the selector does not pick', () => {
    expect(desiredInterfaces([policy('p', {})], pfs, { other: 'x' }).interfaces).toEqual([]);
    const byName = desiredInterfaces(
      [policy('p', { nicSelector: { pfNames: ['ibp134s0'] } })],
      pfs,
      labels,
    );
    expect(byName.interfaces.map((i) => i.name)).toEqual(['ibp134s0']);
    expect(desiredInterfaces([policy('p', { nicSelector: {} })], pfs, labels).interfaces).toEqual(
      [],
    );
  });

  it('lets the lower priority number win a PF', () => {
    const { interfaces } = desiredInterfaces(
      [policy('low', { priority: 90, numVfs: 4 }), policy('high', { priority: 10, numVfs: 2 })],
      pfs.slice(0, 1),
      labels,
    );
    expect(interfaces[0]?.numVfs).toBe(2);
    expect(interfaces[0]?.vfGroups.map((g) => g.policyName)).toEqual(['high']);
  });

  it('merges equal-priority policies with disjoint ranges and refuses overlapping ones', () => {
    const merged = desiredInterfaces(
      [
        policy('a', { numVfs: 8, nicSelector: { pfNames: ['ibp59s0#0-3'] } }),
        policy('b', { numVfs: 8, nicSelector: { pfNames: ['ibp59s0#4-7'] } }),
      ],
      pfs,
      labels,
    );
    expect(merged.problems).toEqual([]);
    expect(merged.interfaces[0]?.vfGroups.map((g) => g.vfRange)).toEqual(['0-3', '4-7']);

    const clash = desiredInterfaces(
      [
        policy('a', { nicSelector: { pfNames: ['ibp59s0#0-4'] } }),
        policy('b', { nicSelector: { pfNames: ['ibp59s0#4-7'] } }),
      ],
      pfs,
      labels,
    );
    expect(clash.problems).toHaveLength(1);
    expect(clash.problems[0]?.message).toMatch(/overlaps range 0-4 of policy a/);
    expect(clash.interfaces[0]?.vfGroups.map((g) => g.policyName)).toEqual(['a']);
  });

  it('refuses numVfs beyond sriov_totalvfs, beyond 128 on Mellanox, and ranges past numVfs', () => {
    const big = [{ ...pfs[0], totalvfs: 256 } as InterfaceExt];
    expect(
      desiredInterfaces([policy('p', { numVfs: 17 })], pfs.slice(0, 1), labels).problems[0]
        ?.message,
    ).toMatch(/sriov_totalvfs 16/);
    expect(
      desiredInterfaces([policy('p', { numVfs: 129 })], big, labels).problems[0]?.message,
    ).toMatch(/128 VFs/);
    const past = desiredInterfaces(
      [policy('p', { numVfs: 4, nicSelector: { pfNames: ['ibp59s0#2-5'] } })],
      pfs,
      labels,
    );
    expect(past.problems[0]?.message).toMatch(/goes past numVfs 4/);
    expect(past.interfaces).toEqual([]);
  });
});

describe('parsePfName', () => {
  it('splits a name from its VF range and rejects malformed ranges', () => {
    expect(parsePfName('ib0')).toEqual({ name: 'ib0' });
    expect(parsePfName('ib0#2-7')).toEqual({ name: 'ib0', range: { first: 2, last: 7 } });
    expect(parsePfName('ib0#7-2')).toBeUndefined();
    expect(parsePfName('ib0#x')).toBeUndefined();
    expect(parsePfName('#1-2')).toBeUndefined();
  });
});
