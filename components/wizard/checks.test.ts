import { describe, expect, it } from 'vitest';
import { validate } from '@/lib/diagnostics';
import type { FabricNode, FabricPf, NetworkRow, PolicyRow } from '@/lib/views/types';
import { clusterChecks, type ClusterInputs } from './cluster-check';
import { bundleYaml, networkObject } from './objects';
import { policyProblems, portChoices, vfLimit } from './policy-draft';
import { DEFAULT_STATE, type PolicyDraft, type WizardState } from './state';
import { stepBlockers } from './step-check';

const OPERATOR = 'openshift-sriov-network-operator';

function pf(name: string, patch: Partial<FabricPf> = {}): FabricPf {
  return {
    name,
    pciAddress: `0000:${name.length}b:00.0`,
    vendor: '15b3',
    deviceID: '1021',
    linkType: 'IB',
    numVfs: 0,
    totalvfs: 16,
    resourceNames: [],
    vfs: [],
    ...patch,
  };
}

function node(name: string, pfs: FabricPf[]): FabricNode {
  return { name, ready: true, syncStatus: 'Succeeded', resources: [], pfs };
}

const fabric = [
  node('worker-0', [pf('ibp59s0'), pf('ens1f0', { linkType: 'ETH', deviceID: '101d' })]),
  node('worker-1', [pf('ibp59s0', { totalvfs: 8 })]),
];

function policy(name: string, patch: Partial<PolicyRow> = {}): PolicyRow {
  return {
    namespace: OPERATOR,
    name,
    resourceName: 'ib_vfs',
    numVfs: 8,
    linkType: 'ib',
    priority: 99,
    deviceType: 'netdevice',
    nodeSelector: {},
    nodes: ['worker-0'],
    object: {
      apiVersion: 'sriovnetwork.openshift.io/v1',
      kind: 'SriovNetworkNodePolicy',
      metadata: { name, namespace: OPERATOR },
      spec: {
        resourceName: 'ib_vfs',
        nodeSelector: {},
        numVfs: 8,
        nicSelector: { vendor: '15b3', pfNames: ['ibp59s0#0-7'] },
        linkType: 'ib',
      },
    },
    ...patch,
  };
}

const fresh: ClusterInputs = {
  policies: { items: [] },
  networks: { items: [] },
  nodeStates: {
    items: fabric.map((n) => ({
      apiVersion: 'sriovnetwork.openshift.io/v1',
      kind: 'SriovNetworkNodeState',
      metadata: { name: n.name, namespace: OPERATOR },
      status: { syncStatus: 'Succeeded' },
    })),
  },
  fabric: { items: fabric },
};

const statusOf = (inputs: ClusterInputs) =>
  Object.fromEntries(clusterChecks(inputs).map((c) => [c.id, c.status]));

describe('step 1: what the cluster has', () => {
  it('on a fresh cluster, says the policy is what is missing', () => {
    expect(statusOf(fresh)).toEqual({
      crds: 'ok',
      'node-agent': 'ok',
      controller: 'unknown',
      'ib-nodes': 'ok',
      policies: 'missing',
    });
    const ib = clusterChecks(fresh).find((c) => c.id === 'ib-nodes');
    expect(ib?.detail).toContain('worker-0, worker-1');
  });

  it('names the kinds the API does not know', () => {
    const checks = clusterChecks({
      ...fresh,
      networks: { error: { code: 'not-found', message: 'no such kind' } },
    });
    expect(checks[0]).toMatchObject({ status: 'missing' });
    expect(checks[0]?.title).toContain('SriovIBNetwork');
  });

  it('says nobody configures nodes when no node state exists', () => {
    const checks = clusterChecks({ ...fresh, nodeStates: { items: [] } });
    expect(checks.find((c) => c.id === 'node-agent')?.status).toBe('missing');
  });

  it('counts a network with a Ready condition as proof of a running controller', () => {
    const row = { ready: { status: 'True', reason: 'NetworkReady' } } as NetworkRow;
    expect(statusOf({ ...fresh, networks: { items: [row] } }).controller).toBe('ok');
    const bare = { ready: { status: 'Unknown' } } as NetworkRow;
    expect(statusOf({ ...fresh, networks: { items: [bare] } }).controller).toBe('missing');
  });

  it('accepts an existing InfiniBand policy and ignores Ethernet ones', () => {
    expect(statusOf({ ...fresh, policies: { items: [policy('ib')] } }).policies).toBe('ok');
    const eth = policy('eth', { linkType: 'eth' });
    expect(statusOf({ ...fresh, policies: { items: [eth] } }).policies).toBe('missing');
  });
});

describe('step 1: the policy the wizard offers', () => {
  const draft: PolicyDraft = { ...DEFAULT_STATE.policy, pf: 'ibp59s0', numVfs: 8 };

  it('offers the ports of the selected nodes, InfiniBand first, bounded by the smallest', () => {
    const ports = portChoices(fabric, '*');
    expect(ports.map((p) => p.name)).toEqual(['ibp59s0', 'ens1f0']);
    expect(ports[0]).toMatchObject({ totalvfs: 8, nodes: ['worker-0', 'worker-1'] });
    expect(vfLimit(ports[0]).max).toBe(8);
    expect(portChoices(fabric, 'worker-0')[0]?.totalvfs).toBe(16);
  });

  it('caps Mellanox ports at 128 VFs whatever totalvfs says', () => {
    const big = portChoices([node('w', [pf('ibp1', { totalvfs: 252 })])], 'w')[0];
    expect(vfLimit(big)).toMatchObject({ max: 128 });
  });

  it('accepts a sound draft', () => {
    expect(policyProblems(draft, fabric, [])).toEqual([]);
  });

  it('refuses more VFs than the hardware has, an Ethernet port and a bad resource name', () => {
    const fields = (d: PolicyDraft) => policyProblems(d, fabric, []).map((p) => p.field);
    expect(fields({ ...draft, numVfs: 9 })).toEqual(['numVfs']);
    expect(policyProblems({ ...draft, numVfs: 9 }, fabric, [])[0]?.message).toContain(
      'sriov_totalvfs = 8',
    );
    expect(fields({ ...draft, node: 'worker-0', pf: 'ens1f0' })).toEqual(['pf']);
    expect(fields({ ...draft, resourceName: 'ib vfs' })).toEqual(['resourceName']);
    expect(fields({ ...draft, resourceName: `a${'b'.repeat(63)}` })).toEqual(['resourceName']);
    expect(fields({ ...draft, numVfs: undefined, pf: '' })).toEqual(['pf', 'numVfs']);
  });

  it('refuses a second policy on a port another policy already uses', () => {
    const problems = policyProblems(
      { ...draft, name: 'ib-more', resourceName: 'ib_more' },
      fabric,
      [policy('ib-existing')],
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('ib-existing');
    expect(problems[0]?.message).toContain('ib_vfs');
  });
});

describe('steps 2 to 6: what blocks Next', () => {
  const state: WizardState = {
    ...DEFAULT_STATE,
    network: {
      ...DEFAULT_STATE.network,
      name: 'ib-net',
      namespace: 'ib-team',
      resourceName: 'ib_vfs',
    },
  };
  const diagnosticsOf = (s: WizardState) =>
    validate(bundleYaml([networkObject(s.network, OPERATOR)]), { operatorNamespace: OPERATOR });

  it('lets a complete step go on', () => {
    for (const step of ['network', 'ipam', 'link', 'review', 'pod'] as const) {
      expect(stepBlockers(step, state, diagnosticsOf(state)), step).toEqual([]);
    }
  });

  it('asks for the name, namespace and resource first', () => {
    const blank = { ...state, network: { ...DEFAULT_STATE.network } };
    expect(stepBlockers('network', blank, diagnosticsOf(blank))).toEqual([
      'Name the network.',
      'Choose the namespace whose pods use the network.',
      'Choose the resource the VFs come from.',
    ]);
    const upper = { ...state, network: { ...state.network, name: 'IB_Net' } };
    expect(stepBlockers('network', upper, diagnosticsOf(upper))[0]).toContain('cannot name');
  });

  it('stops at broken IPAM JSON and at DHCP, which ib-sriov refuses', () => {
    const broken = { ...state, network: { ...state.network, ipam: '{"type": "whereabouts",' } };
    expect(stepBlockers('ipam', broken, diagnosticsOf(broken))[0]).toContain('broken at line 1');
    const dhcp = { ...state, network: { ...state.network, ipam: '{"type": "dhcp"}' } };
    expect(stepBlockers('ipam', dhcp, diagnosticsOf(dhcp)).join(' ')).toMatch(/dhcp/i);
    expect(stepBlockers('network', dhcp, diagnosticsOf(dhcp))).toEqual([]);
  });

  it('checks the test pod request: interface name, GUID and addresses', () => {
    const pod = {
      ...state,
      network: { ...state.network, guid: true, ips: true },
      pod: {
        ...state.pod,
        form: 'json' as const,
        interface: 'infiniband-port-1',
        guid: '00:00:00:00:00:00:00:00',
        ips: '192.168.10.9',
      },
    };
    const blockers = stepBlockers('pod', pod, []);
    expect(blockers).toHaveLength(3);
    expect(blockers[0]).toContain('15 characters');
    expect(blockers[1]).toContain('not a usable GUID');
    expect(blockers[2]).toContain('prefix length');
  });
});
