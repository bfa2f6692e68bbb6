import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../lib/kube';
import { RESOURCES } from '../../lib/kube';
import type { IPPool, KubeObject } from '../../lib/model';
import { startCluster, type Cluster } from '../index';
import {
  adminClient,
  configureNode,
  nad,
  networkStatus,
  pod,
  waitFor,
  waitRunning,
  type PodView,
} from './testing';

const NS = 'ib-team';
const IB = 'openshift.io/ib_a';
let cluster: Cluster;
let client: KubeClient;

const ibSriov = (ipam: Record<string, unknown>, capabilities?: Record<string, boolean>) => ({
  type: 'ib-sriov',
  ...(capabilities ? { capabilities } : {}),
  ipam,
});

beforeAll(async () => {
  cluster = await startCluster();
  client = await adminClient(cluster);
  for (const name of ['worker-0', 'worker-1', 'worker-2']) {
    const node = cluster.fabric?.node(name);
    if (!node) throw new Error('no fabric');
    await configureNode(client, node, [{ pci: '0000:3b:00.0', numVfs: 8, resource: 'ib_a' }]);
  }
  await waitFor('every worker to advertise ib_a', () =>
    ['worker-0', 'worker-1', 'worker-2'].every((n) => cluster.fabric?.resources(n)[IB] === 8),
  );
});

afterAll(async () => {
  await cluster?.stop();
});

async function run(name: string, networks: string, opts: { node?: string } = {}): Promise<PodView> {
  await client.create(RESOURCES.pods, pod(NS, name, networks, opts));
  return waitRunning(client, NS, name);
}

const ipsOf = (p: KubeObject, i = 1) => networkStatus(p)[i]?.ips as string[];

describe('pods attached by the simulated Multus and CNI', () => {
  it('writes network-status as Multus does: default network first, no mac or mtu for ib-sriov', async () => {
    await client.create(
      RESOURCES['network-attachment-definitions'],
      nad(
        NS,
        'wb',
        ibSriov({ type: 'whereabouts', range: '10.10.0.0/29', exclude: ['10.10.0.1/32'] }),
        IB,
      ),
    );
    const p = await run('wb-1', 'wb');
    const [main, net1] = networkStatus(p);
    expect(main).toMatchObject({
      name: 'ovn-kubernetes',
      interface: 'eth0',
      default: true,
      ips: [p.status.podIP],
    });
    expect(net1).toMatchObject({ name: `${NS}/wb`, interface: 'net1', ips: ['10.10.0.2'] });
    expect(net1).not.toHaveProperty('mac');
    expect(net1).not.toHaveProperty('mtu');
    const info = net1?.['device-info'] as {
      type: string;
      version: string;
      pci: Record<string, string>;
    };
    expect(info).toMatchObject({
      type: 'pci',
      version: '1.1.0',
      pci: { 'pf-pci-address': '0000:3b:00.0' },
    });
    expect(info.pci['pci-address']).toMatch(/^0000:3b:0[01]\.[0-7]$/);
    expect(info.pci['rdma-device']).toMatch(/^mlx5_\d+$/);

    const node = cluster.fabric?.node(p.spec.nodeName ?? '');
    const rdma = await readdir(
      join(node?.sysfsRoot ?? '', 'bus/pci/devices', info.pci['pci-address'] ?? '', 'infiniband'),
    );
    expect(rdma).toEqual([info.pci['rdma-device']]);
  });

  it('allocates the lowest free whereabouts address, keeps it in the IPPool and frees it on delete', async () => {
    const second = await run('wb-2', '[{"name": "wb", "interface": "ib0"}]');
    expect(networkStatus(second)[1]).toMatchObject({ interface: 'ib0', ips: ['10.10.0.3'] });

    const pool = await client.get<IPPool>(RESOURCES.ippools, '10.10.0.0-29', 'kube-system');
    expect(Object.keys(pool.spec.allocations).sort()).toEqual(['2', '3']);
    expect(pool.spec.allocations['2']).toMatchObject({ podref: `${NS}/wb-1`, ifname: 'net1' });
    expect(pool.spec.allocations['3']?.id).toMatch(/^[0-9a-f]{64}$/);
    const reservation = await client.get<KubeObject & { spec: { podref: string } }>(
      RESOURCES.overlappingrangeipreservations,
      '10.10.0.3',
      'kube-system',
    );
    expect(reservation.spec.podref).toBe(`${NS}/wb-2`);

    await client.delete(RESOURCES.pods, 'wb-1', NS);
    await waitFor('the allocation to be released', async () => {
      const p = await client.get<IPPool>(RESOURCES.ippools, '10.10.0.0-29', 'kube-system');
      return Object.keys(p.spec.allocations).join() === '3';
    });
    await expect(
      client.get(RESOURCES.overlappingrangeipreservations, '10.10.0.2', 'kube-system'),
    ).rejects.toThrow();
    const third = await run('wb-3', 'wb');
    expect(ipsOf(third)).toEqual(['10.10.0.2']);
  });

  it('gives a dual-stack network one IPv4 and one IPv6 address', async () => {
    const ipam = {
      type: 'whereabouts',
      ipRanges: [{ range: '10.20.0.0/24' }, { range: 'fd00:20::/64' }],
    };
    await client.create(
      RESOURCES['network-attachment-definitions'],
      nad(NS, 'dual', ibSriov(ipam), IB),
    );
    const p = await run('dual-1', 'dual');
    expect(ipsOf(p)).toEqual(['10.20.0.1', 'fd00:20::1']);
  });

  it('keeps separate pools per network_name, and shares one pool for the same range without', async () => {
    const macvlan = (ipam: Record<string, unknown>) => ({ type: 'macvlan', master: 'eth0', ipam });
    const nads = [
      nad(NS, 'nn-a', macvlan({ type: 'whereabouts', range: '10.30.0.0/24', network_name: 'a' })),
      nad(NS, 'nn-b', macvlan({ type: 'whereabouts', range: '10.30.0.0/24', network_name: 'b' })),
      nad(NS, 'sh-a', macvlan({ type: 'whereabouts', range: '10.40.0.0/24' })),
      nad(NS, 'sh-b', macvlan({ type: 'whereabouts', range: '10.40.0.0/24' })),
    ];
    for (const n of nads) await client.create(RESOURCES['network-attachment-definitions'], n);
    const p = await run('pools-1', 'nn-a,nn-b,sh-a,sh-b');
    expect([1, 2, 3, 4].map((i) => ipsOf(p, i))).toEqual([
      ['10.30.0.1'],
      ['10.30.0.1'],
      ['10.40.0.1'],
      ['10.40.0.2'],
    ]);
    expect(networkStatus(p)[1]?.mac).toMatch(/^0a(:[0-9a-f]{2}){5}$/);
    const names = (
      await client.list<IPPool>(RESOURCES.ippools, { namespace: 'kube-system' })
    ).items.map((i) => i.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining(['a-10.30.0.0-24', 'b-10.30.0.0-24', '10.40.0.0-24']),
    );
  });

  it('honours per-pod ips only when the NAD declares the ips capability', async () => {
    const ipam = { type: 'static', addresses: [{ address: '10.50.0.5/24' }] };
    await client.create(
      RESOURCES['network-attachment-definitions'],
      nad(NS, 'st', ibSriov(ipam, { ips: true }), IB),
    );
    await client.create(
      RESOURCES['network-attachment-definitions'],
      nad(NS, 'st-nocap', ibSriov(ipam), IB),
    );
    const request = (name: string) => `[{"name": "${name}", "ips": ["10.50.0.7/24"]}]`;
    expect(ipsOf(await run('st-1', request('st')))).toEqual(['10.50.0.7']);
    expect(ipsOf(await run('st-2', request('st-nocap')))).toEqual(['10.50.0.5']);
  });

  it('sets the requested GUID only with the infinibandGUID capability, and restores it on delete', async () => {
    await client.create(
      RESOURCES['network-attachment-definitions'],
      nad(NS, 'g-cap', ibSriov({}, { infinibandGUID: true }), IB),
    );
    await client.create(
      RESOURCES['network-attachment-definitions'],
      nad(NS, 'g-nocap', ibSriov({}), IB),
    );
    const wanted = '02:00:00:00:00:00:77:01';
    const guidOf = async (p: PodView) => {
      const pci =
        (networkStatus(p)[1]?.['device-info'] as { pci: Record<string, string> }).pci[
          'pci-address'
        ] ?? '';
      const dir = join(
        cluster.fabric?.node(p.spec.nodeName ?? '').sysfsRoot ?? '',
        'bus/pci/devices',
        pci,
        'infiniband',
      );
      const [rdma = ''] = await readdir(dir);
      return {
        pci,
        node: p.spec.nodeName ?? '',
        guid: (await readFile(join(dir, rdma, 'node_guid'), 'utf8')).trim(),
      };
    };

    const honoured = await guidOf(
      await run('g-1', `[{"name": "g-cap", "infiniband-guid": "${wanted}"}]`, { node: 'worker-2' }),
    );
    expect(honoured.guid).toBe('0200:0000:0000:7701');
    const dropped = await guidOf(
      await run('g-2', `[{"name": "g-nocap", "infiniband-guid": "${wanted}"}]`, {
        node: 'worker-2',
      }),
    );
    expect(dropped.guid).not.toBe('0200:0000:0000:7701');
    expect(dropped.guid).not.toBe('0000:0000:0000:0000');

    await client.delete(RESOURCES.pods, 'g-1', NS);
    const vf = () =>
      cluster.fabric
        ?.node(honoured.node)
        .kernel.hw.pfs[0]?.vfs.find((v) => v.pciAddress === honoured.pci);
    await waitFor(
      'the VF to get its own GUID back',
      () =>
        vf()?.bound && vf()?.portGuid !== wanted && vf()?.portGuid !== '00:00:00:00:00:00:00:00',
    );
  });

  it('hands out the same host-local addresses on two nodes, as host-local does', async () => {
    const ipam = { type: 'host-local', subnet: '10.70.0.0/24' };
    await client.create(
      RESOURCES['network-attachment-definitions'],
      nad(NS, 'hl', ibSriov(ipam), IB),
    );
    const a = await run('hl-a', 'hl', { node: 'worker-0' });
    const b = await run('hl-b', 'hl', { node: 'worker-1' });
    expect(ipsOf(a)).toEqual(['10.70.0.2']);
    expect(ipsOf(b)).toEqual(['10.70.0.2']);
    expect(ipsOf(await run('hl-c', 'hl', { node: 'worker-0' }))).toEqual(['10.70.0.3']);
  });
});
