import { RESOURCES } from '../lib/kube';
import { KubeClient } from '../lib/kube';
import { KubeConfig } from '@kubernetes/client-node';
import { startTestConsole } from '../app/_server/testing/harness';
import { SseReader } from '../app/_server/testing/sse';
import * as podsRoute from '../app/api/pods/route';
import * as networkRoute from '../app/api/networks/[plural]/[namespace]/[name]/route';
import * as streamRoute from '../app/api/stream/route';
import type { PodPage, StreamChange } from '../lib/views/types';
import { quantile, since, type Bench } from './harness';

const PODS = 5_000;
const ROUNDS = 20;
const EVENTS = 30;

async function timed(rounds: number, work: () => Promise<unknown>): Promise<number[]> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await work();
    samples.push(since(start));
  }
  return samples;
}

const bench: Bench = {
  title: 'Console API over the embedded cluster (route handlers in-process, as the admin user)',
  async run(ctx) {
    const t = await startTestConsole({ IBNET_NAMESPACES: '' }, { graceMs: 60_000 });
    try {
      const store = t.cluster.store;
      await store.create(
        {
          apiVersion: 'sriovnetwork.openshift.io/v1',
          kind: 'SriovIBNetwork',
          metadata: { name: 'ib1', namespace: 'ib-team' },
          spec: { resourceName: 'ib_vfs', ipam: '{"type": "whereabouts", "range": "10.0.0.0/16"}' },
        } as never,
        { fieldManager: 'bench' },
      );
      const seedStart = performance.now();
      for (let i = 0; i < PODS; i++) {
        const status = JSON.stringify([
          { name: 'ib-team/ib1', interface: 'net1', ips: [`10.0.${i >> 8}.${(i & 255) + 1}`] },
        ]);
        await store.create(
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {
              name: `worker-${i}`,
              namespace: 'ib-team',
              annotations: {
                'k8s.v1.cni.cncf.io/networks': 'ib1',
                'k8s.v1.cni.cncf.io/network-status': status,
              },
            },
            spec: { containers: [{ name: 'main', image: 'example/app:1' }] },
          } as never,
          { fieldManager: 'bench' },
        );
      }
      ctx.log(`seeded ${PODS} pods in ${Math.round(since(seedStart))} ms`);

      const kc = new KubeConfig();
      kc.loadFromFile(t.cluster.kubeconfigPath);
      const direct = await KubeClient.fromKubeConfig(kc);
      const admin = await t.signIn('admin');

      // Lists: the cluster's own list of all pods against the console's (cached, derived) pages.
      const directList = await timed(ROUNDS, () =>
        direct.listAll(RESOURCES.pods, { namespace: 'ib-team' }),
      );
      const apiAll = await timed(ROUNDS, async () => {
        let cursor = '';
        do {
          const page = await admin.json<PodPage>(
            podsRoute.GET,
            `/api/pods?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
          );
          cursor = page.body.nextCursor ?? '';
        } while (cursor);
      });
      const apiPage = await timed(ROUNDS, () =>
        admin.json<PodPage>(podsRoute.GET, '/api/pods?limit=100&namespace=ib-team'),
      );
      const dl = quantile(directList, 0.5);
      ctx.figure(`direct list of ${PODS} pods (p50)`, dl, 'ms');
      ctx.figure(
        `console /api/pods, all ${PODS} in pages of 500 (p50)`,
        quantile(apiAll, 0.5),
        'ms',
        `${(quantile(apiAll, 0.5) / dl).toFixed(2)}x direct`,
      );
      ctx.figure(
        'console /api/pods, first page of 100 (p50)',
        quantile(apiPage, 0.5),
        'ms',
        `${(quantile(apiPage, 0.5) - dl).toFixed(1)} ms vs direct full list`,
      );

      // One network: a direct GET against the detail route (a GET plus derived pods, usage, NAD).
      const directOne = await timed(ROUNDS, () =>
        direct.get(RESOURCES.sriovibnetworks, 'ib1', 'ib-team'),
      );
      const params = { plural: 'sriovibnetworks', namespace: 'ib-team', name: 'ib1' };
      const apiOne = await timed(ROUNDS, () =>
        admin.json(networkRoute.GET, '/api/networks/sriovibnetworks/ib-team/ib1', { params }),
      );
      const d1 = quantile(directOne, 0.5);
      const a1 = quantile(apiOne, 0.5);
      ctx.figure('direct GET of one network (p50)', d1, 'ms');
      ctx.figure(
        `console network detail with ${PODS} pods using it (p50)`,
        a1,
        'ms',
        `+${(a1 - d1).toFixed(1)} ms, ${(a1 / d1).toFixed(1)}x`,
      );

      // Stream: from a write to the event on a subscribed SSE client.
      const abort = new AbortController();
      const sse = new SseReader(
        await admin.call(streamRoute.GET, '/api/stream?topics=networks', { signal: abort.signal }),
      );
      await sse.waitFor((e) => e.event === 'resync');
      const latencies: number[] = [];
      for (let i = 0; i < EVENTS; i++) {
        const name = `latency-${i}`;
        const start = performance.now();
        await store.create(
          {
            apiVersion: 'sriovnetwork.openshift.io/v1',
            kind: 'SriovIBNetwork',
            metadata: { name, namespace: 'ib-team' },
            spec: { resourceName: 'ib_vfs' },
          } as never,
          { fieldManager: 'bench' },
        );
        await sse.waitFor(
          (e) => e.event === 'change' && (JSON.parse(e.data) as StreamChange).name === name,
        );
        latencies.push(since(start));
      }
      abort.abort();
      ctx.figure('stream: write → SSE event (p50)', quantile(latencies, 0.5), 'ms');
      ctx.figure('stream: write → SSE event (p95)', quantile(latencies, 0.95), 'ms');
      direct.transport.close();
    } finally {
      await t.stop();
    }
  },
};

export default bench;
