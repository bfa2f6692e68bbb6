import { describe, expect, it } from 'vitest';
import type { NetworkAttachmentDefinition, SriovIBNetwork, SriovNetworkNodeState } from '../model';
import { renderNad } from '../render';
import { fabricView } from './fabric';
import { type ClusterSnapshot, type NodeLike, type PodLike, emptySnapshot } from './kube';
import { networkRows } from './networks';
import { podDetail } from './pod-detail';
import { queryPods } from './pod-query';

function network(namespace: string, name: string, capabilities?: string): SriovIBNetwork {
  return {
    apiVersion: 'sriovnetwork.openshift.io/v1',
    kind: 'SriovIBNetwork',
    metadata: { namespace, name, uid: `${namespace}-${name}` },
    spec: {
      resourceName: 'ib_vfs',
      ipam: '{"type": "whereabouts", "range": "10.0.0.0/30"}',
      capabilities,
    },
    status: { conditions: [{ type: 'Ready', status: 'True', reason: 'NetworkReady' }] },
  };
}

function nadOf(net: SriovIBNetwork): NetworkAttachmentDefinition {
  const r = renderNad(net);
  if (!r.ok) throw new Error('does not render');
  return r.nad;
}

function pod(
  namespace: string,
  name: string,
  networks: string | undefined,
  opts: { phase?: string; status?: unknown[]; node?: string; vfs?: number } = {},
): PodLike {
  const annotations: Record<string, string> = {};
  if (networks !== undefined) annotations['k8s.v1.cni.cncf.io/networks'] = networks;
  if (opts.status) annotations['k8s.v1.cni.cncf.io/network-status'] = JSON.stringify(opts.status);
  const resources = opts.vfs
    ? { requests: { 'openshift.io/ib_vfs': String(opts.vfs) } }
    : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace, name, annotations, resourceVersion: '1' },
    spec: { nodeName: opts.node, containers: [{ name: 'c', resources }] },
    status: { phase: opts.phase ?? 'Running' },
  };
}

function node(name: string, vfs: number): NodeLike {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    status: {
      capacity: { 'openshift.io/ib_vfs': String(vfs) },
      allocatable: { 'openshift.io/ib_vfs': String(vfs) },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

function snapshot(parts: Partial<ClusterSnapshot>): ClusterSnapshot {
  return { ...emptySnapshot(), ...parts };
}

const attachedStatus = (net: string, ip: string, pci = '0000:3b:00.2') => [
  { name: 'ovn-kubernetes', interface: 'eth0', default: true, ips: ['10.128.0.5'] },
  {
    name: net,
    interface: 'net1',
    ips: [ip],
    'device-info': { type: 'pci', version: '1.1.0', pci: { 'pci-address': pci } },
  },
];

describe('pod network view', () => {
  it('shows an attached interface with MTU unknown when Multus reports none', () => {
    const net = network('team', 'ib1', '{"infinibandGUID": true}');
    const p = pod('team', 'a', 'ib1', {
      status: attachedStatus('team/ib1', '10.0.0.1'),
      node: 'n1',
    });
    const detail = podDetail(p, snapshot({ networks: [net], nads: [nadOf(net)], pods: [p] }));
    expect(detail.state).toBe('ok');
    expect(detail.interfaces).toHaveLength(1);
    const [iface] = detail.interfaces;
    expect(iface?.status).toBe('attached');
    expect(iface?.attached?.mtu).toBe('unknown');
    expect(iface?.diagnoses.map((d) => d.code)).toEqual(['attached']);
  });

  it('says the NAD is missing where the pod looks, and where it exists instead', () => {
    const net = network('other', 'ib1');
    const p = pod('team', 'b', 'ib1', { phase: 'Pending' });
    const detail = podDetail(p, snapshot({ networks: [net], nads: [nadOf(net)], pods: [p] }));
    const d = detail.interfaces[0]?.diagnoses.find((x) => x.code === 'nad-missing');
    expect(d?.detail).toContain('namespace "team"');
    expect(d?.detail).toContain('exists in other');
    expect(d?.action).toContain('other/ib1');
  });

  it('flags a GUID request dropped for want of the infinibandGUID capability, and a zero GUID', () => {
    const net = network('team', 'ib1');
    const request = JSON.stringify([{ name: 'ib1', 'infiniband-guid': '00:00:00:00:00:00:00:00' }]);
    const p = pod('team', 'c', request, { phase: 'Pending', node: 'n1' });
    const detail = podDetail(p, snapshot({ networks: [net], nads: [nadOf(net)], pods: [p] }));
    const codes = detail.interfaces[0]?.diagnoses.map((d) => d.code);
    expect(codes).toContain('capability-missing');
    expect(codes).toContain('invalid-guid');
  });

  it('finds no free VF when every advertised VF is held', () => {
    const net = network('team', 'ib1', '{"infinibandGUID": true}');
    const holder = pod('team', 'holder', 'ib1', {
      node: 'n1',
      vfs: 2,
      status: attachedStatus('team/ib1', '10.0.0.1'),
    });
    const waiting = pod('team', 'waiting', 'ib1', { phase: 'Pending', vfs: 1 });
    const s = snapshot({
      networks: [net],
      nads: [nadOf(net)],
      pods: [holder, waiting],
      nodes: [node('n1', 2)],
    });
    const d = podDetail(waiting, s).interfaces[0]?.diagnoses.find((x) => x.code === 'no-free-vf');
    expect(d?.detail).toContain('advertise 2 of openshift.io/ib_vfs and pods hold 2');
  });

  it('says a pending pod is still pending when nothing is wrong', () => {
    const net = network('team', 'ib1', '{"infinibandGUID": true}');
    const p = pod('team', 'd', 'ib1', { phase: 'Pending', node: 'n1' });
    const s = snapshot({ networks: [net], nads: [nadOf(net)], pods: [p], nodes: [node('n1', 4)] });
    const detail = podDetail(p, s);
    expect(detail.state).toBe('pending');
    expect(detail.interfaces[0]?.diagnoses.map((x) => x.code)).toEqual(['pending']);
  });
});

describe('pod list', () => {
  const pods = Array.from({ length: 10_000 }, (_, i) =>
    pod(`ns-${i % 10}`, `pod-${String(i).padStart(5, '0')}`, i % 2 ? 'ib1' : undefined, {
      node: `node-${i % 50}`,
      status: i % 4 === 1 ? attachedStatus(`ns-${i % 10}/ib1`, '10.0.0.1') : undefined,
    }),
  );

  // Speed is measured by bench/console-api.bench.ts; a shared 2-core machine makes timing asserts flaky.
  it('pages 10,000 pods by cursor without loss or repetition', () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = queryPods(pods, { limit: 500, cursor });
      for (const r of page.items) seen.add(`${r.namespace}/${r.name}`);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen.size).toBe(10_000);
    expect(pages).toBe(20);
  });

  it('filters by namespace, network, node, status and text', () => {
    expect(queryPods(pods, { namespace: 'ns-3' }).total).toBe(1000);
    expect(queryPods(pods, { network: 'ns-1/ib1' }).total).toBe(1000);
    expect(queryPods(pods, { node: 'node-7' }).total).toBe(200);
    // Odd pods request ib1; those with i % 4 === 1 are attached, the others are Running without it.
    expect(queryPods(pods, { status: 'ok' }).total).toBe(2500);
    expect(queryPods(pods, { status: 'problem' }).total).toBe(2500);
    const found = queryPods(pods, { q: 'POD-0999' }).items.map((r) => r.name);
    expect(found).toHaveLength(10);
    expect(found.every((n) => n.startsWith('pod-0999'))).toBe(true);
  });
});

describe('network rows', () => {
  it('tells a missing NAD from a NAD owned by another network', () => {
    const mine = network('team', 'ib1');
    const foreign = {
      ...nadOf(network('team', 'ib2')),
      metadata: { ...nadOf(network('team', 'ib2')).metadata },
    };
    foreign.metadata.annotations = {
      ...foreign.metadata.annotations,
      'sriovnetwork.openshift.io/owner-ref':
        'SriovIBNetwork.sriovnetwork.openshift.io/elsewhere/ib2',
    };
    const rows = networkRows(
      snapshot({ networks: [mine, network('team', 'ib2')], nads: [foreign] }),
    );
    expect(rows.map((r) => [r.name, r.nad.state, r.health])).toEqual([
      ['ib1', 'missing', 'error'],
      ['ib2', 'foreign', 'error'],
    ]);
  });

  it('counts pods and whereabouts usage per network', () => {
    const net = network('team', 'ib1');
    const pool = {
      apiVersion: 'whereabouts.cni.cncf.io/v1alpha1' as const,
      kind: 'IPPool' as const,
      metadata: { name: '10.0.0.0-30', namespace: 'kube-system' },
      spec: {
        range: '10.0.0.0/30',
        allocations: {
          '1': { id: 'c1', podref: 'team/a' },
          '2': { id: 'c2', podref: 'team/gone' },
        },
      },
    };
    const p = pod('team', 'a', 'ib1', { status: attachedStatus('team/ib1', '10.0.0.1') });
    const [row] = networkRows(
      snapshot({ networks: [net], nads: [nadOf(net)], pods: [p], pools: [pool] }),
    );
    expect(row?.podCount).toBe(1);
    expect(row?.ipam.ranges[0]).toMatchObject({ size: '2', used: 2, free: '0', stale: 1 });
    expect(row?.problems.map((x) => x.code)).toContain('network/pool-exhausted');
  });
});

describe('fabric', () => {
  it('maps VFs to pods and flags duplicate and zero GUIDs', () => {
    const state: SriovNetworkNodeState = {
      apiVersion: 'sriovnetwork.openshift.io/v1',
      kind: 'SriovNetworkNodeState',
      metadata: { name: 'n1', namespace: 'openshift-sriov-network-operator' },
      status: {
        syncStatus: 'Succeeded',
        interfaces: [
          {
            pciAddress: '0000:3b:00.0',
            name: 'ibp59s0',
            linkType: 'IB',
            numVfs: 3,
            Vfs: [
              { vfID: 0, pciAddress: '0000:3b:00.2', guid: '02:00:00:00:00:00:00:01' },
              { vfID: 1, pciAddress: '0000:3b:00.3', guid: '02:00:00:00:00:00:00:01' },
              { vfID: 2, pciAddress: '0000:3b:00.4', guid: '0000:0000:0000:0000' },
            ],
          },
        ],
      },
    };
    const p = pod('team', 'a', 'ib1', {
      node: 'n1',
      status: attachedStatus('team/ib1', '10.0.0.1', '0000:3b:00.2'),
    });
    const view = fabricView(snapshot({ nodeStates: [state], nodes: [node('n1', 3)], pods: [p] }));
    const vfs = view.nodes[0]?.pfs[0]?.vfs ?? [];
    expect(vfs.map((v) => v.guidState)).toEqual(['duplicate', 'duplicate', 'zero']);
    expect(vfs[0]?.pod).toMatchObject({ namespace: 'team', name: 'a', interface: 'net1' });
    expect(view.duplicateGuids).toHaveLength(1);
    expect(view.problems.map((x) => x.code)).toContain('fabric/duplicate-guid');
  });
});
