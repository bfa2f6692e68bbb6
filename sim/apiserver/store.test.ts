import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../cluster';
import { eventually } from './conformance/harness';
import { ApiError } from './errors';
import type { KubeObject } from './object';
import type { WatchEvent } from './store-types';

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster({ eventWindow: 20, bookmarkIntervalMs: 50, fabric: false });
});

afterAll(async () => {
  await cluster?.stop();
});

const cm = (name: string, namespace = 'ib-team', extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data: { a: '1' },
  ...extra,
});

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('store semantics', () => {
  it('hands out monotonic resourceVersions, uids, generations and refuses stale updates', async () => {
    const store = cluster.store;
    const a = await store.create(cm('rv-a'));
    const b = await store.create(cm('rv-b'));
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(a.metadata.uid).not.toBe(b.metadata.uid);
    expect(a.metadata.generation).toBe(1);

    const changed = await store.update({ ...a, data: { a: '2' } });
    expect(changed.metadata.generation).toBe(2);
    const relabeled = await store.update({
      ...changed,
      metadata: { ...changed.metadata, labels: { x: 'y' } },
    });
    expect(relabeled.metadata.generation).toBe(2);
    const same = await store.update(relabeled);
    expect(same.metadata.resourceVersion).toBe(relabeled.metadata.resourceVersion);

    const stale = await apiError(store.update({ ...a, data: { a: '3' } }));
    expect(stale.code).toBe(409);
    expect(stale.message).toBe(
      'Operation cannot be fulfilled on configmaps "rv-a": the object has been modified; please apply your changes to the latest version and try again',
    );
    const exists = await apiError(store.create(cm('rv-a')));
    expect(exists.status).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      details: { name: 'rv-a', kind: 'configmaps' },
    });
  });

  it('generates names, validates, defaults and dry-runs', async () => {
    const store = cluster.store;
    const generated: KubeObject = await store.create({
      ...cm(''),
      metadata: { generateName: 'gen-', namespace: 'ib-team' },
    });
    expect(generated.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const invalid = await apiError(store.create(cm('Not_Valid')));
    expect(invalid.code).toBe(422);
    expect(invalid.status.details?.causes?.[0]?.field).toBe('metadata.name');
    const missingNs = await apiError(store.create(cm('x', 'no-such-ns')));
    expect(missingNs.message).toBe('namespaces "no-such-ns" not found');

    const pod = await store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ib-team' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
      status: { phase: 'Running' },
    });
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(pod.spec).toMatchObject({ restartPolicy: 'Always', schedulerName: 'default-scheduler' });

    const net = await store.create(
      {
        apiVersion: 'sriovnetwork.openshift.io/v1',
        kind: 'SriovIBNetwork',
        metadata: { name: 'dry', namespace: 'ib-team' },
        spec: { resourceName: 'r' },
      },
      { dryRun: true },
    );
    expect(net.metadata.uid).toBeTruthy();
    await expect(
      store.get('sriovibnetworks.sriovnetwork.openshift.io', 'dry', 'ib-team'),
    ).rejects.toThrow('not found');
  });

  it('keeps status out of main-resource writes and everything but status out of /status', async () => {
    const store = cluster.store;
    const kind = 'sriovibnetworks.sriovnetwork.openshift.io';
    const created = await store.create({
      apiVersion: 'sriovnetwork.openshift.io/v1',
      kind: 'SriovIBNetwork',
      metadata: { name: 'st', namespace: 'ib-team' },
      spec: { resourceName: 'r' },
      status: { conditions: [] },
    });
    expect(created.status).toBeUndefined();
    const withStatus = await store.updateStatus({
      ...created,
      spec: { resourceName: 'ignored' },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
    expect(withStatus.spec).toEqual({ resourceName: 'r' });
    expect(withStatus.metadata.generation).toBe(1);
    const main = await store.patch(
      kind,
      'st',
      { spec: { resourceName: 'r2' }, status: { conditions: [] } },
      { namespace: 'ib-team', type: 'merge' },
    );
    expect(main.status).toEqual(withStatus.status);
    expect(main.metadata.generation).toBe(2);
  });

  it('holds objects with finalizers until the last one goes', async () => {
    const store = cluster.store;
    await store.create(
      cm('fin', 'ib-team', {
        metadata: {
          name: 'fin',
          namespace: 'ib-team',
          finalizers: ['example.com/a', 'example.com/b'],
        },
      }),
    );
    const marked = await store.delete('configmaps', 'fin', { namespace: 'ib-team' });
    expect(marked.deleted).toBe(false);
    expect(marked.object.metadata.deletionTimestamp).toBeTruthy();
    const live = await store.get('configmaps', 'fin', 'ib-team');
    const added = await apiError(
      store.update({
        ...live,
        metadata: {
          ...live.metadata,
          finalizers: ['example.com/a', 'example.com/b', 'example.com/c'],
        },
      }),
    );
    expect(added.code).toBe(422);
    await store.update({ ...live, metadata: { ...live.metadata, finalizers: ['example.com/b'] } });
    await store.patch('configmaps', 'fin', [{ op: 'remove', path: '/metadata/finalizers' }], {
      namespace: 'ib-team',
      type: 'json',
    });
    await expect(store.get('configmaps', 'fin', 'ib-team')).rejects.toThrow(
      'configmaps "fin" not found',
    );
  });

  it('collects dependents in the background, first in foreground deletion, and orphans on request', async () => {
    const store = cluster.store;
    const owner = (name: string) => store.create(cm(name));
    const dependent = (name: string, o: KubeObject) =>
      store.create(
        cm(name, 'ib-team', {
          metadata: {
            name,
            namespace: 'ib-team',
            ownerReferences: [
              {
                apiVersion: 'v1',
                kind: 'ConfigMap',
                name: o.metadata.name ?? '',
                uid: o.metadata.uid ?? '',
              },
            ],
          },
        }),
      );
    const exists = async (name: string) =>
      store.get('configmaps', name, 'ib-team').then(
        () => true,
        () => false,
      );

    const bg = await owner('bg');
    await dependent('bg-child', bg);
    await store.delete('configmaps', 'bg', { namespace: 'ib-team' });
    await eventually(async () => ((await exists('bg-child')) ? undefined : true));

    const fg = await owner('fg');
    await dependent('fg-child', fg);
    const pending = await store.delete('configmaps', 'fg', {
      namespace: 'ib-team',
      propagationPolicy: 'Foreground',
    });
    expect(pending.object.metadata.finalizers).toEqual(['foregroundDeletion']);
    await cluster.settle();
    expect(await exists('fg-child')).toBe(false);
    expect(await exists('fg')).toBe(false);

    const or = await owner('or');
    await dependent('or-child', or);
    await store.delete('configmaps', 'or', { namespace: 'ib-team', propagationPolicy: 'Orphan' });
    await cluster.settle();
    expect(await exists('or')).toBe(false);
    const orphan = await store.get('configmaps', 'or-child', 'ib-team');
    expect(orphan.metadata.ownerReferences).toBeUndefined();
  });

  it('terminates a namespace: content first, then the namespace itself', async () => {
    const store = cluster.store;
    await store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    await cluster.settle();
    expect(
      (await store.list('serviceaccounts', { namespace: 'doomed' })).items.map(
        (i) => i.metadata.name,
      ),
    ).toEqual(['default']);
    await store.create(
      cm('held', 'doomed', {
        metadata: { name: 'held', namespace: 'doomed', finalizers: ['example.com/hold'] },
      }),
    );
    const result = await store.delete('namespaces', 'doomed');
    expect(result.deleted).toBe(false);
    expect((result.object.status as { phase: string }).phase).toBe('Terminating');
    await cluster.settle();
    const refused = await apiError(store.create(cm('late', 'doomed')));
    expect(refused.message).toBe(
      'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    );
    expect(await store.get('namespaces', 'doomed')).toBeTruthy();
    await store.patch(
      'configmaps',
      'held',
      { metadata: { finalizers: null } },
      { namespace: 'doomed', type: 'merge' },
    );
    await eventually(() =>
      store.get('namespaces', 'doomed').then(
        () => undefined,
        () => true,
      ),
    );
  });

  it('pages lists with limit and continue, and selects by labels and fields', async () => {
    const store = cluster.store;
    await store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'paged' } });
    for (let i = 0; i < 7; i++)
      await store.create(
        cm(`item-${i}`, 'paged', {
          metadata: {
            name: `item-${i}`,
            namespace: 'paged',
            labels: { parity: i % 2 ? 'odd' : 'even' },
          },
        }),
      );
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await store.list('configmaps', {
        namespace: 'paged',
        limit: 3,
        continue: token,
        labelSelector: 'parity',
      });
      names.push(...page.items.map((i) => i.metadata.name ?? ''));
      token = page.metadata.continue;
    } while (token);
    expect(names).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4', 'item-5', 'item-6']);
    const odd = await store.list('configmaps', {
      namespace: 'paged',
      labelSelector: 'parity=odd',
      fieldSelector: 'metadata.name!=item-3',
    });
    expect(odd.items.map((i) => i.metadata.name)).toEqual(['item-1', 'item-5']);
    await expect(store.list('configmaps', { labelSelector: 'a b' })).rejects.toThrow(
      /unable to parse requirement/,
    );
  });

  it('watches with selector transitions, bookmarks and 410 Gone past the event window', async () => {
    const store = cluster.store;
    const start = store.resourceVersion;
    const events: WatchEvent[] = [];
    const handle = store.watch(
      'configmaps',
      {
        namespace: 'ib-team',
        labelSelector: 'w=1',
        resourceVersion: start,
        allowWatchBookmarks: true,
      },
      (e) => events.push(e),
    );
    await store.create(cm('w'));
    await store.patch(
      'configmaps',
      'w',
      { metadata: { labels: { w: '1' } } },
      { namespace: 'ib-team', type: 'merge' },
    );
    await store.patch(
      'configmaps',
      'w',
      { data: { b: '2' } },
      { namespace: 'ib-team', type: 'merge' },
    );
    await store.patch(
      'configmaps',
      'w',
      { metadata: { labels: { w: '2' } } },
      { namespace: 'ib-team', type: 'merge' },
    );
    await eventually(() =>
      events.some((e) => e.type === 'BOOKMARK') &&
      events.filter((e) => e.type !== 'BOOKMARK').length >= 3
        ? true
        : undefined,
    );
    handle.stop();
    expect(events.filter((e) => e.type !== 'BOOKMARK').map((e) => e.type)).toEqual([
      'ADDED',
      'MODIFIED',
      'DELETED',
    ]);

    const initial: WatchEvent[] = [];
    const h2 = store.watch(
      'configmaps',
      {
        namespace: 'ib-team',
        fieldSelector: 'metadata.name=w',
        resourceVersion: '0',
        sendInitialEvents: true,
      },
      (e) => initial.push(e),
    );
    await eventually(() => (initial.length >= 2 ? true : undefined));
    h2.stop();
    expect(initial[0]?.type).toBe('ADDED');
    expect(initial[1]?.object.metadata.annotations).toEqual({
      'k8s.io/initial-events-end': 'true',
    });

    for (let i = 0; i < 25; i++)
      await store.patch(
        'configmaps',
        'w',
        { data: { n: String(i) } },
        { namespace: 'ib-team', type: 'merge' },
      );
    const gone = await apiError(
      Promise.resolve().then(() => store.watch('configmaps', { resourceVersion: start }, () => {})),
    );
    expect(gone.status).toMatchObject({ code: 410, reason: 'Expired' });
    expect(gone.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('applies server-side through the store with conflicts between managers', async () => {
    const store = cluster.store;
    await store.apply(cm('ssa'), { fieldManager: 'a' });
    const conflict = await apiError(
      store.apply({ ...cm('ssa'), data: { a: '9' } }, { fieldManager: 'b' }),
    );
    expect(conflict.status.details?.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "a"', field: '.data.a' },
    ]);
    // Sharing a field with the same value is no conflict; dropping it from a then leaves b the owner.
    await store.apply(cm('ssa'), { fieldManager: 'b' });
    const shrunk = await store.apply({ ...cm('ssa'), data: undefined }, { fieldManager: 'a' });
    expect(shrunk.data).toEqual({ a: '1' });
    const gone = await store.apply({ ...cm('ssa'), data: undefined }, { fieldManager: 'b' });
    expect(gone.data).toBeUndefined();
  });
});
