import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster } from '../cluster';
import { builtinResources } from './builtins';
import type { KubeObject } from './object';
import { FileJournal, loadInto } from './persistence';
import { ResourceRegistry } from './resources';
import { Store } from './store';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];

async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ibnet-persist-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function openStore(
  dir: string,
  compactBytes: number,
): Promise<{ store: Store; journal: FileJournal }> {
  const registry = new ResourceRegistry();
  for (const t of builtinResources()) registry.add(t);
  let store: Store | undefined;
  return FileJournal.open(dir, () => (store as Store).core, { compactBytes }).then(
    async (journal) => {
      store = new Store({ registry, journal });
      const loaded = await loadInto(dir, store.core);
      store.core.resumeAt(loaded.rv);
      return { store, journal };
    },
  );
}

const cm = (name: string, namespace = 'default'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data: { n: name },
});

describe('data directory', () => {
  it('replays the log and the snapshots it was compacted into, keeping resourceVersions', async () => {
    const dir = await scratch();
    const first = await openStore(dir, 4096);
    await first.store.core.commit();
    // Namespace admission needs the namespace; write it straight to storage.
    first.store.core.put(
      'namespaces',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', uid: 'ns-uid' } },
      'ADDED',
    );
    await first.store.core.commit();
    const written = new Map<string, string>();
    for (let i = 0; i < 120; i++) {
      const obj = await first.store.create(cm(`c${i}`));
      written.set(`c${i}`, obj.metadata.resourceVersion ?? '');
    }
    await first.store.delete('configmaps', 'c7', { namespace: 'default' });
    const updated = await first.store.patch(
      'configmaps',
      'c8',
      { data: { n: 'changed' } },
      { namespace: 'default', type: 'merge' },
    );
    const snapshot = await readFile(join(dir, 'snapshot.jsonl'), 'utf8');
    expect(snapshot.split('\n')[0]).toMatch(/^\{"rv":\d+\}$/);
    const lastRv = first.store.resourceVersion;
    // No close(): the process "dies" with whatever the log holds.

    const second = await openStore(dir, 4096);
    expect(second.store.resourceVersion).toBe(lastRv);
    const list = await second.store.list('configmaps', { namespace: 'default' });
    expect(list.items).toHaveLength(119);
    for (const item of list.items) {
      if (item.metadata.name === 'c8')
        expect(item.metadata.resourceVersion).toBe(updated.metadata.resourceVersion);
      else expect(item.metadata.resourceVersion).toBe(written.get(item.metadata.name ?? ''));
    }
    const next = await second.store.create(cm('after'));
    expect(Number(next.metadata.resourceVersion)).toBe(Number(lastRv) + 1);
    await second.journal.close();
    await first.journal.close();
  });

  it('restarts a cluster with the same CA, tokens, objects and CRD generations', async () => {
    const dir = await scratch();
    const first = await startCluster({ dataDir: dir, fabric: false });
    const net = await first.store.create({
      apiVersion: 'sriovnetwork.openshift.io/v1',
      kind: 'SriovIBNetwork',
      metadata: { name: 'kept', namespace: 'ib-team' },
      spec: { resourceName: 'mlnx_ib' },
    });
    const before = { ca: first.caPem, tokens: first.tokens, rv: first.store.resourceVersion };
    await first.stop();

    const second = await startCluster({ dataDir: dir, fabric: false });
    try {
      expect(second.caPem).toBe(before.ca);
      expect(second.tokens).toEqual(before.tokens);
      const kept = await second.store.get(
        'sriovibnetworks.sriovnetwork.openshift.io',
        'kept',
        'ib-team',
      );
      expect(kept.metadata.resourceVersion).toBe(net.metadata.resourceVersion);
      const crd = await second.store.get(
        'customresourcedefinitions.apiextensions.k8s.io',
        'sriovibnetworks.sriovnetwork.openshift.io',
      );
      expect(crd.metadata.generation).toBe(1);
      expect(Number(second.store.resourceVersion)).toBeGreaterThanOrEqual(Number(before.rv));
    } finally {
      await second.stop();
    }
  });

  it('loses no acknowledged write when the cluster process is killed with SIGKILL', async () => {
    const dir = await scratch();
    const start = async (): Promise<{ child: ChildProcess; kubeconfig: string }> => {
      const child = spawn(
        process.execPath,
        [join(repo, 'cli/bin/ibnet.js'), 'sim', '--empty', '--data', dir],
        { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      children.push(child);
      let out = '';
      const kubeconfig = await new Promise<string>((resolve, reject) => {
        child.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Kubeconfig: (\S+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`ibnet sim exited ${code}: ${out}`)));
      });
      return { child, kubeconfig };
    };
    const api = (kubeconfig: string) => {
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfig);
      return kc.makeApiClient(CoreV1Api);
    };

    const { child, kubeconfig } = await start();
    const core = api(kubeconfig);
    const acknowledged = new Map<string, number>();
    let stop = false;
    // Four writers in parallel, so acknowledgements share group commits.
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const name = `w${w}-${i}`;
        try {
          const obj = await core.createNamespacedConfigMap({
            namespace: 'ib-team',
            body: { metadata: { name }, data: { i: String(i) } },
          });
          acknowledged.set(name, Number(obj.metadata?.resourceVersion));
        } catch {
          return;
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.size < 200) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await new Promise((r) => child.once('exit', r));

    const restarted = await start();
    const after = api(restarted.kubeconfig);
    const list = await after.listNamespacedConfigMap({ namespace: 'ib-team' });
    const stored = new Map(
      (list.items ?? []).map((i) => [i.metadata?.name ?? '', Number(i.metadata?.resourceVersion)]),
    );
    for (const [name, rv] of acknowledged) expect(stored.get(name), name).toBe(rv);
    const maxRv = Math.max(...acknowledged.values());
    const fresh = await after.createNamespacedConfigMap({
      namespace: 'ib-team',
      body: { metadata: { name: 'fresh' } },
    });
    expect(Number(fresh.metadata?.resourceVersion)).toBeGreaterThan(maxRv);
    expect(Number(fresh.metadata?.resourceVersion)).toBeGreaterThan(
      Number(list.metadata?.resourceVersion) - 1,
    );
    restarted.child.kill('SIGTERM');
    await new Promise((r) => restarted.child.once('exit', r));
  }, 60_000);
});
