import { describe, expect, it } from 'vitest';
import type { SriovNetworkNodeState } from '../../lib/model';
import type { DesiredInterface } from '../../lib/policy';
import { checkDesired, problemsText } from './checks';
import { findGuidClashes, guidsUniqueCondition } from './collisions';
import { derivedVfGuid, parseGuidPool } from './guids';
import { statusInterface } from './node-state';
import { isEmptyPlan, planPf, vfMtuFor } from './plan';
import type { SysfsPf, SysfsVf } from './sysfs';

const PF_GUID = '0c:42:a1:03:00:12:34:00';
const source = { kind: 'derived' as const, pfGuid: PF_GUID };

function vfs(count: number, over: Partial<SysfsVf> = {}): SysfsVf[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    pciAddress: `0000:3b:00.${index + 1}`,
    driver: 'mlx5_core',
    netdev: `ibp59s0v${index}`,
    mtu: 2044,
    guid: derivedVfGuid(PF_GUID, index),
    ...over,
  }));
}

function pf(over: Partial<SysfsPf> = {}): SysfsPf {
  const list = over.vfs ?? [];
  return {
    pciAddress: '0000:3b:00.0',
    vendor: '15b3',
    deviceID: '1021',
    driver: 'mlx5_core',
    netdev: 'ibp59s0',
    mtu: 2044,
    linkType: 'IB',
    numVfs: list.length,
    totalVfs: 16,
    nodeGuid: PF_GUID,
    ...over,
    vfs: list,
  };
}

function want(over: Partial<DesiredInterface> = {}): DesiredInterface {
  return {
    pciAddress: '0000:3b:00.0',
    name: 'ibp59s0',
    numVfs: 4,
    linkType: 'ib',
    vfGroups: [
      {
        resourceName: 'ib',
        deviceType: 'netdevice',
        vfRange: '0-3',
        policyName: 'p',
        isRdma: true,
      },
    ],
    ...over,
  };
}

describe('planPf', () => {
  it('plans nothing for a PF that already matches', () => {
    expect(isEmptyPlan(planPf(pf({ vfs: vfs(4) }), want(), source))).toBe(true);
  });

  it('plans the count, every GUID and every MTU for a PF without VFs', () => {
    const plan = planPf(pf(), want({ mtu: 4000 }), source);
    expect(plan.numVfs).toEqual({ from: 0, to: 4 });
    expect(plan.pfMtu).toBe(4000);
    expect(plan.guids.map((g) => g.guid)).toEqual(
      [0, 1, 2, 3].map((i) => derivedVfGuid(PF_GUID, i)),
    );
    expect(plan.vfMtus).toHaveLength(4);
  });

  it('plans only the VFs whose GUID is wrong, zero or not in effect', () => {
    const list = vfs(4);
    list[1] = { ...(list[1] as SysfsVf), guid: '00:00:00:00:00:00:00:00' };
    list[2] = { index: 2, pciAddress: '0000:3b:00.3' };
    const plan = planPf(pf({ vfs: list }), want(), source);
    expect(plan.numVfs).toBeUndefined();
    expect(plan.guids.map((g) => g.index)).toEqual([1, 2]);
  });

  it('only ever raises the PF MTU, and gives VFs the MTU of their group', () => {
    const lower = planPf(pf({ mtu: 4092, vfs: vfs(4) }), want({ mtu: 2000 }), source);
    expect(lower.pfMtu).toBeUndefined();
    expect(lower.vfMtus.map((s) => s.mtu)).toEqual([2000, 2000, 2000, 2000]);

    const groups = want({
      numVfs: 4,
      mtu: 4000,
      vfGroups: [
        {
          resourceName: 'a',
          vfRange: '0-1',
          policyName: 'a',
          isRdma: true,
          deviceType: 'netdevice',
          mtu: 4000,
        },
        {
          resourceName: 'b',
          vfRange: '2-3',
          policyName: 'b',
          isRdma: true,
          deviceType: 'netdevice',
          mtu: 3000,
        },
      ],
    });
    expect([0, 1, 2, 3].map((i) => vfMtuFor(groups, i))).toEqual([4000, 4000, 3000, 3000]);
  });

  it('puts a PF no policy selects any more back to 0 VFs, and leaves one without VFs alone', () => {
    expect(planPf(pf({ vfs: vfs(8) }), undefined, undefined).numVfs).toEqual({ from: 8, to: 0 });
    expect(isEmptyPlan(planPf(pf(), undefined, undefined))).toBe(true);
  });

  it('never changes the count of an externally managed PF', () => {
    const plan = planPf(pf({ vfs: vfs(8) }), want({ externallyManaged: true }), source);
    expect(plan.numVfs).toBeUndefined();
  });
});

describe('checkDesired', () => {
  const desired = (interfaces: DesiredInterface[]) => ({ interfaces, problems: [] });

  it('freezes the PF of a refused policy and lets the others go ahead', () => {
    const other = pf({ pciAddress: '0000:86:00.0', netdev: 'ibp134s0' });
    const checked = checkDesired(
      [pf(), other],
      {
        interfaces: [want({ pciAddress: '0000:86:00.0', name: 'ibp134s0' })],
        problems: [
          { policy: 'big', pciAddress: '0000:3b:00.0', message: 'numVfs 20 is more than …' },
        ],
      },
      undefined,
    );
    expect([...checked.frozen]).toEqual(['0000:3b:00.0']);
    expect(checked.apply.map((i) => i.pciAddress)).toEqual(['0000:86:00.0']);
    expect(problemsText(checked.problems, [pf(), other])).toBe(
      'policy big refused on ibp59s0 (0000:3b:00.0): numVfs 20 is more than …. Nothing was changed on ibp59s0 (0000:3b:00.0) until this is fixed.',
    );
  });

  it('refuses what the hardware cannot do: link type, vfio-pci, too few pool GUIDs', () => {
    const pool = parseGuidPool(
      'pool.json',
      JSON.stringify([{ pciAddress: '0000:3b:00.0', guids: ['02:00:00:00:00:00:00:01'] }]),
    );
    const eth = checkDesired([pf({ linkType: 'ETH' })], desired([want()]), undefined);
    expect(eth.problems[0]?.message).toMatch(
      /asks for linkType ib but .* runs Ethernet.*mlxconfig/,
    );

    const vfio = want({
      vfGroups: [
        {
          resourceName: 'v',
          deviceType: 'vfio-pci',
          vfRange: '0-3',
          policyName: 'vm',
          isRdma: false,
        },
      ],
    });
    expect(checkDesired([pf()], desired([vfio]), undefined).problems[0]).toMatchObject({
      policy: 'vm',
      message: expect.stringMatching(/vfio-pci, which ibnet's node configurator does not bind/),
    });

    const short = checkDesired([pf()], desired([want()]), pool);
    expect(short.problems[0]?.message).toMatch(
      /GUID pool's entry 1 \(pciAddress 0000:3b:00.0\) has 1 GUIDs but .* needs 4 \(numVfs\); add GUIDs/,
    );
    expect(short.apply).toEqual([]);
  });
});

describe('GUID duplicates across nodes', () => {
  const mine = [statusInterface(pf({ vfs: vfs(2) }))];
  const other = (name: string, guid: string): SriovNetworkNodeState => ({
    apiVersion: 'sriovnetwork.openshift.io/v1',
    kind: 'SriovNetworkNodeState',
    metadata: { name, namespace: 'openshift-sriov-network-operator' },
    status: {
      interfaces: [
        {
          pciAddress: '0000:3b:00.0',
          name: 'ibp59s0',
          Vfs: [
            { pciAddress: '0000:3b:00.1', vfID: 0, guid },
            { pciAddress: '0000:3b:00.2', vfID: 1, guid: '0000:0000:0000:0000' },
          ],
        },
      ],
    },
  });

  it('finds a GUID another node reports, ignoring zero GUIDs and our own old state', () => {
    const states = [
      other('worker-1', derivedVfGuid(PF_GUID, 1).toUpperCase()),
      other('worker-0', derivedVfGuid(PF_GUID, 0)),
    ];
    const clashes = findGuidClashes('worker-0', mine, states);
    expect(clashes).toEqual([
      {
        guid: derivedVfGuid(PF_GUID, 1),
        mine: { node: 'worker-0', pf: 'ibp59s0', vfID: 1, pciAddress: '0000:3b:00.2' },
        others: [{ node: 'worker-1', pf: 'ibp59s0', vfID: 0, pciAddress: '0000:3b:00.1' }],
      },
    ]);
    const condition = guidsUniqueCondition(clashes, undefined, () => '2026-01-01T00:00:00.000Z');
    expect(condition).toEqual({
      type: 'GUIDsUnique',
      status: 'False',
      reason: 'DuplicateGUID',
      message: expect.stringMatching(
        new RegExp(
          `^GUID ${derivedVfGuid(PF_GUID, 1)} of worker-0 ibp59s0 VF 1 \\(0000:3b:00.2\\) is also used by worker-1 ibp59s0 VF 0 \\(0000:3b:00.1\\)\\. .*give every VF a GUID of its own`,
        ),
      ),
      lastTransitionTime: '2026-01-01T00:00:00Z',
    });
  });

  it('keeps the transition time while the condition keeps its status', () => {
    const first = guidsUniqueCondition([], undefined, () => '2026-01-01T00:00:00.000Z');
    const later = guidsUniqueCondition([], first, () => '2026-02-01T00:00:00.000Z');
    expect(later.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    expect(first).toMatchObject({ status: 'True', reason: 'NoDuplicateGUIDs' });
  });
});
