import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../lib/kube';
import { RESOURCES } from '../../lib/kube';
import type {
  IPPool,
  KubeObject,
  NetworkAttachmentDefinition,
  SriovIBNetwork,
  SriovNetworkNodeState,
} from '../../lib/model';
import { adminClient, networkStatus, waitEvent, type PodView } from '../fabric/testing';
import { startCluster, type Cluster } from '../index';
import { loadDemo } from './index';

let cluster: Cluster;
let client: KubeClient;
let loadMs = 0;

beforeAll(async () => {
  cluster = await startCluster();
  client = await adminClient(cluster);
  const started = Date.now();
  await loadDemo(cluster);
  loadMs = Date.now() - started;
});

afterAll(async () => {
  await cluster?.stop();
});

const getPod = (namespace: string, name: string) =>
  client.get<PodView>(RESOURCES.pods, name, namespace);
const attachment = async (namespace: string, name: string) =>
  networkStatus(await getPod(namespace, name))[1];

describe('the demo content without an agent', () => {
  it('is usable at once: VFs carved, node states synced, NADs rendered, networks Ready', async () => {
    console.log(`demo content loaded in ${loadMs} ms`);
    for (const name of ['worker-0', 'worker-1', 'worker-2']) {
      const node = await client.get<
        KubeObject & { status: { allocatable: Record<string, string> } }
      >(RESOURCES.nodes, name);
      expect(node.status.allocatable['openshift.io/mlnx_ib']).toBe('16');
      const state = await client.get<SriovNetworkNodeState>(
        RESOURCES.sriovnetworknodestates,
        name,
        'openshift-sriov-network-operator',
      );
      expect(state.status?.syncStatus).toBe('Succeeded');
      expect(
        state.status?.interfaces?.map((i) => [i.name, i.numVfs, i.mtu, i.Vfs?.length]),
      ).toEqual([
        ['ibp59s0', 8, 4092, 8],
        ['ibp134s0', 8, 4092, 8],
      ]);
    }
    const nads = await client.list<NetworkAttachmentDefinition>(
      RESOURCES['network-attachment-definitions'],
    );
    expect(nads.items.map((n) => `${n.metadata.namespace}/${n.metadata.name}`).sort()).toEqual([
      'hpc-batch/ib-research',
      'hpc-batch/ib-small',
      'ib-team/ib-dual',
      'ib-team/ib-hostlocal',
      'ib-team/ib-static',
    ]);
    const networks = await client.list<SriovIBNetwork>(RESOURCES.sriovibnetworks);
    expect(networks.items.every((n) => n.status?.conditions?.[0]?.reason === 'NetworkReady')).toBe(
      true,
    );
  });

  it('places pods and hands out addresses the same way every run', async () => {
    expect(await attachment('ib-team', 'trainer-0')).toMatchObject({
      interface: 'ib0',
      ips: ['192.168.10.1', '2001:db8::1'],
    });
    expect((await getPod('ib-team', 'trainer-0')).spec.nodeName).toBe('worker-0');
    expect((await getPod('ib-team', 'trainer-1')).spec.nodeName).toBe('worker-1');
    expect(await attachment('ib-team', 'static-a')).toMatchObject({ ips: ['192.168.30.11'] });
    expect(await attachment('ib-team', 'static-b')).toMatchObject({ ips: ['192.168.30.10'] });
    // host-local on two nodes: the same address twice.
    expect(await attachment('ib-team', 'hostlocal-a')).toMatchObject({ ips: ['192.168.40.10'] });
    expect(await attachment('ib-team', 'hostlocal-b')).toMatchObject({ ips: ['192.168.40.10'] });
    expect(await attachment('hpc-batch', 'research-0')).toMatchObject({ ips: ['192.168.10.1'] });
    const pools = await client.list<IPPool>(RESOURCES.ippools, { namespace: 'kube-system' });
    expect(pools.items.map((p) => p.metadata.name).sort()).toEqual([
      '192.168.10.0-24',
      '192.168.20.0-28',
      '2001-db8---64',
      'research-192.168.10.0-24',
    ]);
  });

  it('shows the problems: missing network, zero GUID, nearly full pool with a stale entry, dropped GUID', async () => {
    const missing = await waitEvent(client, 'hpc-batch', 'postproc', 'NoNetworkFound');
    expect(missing.message).toContain(
      'cannot find a network-attachment-definition (ib-dual) in namespace (hpc-batch)',
    );
    const zero = await waitEvent(client, 'ib-team', 'rdma-probe', 'FailedCreatePodSandBox');
    expect(zero.message).toContain('VF ibp59s0v0 GUID is not valid');
    const state = await client.get<SriovNetworkNodeState>(
      RESOURCES.sriovnetworknodestates,
      'worker-2',
      'openshift-sriov-network-operator',
    );
    expect(state.status?.interfaces?.[0]?.Vfs?.[0]).toMatchObject({
      vfID: 0,
      guid: '00:00:00:00:00:00:00:00',
    });

    const small = await client.get<IPPool>(RESOURCES.ippools, '192.168.20.0-28', 'kube-system');
    expect(Object.keys(small.spec.allocations)).toHaveLength(13);
    expect(small.spec.allocations['1']?.podref).toBe('hpc-batch/solver-11');
    await expect(getPod('hpc-batch', 'solver-11')).rejects.toThrow();

    const pinned = await getPod('hpc-batch', 'guid-pinned');
    expect(pinned.status.phase).toBe('Running');
    const pci = (networkStatus(pinned)[1]?.['device-info'] as { pci: Record<string, string> }).pci;
    const node = cluster.fabric?.node(pinned.spec.nodeName ?? '');
    const dir = join(
      node?.sysfsRoot ?? '',
      'bus/pci/devices',
      pci['pci-address'] ?? '',
      'infiniband',
      pci['rdma-device'] ?? '',
    );
    expect((await readFile(join(dir, 'node_guid'), 'utf8')).trim()).not.toBe('0200:0000:0000:b201');
  });
});

describe('the demo content with an agent', () => {
  it('waits for the agent, and leaves out the zero-GUID probe the agent would fix', async () => {
    const other = await startCluster();
    try {
      const summary = await loadDemo(other, { agent: true, agentTimeoutMs: 200 });
      expect(summary.agentReady).toBe(false);
      expect(summary.pods).not.toContain('ib-team/rdma-probe');
      const trainer = await other.store.get<PodView>('pods', 'trainer-0', 'ib-team');
      expect(trainer.status.conditions?.[0]?.message).toMatch(
        /^0\/3 nodes are available: 3 Insufficient openshift.io\/mlnx_ib\./,
      );
    } finally {
      await other.stop();
    }
  });
});
