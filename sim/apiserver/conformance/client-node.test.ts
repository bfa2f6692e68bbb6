import {
  ApiException,
  AuthenticationV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type KubernetesObject,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  type V1ConfigMap,
  Watch,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../../index';
import { eventually } from './harness';

let cluster: Cluster;
let kc: KubeConfig;

const GROUP = 'sriovnetwork.openshift.io';
const PLURAL = 'sriovibnetworks';

function configFor(user: 'admin' | 'editor' | 'viewer'): KubeConfig {
  const config = new KubeConfig();
  config.loadFromFile(cluster.kubeconfigFor(user));
  return config;
}

async function failure(p: Promise<unknown>): Promise<{
  code: number;
  body: { reason?: string; message?: string; details?: { causes?: { field?: string }[] } };
}> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiException) {
      const body =
        typeof err.body === 'string' ? (JSON.parse(err.body) as object) : (err.body as object);
      return { code: err.code, body };
    }
    throw err;
  }
  throw new Error('expected the request to fail');
}

beforeAll(async () => {
  cluster = await startCluster({ eventWindow: 50, fabric: false });
  kc = configFor('admin');
});

afterAll(async () => {
  await cluster?.stop();
});

const network = (name: string, linkState = 'enable') => ({
  apiVersion: `${GROUP}/v1`,
  kind: 'SriovIBNetwork',
  metadata: { name, namespace: 'ib-team' },
  spec: { resourceName: 'mlnx_ib', linkState },
});

describe('@kubernetes/client-node against the emulator', () => {
  it('creates, reads, patches and deletes custom resources', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const created = (await custom.createNamespacedCustomObject({
      group: GROUP,
      version: 'v1',
      namespace: 'ib-team',
      plural: PLURAL,
      body: network('n1'),
    })) as KubernetesObject;
    expect(created.metadata?.uid).toBeTruthy();
    const patched = (await custom.patchNamespacedCustomObject(
      {
        group: GROUP,
        version: 'v1',
        namespace: 'ib-team',
        plural: PLURAL,
        name: 'n1',
        body: { spec: { linkState: 'auto' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as { spec: { linkState: string }; metadata: { generation: number } };
    expect(patched.spec.linkState).toBe('auto');
    expect(patched.metadata.generation).toBe(2);

    const applied = (await custom.patchNamespacedCustomObject(
      {
        group: GROUP,
        version: 'v1',
        namespace: 'ib-team',
        plural: PLURAL,
        name: 'n2',
        body: network('n2', 'disable'),
        fieldManager: 'console',
        force: true,
      },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    )) as {
      spec: { linkState: string };
      metadata: { managedFields: { manager: string; operation: string }[] };
    };
    expect(applied.spec.linkState).toBe('disable');
    expect(applied.metadata.managedFields).toMatchObject([
      { manager: 'console', operation: 'Apply' },
    ]);

    const list = (await custom.listNamespacedCustomObject({
      group: GROUP,
      version: 'v1',
      namespace: 'ib-team',
      plural: PLURAL,
    })) as { items: KubernetesObject[] };
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['n1', 'n2']);

    await custom.deleteNamespacedCustomObject({
      group: GROUP,
      version: 'v1',
      namespace: 'ib-team',
      plural: PLURAL,
      name: 'n1',
    });
    const gone = await failure(
      custom.getNamespacedCustomObject({
        group: GROUP,
        version: 'v1',
        namespace: 'ib-team',
        plural: PLURAL,
        name: 'n1',
      }),
    );
    expect(gone.code).toBe(404);
    expect(gone.body.message).toBe('sriovibnetworks.sriovnetwork.openshift.io "n1" not found');
  });

  it('returns kube Status bodies for conflicts, invalid objects and forbidden requests', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const cm = await core.createNamespacedConfigMap({
      namespace: 'ib-team',
      body: { metadata: { name: 'c1' }, data: { a: '1' } },
    });
    await core.replaceNamespacedConfigMap({
      namespace: 'ib-team',
      name: 'c1',
      body: { ...cm, data: { a: '2' } },
    });
    const stale = await failure(
      core.replaceNamespacedConfigMap({
        namespace: 'ib-team',
        name: 'c1',
        body: { ...cm, data: { a: '3' } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.body.reason).toBe('Conflict');

    const custom = kc.makeApiClient(CustomObjectsApi);
    const bad = await failure(
      custom.createNamespacedCustomObject({
        group: GROUP,
        version: 'v1',
        namespace: 'ib-team',
        plural: PLURAL,
        body: { ...network('bad'), spec: { linkState: 'x' } },
      }),
    );
    expect(bad.code).toBe(422);
    expect(bad.body.details?.causes?.map((c) => c.field).sort()).toEqual([
      'spec.linkState',
      'spec.resourceName',
    ]);

    const viewer = configFor('viewer').makeApiClient(CoreV1Api);
    const denied = await failure(
      viewer.createNamespacedConfigMap({ namespace: 'ib-team', body: { metadata: { name: 'v' } } }),
    );
    expect(denied.code).toBe(403);
    expect(denied.body.message).toBe(
      'configmaps is forbidden: User "viewer" cannot create resource "configmaps" in API group "" in the namespace "ib-team"',
    );

    const review = await configFor('editor')
      .makeApiClient(AuthorizationV1Api)
      .createSelfSubjectAccessReview({
        body: {
          spec: {
            resourceAttributes: {
              namespace: 'ib-team',
              verb: 'create',
              group: GROUP,
              resource: PLURAL,
            },
          },
        },
      });
    expect(review.status?.allowed).toBe(true);
  });

  it('watches with resourceVersion and delivers events in order', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: 'ib-team' });
    const events: string[] = [];
    const watch = new Watch(kc);
    const req = await watch.watch(
      '/api/v1/namespaces/ib-team/configmaps',
      { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
      (type, obj: V1ConfigMap) => events.push(`${type}:${obj.metadata?.name}`),
      () => {},
    );
    await core.createNamespacedConfigMap({
      namespace: 'ib-team',
      body: { metadata: { name: 'w1' } },
    });
    await core.deleteNamespacedConfigMap({ namespace: 'ib-team', name: 'w1' });
    await eventually(() => (events.length >= 2 ? true : undefined));
    req.abort();
    expect(events).toEqual(['ADDED:w1', 'DELETED:w1']);
  });

  it('keeps an informer in sync through a forced 410 Gone and a dropped stream', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const path = '/api/v1/namespaces/ib-team/configmaps';
    let lists = 0;
    const listFn = () => {
      lists++;
      return core.listNamespacedConfigMap({ namespace: 'ib-team', labelSelector: 'inf=yes' });
    };
    const informer = makeInformer(kc, path, listFn, 'inf=yes');
    const seen = new Set<string>();
    informer.on('add', (o) => seen.add(o.metadata?.name ?? ''));
    informer.on('delete', (o) => seen.delete(o.metadata?.name ?? ''));
    informer.on('error', () => {});
    await informer.start();
    try {
      await core.createNamespacedConfigMap({
        namespace: 'ib-team',
        body: { metadata: { name: 'i1', labels: { inf: 'yes' } } },
      });
      await eventually(() => (seen.has('i1') ? true : undefined));

      // The next watch gets 410 Gone; dropping the current stream makes the informer rewatch.
      cluster.faults.forceGone(1, 'configmaps');
      cluster.faults.dropWatches('configmaps');
      await core.createNamespacedConfigMap({
        namespace: 'ib-team',
        body: { metadata: { name: 'i2', labels: { inf: 'yes' } } },
      });
      await eventually(() => (seen.has('i2') ? true : undefined));
      // The informer only lists again after a 410: once at start, once now.
      expect(lists).toBe(2);

      // Real expiry: push the start resourceVersion out of the 50-event window while dropped.
      cluster.faults.dropWatches('configmaps');
      for (let i = 0; i < 60; i++)
        await cluster.store.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `noise${i}`, namespace: 'default' },
        });
      await core.deleteNamespacedConfigMap({ namespace: 'ib-team', name: 'i1' });
      await eventually(() => (!seen.has('i1') ? true : undefined));
      expect(lists).toBe(3);
      expect([...informer.list()].map((o) => o.metadata?.name).sort()).toEqual(['i2']);
    } finally {
      await informer.stop();
    }
  });

  it('authenticates service accounts with TokenRequest tokens', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedServiceAccount({
      namespace: 'ib-team',
      body: { metadata: { name: 'agent' } },
    });
    const tr = await core.createNamespacedServiceAccountToken({
      namespace: 'ib-team',
      name: 'agent',
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
    const token = tr.status?.token ?? '';
    const sa = new KubeConfig();
    sa.loadFromOptions({
      clusters: [
        { name: 'c', server: cluster.url, caData: Buffer.from(cluster.caPem).toString('base64') },
      ],
      users: [{ name: 'agent', token }],
      contexts: [{ name: 'c', cluster: 'c', user: 'agent' }],
      currentContext: 'c',
    });
    const denied = await failure(
      sa.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'ib-team' }),
    );
    expect(denied.body.message).toBe(
      'pods is forbidden: User "system:serviceaccount:ib-team:agent" cannot list resource "pods" in API group "" in the namespace "ib-team"',
    );
    await cluster.store.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'agent-view', namespace: 'ib-team' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'agent', namespace: 'ib-team' }],
    });
    const pods = await sa.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'ib-team' });
    expect(pods.items).toEqual([]);
    await core.deleteNamespacedServiceAccount({ namespace: 'ib-team', name: 'agent' });
    const revoked = await failure(
      sa.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'ib-team' }),
    );
    expect(revoked.code).toBe(401);
  });
  it('patches with JSON and strategic merge patches, and selects by labels and fields', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({
      namespace: 'ib-team',
      body: {
        metadata: { name: 'sel', labels: { tier: 'db' } },
        spec: {
          containers: [
            { name: 'a', image: 'x:1' },
            { name: 'b', image: 'y:1' },
          ],
        },
      },
    });
    await core.patchNamespacedPod(
      {
        namespace: 'ib-team',
        name: 'sel',
        body: { spec: { containers: [{ name: 'b', image: 'y:2' }] } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const patched = await core.patchNamespacedPod(
      {
        namespace: 'ib-team',
        name: 'sel',
        body: [{ op: 'add', path: '/metadata/labels/zone', value: 'a' }],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(patched.spec?.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['a=x:1', 'b=y:2']);
    expect(patched.metadata?.labels).toEqual({ tier: 'db', zone: 'a' });
    const byLabel = await core.listNamespacedPod({
      namespace: 'ib-team',
      labelSelector: 'tier in (db),zone',
    });
    expect(byLabel.items.map((p) => p.metadata?.name)).toEqual(['sel']);
    const byField = await core.listPodForAllNamespaces({
      fieldSelector: 'status.phase=Pending,metadata.namespace=ib-team',
    });
    expect(byField.items.map((p) => p.metadata?.name)).toEqual(['sel']);
    const none = await core.listNamespacedPod({ namespace: 'ib-team', labelSelector: '!tier' });
    expect(none.items).toEqual([]);
  });

  it('deletes objects with finalizers only once the last finalizer is removed', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace: 'ib-team',
      body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } },
    });
    const list = await core.listNamespacedConfigMap({
      namespace: 'ib-team',
      fieldSelector: 'metadata.name=held',
    });
    const events: string[] = [];
    const req = await new Watch(kc).watch(
      '/api/v1/namespaces/ib-team/configmaps',
      { fieldSelector: 'metadata.name=held', resourceVersion: list.metadata?.resourceVersion },
      (type) => events.push(type),
      () => {},
    );
    await core.deleteNamespacedConfigMap({ namespace: 'ib-team', name: 'held' });
    const marked = await core.readNamespacedConfigMap({ namespace: 'ib-team', name: 'held' });
    expect(marked.metadata?.deletionTimestamp).toBeTruthy();
    await core.patchNamespacedConfigMap(
      { namespace: 'ib-team', name: 'held', body: { metadata: { finalizers: null } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await eventually(() => (events.includes('DELETED') ? true : undefined));
    req.abort();
    expect(events).toEqual(['MODIFIED', 'DELETED']);
  });

  it('answers access reviews for the three demo users and who they are', async () => {
    const allowed = async (
      user: 'admin' | 'editor' | 'viewer',
      verb: string,
      resource: string,
      namespace: string,
    ) =>
      (
        await configFor(user)
          .makeApiClient(AuthorizationV1Api)
          .createSelfSubjectAccessReview({
            body: {
              spec: {
                resourceAttributes: {
                  verb,
                  resource,
                  namespace,
                  group: resource === PLURAL ? GROUP : '',
                },
              },
            },
          })
      ).status?.allowed;
    expect(await allowed('admin', 'delete', 'nodes', '')).toBe(true);
    expect(await allowed('editor', 'update', PLURAL, 'ib-team')).toBe(true);
    expect(await allowed('editor', 'update', PLURAL, 'default')).toBe(false);
    expect(await allowed('viewer', 'list', PLURAL, 'default')).toBe(true);
    expect(await allowed('viewer', 'create', 'configmaps', 'ib-team')).toBe(false);
    const me = await configFor('viewer')
      .makeApiClient(AuthenticationV1Api)
      .createSelfSubjectReview({ body: {} });
    expect(me.status?.userInfo).toMatchObject({
      username: 'viewer',
      groups: ['system:authenticated'],
    });
  });
});
