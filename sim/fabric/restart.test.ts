import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { RESOURCES } from '../../lib/kube';
import type { IPPool } from '../../lib/model';
import { startCluster, type Cluster } from '../index';
import {
  adminClient,
  configureNode,
  nad,
  networkStatus,
  pod,
  waitFor,
  waitRunning,
} from './testing';

const NS = 'ib-team';
let dataDir = '';
let cluster: Cluster | undefined;

afterAll(async () => {
  await cluster?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('picks its nodes and attachments up again after a restart with a data directory', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ibnet-fabric-restart-'));
  cluster = await startCluster({ dataDir });
  let client = await adminClient(cluster);
  const worker = cluster.fabric?.node('worker-0');
  if (!worker) throw new Error('no fabric');
  await configureNode(client, worker, [{ pci: '0000:3b:00.0', numVfs: 4, resource: 'ib_a' }]);
  const ib = (ipam: Record<string, unknown>) => ({ type: 'ib-sriov', ipam });
  const resource = 'openshift.io/ib_a';
  await client.create(
    RESOURCES['network-attachment-definitions'],
    nad(NS, 'wb', ib({ type: 'whereabouts', range: '10.90.0.0/24' }), resource),
  );
  await client.create(
    RESOURCES['network-attachment-definitions'],
    nad(NS, 'hl', ib({ type: 'host-local', subnet: '10.91.0.0/24' }), resource),
  );
  await client.create(RESOURCES.pods, pod(NS, 'r-1', 'wb,hl', { node: 'worker-0' }));
  const before = networkStatus(await waitRunning(client, NS, 'r-1'));
  const vf =
    (before[1]?.['device-info'] as { pci: Record<string, string> }).pci['pci-address'] ?? '';
  await cluster.stop();

  cluster = await startCluster({ dataDir });
  client = await adminClient(cluster);
  const fabric = cluster.fabric;
  expect(
    await readFile(
      join(fabric?.node('worker-0').sysfsRoot ?? '', 'bus/pci/devices/0000:3b:00.0/sriov_numvfs'),
      'utf8',
    ),
  ).toBe('4\n');
  await waitFor(
    'the VFs to be advertised again',
    () => fabric?.resources('worker-0')[resource] === 4,
  );
  expect(fabric?.holderOf('worker-0', vf)).toBe(`${NS}/r-1`);

  await client.create(RESOURCES.pods, pod(NS, 'r-2', 'hl', { node: 'worker-0' }));
  const after = networkStatus(await waitRunning(client, NS, 'r-2'));
  expect(before[2]?.ips).toEqual(['10.91.0.2']);
  expect(after[1]?.ips).toEqual(['10.91.0.3']);
  expect(
    (after[1]?.['device-info'] as { pci: Record<string, string> }).pci['pci-address'],
  ).not.toBe(vf);

  await client.delete(RESOURCES.pods, 'r-1', NS);
  await waitFor('the restored pod to release its whereabouts address', async () => {
    const pool = await client.get<IPPool>(RESOURCES.ippools, '10.90.0.0-24', 'kube-system');
    return Object.keys(pool.spec.allocations).length === 0;
  });
});
