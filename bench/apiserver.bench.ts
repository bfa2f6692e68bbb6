import { Agent, request } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Cluster, startCluster } from '../sim';
import type { KubeObject } from '../sim';
import { type Bench, quantile, since } from './harness';

const PODS = 10_000;
const WATCHERS = 100;
const WATCHED_UPDATES = 100;

function pod(i: number, namespace = 'bench'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `pod-${String(i).padStart(5, '0')}`,
      namespace,
      labels: { app: 'bench', shard: String(i % 10) },
      annotations: { 'k8s.v1.cni.cncf.io/networks': 'ib-team/ib1' },
    },
    spec: {
      nodeName: `node-${i % 20}`,
      containers: [
        {
          name: 'app',
          image: 'registry.example/app:1.0',
          resources: { limits: { 'openshift.io/mlnx_ib': '1' } },
        },
      ],
    },
  };
}

function get(
  cluster: Cluster,
  agent: Agent,
  path: string,
  accept = 'application/json',
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, cluster.url),
      {
        agent,
        ca: cluster.caPem,
        headers: { Authorization: `Bearer ${cluster.tokens.admin}`, Accept: accept },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve(Buffer.concat(chunks).toString()));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Creates objects with `parallel` writers; returns creates per second. */
async function createMany(
  cluster: Cluster,
  count: number,
  parallel: number,
  namespace: string,
  offset = 0,
): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) await cluster.store.create(pod(offset + next++, namespace));
    }),
  );
  return count / (since(start) / 1000);
}

async function timed(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(since(start));
  }
  return quantile(samples, 0.5);
}

const bench: Bench = {
  title: 'API server emulator with 10,000 pods',
  async run(ctx) {
    const cluster = await startCluster({ fabric: false });
    const agent = new Agent({ keepAlive: true, maxSockets: WATCHERS + 10 });
    try {
      await cluster.store.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'bench' },
      });
      const memoryRate = await createMany(cluster, PODS, 8, 'bench');
      // The floor of a write: the object decoded from its JSON body and encoded for the answer.
      const copyStart = performance.now();
      for (let i = 0; i < PODS; i++) JSON.stringify(JSON.parse(JSON.stringify(pod(i))));
      const copyRate = PODS / (since(copyStart) / 1000);
      ctx.figure('create pods in memory (8 writers)', memoryRate, 'creates/s');
      ctx.figure(
        'decode and encode the same pods (floor)',
        copyRate,
        'creates/s',
        `${(copyRate / memoryRate).toFixed(0)}x the store's rate`,
      );

      // The floor: serializing the same objects once, with nothing else to do.
      const items = (await cluster.store.list('pods', { namespace: 'bench' })).items;
      const floor = await timed(5, () => JSON.stringify({ kind: 'PodList', items }));
      ctx.figure('JSON.stringify of the 10,000 pods (floor)', floor, 'ms');

      const list = await timed(5, () => get(cluster, agent, '/api/v1/pods'));
      ctx.figure(
        'list all pods over HTTPS, JSON',
        list,
        'ms',
        `${(list / floor).toFixed(1)}x the floor`,
      );
      const table = await timed(5, () =>
        get(cluster, agent, '/api/v1/pods', 'application/json;as=Table;v=v1;g=meta.k8s.io'),
      );
      ctx.figure(
        'list all pods over HTTPS, Table (kubectl get)',
        table,
        'ms',
        `${(table / floor).toFixed(1)}x the floor`,
      );
      const bytes = Buffer.byteLength(await get(cluster, agent, '/api/v1/pods'));
      ctx.figure('size of the pod list', bytes / 1e6, 'MB');
      const page = await timed(5, () => get(cluster, agent, '/api/v1/pods?limit=500'));
      ctx.figure('list one page of 500 pods (kubectl get default)', page, 'ms');
      const selected = await timed(5, () =>
        get(
          cluster,
          agent,
          '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-3&labelSelector=shard%3D3',
        ),
      );
      ctx.figure('list pods of one node by field and label selector', selected, 'ms');

      await watchLatency(cluster, agent, ctx);

      const dir = await mkdtemp(join(tmpdir(), 'ibnet-bench-'));
      try {
        const durable = await startCluster({ dataDir: dir, fabric: false });
        await durable.store.create({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'bench' },
        });
        ctx.figure(
          'create pods with a data dir, 1 writer (fsync each)',
          await createMany(durable, 500, 1, 'bench'),
          'creates/s',
        );
        ctx.figure(
          'create pods with a data dir, 64 writers (group commit)',
          await createMany(durable, 5000, 64, 'bench', 500),
          'creates/s',
        );
        const stopStart = performance.now();
        await durable.stop();
        ctx.figure('stop with a data dir (final snapshot of 5,500 pods)', since(stopStart), 'ms');
        const restart = performance.now();
        const again = await startCluster({ dataDir: dir, fabric: false });
        ctx.figure('restart from the data dir', since(restart), 'ms');
        await again.stop();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    } finally {
      agent.destroy();
      await cluster.stop();
    }
  },
};

/** Opens WATCHERS HTTP watches on one namespace and times each update's arrival at all of them. */
async function watchLatency(
  cluster: Cluster,
  agent: Agent,
  ctx: Parameters<Bench['run']>[0],
): Promise<void> {
  await cluster.store.create({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'watched' },
  });
  await cluster.store.create(pod(0, 'watched'));
  const rv = cluster.store.resourceVersion;
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  const requests: ReturnType<typeof request>[] = [];
  let received = 0;
  await Promise.all(
    Array.from(
      { length: WATCHERS },
      () =>
        new Promise<void>((ready, reject) => {
          const req = request(
            new URL(
              `/api/v1/namespaces/watched/pods?watch=true&resourceVersion=${rv}`,
              cluster.url,
            ),
            {
              agent,
              ca: cluster.caPem,
              headers: { Authorization: `Bearer ${cluster.tokens.admin}` },
            },
            (res) => {
              ready();
              let buf = '';
              res.on('data', (d: Buffer) => {
                const now = performance.now();
                buf += d.toString();
                const lines = buf.split('\n');
                buf = lines.pop() ?? '';
                for (const line of lines) {
                  const rvOf = /"resourceVersion":"(\d+)"/.exec(line)?.[1] ?? '';
                  const at = sentAt.get(rvOf);
                  if (at !== undefined) samples.push(now - at);
                  received++;
                }
              });
            },
          );
          req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
          req.end();
          requests.push(req);
        }),
    ),
  );
  for (let i = 0; i < WATCHED_UPDATES; i++) {
    const start = performance.now();
    const updated = await cluster.store.patch(
      'pods',
      'pod-00000',
      { metadata: { labels: { step: String(i) } } },
      { namespace: 'watched', type: 'merge' },
    );
    sentAt.set(updated.metadata.resourceVersion ?? '', start);
    await new Promise((r) => setTimeout(r, 2));
  }
  const deadline = Date.now() + 10_000;
  while (received < WATCHERS * WATCHED_UPDATES && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  for (const r of requests) r.destroy();
  ctx.log(`${received} of ${WATCHERS * WATCHED_UPDATES} watch events arrived`);

  // The floor: the event serialized once per watcher, as a server that shares nothing would.
  const object = await cluster.store.get('pods', 'pod-00000', 'watched');
  const floor = await timed(20, () => {
    for (let w = 0; w < WATCHERS; w++) JSON.stringify({ type: 'MODIFIED', object });
  });
  const p50 = quantile(samples, 0.5);
  ctx.figure(`watch event latency to ${WATCHERS} watchers, p50`, p50, 'ms');
  ctx.figure(`watch event latency to ${WATCHERS} watchers, p99`, quantile(samples, 0.99), 'ms');
  ctx.figure(
    `serialize one event ${WATCHERS} times (floor)`,
    floor,
    'ms',
    `p50 is ${(p50 / floor).toFixed(0)}x the floor`,
  );
}

export default bench;
