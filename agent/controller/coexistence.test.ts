import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeClient, RESOURCES, type ResourceRef } from '../../lib/kube';
import type { KubeObject } from '../../lib/model';
import { type Cluster, startCluster } from '../../sim';
import { microTime } from '../common/leader-election';
import { createLogger } from '../common/logger';
import { STATUS_CONFIGMAP, UPSTREAM_DEPLOYMENT, UPSTREAM_LEASE } from './coexistence';
import { type RunningController, startController } from './controller';
import {
  IB_REF,
  clientFromKubeconfig,
  getNad,
  getNetwork,
  ibNetwork,
  readyOf,
  waitFor,
} from './testing/fixtures';

const OP = 'openshift-sriov-network-operator';
const DEPLOYMENTS: ResourceRef = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  namespaced: true,
};

let cluster: Cluster;
let admin: KubeClient;
const running: RunningController[] = [];

beforeAll(async () => {
  cluster = await startCluster({ fabric: false });
  admin = await clientFromKubeconfig(cluster.kubeconfigFor('admin'));
});

afterAll(async () => {
  for (const c of running) await c.stop();
  admin?.transport.close();
  await cluster?.stop();
});

const logLines: string[] = [];
const logSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(...chunk.toString().trim().split('\n'));
    done();
  },
});

async function start(takeOver: boolean): Promise<RunningController> {
  const c = await startController({
    client: admin,
    operatorNamespace: OP,
    takeOver,
    leaderElection: false,
    resyncSeconds: 0,
    logger: createLogger({ component: 'network-controller', destination: logSink }),
  });
  running.push(c);
  return c;
}

async function published(): Promise<Record<string, string> | undefined> {
  const cm = await admin
    .get<KubeObject & { data?: Record<string, string> }>(RESOURCES.configmaps, STATUS_CONFIGMAP, OP)
    .catch(() => undefined);
  return cm?.data;
}

function operatorDeployment(replicas: number): KubeObject {
  const labels = { app: 'sriov-network-operator' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: UPSTREAM_DEPLOYMENT, namespace: OP },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'operator', image: 'sriov-network-operator:latest' }] },
      },
    },
  } as KubeObject;
}

describe('coexistence with the SR-IOV Network Operator', () => {
  it('observes only while the operator Deployment runs, says so, and takes over once it is scaled to zero', async () => {
    await admin.create(DEPLOYMENTS, operatorDeployment(1));
    const controller = await start(false);
    await waitFor('observe-only', () => controller.mode() === 'observe-only');
    const status = await waitFor(
      'the published mode',
      async () => (await published())?.mode === 'observe-only' && published(),
    );
    expect(status?.reason).toContain(`Deployment ${OP}/${UPSTREAM_DEPLOYMENT}`);
    expect(status?.reason).toContain('--take-over');

    await admin.create(
      IB_REF,
      ibNetwork(OP, 'ib-watched', {
        networkNamespace: 'ib-team',
        ipam: '{"type": "whereabouts", "range": "10.0.0.0/24", "network_name": "a b"}',
      }),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await getNad(admin, 'ib-team', 'ib-watched')).toBeUndefined();
    const untouched = await getNetwork(admin, 'SriovIBNetwork', OP, 'ib-watched');
    expect(untouched?.metadata.finalizers ?? []).toEqual([]);
    expect(untouched?.status).toBeUndefined();
    // The operator strips the space in "a b": users are warned while it is in charge.
    const warning = logLines
      .map((l) => JSON.parse(l) as Record<string, string>)
      .find(
        (l: Record<string, string>) =>
          l.msg === 'the SR-IOV Network Operator renders this network differently',
      );
    expect(warning).toMatchObject({ level: 'warn', network: `SriovIBNetwork/${OP}/ib-watched` });
    expect(warning?.hazard).toContain('"a b"');
    const observed = await controller.metrics.reconcileTotal.get();
    expect(observed.values.find((v) => v.labels.result === 'observed')?.value).toBeGreaterThan(0);

    await admin.patch(DEPLOYMENTS, UPSTREAM_DEPLOYMENT, OP, { spec: { replicas: 0 } }, 'merge');
    await waitFor('active', () => controller.mode() === 'active');
    await waitFor('the NAD written once ibnet is in charge', () =>
      getNad(admin, 'ib-team', 'ib-watched'),
    );
    await waitFor('the published mode', async () => (await published())?.mode === 'active');
  });

  it('counts a live operator Lease as presence until it expires', async () => {
    const controller = running[0] as RunningController;
    await admin.create(RESOURCES.leases, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: UPSTREAM_LEASE, namespace: OP },
      spec: {
        holderIdentity: 'sriov-network-operator-7d9f_1',
        leaseDurationSeconds: 1,
        renewTime: microTime(),
        acquireTime: microTime(),
      },
    } as KubeObject);
    await waitFor('observe-only', () => controller.mode() === 'observe-only');
    // Not renewed: after its duration (plus the clock slack) the operator counts as gone.
    await waitFor('active again', () => controller.mode() === 'active', 10_000);
  });

  it('with takeOver reconciles although the operator runs', async () => {
    await running.shift()?.stop();
    await admin.patch(DEPLOYMENTS, UPSTREAM_DEPLOYMENT, OP, { spec: { replicas: 1 } }, 'merge');
    const controller = await start(true);
    await waitFor('active', () => controller.mode() === 'active');
    await admin.create(IB_REF, ibNetwork(OP, 'ib-taken-over', { networkNamespace: 'ib-team' }));
    await waitFor(
      'Ready',
      async () =>
        readyOf(await getNetwork(admin, 'SriovIBNetwork', OP, 'ib-taken-over'))?.reason ===
        'NetworkReady',
    );
    expect((await published())?.reason).toContain('--take-over');
  });
});
