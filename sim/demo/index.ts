import type { Condition, KubeObject, SriovIBNetwork } from '../../lib/model';
import { renderNad } from '../../lib/render';
import { ApiError } from '../apiserver/errors';
import type { Store } from '../apiserver/store';
import type { Cluster, ClusterComponent } from '../cluster';
import {
  BATCH_NAMESPACE,
  demoNetworks,
  demoPods,
  demoPolicy,
  RESOURCE,
  staleAllocation,
} from './content';
import { preconfigureNodes } from './preconfigure';

export { BATCH_NAMESPACE, RESOURCE, VANISHED_POD } from './content';
export { demoVfGuid, ZERO_GUID_VF } from './preconfigure';

const MANAGER = 'ibnet-demo';

export interface DemoOptions {
  /**
   * An agent (ibnet's node configurator on every node, and its network controller) runs against
   * the cluster: it carves the VFs, writes the node states and renders the NADs. Without one
   * (the default), the demo does that itself so the fabric is usable at once.
   */
  agent?: boolean;
  /** With an agent: how long to wait for NADs and VFs before creating the pods (default 60 s). */
  agentTimeoutMs?: number;
}

/** What loadDemo created and whether everything settled. */
export interface DemoSummary {
  namespaces: string[];
  networks: string[];
  pods: string[];
  /** With an agent: false when it had not rendered the NADs and carved the VFs in time. */
  agentReady: boolean;
}

/** Creates an object unless one of that name exists; returns whether it created it. */
async function ensure(store: Store, obj: KubeObject): Promise<boolean> {
  try {
    await store.create(obj, { fieldManager: MANAGER });
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.reason === 'AlreadyExists') return false;
    throw err;
  }
}

/** Without the controller: the NAD it would render, and the Ready condition it would write. */
async function renderNetworks(store: Store, networks: SriovIBNetwork[], prefix: string) {
  for (const network of networks) {
    const rendered = renderNad(network, { resourcePrefix: prefix });
    if (!rendered.ok) throw new Error(`demo network ${network.metadata.name} does not render`);
    await ensure(store, rendered.nad);
    const live = await store.get<SriovIBNetwork>(
      'sriovibnetworks.sriovnetwork.openshift.io',
      network.metadata.name ?? '',
      network.metadata.namespace,
    );
    if (live.status?.conditions?.some((c) => c.type === 'Ready')) continue;
    const nad = rendered.nad.metadata;
    const ready: Condition = {
      type: 'Ready',
      status: 'True',
      reason: 'NetworkReady',
      message: `NetworkAttachmentDefinition ${nad.namespace}/${nad.name} is up to date`,
      lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      observedGeneration: live.metadata.generation,
    };
    await store.updateStatus(
      { ...live, status: { conditions: [ready] } },
      { fieldManager: MANAGER },
    );
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** With an agent: waits until every NAD exists and every worker advertises the VFs. */
async function waitForAgent(
  cluster: Cluster,
  networks: SriovIBNetwork[],
  numVfs: number,
  timeoutMs: number,
) {
  const fabric = cluster.fabric;
  const workers = fabric?.nodes.filter((n) => n.kernel.hw.pfs.length > 0) ?? [];
  const resource = `${fabric?.settings.resourcePrefix ?? 'openshift.io'}/${RESOURCE}`;
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const nads = await cluster.store.list('network-attachment-definitions.k8s.cni.cncf.io');
    const have = new Set(nads.items.map((n) => `${n.metadata.namespace}/${n.metadata.name}`));
    const rendered = networks.every((n) =>
      have.has(`${n.spec.networkNamespace || n.metadata.namespace}/${n.metadata.name}`),
    );
    // Every VF the policy asks for, so that pods land the same way every run.
    const carved = workers.every(
      (w) => fabric?.resources(w.name)[resource] === w.kernel.hw.pfs.length * numVfs,
    );
    if (rendered && carved) return true;
    await sleep(100);
  }
  return false;
}

/**
 * Loads the demo content: an InfiniBand policy, five networks (whereabouts dual stack, static,
 * host-local, a nearly full /28, a named pool), pods in ib-team and hpc-batch, and the problems
 * the console is there to reveal. Deterministic: the same names, nodes, VFs and addresses on every
 * run. Objects that exist already are left as they are, so a restarted cluster keeps its state.
 */
export async function loadDemo(cluster: Cluster, options: DemoOptions = {}): Promise<DemoSummary> {
  const fabric = cluster.fabric;
  if (!fabric) {
    throw new Error(
      'the demo needs the simulated fabric: start the cluster without `fabric: false`',
    );
  }
  const { store } = cluster;
  const settings = fabric.settings;
  const agent = options.agent ?? false;

  await ensure(store, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: BATCH_NAMESPACE } });
  const policy = demoPolicy(settings.operatorNamespace);
  await ensure(store, policy);
  const networks = demoNetworks(settings.operatorNamespace);
  for (const n of networks) await ensure(store, n);
  const [pool, reservation] = staleAllocation(settings.whereaboutsNamespace);
  if (await ensure(store, pool)) await ensure(store, reservation);

  let agentReady = true;
  if (agent) {
    const timeout = options.agentTimeoutMs ?? 60_000;
    agentReady = await waitForAgent(cluster, networks, policy.spec.numVfs, timeout);
  } else {
    await preconfigureNodes(store, fabric, [policy]);
    await renderNetworks(store, networks, settings.resourcePrefix);
    await fabric.settle();
  }

  const pods = demoPods(!agent);
  for (const p of pods) await ensure(store, p);
  await fabric.settle();
  return {
    namespaces: ['ib-team', BATCH_NAMESPACE],
    networks: networks.map((n) => `${n.metadata.namespace}/${n.metadata.name}`),
    pods: pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
    agentReady,
  };
}

/** The demo as a cluster component (`startCluster({ fabric: { demo: true } })`): no agent. */
export function demoComponent(options: DemoOptions = {}): ClusterComponent {
  return {
    name: 'demo-content',
    async start(cluster: Cluster) {
      await loadDemo(cluster, options);
    },
    async stop() {},
  };
}
