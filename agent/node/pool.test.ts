import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGuid } from '../../lib/annotations/guid';
import type { KubeClient } from '../../lib/kube';
import type { SriovNetworkNodeState } from '../../lib/model';
import { type Cluster, startCluster } from '../../sim';
import type { RunningNodeAgent } from './agent';
import { GUIDS_UNIQUE } from './collisions';
import {
  adminClient,
  applyPolicy,
  guidsOf,
  ibPolicy,
  pfStatus,
  spawnNodeAgent,
  startAgent,
  waitForState,
} from './testing/harness';

// Two nodes configured at once: worker-0 by an in-process agent, worker-1 by `ibnet agent node`
// as a real process. Their pool files share one GUID.
const PF = '0000:3b:00.0';
const list = ['02:00:00:00:00:00:a0:00', '02:00:00:00:00:00:a0:01', '02:00:00:00:00:00:a0:02'];
const SHARED = '02:00:00:00:00:00:b0:01';

let cluster: Cluster;
let client: KubeClient;
let dir: string;
let agent0: RunningNodeAgent;
let agent1: ReturnType<typeof spawnNodeAgent>;
let pool0: string;

const condition = (s: SriovNetworkNodeState) =>
  s.status?.conditions?.find((c) => c.type === GUIDS_UNIQUE);

beforeAll(async () => {
  cluster = await startCluster({
    fabric: {
      nodes: [
        { name: 'worker-0', pfs: [{ pciAddress: PF, totalVfs: 8 }] },
        { name: 'worker-1', pfs: [{ pciAddress: PF, totalVfs: 8 }] },
      ],
    },
  });
  client = await adminClient(cluster.kubeconfigPath);
  dir = await mkdtemp(join(tmpdir(), 'ibnet-node-pool-'));
  const [node0, node1] = ['worker-0', 'worker-1'].map((n) => cluster.fabric?.node(n));
  if (!node0 || !node1) throw new Error('the cluster has no simulated fabric');

  // worker-1's pool names its PF by the GUID sysfs shows (16-bit groups, as sysfs prints it).
  const pfGuid = (
    await readFile(
      join(node1.sysfsRoot, 'bus/pci/devices', PF, 'infiniband/mlx5_0/node_guid'),
      'utf8',
    )
  ).trim();
  pool0 = join(dir, 'worker-0.json');
  const pool1 = join(dir, 'worker-1.json');
  await writeFile(pool0, JSON.stringify([{ pciAddress: PF, guids: [...list, SHARED] }]));
  await writeFile(
    pool1,
    JSON.stringify([
      { pfGuid, guidsRange: { start: '02:00:00:00:00:00:b0:00', end: '02:00:00:00:00:00:b0:0f' } },
    ]),
  );

  await applyPolicy(client, ibPolicy('ib-pool', { numVfs: 4 }));
  agent0 = await startAgent(client, node0, { guidPool: pool0 });
  agent1 = spawnNodeAgent([
    '--kubeconfig',
    cluster.kubeconfigPath,
    '--node',
    'worker-1',
    '--sysfs-root',
    node1.sysfsRoot,
    '--ip-command',
    node1.ipCommand,
    '--guid-pool',
    pool1,
    '--metrics-port',
    '0',
  ]);
}, 60_000);

afterAll(async () => {
  await agent0?.stop();
  if (agent1) expect(await agent1.stop()).toBe(0);
  await cluster?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('static GUID pools on two nodes at once', { timeout: 90_000 }, () => {
  it('honours a guids list by PCI address and a guidsRange by PF GUID', async () => {
    const [w0, w1] = await Promise.all(
      ['worker-0', 'worker-1'].map((node) =>
        waitForState(
          client,
          node,
          '4 VFs, Succeeded',
          (s) => s.status?.syncStatus === 'Succeeded' && pfStatus(s, PF)?.numVfs === 4,
        ),
      ),
    );
    expect(guidsOf(w0 as SriovNetworkNodeState, PF)).toEqual({
      0: list[0],
      1: list[1],
      2: list[2],
      3: SHARED,
    });
    expect(guidsOf(w1 as SriovNetworkNodeState, PF)).toEqual({
      0: '02:00:00:00:00:00:b0:00',
      1: SHARED,
      2: '02:00:00:00:00:00:b0:02',
      3: '02:00:00:00:00:00:b0:03',
    });
  });

  it('reports the GUID both nodes use on both node states, naming the other VF', async () => {
    const w0 = await waitForState(
      client,
      'worker-0',
      'duplicate reported',
      (s) => condition(s)?.status === 'False',
    );
    expect(condition(w0)).toMatchObject({ reason: 'DuplicateGUID' });
    expect(condition(w0)?.message).toMatch(
      /^GUID 02:00:00:00:00:00:b0:01 of worker-0 ibp59s0 VF 3 \(0000:3b:00.4\) is also used by worker-1 ibp59s0 VF 1 \(0000:3b:00.2\)\. /,
    );
    // The configuration itself was applied as asked: the duplicate is a condition, not a failure.
    expect(w0.status?.syncStatus).toBe('Succeeded');

    const w1 = await waitForState(
      client,
      'worker-1',
      'duplicate reported',
      (s) => condition(s)?.status === 'False',
    );
    expect(condition(w1)?.message).toMatch(
      /^GUID 02:00:00:00:00:00:b0:01 of worker-1 ibp59s0 VF 1 \(0000:3b:00.2\) is also used by worker-0 ibp59s0 VF 3 \(0000:3b:00.4\)\. /,
    );
  });

  it('clears the report on both nodes once the pool file is fixed', async () => {
    await writeFile(
      pool0,
      JSON.stringify([{ pciAddress: PF, guids: [...list, '02:00:00:00:00:00:a0:03'] }]),
    );
    agent0.resync();

    const w0 = await waitForState(
      client,
      'worker-0',
      'VF 3 renumbered, unique',
      (s) => guidsOf(s, PF)[3] === '02:00:00:00:00:00:a0:03' && condition(s)?.status === 'True',
    );
    expect(Object.values(guidsOf(w0, PF)).every((g) => parseGuid(g).ok)).toBe(true);
    // worker-1 sees worker-0's state change through its watch and clears its own report.
    const w1 = await waitForState(
      client,
      'worker-1',
      'unique again',
      (s) => condition(s)?.status === 'True',
    );
    expect(condition(w1)?.reason).toBe('NoDuplicateGUIDs');
  });

  it('refuses a broken pool file without touching the node', async () => {
    await writeFile(pool0, '[{"pciAddress": "0000:3b:00.0"}]');
    agent0.resync();
    const failed = await waitForState(
      client,
      'worker-0',
      'pool refused',
      (s) => s.status?.syncStatus === 'Failed',
    );
    expect(failed.status?.lastSyncError).toBe(
      `GUID pool ${pool0}: entry 1 (pciAddress 0000:3b:00.0) must have either "guids" (a non-empty list) or "guidsRange" ({"start", "end"}), it has neither. Nothing was changed on this node until this is fixed.`,
    );
    expect(pfStatus(failed, PF)?.numVfs).toBe(4);
    expect(guidsOf(failed, PF)[3]).toBe('02:00:00:00:00:00:a0:03');
  });
});
