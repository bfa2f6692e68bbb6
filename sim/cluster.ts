import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { allCrds, CUSTOM_KINDS } from '../lib/model';
import { AggregationController } from './apiserver/aggregation';
import { Authenticator, DEMO_USERS, type DemoUser } from './apiserver/authn';
import { builtinResources } from './apiserver/builtins';
import { CoreControllers } from './apiserver/controllers';
import { CrdController } from './apiserver/crds';
import { Discovery } from './apiserver/discovery';
import { ApiError } from './apiserver/errors';
import { type FaultOptions, FaultInjector } from './apiserver/faults';
import { writeKubeconfig } from './apiserver/kubeconfig';
import { ApiMetrics } from './apiserver/metrics';
import { deepEqual, type KubeObject } from './apiserver/object';
import { OpenApi } from './apiserver/openapi';
import { FileJournal, loadInto } from './apiserver/persistence';
import { aggregatedRolesFor, bootstrapPolicy, demoBindings } from './apiserver/policy';
import { RbacAuthorizer } from './apiserver/rbac';
import { ResourceRegistry } from './apiserver/resources';
import { ApiServer } from './apiserver/server';
import { Store } from './apiserver/store';
import { servingCerts } from './apiserver/tls';
import { WorkQueue } from './apiserver/work-queue';
import { demoComponent } from './demo';
import { type FabricOptions, SimulatedFabric } from './fabric';

export interface StartClusterOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Keep objects, the CA, tokens and keys here so a restart resumes; in memory when omitted. */
  dataDir?: string;
  /** Where to write the admin kubeconfig (default: beside the cluster's state). */
  kubeconfigPath?: string;
  /** Install the ibnet CRDs from lib/model at start (default true). */
  installCrds?: boolean;
  /** Silence the server's own logs (default true; `ibnet sim` turns them on). */
  quiet?: boolean;
  /** Faults to inject from the start (tests only). */
  faults?: FaultOptions;
  /** In-process controllers started after the API is up (the simulated fabric plugs in here). */
  components?: ClusterComponent[];
  /**
   * The simulated InfiniBand fabric (nodes, sysfs trees, device plugin, scheduler, kubelet,
   * Multus); on by default, `false` for none. `demo: true` also loads the demo content.
   */
  fabric?: (FabricOptions & { demo?: boolean }) | false;
  /** Committed events a watch can resume from before 410 Gone (default 10,000). */
  eventWindow?: number;
  /** How often watches with allowWatchBookmarks get a BOOKMARK (default 5 s). */
  bookmarkIntervalMs?: number;
}

/** A running embedded cluster. */
export interface Cluster {
  /** Base URL of the API server, e.g. https://127.0.0.1:41234. */
  url: string;
  /** The cluster CA certificate (PEM) the kubeconfigs trust. */
  caPem: string;
  /** Kubeconfig with contexts ibnet-admin (current), ibnet-editor and ibnet-viewer. */
  kubeconfigPath: string;
  /** Bearer tokens of the demo users. */
  tokens: { admin: string; editor: string; viewer: string };
  /** Path of a kubeconfig whose only context is the given demo user. */
  kubeconfigFor(user: DemoUser): string;
  /** Unauthenticated in-process access with the API's semantics and events. */
  store: Store;
  faults: FaultInjector;
  /** The Prometheus text of /metrics. */
  metrics(): Promise<string>;
  /** Resolves once the built-in controllers (GC, namespaces, CRDs, RBAC aggregation) are idle. */
  settle(): Promise<void>;
  /** Stops components, closes the server and its watches, and flushes the data directory. */
  stop(): Promise<void>;
  /** The simulated fabric: `fabric.nodes` gives each node's sysfs root and `ip` command. */
  fabric?: SimulatedFabric;
}

/** An in-process controller run with the cluster, like kubelet, the scheduler or Multus would be. */
export interface ClusterComponent {
  name: string;
  start(cluster: Cluster): Promise<void>;
  stop(): Promise<void>;
}

/** Namespaces every cluster has from the start. */
export const SYSTEM_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'openshift-sriov-network-operator',
  'ib-team',
];

const SYSTEM = { fieldManager: 'kube-apiserver' };

/** Creates an object unless it exists; updates it when `refresh` and its content differs. */
async function ensure(store: Store, obj: KubeObject, refresh: boolean): Promise<void> {
  try {
    await store.create(obj, SYSTEM);
  } catch (err) {
    if (!(err instanceof ApiError) || err.reason !== 'AlreadyExists') throw err;
    if (!refresh) return;
    const ref = { apiVersion: obj.apiVersion, kind: obj.kind };
    const live = await store.get(ref, obj.metadata.name ?? '', obj.metadata.namespace ?? '');
    // Compare only what the manifest sets: the server adds defaults (a CRD's conversion) of its own.
    const liveSpec = (live.spec ?? {}) as Record<string, unknown>;
    const wanted = (obj.spec ?? {}) as Record<string, unknown>;
    if (Object.keys(wanted).every((k) => deepEqual(liveSpec[k], wanted[k]))) return;
    await store.update({ ...live, spec: obj.spec }, SYSTEM);
  }
}

/** A cluster's CRDs for the ibnet kinds fail to install: says which and why. */
export class CrdInstallError extends Error {
  override name = 'CrdInstallError';
}

/** Starts an embedded cluster: store, controllers, HTTPS API, kubeconfigs, then components. */
export async function startCluster(opts: StartClusterOptions = {}): Promise<Cluster> {
  const host = opts.host ?? '127.0.0.1';
  const ownDir = opts.dataDir === undefined;
  const stateDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'ibnet-sim-')));
  await mkdir(stateDir, { recursive: true });
  const log = pino({ name: 'ibnet-sim', level: opts.quiet === false ? 'info' : 'silent' });

  const registry = new ResourceRegistry();
  for (const t of builtinResources()) registry.add(t);
  // The journal compacts from the store it feeds, which exists only once the journal does.
  const storeRef: { current?: Store } = {};
  const journal = opts.dataDir
    ? await FileJournal.open(stateDir, () => {
        if (!storeRef.current) throw new Error('the store is not open yet');
        return storeRef.current.core;
      })
    : undefined;
  const store = new Store({
    registry,
    journal,
    eventWindow: opts.eventWindow,
    bookmarkIntervalMs: opts.bookmarkIntervalMs,
  });
  if (opts.dataDir) {
    const loaded = await loadInto(stateDir, store.core);
    store.core.resumeAt(loaded.rv);
    log.info({ objects: loaded.records, resourceVersion: loaded.rv }, 'loaded data directory');
  }
  storeRef.current = store;
  const s = store;

  const queue = new WorkQueue();
  const certs = await servingCerts(stateDir, host);
  const crdController = new CrdController(s, queue);
  const core = new CoreControllers(s, queue, certs.caPem);
  const aggregation = new AggregationController(s, queue);
  crdController.start();
  core.start();
  aggregation.start();

  for (const name of SYSTEM_NAMESPACES) {
    await ensure(s, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, false);
  }
  for (const obj of [...bootstrapPolicy(), ...demoBindings()]) await ensure(s, obj, false);
  if (opts.installCrds !== false) {
    for (const crd of allCrds()) {
      try {
        await ensure(s, crd as unknown as KubeObject, true);
      } catch (err) {
        throw new CrdInstallError(
          `the CRD ${crd.metadata.name} from lib/model does not install: ${(err as Error).message}`,
          { cause: err },
        );
      }
    }
    const resources = CUSTOM_KINDS.map((k) => ({ group: k.group, plural: k.plural }));
    for (const role of aggregatedRolesFor('ibnet', resources)) await ensure(s, role, true);
  }
  await queue.idle();
  await aggregation.aggregate();

  const authn = await Authenticator.open(stateDir, s.core);
  const authz = new RbacAuthorizer(s.core);
  const serverRef: { current?: ApiServer } = {};
  const discovery = new Discovery(registry, () => serverRef.current?.hostPort ?? host);
  const openapi = new OpenApi(registry, discovery);
  const metrics = new ApiMetrics(s.core, registry);
  const faults = new FaultInjector(opts.faults);
  const server = new ApiServer({
    store: s,
    authn,
    authz,
    discovery,
    openapi,
    metrics,
    faults,
    log,
  });
  serverRef.current = server;
  const url = await server.listen(host, opts.port ?? 0, certs);

  const tokens = {
    admin: authn.tokenOf('admin'),
    editor: authn.tokenOf('editor'),
    viewer: authn.tokenOf('viewer'),
  };
  const kubeconfigPath = opts.kubeconfigPath ?? join(stateDir, 'kubeconfig');
  await writeKubeconfig(
    kubeconfigPath,
    url,
    certs.caPem,
    DEMO_USERS.map((u) => ({ name: u.name, token: tokens[u.name] })),
  );
  const perUser = new Map<DemoUser, string>();
  for (const u of DEMO_USERS) {
    const path = join(stateDir, `kubeconfig-${u.name}`);
    await writeKubeconfig(path, url, certs.caPem, [{ name: u.name, token: tokens[u.name] }]);
    perUser.set(u.name, path);
  }
  log.info({ url, kubeconfig: kubeconfigPath }, 'embedded cluster ready');

  const fabric =
    opts.fabric === false
      ? undefined
      : new SimulatedFabric({ ...opts.fabric, dataDir: opts.dataDir });
  const started: ClusterComponent[] = [];
  let stopped = false;
  const cluster: Cluster = {
    url,
    caPem: certs.caPem,
    kubeconfigPath,
    tokens,
    kubeconfigFor: (user) => perUser.get(user) ?? kubeconfigPath,
    store: s,
    faults,
    metrics: () => metrics.text(),
    settle: () => queue.idle(),
    fabric,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const c of started.reverse()) {
        await c
          .stop()
          .catch((err: unknown) =>
            log.error({ err, component: c.name }, 'component failed to stop'),
          );
      }
      await server.close();
      queue.stop();
      crdController.stop();
      core.stop();
      aggregation.stop();
      await journal?.close();
      if (ownDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
  const demo = opts.fabric && opts.fabric.demo ? [demoComponent()] : [];
  for (const c of [...(fabric ? [fabric, ...demo] : []), ...(opts.components ?? [])]) {
    await c.start(cluster);
    started.push(c);
  }
  return cluster;
}
