import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeClient, RESOURCES, sleep } from '../../lib/kube';
import { parseGuid } from '../../lib/annotations/guid';
import { type Cluster, startCluster } from '../../sim';
import { nad, networkStatus, pod, waitRunning } from '../../sim/fabric/testing';
import type { RunningNodeAgent } from './agent';
import { derivedVfGuid } from './guids';
import { CONFIGURED_PFS_ANNOTATION } from './node-state';
import { readVfs } from './sysfs';
import {
  adminClient,
  applyPolicy,
  deletePolicy,
  firstSync,
  getState,
  guidsOf,
  ibPolicy,
  loggedIp,
  pfStatus,
  settled,
  snapshotTree,
  startAgent,
  waitForState,
} from './testing/harness';

// One node with three ConnectX-7 ports; the third allows 200 VFs, more than Mellanox firmware does.
const NODE = 'worker-0';
const PF1 = '0000:3b:00.0';
const PF2 = '0000:86:00.0';
const PF3 = '0000:af:00.0';
const IB_A = 'openshift.io/ib_a';

let cluster: Cluster;
let client: KubeClient;
let agent: RunningNodeAgent;
let dir: string;
let ip: { command: string; calls(): Promise<string[]> };
let sysfsRoot: string;
let pfGuid: string;

beforeAll(async () => {
  cluster = await startCluster({
    fabric: {
      nodes: [
        {
          name: NODE,
          pfs: [{ pciAddress: PF1 }, { pciAddress: PF2 }, { pciAddress: PF3, totalVfs: 200 }],
        },
      ],
    },
  });
  client = await adminClient(cluster.kubeconfigPath);
  const node = cluster.fabric?.node(NODE);
  if (!node) throw new Error('the cluster has no simulated fabric');
  sysfsRoot = node.sysfsRoot;
  dir = await mkdtemp(join(tmpdir(), 'ibnet-node-agent-'));
  ip = await loggedIp(dir, node.ipCommand);
  agent = await startAgent(client, { ...node, ipCommand: ip.command });
  await firstSync(agent);
  pfGuid = (await getState(client, NODE)).status?.interfaces
    ?.find((i) => i.pciAddress === PF1)
    ?.mac?.split(':')
    .slice(12)
    .join(':') as string;
}, 60_000);

async function reconcileErrors(): Promise<number> {
  const metric = await agent.metrics.registry
    .getSingleMetric('ibnet_reconcile_errors_total')
    ?.get();
  return metric?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
}

afterAll(async () => {
  await agent?.stop();
  await cluster?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('node configurator on a simulated node', { timeout: 90_000 }, () => {
  let first: Record<number, string>;

  it('gives the selected PF its VFs with stable non-zero GUIDs and reports them as upstream does', async () => {
    await applyPolicy(
      client,
      ibPolicy('ib-a', { numVfs: 8, nicSelector: { pfNames: ['ibp59s0'] } }),
    );

    const state = await waitForState(
      client,
      NODE,
      '8 VFs, Succeeded',
      (s) => s.status?.syncStatus === 'Succeeded' && pfStatus(s, PF1)?.numVfs === 8,
    );

    expect(state.spec?.interfaces).toEqual([
      {
        pciAddress: PF1,
        numVfs: 8,
        name: 'ibp59s0',
        linkType: 'ib',
        vfGroups: [
          {
            resourceName: 'ib_a',
            deviceType: 'netdevice',
            vfRange: '0-7',
            policyName: 'ib-a',
            isRdma: true,
          },
        ],
      },
    ]);
    expect(state.status?.lastSyncError).toBe('');
    expect(state.metadata.annotations?.[CONFIGURED_PFS_ANNOTATION]).toBe(PF1);
    const pf = pfStatus(state, PF1);
    expect(Object.keys(pf ?? {}).sort()).toEqual(
      [
        'Vfs',
        'deviceID',
        'driver',
        'linkSpeed',
        'linkType',
        'mac',
        'mtu',
        'name',
        'numVfs',
        'pciAddress',
        'totalvfs',
        'vendor',
      ].sort(),
    );
    expect(pf).toMatchObject({
      name: 'ibp59s0',
      linkType: 'IB',
      totalvfs: 16,
      vendor: '15b3',
      deviceID: '1021',
    });
    expect(pf?.Vfs?.[3]).toMatchObject({
      name: 'ibp59s0v3',
      pciAddress: '0000:3b:00.4',
      vfID: 3,
      driver: 'mlx5_core',
      deviceID: '101e',
    });

    first = guidsOf(state, PF1);
    expect(Object.values(first)).toHaveLength(8);
    for (const [index, guid] of Object.entries(first)) {
      expect(parseGuid(guid).ok).toBe(true);
      expect(guid).toBe(derivedVfGuid(pfGuid, Number(index)));
    }
    expect(new Set(Object.values(first)).size).toBe(8);

    // The device plugin advertises the VFs the node state's vfGroups give it.
    await cluster.fabric?.settle();
    expect(cluster.fabric?.resources(NODE)['openshift.io/ib_a']).toBe(8);
  });

  it('after a restart writes nothing at all and keeps the GUIDs', async () => {
    await agent.stop();
    const before = await getState(client, NODE);
    const tree = await snapshotTree(sysfsRoot);
    const calls = (await ip.calls()).length;

    agent = await startAgent(client, { name: NODE, sysfsRoot, ipCommand: ip.command });
    expect(await firstSync(agent)).toEqual({
      syncStatus: 'Succeeded',
      lastSyncError: '',
      changed: [],
    });

    expect((await ip.calls()).length).toBe(calls);
    expect(await snapshotTree(sysfsRoot)).toEqual(tree);
    const writes = await agent.metrics.registry.getSingleMetricAsString(
      'ibnet_node_sysfs_writes_total',
    );
    expect(writes).not.toMatch(/ibnet_node_sysfs_writes_total\{/);
    const after = await getState(client, NODE);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(guidsOf(after, PF1)).toEqual(first);
  });

  it('8 → 4 → 8 VFs gives every VF index the same GUID again', async () => {
    await applyPolicy(
      client,
      ibPolicy('ib-a', { numVfs: 4, nicSelector: { pfNames: ['ibp59s0'] } }),
    );
    const four = await waitForState(
      client,
      NODE,
      '4 VFs',
      (s) => s.status?.syncStatus === 'Succeeded' && pfStatus(s, PF1)?.numVfs === 4,
    );
    expect(guidsOf(four, PF1)).toEqual({ 0: first[0], 1: first[1], 2: first[2], 3: first[3] });

    await applyPolicy(
      client,
      ibPolicy('ib-a', { numVfs: 8, nicSelector: { pfNames: ['ibp59s0'] } }),
    );
    const eight = await waitForState(
      client,
      NODE,
      '8 VFs again',
      (s) => s.status?.syncStatus === 'Succeeded' && pfStatus(s, PF1)?.numVfs === 8,
    );
    expect(guidsOf(eight, PF1)).toEqual(first);
  });

  it('leaves alone a VF whose netdev is in a pod, keeping the GUID the pod asked for', async () => {
    const podGuid = '02:00:00:00:00:00:c1:01';
    await client.create(
      RESOURCES['network-attachment-definitions'],
      nad('default', 'ib-guid', { type: 'ib-sriov', capabilities: { infinibandGUID: true } }, IB_A),
    );
    const networks = `[{"name": "ib-guid", "infiniband-guid": "${podGuid}"}]`;
    await client.create(RESOURCES.pods, pod('default', 'pinned', networks, { node: NODE }));
    const running = await waitRunning(client, 'default', 'pinned');
    const info = networkStatus(running)[1]?.['device-info'] as { pci: Record<string, string> };
    const vfPci = info.pci['pci-address'];
    const vfOf = async () => (await readVfs(sysfsRoot, PF1)).find((v) => v.pciAddress === vfPci);
    expect((await vfOf())?.guid).toBe(podGuid);
    expect((await vfOf())?.netdev).toBeUndefined();

    // A sync now must neither reset the pod's GUID nor re-probe its VF.
    const calls = (await ip.calls()).length;
    const before = agent.lastSync();
    agent.resync();
    await waitFor(async () => agent.lastSync() !== before);
    expect(agent.lastSync()).toMatchObject({ syncStatus: 'Succeeded', changed: [] });
    expect((await ip.calls()).length).toBe(calls);
    expect((await vfOf())?.guid).toBe(podGuid);
    const state = await getState(client, NODE);
    expect(pfStatus(state, PF1)?.Vfs?.find((v) => v.pciAddress === vfPci)?.guid).toBe(podGuid);

    // Released, the VF gets its netdev and its own GUID back from the CNI, not from the agent.
    await client.delete(RESOURCES.pods, 'pinned', 'default');
    await waitFor(async () => (await vfOf())?.netdev !== undefined);
    const index = (await vfOf())?.index ?? -1;
    expect((await vfOf())?.guid).toBe(first[index]);
    expect((await ip.calls()).length).toBe(calls);
  });

  it('raises the PF MTU and applies the policy MTU to each VF, never lowering the PF', async () => {
    await applyPolicy(
      client,
      ibPolicy('ib-mtu', { numVfs: 2, mtu: 4000, nicSelector: { pfNames: ['ibp134s0'] } }),
    );
    const raised = await waitForState(
      client,
      NODE,
      'MTU 4000',
      (s) => s.status?.syncStatus === 'Succeeded' && pfStatus(s, PF2)?.mtu === 4000,
    );
    expect(pfStatus(raised, PF2)?.Vfs?.map((vf) => vf.mtu)).toEqual([4000, 4000]);

    await applyPolicy(
      client,
      ibPolicy('ib-mtu', { numVfs: 2, mtu: 3000, nicSelector: { pfNames: ['ibp134s0'] } }),
    );
    const lowered = await waitForState(
      client,
      NODE,
      'VF MTU 3000',
      (s) => s.status?.syncStatus === 'Succeeded' && pfStatus(s, PF2)?.Vfs?.[1]?.mtu === 3000,
    );
    expect(pfStatus(lowered, PF2)?.mtu).toBe(4000);
    expect(pfStatus(lowered, PF2)?.Vfs?.map((vf) => vf.mtu)).toEqual([3000, 3000]);
  });

  it('reports a change the hardware refuses half way, and retries it with backoff', async () => {
    const errorsBefore = await reconcileErrors();
    // IPoIB allows at most 4092: only ip knows, so this fails while applying, not in validation.
    await applyPolicy(
      client,
      ibPolicy('ib-mtu', { numVfs: 2, mtu: 5000, nicSelector: { pfNames: ['ibp134s0'] } }),
    );
    const failed = await waitForState(client, NODE, 'Failed', (s) =>
      /mtu 5000/.test(s.status?.lastSyncError ?? ''),
    );
    expect(failed.status?.syncStatus).toBe('Failed');
    expect(failed.status?.lastSyncError).toBe(
      "applying failed after changing nothing: 'ip link set dev ibp134s0 mtu 5000' failed (exit 2): Error: mtu greater than device maximum.",
    );
    await waitFor(async () => (await reconcileErrors()) >= errorsBefore + 2);

    await applyPolicy(
      client,
      ibPolicy('ib-mtu', { numVfs: 2, mtu: 3000, nicSelector: { pfNames: ['ibp134s0'] } }),
    );
    const healed = await waitForState(
      client,
      NODE,
      'Succeeded',
      (s) => s.status?.syncStatus === 'Succeeded',
    );
    expect(healed.status?.lastSyncError).toBe('');
    expect(pfStatus(healed, PF2)?.mtu).toBe(4000);
  });

  it('refuses invalid policies with a clear lastSyncError and changes nothing in sysfs', async () => {
    const tree = await snapshotTree(sysfsRoot);
    const calls = (await ip.calls()).length;

    // Too many for the PF (priority 10 beats ib-a), over the Mellanox cap, and overlapping ranges.
    await applyPolicy(
      client,
      ibPolicy('too-many', { numVfs: 20, priority: 10, nicSelector: { pfNames: ['ibp59s0'] } }),
    );
    await applyPolicy(
      client,
      ibPolicy('over-128', { numVfs: 150, nicSelector: { pfNames: ['ibp175s0'] } }),
    );
    await applyPolicy(
      client,
      ibPolicy('range-a', { numVfs: 8, priority: 50, nicSelector: { pfNames: ['ibp175s0#0-3'] } }),
    );
    await applyPolicy(
      client,
      ibPolicy('range-b', { numVfs: 8, priority: 50, nicSelector: { pfNames: ['ibp175s0#2-5'] } }),
    );

    const failed = await waitForState(
      client,
      NODE,
      'all four refused',
      (s) => s.status?.syncStatus === 'Failed' && /range-b/.test(s.status.lastSyncError ?? ''),
    );
    const text = failed.status?.lastSyncError ?? '';
    expect(text).toContain(
      'policy too-many refused on ibp59s0 (0000:3b:00.0): numVfs 20 is more than ibp59s0 supports (sriov_totalvfs 16); lower numVfs to at most 16',
    );
    expect(text).toContain(
      'policy over-128 refused on ibp175s0 (0000:af:00.0): numVfs 150 is more than the 128 VFs a Mellanox card allows on ibp175s0; lower numVfs to at most 128',
    );
    expect(text).toMatch(
      /policy range-b refused on ibp175s0 \(0000:af:00.0\): VF range 2-5 overlaps range 0-3 of policy range-a/,
    );
    expect(text).toMatch(
      /Nothing was changed on ibp59s0 \(0000:3b:00.0\), ibp175s0 \(0000:af:00.0\) until this is fixed\.$/,
    );

    // The frozen PF keeps its spec, so its VFs stay advertised.
    expect(failed.spec?.interfaces?.find((i) => i.pciAddress === PF1)?.numVfs).toBe(8);
    expect((await ip.calls()).length).toBe(calls);
    expect(await snapshotTree(sysfsRoot)).toEqual(tree);

    for (const name of ['too-many', 'over-128', 'range-a', 'range-b'])
      await deletePolicy(client, name);
    await waitForState(
      client,
      NODE,
      'Succeeded again',
      (s) => s.status?.syncStatus === 'Succeeded',
    );
    expect(await snapshotTree(sysfsRoot)).toEqual(tree);
  });

  it('puts a PF that no policy selects any more back to 0 VFs', async () => {
    await deletePolicy(client, 'ib-a');
    await deletePolicy(client, 'ib-mtu');
    const state = await waitForState(
      client,
      NODE,
      'no VFs',
      (s) => settled(s) && pfStatus(s, PF1)?.numVfs === 0 && pfStatus(s, PF2)?.numVfs === 0,
    );
    expect(state.status?.lastSyncError).toBe('');
    expect(state.status?.syncStatus).toBe('Succeeded');
    expect(state.spec?.interfaces).toEqual([]);
    expect(pfStatus(state, PF1)?.Vfs).toBeUndefined();
    expect(state.metadata.annotations?.[CONFIGURED_PFS_ANNOTATION]).toBeUndefined();
  });
});
