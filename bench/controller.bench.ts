import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SriovIBNetwork } from '../lib/model';
import { spawnController } from '../agent/controller/testing/child';
import {
  WRITE_VERBS,
  clientFromKubeconfig,
  controllerKubeconfig,
  createNamespace,
  delta,
  ibNetwork,
  parseRequestTotals,
  total,
  waitFor,
} from '../agent/controller/testing/fixtures';
import { type KubeObject as StoredObject, startCluster } from '../sim';
import { type Bench, since } from './harness';

const OP = 'openshift-sriov-network-operator';
const NETWORKS = Number(process.env.IBNET_BENCH_NETWORKS ?? 1_000);
const IDLE_SECONDS = Number(process.env.IBNET_BENCH_IDLE_SECONDS ?? 30);
const TARGETS = ['bench-a', 'bench-b', 'bench-c', 'bench-d'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** One sample of a metric without labels from a Prometheus text. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : undefined;
}

function storedObjects(text: string, resource: string): number {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`apiserver_storage_objects{resource="${resource}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

const bench: Bench = {
  title: `Network controller: ${NETWORKS} SriovIBNetworks into NADs (controller as its own process)`,
  async run(ctx) {
    const dir = await mkdtemp(join(tmpdir(), 'ibnet-bench-controller-'));
    const cluster = await startCluster({ fabric: false });
    const admin = await clientFromKubeconfig(cluster.kubeconfigFor('admin'));
    const kubeconfig = await controllerKubeconfig(admin, cluster, OP, join(dir, 'kubeconfig'));
    for (const ns of TARGETS) await createNamespace(admin, ns);

    const port = await freePort();
    const controller = spawnController([
      '--kubeconfig',
      kubeconfig,
      '--operator-namespace',
      OP,
      '--metrics-port',
      String(port),
      '--metrics-host',
      '127.0.0.1',
      '--log-level',
      'warn',
    ]);
    const opsUrl = `http://127.0.0.1:${port}`;
    let peakRss = 0;
    let peakHeap = 0;
    const sampleMemory = async () => {
      const text = await fetch(`${opsUrl}/metrics`)
        .then((r) => r.text())
        .catch(() => '');
      peakRss = Math.max(peakRss, sample(text, 'process_resident_memory_bytes') ?? 0);
      peakHeap = Math.max(peakHeap, sample(text, 'nodejs_heap_size_used_bytes') ?? 0);
      return text;
    };
    try {
      await waitFor(
        'the controller to lead',
        async () => sample(await sampleMemory(), 'ibnet_leader') === 1,
        30_000,
        100,
      );
      const idleRss = peakRss;
      const cpuBefore = sample(await sampleMemory(), 'process_cpu_seconds_total') ?? 0;
      const serverCpuBefore = process.cpuUsage();
      const sampler = setInterval(() => void sampleMemory(), 200);

      // Networks go in through the in-process store, so every HTTP request counted is the controller's.
      const before = parseRequestTotals(await cluster.metrics());
      const start = performance.now();
      for (let i = 0; i < NETWORKS; i++) {
        const network: SriovIBNetwork = ibNetwork(OP, `bench-${i}`, {
          networkNamespace: TARGETS[i % TARGETS.length],
          ipam: `{"type": "whereabouts", "range": "10.${Math.floor(i / 250)}.${i % 250}.0/24"}`,
        });
        await cluster.store.create(network as unknown as StoredObject);
      }
      const created = since(start);
      await waitFor(
        'every NAD',
        async () =>
          storedObjects(
            await cluster.metrics(),
            'network-attachment-definitions.k8s.cni.cncf.io',
          ) >= NETWORKS,
        300_000,
        50,
      );
      const allNads = since(start);
      await waitFor(
        'every network Ready',
        async () => {
          const list = await cluster.store.list(
            { apiVersion: 'sriovnetwork.openshift.io/v1', kind: 'SriovIBNetwork' },
            { namespace: OP },
          );
          return (list.items as unknown as SriovIBNetwork[]).every((n) =>
            n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
          );
        },
        300_000,
        250,
      );
      const allReady = since(start);
      // Let the watch events of the controller's own writes come back and be reconciled.
      await new Promise((r) => setTimeout(r, 2_000));
      const afterBurst = parseRequestTotals(await cluster.metrics());
      clearInterval(sampler);
      const cpuAfter = sample(await sampleMemory(), 'process_cpu_seconds_total') ?? 0;
      const serverCpu = process.cpuUsage(serverCpuBefore);

      const burst = delta(before, afterBurst).filter((s) => s.resource !== 'leases');
      const per = (filter: (s: (typeof burst)[number]) => boolean) =>
        total(burst, filter) / NETWORKS;
      ctx.log(
        `${NETWORKS} networks stored in ${created.toFixed(0)} ms; the controller reconciles them as they arrive`,
      );
      ctx.figure('time until every NAD exists', allNads, 'ms', 'from the first network stored');
      ctx.figure('time until every network is Ready', allReady, 'ms');
      ctx.figure(
        'controller CPU time for the burst',
        (cpuAfter - cpuBefore) * 1000,
        'ms',
        'user + system',
      );
      ctx.figure(
        'API server CPU time for the burst',
        (serverCpu.user + serverCpu.system) / 1000,
        'ms',
        'embedded cluster, same process as the bench',
      );
      ctx.figure('networks rendered per second', (NETWORKS / allNads) * 1000, 'networks/s');
      ctx.figure(
        'API requests per network (Lease excluded)',
        per(() => true),
        'req',
        'floor 3: finalizer patch, NAD create, status patch',
      );
      ctx.figure(
        '  NAD writes per network',
        per((s) => s.resource === 'network-attachment-definitions' && WRITE_VERBS.has(s.verb)),
        'req',
        'floor 1',
      );
      ctx.figure(
        '  metadata patches per network',
        per(
          (s) =>
            s.resource === 'sriovibnetworks' && s.subresource === '' && WRITE_VERBS.has(s.verb),
        ),
        'req',
        'floor 1: finalizer + last-network-namespace in one patch',
      );
      ctx.figure(
        '  status writes per network',
        per((s) => s.subresource === 'status' && WRITE_VERBS.has(s.verb)),
        'req',
        'floor 1',
      );
      ctx.figure(
        '  reads per network',
        per((s) => !WRITE_VERBS.has(s.verb)),
        'req',
        'reads come from the watch caches',
      );
      ctx.figure(
        '  failed requests per network',
        per((s) => !s.code.startsWith('2')),
        'req',
      );

      const idleBefore = parseRequestTotals(await cluster.metrics());
      await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
      const idle = delta(idleBefore, parseRequestTotals(await cluster.metrics()));
      const perMinute = (n: number) => (n * 60) / IDLE_SECONDS;
      ctx.figure(
        'requests per minute once idle (Lease excluded)',
        perMinute(total(idle, (s) => s.resource !== 'leases')),
        'req/min',
        `floor 0; measured over ${IDLE_SECONDS} s, resync every 600 s`,
      );
      ctx.figure(
        'Lease renewals per minute (leader election)',
        perMinute(total(idle, (s) => s.resource === 'leases')),
        'req/min',
        'one PUT every 2 s',
      );
      ctx.figure('controller RSS before the networks', idleRss / 1e6, 'MB');
      ctx.figure('controller peak RSS', peakRss / 1e6, 'MB');
      ctx.figure('controller peak heap used', peakHeap / 1e6, 'MB');
    } finally {
      controller.child.kill('SIGTERM');
      await Promise.race([controller.exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (controller.child.exitCode === null) controller.child.kill('SIGKILL');
      admin.transport.close();
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
