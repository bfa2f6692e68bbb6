import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../lib/kube';
import { RESOURCES } from '../../lib/kube';
import type { KubeObject, SriovNetworkNodeState } from '../../lib/model';
import { startCluster, type Cluster } from '../index';
import {
  adminClient,
  configureNode,
  nad,
  pod,
  waitEvent,
  waitFor,
  waitRunning,
  type PodView,
} from './testing';

const NS = 'ib-team';
const OPERATOR_NS = 'openshift-sriov-network-operator';
let cluster: Cluster;
let client: KubeClient;
const nads = () => RESOURCES['network-attachment-definitions'];
const ibSriov = (resource: string, ipam: Record<string, unknown>, caps?: Record<string, boolean>) =>
  [
    { type: 'ib-sriov', ...(caps ? { capabilities: caps } : {}), ipam },
    `openshift.io/${resource}`,
  ] as const;

beforeAll(async () => {
  cluster = await startCluster();
  client = await adminClient(cluster);
  const fabric = cluster.fabric;
  if (!fabric) throw new Error('no fabric');
  await configureNode(client, fabric.node('worker-0'), [
    { pci: '0000:3b:00.0', numVfs: 4, resource: 'ib_a' },
    { pci: '0000:86:00.0', numVfs: 1, resource: 'ib_zero', zeroGuid: [0] },
  ]);
  await configureNode(client, fabric.node('worker-1'), [
    { pci: '0000:3b:00.0', numVfs: 4, resource: 'ib_a' },
    { pci: '0000:86:00.0', numVfs: 1, resource: 'ib_one' },
  ]);
  await configureNode(client, fabric.node('worker-2'), [
    { pci: '0000:3b:00.0', numVfs: 4, resource: 'ib_a' },
  ]);
  await waitFor('ib_a on every worker', () =>
    ['worker-0', 'worker-1', 'worker-2'].every(
      (n) => fabric.resources(n)['openshift.io/ib_a'] === 4,
    ),
  );
});

afterAll(async () => {
  await cluster?.stop();
});

const getPod = (name: string) => client.get<PodView>(RESOURCES.pods, name, NS);

describe('failures that look like the real ones', () => {
  it('a missing NAD: NoNetworkFound and FailedCreatePodSandBox in Multus words, healed by the NAD', async () => {
    await client.create(
      RESOURCES.pods,
      pod(NS, 'lost', 'ghost', { resources: { 'openshift.io/ib_a': 1 } }),
    );
    // Without its own request nobody injects a VF for it: it cannot heal later.
    await client.create(RESOURCES.pods, pod(NS, 'lost-bare', 'ghost'));
    const short = `cannot find a network-attachment-definition (ghost) in namespace (${NS}): network-attachment-definitions.k8s.cni.cncf.io "ghost" not found`;
    const noNetwork = await waitEvent(client, NS, 'lost', 'NoNetworkFound');
    expect(noNetwork).toMatchObject({
      type: 'Warning',
      message: short,
      source: { component: 'multus' },
    });
    const sandbox = await waitEvent(client, NS, 'lost', 'FailedCreatePodSandBox');
    const uid = (await getPod('lost')).metadata.uid;
    expect(sandbox.source.component).toBe('kubelet');
    expect(sandbox.message).toMatch(
      /^Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "[0-9a-f]{64}": plugin type="multus" name="multus-cni-network" failed \(add\): /,
    );
    expect(sandbox.message).toContain(
      `Multus: [${NS}/lost/${uid}]: error loading k8s delegates k8s args:`,
    );
    expect(sandbox.message.endsWith(`getKubernetesDelegate: ${short}`)).toBe(true);
    const waiting = await getPod('lost');
    expect(waiting.status.phase).toBe('Pending');
    expect(waiting.spec.nodeName).toMatch(/^worker-/);
    expect(waiting.status.containerStatuses?.[0]?.state.waiting?.reason).toBe('ContainerCreating');

    await client.create(
      nads(),
      nad(NS, 'ghost', ...ibSriov('ib_a', { type: 'whereabouts', range: '10.80.0.0/24' })),
    );
    await waitRunning(client, NS, 'lost');
    await waitFor('the pod without a VF to fail in ib-sriov-cni', async () => {
      const list = await client.list<
        KubeObject & { message: string; involvedObject: { name: string } }
      >(RESOURCES.events, { namespace: NS });
      return list.items.some(
        (e) =>
          e.involvedObject.name === 'lost-bare' &&
          e.message.endsWith(
            'InfiniBand SRI-OV CNI failed to load netconf: LoadConf(): VF pci addr is required',
          ),
      );
    });
  });

  it('a VF whose GUID is zero fails the pod, unless the pod brings a GUID the NAD accepts', async () => {
    await client.create(
      nads(),
      nad(
        NS,
        'zg',
        ...ibSriov(
          'ib_zero',
          { type: 'static', addresses: [{ address: '10.81.0.5/24' }] },
          { infinibandGUID: true },
        ),
      ),
    );
    await client.create(RESOURCES.pods, pod(NS, 'zg-1', 'zg'));
    const uid = await waitFor('zg-1 to exist', async () => (await getPod('zg-1')).metadata.uid);
    const failed = await waitEvent(client, NS, 'zg-1', 'FailedCreatePodSandBox');
    expect(failed.message).toContain(
      `[${NS}/zg-1/${uid}:zg]: error adding container to network "zg": InfiniBand SRI-OV CNI failed to configure VF "VF ibp134s0v0 GUID is not valid"`,
    );

    await client.delete(RESOURCES.pods, 'zg-1', NS);
    await client.create(
      RESOURCES.pods,
      pod(NS, 'zg-2', '[{"name": "zg", "infiniband-guid": "02:00:00:00:00:00:5a:01"}]'),
    );
    await waitRunning(client, NS, 'zg-2');
  });

  it('an exhausted whereabouts range fails with whereabouts words, and frees up on delete', async () => {
    await client.create(
      nads(),
      nad(NS, 'tiny', ...ibSriov('ib_a', { type: 'whereabouts', range: '10.60.0.0/30' })),
    );
    for (const name of ['t-1', 't-2']) {
      await client.create(RESOURCES.pods, pod(NS, name, 'tiny'));
      await waitRunning(client, NS, name);
    }
    await client.create(RESOURCES.pods, pod(NS, 't-3', 'tiny'));
    const failed = await waitEvent(client, NS, 't-3', 'FailedCreatePodSandBox');
    expect(failed.message).toContain(
      'error adding container to network "tiny": failed to set up IPAM plugin type "whereabouts" from the device "ibp59s0": error at storage engine: Could not allocate IP in range: ip: 10.60.0.1 / - 10.60.0.2 / range: 10.60.0.0/30 / excludeRanges: []',
    );
    await client.delete(RESOURCES.pods, 't-1', NS);
    await waitRunning(client, NS, 't-3');
  });

  it('no free VF anywhere: Pending with FailedScheduling in kube-scheduler words, scheduled once one frees', async () => {
    await client.create(nads(), nad(NS, 'one', ...ibSriov('ib_one', {})));
    await client.create(RESOURCES.pods, pod(NS, 'o-1', 'one'));
    await waitRunning(client, NS, 'o-1');
    await client.create(RESOURCES.pods, pod(NS, 'o-2', 'one'));
    const event = await waitEvent(client, NS, 'o-2', 'FailedScheduling');
    const message =
      '0/3 nodes are available: 3 Insufficient openshift.io/ib_one. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    expect(event).toMatchObject({
      type: 'Warning',
      message,
      source: { component: 'default-scheduler' },
    });
    const pending = await getPod('o-2');
    expect(pending.spec.nodeName).toBeUndefined();
    expect(pending.status.conditions).toContainEqual(
      expect.objectContaining({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message,
      }),
    );
    await client.delete(RESOURCES.pods, 'o-1', NS);
    expect((await waitRunning(client, NS, 'o-2')).spec.nodeName).toBe('worker-1');
  });

  it('dhcp IPAM on an InfiniBand network is refused by ib-sriov-cni', async () => {
    await client.create(nads(), nad(NS, 'dh', ...ibSriov('ib_a', { type: 'dhcp' })));
    await client.create(RESOURCES.pods, pod(NS, 'dh-1', 'dh'));
    const failed = await waitEvent(client, NS, 'dh-1', 'FailedCreatePodSandBox');
    expect(
      failed.message.endsWith(
        'error adding container to network "dh": ipam type dhcp is not supported',
      ),
    ).toBe(true);
  });
});

describe('the device plugin', () => {
  it('advertises the VFs of the node state vfGroups that exist and are bound', async () => {
    const fabric = cluster.fabric;
    const node = fabric?.node('worker-2');
    if (!fabric || !node) throw new Error('no fabric');
    const pf = '0000:86:00.0';
    const resource = 'openshift.io/ib_dp';
    expect(await node.kernel.setNumVfs(pf, 3)).toBe('ok');
    await fabric.settle();
    expect(fabric.resources('worker-2')[resource]).toBeUndefined();

    const state = await client.get<SriovNetworkNodeState>(
      RESOURCES.sriovnetworknodestates,
      'worker-2',
      OPERATOR_NS,
    );
    const group = { resourceName: 'ib_dp', deviceType: 'netdevice', vfRange: '0-3', isRdma: true };
    const interfaces = [
      ...(state.spec?.interfaces ?? []),
      { pciAddress: pf, numVfs: 4, vfGroups: [group] },
    ];
    await client.patch(
      RESOURCES.sriovnetworknodestates,
      'worker-2',
      OPERATOR_NS,
      { spec: { interfaces } },
      'merge',
    );
    const allocatable = async () => {
      const n = await client.get<
        KubeObject & {
          status: { allocatable: Record<string, string>; capacity: Record<string, string> };
        }
      >(RESOURCES.nodes, 'worker-2');
      return n.status.allocatable[resource] === n.status.capacity[resource]
        ? n.status.allocatable[resource]
        : undefined;
    };
    await waitFor(
      '3 of the 4 VFs the group names (only 3 exist)',
      async () => (await allocatable()) === '3',
    );

    await writeFile(join(node.sysfsRoot, 'bus/pci/drivers/mlx5_core/unbind'), '0000:86:00.2');
    await waitFor('an unbound VF to drop out', async () => (await allocatable()) === '2');
    await writeFile(join(node.sysfsRoot, 'bus/pci/drivers_probe'), '0000:86:00.2');
    await waitFor('the probed VF to come back', async () => (await allocatable()) === '3');

    await writeFile(join(node.sysfsRoot, 'bus/pci/devices', pf, 'sriov_numvfs'), '0');
    await waitFor(
      'a resource without VFs to stay at 0, as kubelet keeps it',
      async () => (await allocatable()) === '0',
    );
  });
});
