import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeClient, RESOURCES } from '../../lib/kube';
import { type Cluster, startCluster } from '../../sim';
import type { Lease } from '../common/leader-election';
import { DEFAULT_LEASE_NAME, type RunningController, startController } from './controller';
import {
  IB_REF,
  clientFromKubeconfig,
  controllerKubeconfig,
  getNad,
  ibNetwork,
  waitFor,
} from './testing/fixtures';

const OP = 'openshift-sriov-network-operator';

let cluster: Cluster;
let admin: KubeClient;
let kubeconfig: string;
let dir: string;
const clients: KubeClient[] = [];
const replicas: RunningController[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ibnet-leader-'));
  cluster = await startCluster({ fabric: false });
  admin = await clientFromKubeconfig(cluster.kubeconfigFor('admin'));
  kubeconfig = await controllerKubeconfig(admin, cluster, OP, join(dir, 'kubeconfig'));
});

afterAll(async () => {
  for (const r of replicas) await r.stop();
  for (const c of [...clients, admin]) c?.transport.close();
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** One replica, with its own connection as a separate process would have. */
async function replica(identity: string): Promise<RunningController> {
  const client = await clientFromKubeconfig(kubeconfig);
  clients.push(client);
  const r = await startController({
    client,
    identity,
    operatorNamespace: OP,
    resyncSeconds: 0,
    detectUpstream: false,
  });
  replicas.push(r);
  return r;
}

const reconciles = async (r: RunningController) =>
  (await r.metrics.reconcileTotal.get()).values.reduce((n, v) => n + v.value, 0);
const lease = () => admin.get<Lease>(RESOURCES.leases, DEFAULT_LEASE_NAME, OP);

describe('leader election between two replicas', () => {
  it('lets one replica write while the other stands by', async () => {
    const a = await replica('replica-a');
    await waitFor('replica-a to lead', () => a.isLeader());
    const b = await replica('replica-b');
    await waitFor('replica-b to stand by', () => b.mode() === 'standby');

    for (const name of ['ib-1', 'ib-2', 'ib-3'])
      await admin.create(IB_REF, ibNetwork(OP, name, { networkNamespace: 'ib-team' }));
    for (const name of ['ib-1', 'ib-2', 'ib-3'])
      await waitFor(`NAD ${name}`, () => getNad(admin, 'ib-team', name));
    await new Promise((r) => setTimeout(r, 2_500));
    expect(a.isLeader()).toBe(true);
    expect(b.isLeader()).toBe(false);
    expect(await reconciles(a)).toBeGreaterThanOrEqual(3);
    expect(await reconciles(b)).toBe(0);

    const spec = (await lease()).spec;
    expect(spec).toMatchObject({
      holderIdentity: 'replica-a',
      leaseDurationSeconds: 10,
      leaseTransitions: 0,
    });
    expect(spec?.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Date.now() - Date.parse(spec?.renewTime ?? '')).toBeLessThan(5_000);
    expect(spec?.acquireTime).toBeDefined();
  });

  it('fails over within 15 s when the leader dies without releasing the lease', async () => {
    const [a, b] = replicas as [RunningController, RunningController];
    await a.stop({ release: false });
    const died = Date.now();
    await admin.create(IB_REF, ibNetwork(OP, 'ib-after-crash', { networkNamespace: 'ib-team' }));
    await waitFor(
      'the standby to write the new NAD',
      () => getNad(admin, 'ib-team', 'ib-after-crash'),
      16_000,
      100,
    );
    const elapsed = Date.now() - died;
    expect(b.isLeader()).toBe(true);
    expect(elapsed).toBeLessThan(15_000);
    expect((await lease()).spec).toMatchObject({
      holderIdentity: 'replica-b',
      leaseTransitions: 1,
    });
  }, 30_000);

  it('hands over at once when the leader shuts down gracefully', async () => {
    const b = replicas[1] as RunningController;
    const c = await replica('replica-c');
    await waitFor('replica-c to stand by', () => c.mode() === 'standby');
    const stopping = Date.now();
    await b.stop();
    await waitFor('replica-c to lead', () => c.isLeader(), 5_000, 20);
    expect(Date.now() - stopping).toBeLessThan(3_000);
    expect((await lease()).spec).toMatchObject({
      holderIdentity: 'replica-c',
      leaseTransitions: 2,
    });
  });

  it('stops reconciling when it cannot renew, and resumes when it can', async () => {
    const c = replicas[2] as RunningController;
    expect(c.isLeader()).toBe(true);
    cluster.faults.addError({ verb: 'update', resource: 'leases', code: 500 });
    cluster.faults.addError({ verb: 'get', resource: 'leases', code: 500 });
    const failing = Date.now();
    await waitFor('the leader to step down', () => !c.isLeader(), 12_000, 50);
    expect(Date.now() - failing).toBeLessThan(11_000);
    expect(c.mode()).toBe('standby');
    expect((await c.metrics.leader.get()).values[0]?.value).toBe(0);

    cluster.faults.clear();
    await waitFor('the leader back', () => c.isLeader(), 12_000, 50);
    await admin.create(IB_REF, ibNetwork(OP, 'ib-after-recovery', { networkNamespace: 'ib-team' }));
    await waitFor('its NAD', () => getNad(admin, 'ib-team', 'ib-after-recovery'));
  }, 30_000);
});
