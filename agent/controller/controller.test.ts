import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeClient, RESOURCES } from '../../lib/kube';
import {
  LAST_NETWORK_NAMESPACE_ANNOTATION,
  NAD_FINALIZER,
  type NetworkAttachmentDefinition,
  OWNER_REF_ANNOTATION,
  type SriovIBNetwork,
  type SriovNetwork,
} from '../../lib/model';
import { renderNad } from '../../lib/render';

import { type Cluster, startCluster } from '../../sim';
import { type RunningController, startController } from './controller';
import {
  IB_REF,
  NAD_REF,
  WRITE_VERBS,
  clientFromKubeconfig,
  controllerKubeconfig,
  createNamespace,
  delta,
  getNad,
  getNetwork,
  ibNetwork,
  parseRequestTotals,
  readyOf,
  total,
  waitFor,
} from './testing/fixtures';

const OP = 'openshift-sriov-network-operator';

let cluster: Cluster;
let admin: KubeClient;
let agent: KubeClient;
let controller: RunningController;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ibnet-controller-'));
  cluster = await startCluster({ fabric: false });
  admin = await clientFromKubeconfig(cluster.kubeconfigFor('admin'));
  agent = await clientFromKubeconfig(
    await controllerKubeconfig(admin, cluster, OP, join(dir, 'kubeconfig')),
  );
  for (const ns of ['team-a', 'team-b']) await createNamespace(admin, ns);
  controller = await startController({
    client: agent,
    operatorNamespace: OP,
    resyncSeconds: 1,
    ops: { port: 0, host: '127.0.0.1' },
    retryBackoff: { initialMs: 20, maxMs: 1_000, factor: 2, jitter: 0.2 },
  });
  await waitFor('the controller to lead', () => controller.isLeader(), 10_000);
});

afterAll(async () => {
  await controller?.stop();
  agent?.transport.close();
  admin?.transport.close();
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function requestSamples() {
  return parseRequestTotals(await cluster.metrics());
}

/** Waits until the network's Ready condition is current for its generation and matches `check`. */
async function settledReady<T extends SriovIBNetwork | SriovNetwork>(
  kind: T['kind'],
  namespace: string,
  name: string,
  reason: string,
): Promise<T> {
  return waitFor(`${kind} ${namespace}/${name} Ready reason ${reason}`, async () => {
    const n = await getNetwork<T>(admin, kind, namespace, name);
    const ready = readyOf(n);
    return n && ready?.reason === reason && ready.observedGeneration === n.metadata.generation
      ? n
      : undefined;
  });
}

function expectRendered(
  nad: NetworkAttachmentDefinition | undefined,
  network: SriovIBNetwork | SriovNetwork,
) {
  const want = renderNad(network);
  if (!want.ok) throw new Error('test network does not render');
  expect(nad?.spec?.config).toBe(want.nad.spec?.config);
  expect(nad?.metadata.annotations).toMatchObject(want.nad.metadata.annotations ?? {});
}

describe('network controller on the embedded cluster', () => {
  it('creates the NAD, sets the finalizer and Ready=True/NetworkReady with observedGeneration', async () => {
    const created = await admin.create(
      IB_REF,
      ibNetwork(OP, 'ib-create', { networkNamespace: 'team-a' }),
    );
    const network = await settledReady<SriovIBNetwork>(
      'SriovIBNetwork',
      OP,
      'ib-create',
      'NetworkReady',
    );
    const nad = await getNad(admin, 'team-a', 'ib-create');
    expectRendered(nad, created);
    expect(nad?.metadata.annotations?.[OWNER_REF_ANNOTATION]).toBe(
      `SriovIBNetwork.sriovnetwork.openshift.io/${OP}/ib-create`,
    );
    expect(network.metadata.finalizers).toContain(NAD_FINALIZER);
    expect(network.metadata.annotations?.[LAST_NETWORK_NAMESPACE_ANNOTATION]).toBe('team-a');
    expect(readyOf(network)).toMatchObject({
      status: 'True',
      message: 'NetworkAttachmentDefinition team-a/ib-create is up to date',
      observedGeneration: 1,
    });
  });

  it('updates the NAD exactly once when the ipam changes', async () => {
    await admin.create(IB_REF, ibNetwork(OP, 'ib-update', { networkNamespace: 'team-a' }));
    await settledReady('SriovIBNetwork', OP, 'ib-update', 'NetworkReady');
    const before = await requestSamples();

    const patched = await admin.patch<SriovIBNetwork>(
      IB_REF,
      'ib-update',
      OP,
      { spec: { ipam: '{"type": "whereabouts", "range": "10.20.0.0/16"}' } },
      'merge',
    );
    await waitFor('the new ipam in the NAD', async () =>
      (await getNad(admin, 'team-a', 'ib-update'))?.spec?.config?.includes('10.20.0.0/16'),
    );
    const network = await settledReady<SriovIBNetwork>(
      'SriovIBNetwork',
      OP,
      'ib-update',
      'NetworkReady',
    );
    expect(readyOf(network)?.observedGeneration).toBe(2);
    // Two resync rounds pass: none may write the NAD again.
    await new Promise((r) => setTimeout(r, 2_200));
    const changes = delta(before, await requestSamples());
    expect(
      total(
        changes,
        (s) => s.resource === 'network-attachment-definitions' && WRITE_VERBS.has(s.verb),
      ),
    ).toBe(1);
    expectRendered(await getNad(admin, 'team-a', 'ib-update'), patched);
  });

  it('writes nothing on resync when nothing changed', async () => {
    await admin.create(IB_REF, ibNetwork(OP, 'ib-idle', { networkNamespace: 'team-a' }));
    await settledReady('SriovIBNetwork', OP, 'ib-idle', 'NetworkReady');
    await new Promise((r) => setTimeout(r, 300));
    const before = await requestSamples();
    const reconciles = () =>
      controller.metrics.reconcileTotal
        .get()
        .then((m) => m.values.reduce((n, v) => n + v.value, 0));
    const reconcilesBefore = await reconciles();
    // resyncSeconds is 1: three resyncs of every network happen in this window.
    await new Promise((r) => setTimeout(r, 3_200));
    const changes = delta(before, await requestSamples());
    const writes = changes.filter((s) => WRITE_VERBS.has(s.verb) && s.resource !== 'leases');
    expect(writes).toEqual([]);
    expect(await reconciles()).toBeGreaterThan(reconcilesBefore + 3);
  });

  it('re-creates a NAD deleted by hand', async () => {
    await admin.create(IB_REF, ibNetwork(OP, 'ib-recreate', { networkNamespace: 'team-a' }));
    const first = await waitFor('the NAD', () => getNad(admin, 'team-a', 'ib-recreate'));
    await admin.delete(NAD_REF, 'ib-recreate', 'team-a');
    const again = await waitFor('the NAD re-created', async () => {
      const nad = await getNad(admin, 'team-a', 'ib-recreate');
      return nad && nad.metadata.uid !== first.metadata.uid ? nad : undefined;
    });
    expect(again.spec?.config).toBe(first.spec?.config);
  });

  it('puts back a NAD edited by hand', async () => {
    const network = await admin.create(
      IB_REF,
      ibNetwork(OP, 'ib-edited', { networkNamespace: 'team-a' }),
    );
    await waitFor('the NAD', () => getNad(admin, 'team-a', 'ib-edited'));
    await admin.patch(
      NAD_REF,
      'ib-edited',
      'team-a',
      { spec: { config: '{"cniVersion": "1.0.0", "type": "macvlan"}' } },
      'merge',
    );
    await waitFor('the rendered config back', async () =>
      (await getNad(admin, 'team-a', 'ib-edited'))?.spec?.config?.includes('ib-sriov'),
    );
    expectRendered(await getNad(admin, 'team-a', 'ib-edited'), network);
  });

  it('moves the NAD when networkNamespace changes and remembers the last namespace', async () => {
    await admin.create(IB_REF, ibNetwork(OP, 'ib-move', { networkNamespace: 'team-a' }));
    await waitFor('the NAD in team-a', () => getNad(admin, 'team-a', 'ib-move'));
    await admin.patch(IB_REF, 'ib-move', OP, { spec: { networkNamespace: 'team-b' } }, 'merge');
    await waitFor('the NAD in team-b', () => getNad(admin, 'team-b', 'ib-move'));
    await waitFor(
      'the NAD gone from team-a',
      async () => (await getNad(admin, 'team-a', 'ib-move')) === undefined,
    );
    const network = await settledReady<SriovIBNetwork>(
      'SriovIBNetwork',
      OP,
      'ib-move',
      'NetworkReady',
    );
    expect(network.metadata.annotations?.[LAST_NETWORK_NAMESPACE_ANNOTATION]).toBe('team-b');
  });

  it('reports NamespaceNotFound, then heals when the namespace is created', async () => {
    await admin.create(IB_REF, ibNetwork(OP, 'ib-later', { networkNamespace: 'team-later' }));
    const waiting = await settledReady<SriovIBNetwork>(
      'SriovIBNetwork',
      OP,
      'ib-later',
      'NamespaceNotFound',
    );
    expect(readyOf(waiting)).toMatchObject({ status: 'False' });
    expect(readyOf(waiting)?.message).toContain('kubectl create namespace team-later');
    expect(await getNad(admin, 'team-later', 'ib-later')).toBeUndefined();

    await createNamespace(admin, 'team-later');
    await waitFor('the NAD in the new namespace', () => getNad(admin, 'team-later', 'ib-later'));
    await settledReady('SriovIBNetwork', OP, 'ib-later', 'NetworkReady');
  });

  it('refuses a NAD owned by something else, names the owner, and does not touch it', async () => {
    const owner = `SriovNetwork.sriovnetwork.openshift.io/${OP}/someone-else`;
    const foreign = await admin.create<NetworkAttachmentDefinition>(NAD_REF, {
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: {
        name: 'ib-taken',
        namespace: 'team-a',
        annotations: { [OWNER_REF_ANNOTATION]: owner },
      },
      spec: { config: '{"cniVersion": "1.0.0", "name": "ib-taken", "type": "sriov"}' },
    });
    await admin.create(IB_REF, ibNetwork(OP, 'ib-taken', { networkNamespace: 'team-a' }));
    const network = await settledReady<SriovIBNetwork>(
      'SriovIBNetwork',
      OP,
      'ib-taken',
      'NetworkAttachmentDefinitionInvalid',
    );
    expect(readyOf(network)?.status).toBe('False');
    expect(readyOf(network)?.message).toContain(owner);
    await new Promise((r) => setTimeout(r, 1_200));
    expect((await getNad(admin, 'team-a', 'ib-taken'))?.metadata.resourceVersion).toBe(
      foreign.metadata.resourceVersion,
    );

    // Once the other NAD goes, this network gets its own.
    await admin.delete(NAD_REF, 'ib-taken', 'team-a');
    await settledReady('SriovIBNetwork', OP, 'ib-taken', 'NetworkReady');
    expect(
      (await getNad(admin, 'team-a', 'ib-taken'))?.metadata.annotations?.[OWNER_REF_ANNOTATION],
    ).toBe(`SriovIBNetwork.sriovnetwork.openshift.io/${OP}/ib-taken`);
  });

  it('adopts a NAD that has no owner-ref', async () => {
    await admin.create<NetworkAttachmentDefinition>(NAD_REF, {
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: {
        name: 'ib-adopt',
        namespace: 'team-a',
        labels: { team: 'a' },
        annotations: { 'example.com/keep': 'yes' },
      },
      spec: { config: '{}' },
    });
    const network = await admin.create(
      IB_REF,
      ibNetwork(OP, 'ib-adopt', { networkNamespace: 'team-a' }),
    );
    await settledReady('SriovIBNetwork', OP, 'ib-adopt', 'NetworkReady');
    const nad = await getNad(admin, 'team-a', 'ib-adopt');
    expectRendered(nad, network);
    expect(nad?.metadata.labels).toEqual({ team: 'a' });
    expect(nad?.metadata.annotations?.['example.com/keep']).toBe('yes');
  });

  it('on delete removes the NAD, releases the finalizer, and the network goes', async () => {
    await admin.create(IB_REF, ibNetwork(OP, 'ib-delete', { networkNamespace: 'team-a' }));
    await waitFor('the NAD', () => getNad(admin, 'team-a', 'ib-delete'));
    await admin.delete(IB_REF, 'ib-delete', OP);
    await waitFor(
      'the network gone',
      async () => (await getNetwork(admin, 'SriovIBNetwork', OP, 'ib-delete')) === undefined,
    );
    expect(await getNad(admin, 'team-a', 'ib-delete')).toBeUndefined();
  });

  it('refuses broken ipam with the parse error and writes no NAD', async () => {
    await admin.create(
      IB_REF,
      ibNetwork(OP, 'ib-broken', {
        networkNamespace: 'team-a',
        ipam: '{"type": "whereabouts", "range": "10.0.0.0/24",}',
      }),
    );
    const network = await settledReady<SriovIBNetwork>(
      'SriovIBNetwork',
      OP,
      'ib-broken',
      'NetworkAttachmentDefinitionInvalid',
    );
    expect(readyOf(network)?.status).toBe('False');
    expect(readyOf(network)?.message).toMatch(/spec\.ipam is not valid JSON \(.+\)/);
    expect(await getNad(admin, 'team-a', 'ib-broken')).toBeUndefined();
  });

  it('refuses networkNamespace outside the operator namespace', async () => {
    await admin.create(IB_REF, ibNetwork('team-a', 'ib-outside', { networkNamespace: 'team-b' }));
    const network = await settledReady<SriovIBNetwork>(
      'SriovIBNetwork',
      'team-a',
      'ib-outside',
      'NetworkNamespaceNotAllowed',
    );
    expect(readyOf(network)?.message).toContain(`"${OP}"`);
    expect(await getNad(admin, 'team-b', 'ib-outside')).toBeUndefined();
    expect(await getNad(admin, 'team-a', 'ib-outside')).toBeUndefined();
  });

  it('renders SriovNetworks with the sriov CNI', async () => {
    const network = await admin.create<SriovNetwork>(RESOURCES.sriovnetworks, {
      apiVersion: 'sriovnetwork.openshift.io/v1',
      kind: 'SriovNetwork',
      metadata: { name: 'eth-a', namespace: 'team-b' },
      spec: {
        resourceName: 'mlnx_eth',
        vlan: 100,
        ipam: '{"type": "host-local", "subnet": "10.1.0.0/24"}',
      },
    });
    await settledReady('SriovNetwork', 'team-b', 'eth-a', 'NetworkReady');
    const nad = await getNad(admin, 'team-b', 'eth-a');
    expectRendered(nad, network);
    expect(JSON.parse(nad?.spec?.config ?? '{}')).toMatchObject({ type: 'sriov', vlan: 100 });
  });

  it('exposes metrics and readiness', async () => {
    const ready = await fetch(`${controller.opsUrl}/readyz?verbose`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toContain('[+]leader-election ok: leader');
    const text = await (await fetch(`${controller.opsUrl}/metrics`)).text();
    expect(text).toMatch(/ibnet_reconcile_total\{kind="SriovIBNetwork",result="ready"\} \d+/);
    expect(text).toContain('ibnet_leader 1');
    expect(text).toContain('ibnet_reconcile_duration_seconds_bucket');
    expect(text).toContain('ibnet_workqueue_depth{name="networks"}');
  });
});
