import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeClient, RESOURCES, isAlreadyExists, isNotFound } from '../../lib/kube';
import type { NetworkAttachmentDefinition, SriovIBNetwork } from '../../lib/model';
import { renderNad } from '../../lib/render';
import { type Cluster, startCluster } from '../../sim';
import { type ControllerProcess, spawnController } from './testing/child';
import {
  IB_REF,
  NAD_REF,
  clientFromKubeconfig,
  controllerKubeconfig,
  createNamespace,
  parseRequestTotals,
  total,
  ibNetwork,
  readyOf,
  retrying,
  waitFor,
} from './testing/fixtures';

const OP = 'openshift-sriov-network-operator';
const TARGETS = ['fault-a', 'fault-b', 'fault-c'];
const NETWORKS = 500;
const SEED = Number(process.env.IBNET_FAULT_SEED ?? Date.now() % 100_000);

/** A small seeded generator, so a failing run can be replayed with IBNET_FAULT_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Op =
  | { kind: 'create'; network: SriovIBNetwork }
  | { kind: 'ipam'; range: string }
  | { kind: 'move'; to: string }
  | { kind: 'delete' };

let cluster: Cluster;
let admin: KubeClient;
let dir: string;
let kubeconfig: string;
const processes: ControllerProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ibnet-faults-'));
  // A small event window makes watches fall behind it and exercise the relist on 410; the
  // controller needs no simulated hardware.
  cluster = await startCluster({ fabric: false, eventWindow: 400, bookmarkIntervalMs: 1_000 });
  admin = await clientFromKubeconfig(cluster.kubeconfigFor('admin'));
  kubeconfig = await controllerKubeconfig(admin, cluster, OP, join(dir, 'kubeconfig'));
  for (const ns of [...TARGETS, 'fault-home']) await createNamespace(admin, ns);
});

afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  admin?.transport.close();
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

function startChild(): ControllerProcess {
  const p = spawnController([
    '--kubeconfig',
    kubeconfig,
    '--operator-namespace',
    OP,
    '--metrics-port',
    '0',
    '--identity',
    'fault-controller',
    '--resync',
    '30',
    '--log-level',
    'info',
  ]);
  processes.push(p);
  return p;
}

/** Builds each network's history (create, then ipam changes, moves, maybe a delete). */
function workload(random: () => number): Map<string, Op[]> {
  const plans = new Map<string, Op[]>();
  for (let i = 0; i < NETWORKS; i++) {
    const name = `ib-${String(i).padStart(3, '0')}`;
    const inOperatorNs = random() < 0.6;
    const network = inOperatorNs
      ? ibNetwork(OP, name, { networkNamespace: TARGETS[Math.floor(random() * 3)] })
      : ibNetwork('fault-home', name, {});
    const ops: Op[] = [{ kind: 'create', network }];
    const changes = Math.floor(random() * 3);
    for (let c = 0; c < changes; c++) {
      if (inOperatorNs && random() < 0.35)
        ops.push({ kind: 'move', to: TARGETS[Math.floor(random() * 3)] as string });
      else ops.push({ kind: 'ipam', range: `10.${Math.floor(random() * 250)}.${c}.0/24` });
    }
    if (random() < 0.3) ops.push({ kind: 'delete' });
    plans.set(name, ops);
  }
  return plans;
}

async function apply(name: string, namespace: string, op: Op): Promise<void> {
  if (op.kind === 'create') {
    await retrying(() => admin.create(IB_REF, op.network)).catch((err: unknown) => {
      // An injected failure may have hit the answer after the write: the object is there.
      if (!isAlreadyExists(err)) throw err;
    });
  } else if (op.kind === 'delete') {
    await retrying(() => admin.delete(IB_REF, name, namespace)).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  } else {
    const spec =
      op.kind === 'move'
        ? { networkNamespace: op.to }
        : { ipam: `{"type": "whereabouts", "range": "${op.range}"}` };
    await retrying(() => admin.patch(IB_REF, name, namespace, { spec }, 'merge'));
  }
}

/** What the cluster should hold: the NAD rendered from every surviving network, nothing else. */
async function compare(): Promise<{ ok: boolean; report: string }> {
  const networks = (await admin.listAll<SriovIBNetwork>(IB_REF)).items.filter((n) =>
    n.metadata.name?.startsWith('ib-'),
  );
  const nads = (await admin.listAll<NetworkAttachmentDefinition>(NAD_REF)).items.filter((n) =>
    n.metadata.name?.startsWith('ib-'),
  );
  const want = new Map<string, NetworkAttachmentDefinition>();
  const problems: string[] = [];
  for (const n of networks) {
    if (n.metadata.deletionTimestamp) {
      problems.push(`network ${n.metadata.namespace}/${n.metadata.name} still being deleted`);
      continue;
    }
    const r = renderNad(n);
    if (!r.ok) throw new Error(`workload network ${n.metadata.name} does not render`);
    want.set(`${r.nad.metadata.namespace}/${r.nad.metadata.name}`, r.nad);
    const ready = readyOf(n);
    if (ready?.status !== 'True' || ready.observedGeneration !== n.metadata.generation)
      problems.push(
        `network ${n.metadata.namespace}/${n.metadata.name} not Ready for generation ${n.metadata.generation}`,
      );
  }
  const have = new Map(nads.map((n) => [`${n.metadata.namespace}/${n.metadata.name}`, n]));
  for (const [key, nad] of want) {
    const got = have.get(key);
    if (!got) problems.push(`missing NAD ${key}`);
    else if (got.spec?.config !== nad.spec?.config) problems.push(`NAD ${key} has a stale config`);
    else if (
      Object.entries(nad.metadata.annotations ?? {}).some(
        ([k, v]) => got.metadata.annotations?.[k] !== v,
      )
    )
      problems.push(`NAD ${key} has stale annotations`);
  }
  for (const key of have.keys()) if (!want.has(key)) problems.push(`extra NAD ${key}`);
  return {
    ok: problems.length === 0,
    report: `${networks.length} networks, ${want.size} NADs expected, ${have.size} present; ${problems.length} problems: ${problems.slice(0, 8).join('; ')}`,
  };
}

describe('the controller under faults, killed and restarted mid-run', () => {
  it(`converges ${NETWORKS} networks created, updated and deleted in random order to exactly the rendered NADs (seed ${SEED})`, async () => {
    const random = prng(SEED);
    const plans = workload(random);
    const first = startChild();
    await first.waitForLog('"msg":"mode: active"');

    cluster.faults.set({
      errors: [
        { verb: 'create', code: 500, rate: 0.1 },
        { verb: 'update', code: 500, rate: 0.1 },
        { verb: 'patch', code: 500, rate: 0.1 },
        { verb: 'delete', code: 500, rate: 0.1 },
        { verb: 'patch', resource: 'sriovibnetworks', code: 409, rate: 0.05 },
        { verb: 'update', resource: 'network-attachment-definitions', code: 409, rate: 0.05 },
      ],
    });
    const disruptions = setInterval(() => {
      cluster.faults.dropWatches();
      if (random() < 0.5) cluster.faults.forceGone(1);
    }, 1_500);

    // Each network's operations run in order; networks interleave at random, 16 at a time.
    const pending = [...plans.entries()].map(([name, ops]) => ({
      name,
      ops,
      namespace: (ops[0] as { network: SriovIBNetwork }).network.metadata.namespace ?? '',
    }));
    const opCount = pending.reduce((n, p) => n + p.ops.length, 0);
    let done = 0;
    let killed = false;
    const worker = async () => {
      for (;;) {
        const ready = pending.filter((p) => p.ops.length > 0 && !(p as { busy?: boolean }).busy);
        if (ready.length === 0) {
          if (pending.every((p) => p.ops.length === 0)) return;
          await new Promise((r) => setTimeout(r, 1));
          continue;
        }
        const pick = ready[Math.floor(random() * ready.length)] as (typeof pending)[number] & {
          busy?: boolean;
        };
        pick.busy = true;
        const op = pick.ops.shift() as Op;
        await apply(pick.name, pick.namespace, op);
        pick.busy = false;
        done++;
        if (!killed && done >= opCount * 0.4) {
          killed = true;
          // A crash mid-run: no graceful stop, no lease release; the restart takes the lease back.
          first.child.kill('SIGKILL');
          startChild();
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: 16 }, worker));
    const workloadMs = Date.now() - started;
    expect(await first.exited).toBe('SIGKILL');

    let last = '';
    await waitFor(
      'the NADs to match the surviving networks',
      async () => {
        const result = await compare();
        last = result.report;
        return result.ok;
      },
      40_000,
      500,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${last}\nworkload took ${workloadMs} ms`);
    });
    clearInterval(disruptions);
    cluster.faults.clear();
    // The run really went through faults: failed answers to writes, and conflicts.
    const answers = parseRequestTotals(await cluster.metrics());
    expect(total(answers, (r) => r.code === '500')).toBeGreaterThan(50);
    expect(total(answers, (r) => r.code === '409')).toBeGreaterThan(10);

    // Graceful stop of the survivor: exit 0, lease released.
    const second = processes[1] as ControllerProcess;
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const lease = await admin.get<
      { spec?: { holderIdentity?: string } } & NetworkAttachmentDefinition
    >(RESOURCES.leases, 'ibnet-network-controller', OP);
    expect(lease.spec?.holderIdentity ?? '').toBe('');

    // Every line is a JSON object with a level and a message, and no line carries the token.
    const token = /token: (\S+)/.exec(await readFile(kubeconfig, 'utf8'))?.[1] ?? '';
    const lines = processes.flatMap((p) => p.lines).filter((l) => l.trim() !== '');
    expect(token.length).toBeGreaterThan(20);
    expect(lines.filter((l) => l.includes(token))).toEqual([]);
    for (const line of lines)
      expect(JSON.parse(line)).toMatchObject({
        level: expect.any(String),
        msg: expect.any(String),
      });
  }, 120_000);
});
