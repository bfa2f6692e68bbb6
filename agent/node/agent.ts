import { basename } from 'node:path';
import { type Backoff, Informer, type KubeClient, RESOURCES } from '../../lib/kube';
import {
  DEFAULT_OPERATOR_NAMESPACE,
  type KubeObject,
  type SriovNetworkNodePolicy,
  type SriovNetworkNodeState,
  objectKey,
} from '../../lib/model';
import { type Logger, silentLogger } from '../common/logger';
import { type AgentMetrics, createAgentMetrics } from '../common/metrics';
import { type OpsServer, startOpsServer } from '../common/ops-server';
import { RecentWrites } from '../common/recent-writes';
import { WorkQueue } from '../common/work-queue';
import { errorText } from './errors';
import { Hardware } from './hardware';
import { ipRunner } from './ip';
import { type NodeMetrics, createNodeMetrics } from './metrics';
import { NodeStateWriter } from './node-state';
import { type SyncOutcome, syncNode } from './sync';

export interface NodeAgentOptions {
  /** API access as the agent's identity (its ServiceAccount on a node). */
  client: KubeClient;
  /** The Node this agent configures; its SriovNetworkNodeState has the same name. */
  nodeName: string;
  /** The directory that plays `/sys`; `/sys` unless given. */
  sysfsRoot?: string;
  /** The `ip` executable; `ip` on PATH unless given. */
  ipCommand?: string;
  /** Where policies and node states live; `openshift-sriov-network-operator` unless given. */
  operatorNamespace?: string;
  /** Static GUID pool file (upstream format); GUIDs are derived from the PF GUIDs without one. */
  guidPool?: string;
  /** The node is synced again this often even when nothing changed; 60 s, 0 turns it off. */
  resyncSeconds?: number;
  /** How long VFs may take to appear after a `sriov_numvfs` write; 60 s unless given. */
  vfTimeoutMs?: number;
  /** How long a re-probed VF may take to show its GUID; 15 s unless given. */
  probeTimeoutMs?: number;
  /** Serve /metrics, /healthz and /readyz; port 0 picks a free one. No server unless given. */
  ops?: { port: number; host?: string };
  logger?: Logger;
  metrics?: AgentMetrics;
  /** Delays between retries of a failed sync: 1 s doubling to 2 min unless given. */
  retryBackoff?: Backoff;
  fieldManager?: string;
}

export interface RunningNodeAgent {
  readonly nodeName: string;
  readonly metrics: AgentMetrics;
  readonly nodeMetrics: NodeMetrics;
  /** Base URL of the ops server, when one was asked for. */
  readonly opsUrl?: string;
  /** How the last sync ended (undefined before the first one finished). */
  lastSync(): SyncOutcome | { error: string } | undefined;
  /** Asks for a sync now (e.g. after the pool file changed). */
  resync(): void;
  /** Stops taking work and waits for a sync in flight to finish. */
  stop(): Promise<void>;
}

const KIND = 'SriovNetworkNodeState';
const DEFAULT_RESYNC_SECONDS = 60;
const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 120_000, factor: 2, jitter: 0.2 };

/**
 * Starts the node configurator for one node: informers on the policies and node states of the
 * operator namespace and on its own Node, and a one-key work queue that syncs the node on every
 * change, periodically, and again with backoff after a failure. Resolves once the caches hold
 * their first list; the first sync runs right after.
 */
export async function startNodeAgent(options: NodeAgentOptions): Promise<RunningNodeAgent> {
  const agent = new NodeAgent(options);
  await agent.start();
  return agent;
}

class NodeAgent implements RunningNodeAgent {
  readonly nodeName: string;
  readonly metrics: AgentMetrics;
  readonly nodeMetrics: NodeMetrics;
  opsUrl?: string;
  private readonly log: Logger;
  private readonly namespace: string;
  private readonly policies: Informer<SriovNetworkNodePolicy>;
  private readonly states: Informer<SriovNetworkNodeState>;
  private readonly nodes: Informer<KubeObject>;
  private readonly writes = new RecentWrites<SriovNetworkNodeState>();
  private readonly queue: WorkQueue;
  private readonly hardware: Hardware;
  private readonly writer: NodeStateWriter;
  private ops?: OpsServer;
  private resyncTimer?: NodeJS.Timeout;
  private outcome?: SyncOutcome | { error: string };
  private stopped = false;

  constructor(private readonly options: NodeAgentOptions) {
    const { client, nodeName } = options;
    if (!nodeName) throw new Error('the node name is empty: pass --node or set NODE_NAME');
    this.nodeName = nodeName;
    this.namespace = options.operatorNamespace ?? DEFAULT_OPERATOR_NAMESPACE;
    this.metrics = options.metrics ?? createAgentMetrics();
    this.nodeMetrics = createNodeMetrics(this.metrics.registry);
    this.log = (options.logger ?? silentLogger()).child({ node: nodeName });

    this.policies = new Informer(client, RESOURCES.sriovnetworknodepolicies, {
      namespace: this.namespace,
    });
    this.states = new Informer(client, RESOURCES.sriovnetworknodestates, {
      namespace: this.namespace,
    });
    this.nodes = new Informer(client, RESOURCES.nodes, {
      fieldSelector: `metadata.name=${nodeName}`,
    });
    this.queue = new WorkQueue({
      name: 'node',
      backoff: options.retryBackoff ?? DEFAULT_BACKOFF,
      metrics: this.metrics,
    });

    const m = this.nodeMetrics;
    this.hardware = new Hardware({
      sysfsRoot: options.sysfsRoot ?? '/sys',
      ip: ipRunner(options.ipCommand ?? 'ip', (_args, ok) =>
        m.ipCalls.inc({ result: ok ? 'ok' : 'error' }),
      ),
      vfTimeoutMs: options.vfTimeoutMs,
      probeTimeoutMs: options.probeTimeoutMs,
      onSysfsWrite: (path) => m.sysfsWrites.inc({ file: basename(path) }),
    });
    this.writer = new NodeStateWriter(
      client,
      nodeName,
      this.namespace,
      options.fieldManager ?? 'ibnet-node',
      () => this.nodes.get(nodeName)?.metadata.uid,
    );
  }

  lastSync() {
    return this.outcome;
  }

  resync(): void {
    this.queue.add(this.nodeName);
  }

  async start(): Promise<void> {
    const enqueue = () => this.queue.add(this.nodeName);
    this.policies.on({ onAdd: enqueue, onUpdate: enqueue, onDelete: enqueue });
    // Only label changes matter on the Node; its status changes every few seconds.
    this.nodes.on({
      onAdd: enqueue,
      onUpdate: (obj, old) => {
        if (JSON.stringify(obj.metadata.labels) !== JSON.stringify(old.metadata.labels)) enqueue();
      },
    });
    // Other nodes' states carry the GUIDs to check for duplicates; our own may be edited by hand.
    // Our own writes come back here too: the sync they cause finds nothing to do.
    this.states.on({
      onAdd: enqueue,
      onUpdate: enqueue,
      onDelete: (obj) => {
        this.writes.observeDeleted(objectKey(obj), obj);
        enqueue();
      },
    });
    for (const informer of [this.policies, this.states, this.nodes]) {
      informer.on({
        onError: (err) =>
          this.log.warn({ err: errorText(err), kind: informer.ref.kind }, 'watch failed'),
      });
    }

    if (this.options.ops) {
      const synced = () => ({
        ok: this.policies.synced && this.states.synced && this.nodes.synced,
        detail: 'waiting for the first list of policies, node states and the Node',
      });
      this.ops = await startOpsServer({
        port: this.options.ops.port,
        host: this.options.ops.host,
        registry: this.metrics.registry,
        liveness: [{ name: 'sync-loop', check: () => ({ ok: !this.stopped }) }],
        readiness: [{ name: 'informers', check: synced }],
      });
      this.opsUrl = this.ops.url;
    }

    try {
      await Promise.all([this.policies.start(), this.states.start(), this.nodes.start()]);
    } catch (err) {
      await this.stop();
      throw err;
    }
    this.log.info(
      {
        namespace: this.namespace,
        sysfsRoot: this.options.sysfsRoot ?? '/sys',
        guidPool: this.options.guidPool,
      },
      'node configurator started',
    );

    this.queue.start((_key, signal) => this.sync(signal), {
      workers: 1,
      onError: (_key, err, retryInMs, attempt) =>
        this.log.warn({ err: errorText(err), retryInMs, attempt }, 'sync failed, retrying'),
    });
    enqueue();
    const resync = this.options.resyncSeconds ?? DEFAULT_RESYNC_SECONDS;
    if (resync > 0) {
      this.resyncTimer = setInterval(enqueue, resync * 1000);
      this.resyncTimer.unref();
    }
  }

  private async sync(signal: AbortSignal) {
    const started = process.hrtime.bigint();
    const ownKey = `${this.namespace}/${this.nodeName}`;
    try {
      this.outcome = await syncNode(
        {
          nodeName: this.nodeName,
          hardware: this.hardware,
          writer: this.writer,
          guidPoolFile: this.options.guidPool,
          log: this.log,
          metrics: this.nodeMetrics,
        },
        {
          node: () => this.nodes.get(this.nodeName),
          policies: () => this.policies.list(),
          states: () => this.states.list(),
          ownState: () => this.writes.resolve(ownKey, this.states.get(ownKey)),
          wrote: (state) => this.writes.wrote(ownKey, state),
        },
        signal,
      );
      this.metrics.reconcileTotal.inc({ kind: KIND, result: this.outcome.syncStatus });
      return undefined;
    } catch (err) {
      this.outcome = { error: errorText(err) };
      this.metrics.reconcileTotal.inc({ kind: KIND, result: 'Error' });
      this.metrics.reconcileErrors.inc({ kind: KIND });
      throw err;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.reconcileDuration.observe({ kind: KIND }, seconds);
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.resyncTimer);
    // A sync in flight finishes: stopping half way through a VF count change helps nobody.
    await this.queue.shutDown();
    for (const informer of [this.policies, this.states, this.nodes]) informer.stop();
    await this.ops?.close();
    this.log.info({}, 'node configurator stopped');
  }
}
