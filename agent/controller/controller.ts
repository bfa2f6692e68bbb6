import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Backoff, Informer, type KubeClient, RESOURCES, isConflict } from '../../lib/kube';
import {
  DEFAULT_OPERATOR_NAMESPACE,
  DEFAULT_RESOURCE_PREFIX,
  type NetworkAttachmentDefinition,
  type SriovNetworkLike,
} from '../../lib/model';
import { LeaderElector } from '../common/leader-election';
import { type Logger, silentLogger } from '../common/logger';
import { type AgentMetrics, createAgentMetrics } from '../common/metrics';
import { type OpsServer, startOpsServer } from '../common/ops-server';
import { WorkQueue } from '../common/work-queue';
import {
  STATUS_CONFIGMAP,
  UpstreamDetector,
  type UpstreamPresence,
  publishMode,
} from './coexistence';
import { wireEvents } from './events';
import { NETWORK_KINDS, networkKey } from './keys';
import { type NamespaceObject, NetworkReconciler, type ReconcilerCaches } from './reconciler';
import { TargetIndex } from './target-index';

export interface LeaderElectionTuning {
  /** Name of the Lease in the operator namespace; `ibnet-network-controller` unless given. */
  leaseName?: string;
  leaseDurationSeconds?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export interface ControllerOptions {
  /** API access as the controller's identity (its ServiceAccount in a cluster). */
  client: KubeClient;
  /** Where the SR-IOV operator lives: `networkNamespace` is honoured only there. */
  operatorNamespace?: string;
  /** Device-plugin resource prefix written into NADs; `openshift.io` unless given. */
  resourcePrefix?: string;
  /** This replica in leader election and logs; hostname plus a random suffix unless given. */
  identity?: string;
  /** Compete for a Lease so that only one replica writes (on unless `false`). */
  leaderElection?: boolean | LeaderElectionTuning;
  /** Reconcile even while the upstream SR-IOV Network Operator runs (off: observe only). */
  takeOver?: boolean;
  /** Look for the upstream operator at all (on unless `false`). */
  detectUpstream?: boolean;
  /** Every network is reconciled again this often; 600 s unless given, 0 turns it off. */
  resyncSeconds?: number;
  /** Networks reconciled at once; 4 unless given. */
  workers?: number;
  /** Serve /metrics, /healthz and /readyz; port 0 picks a free one. No server unless given. */
  ops?: { port: number; host?: string };
  logger?: Logger;
  metrics?: AgentMetrics;
  /** Per-network retry delays after a failure. */
  retryBackoff?: Backoff;
  fieldManager?: string;
}

/**
 * What the controller is doing: `standby` while another replica leads, `observe-only` while the
 * upstream operator is in charge (no `--take-over`), `active` while it reconciles.
 */
export type ControllerMode = 'starting' | 'standby' | 'active' | 'observe-only' | 'stopped';

export interface RunningController {
  readonly identity: string;
  readonly metrics: AgentMetrics;
  /** Base URL of the ops server, when one was asked for. */
  readonly opsUrl?: string;
  mode(): ControllerMode;
  isLeader(): boolean;
  /** Queue figures, for tests and benchmarks. */
  queueStats(): { depth: number; delayed: number; inFlight: number };
  /**
   * Stops taking work, finishes the reconciles in flight and (with `release`, the default)
   * hands the Lease back so that a standby takes over at once. `release: false` leaves the Lease
   * to expire, as a crash would.
   */
  stop(options?: { release?: boolean }): Promise<void>;
}

export const DEFAULT_LEASE_NAME = 'ibnet-network-controller';
const DEFAULT_RESYNC_SECONDS = 600;

/**
 * Starts the network controller: informers on SriovIBNetworks, SriovNetworks, NADs and
 * Namespaces; a work queue; leader election; detection of the upstream operator. Resolves once
 * the caches hold their first list (the ops server answers before that).
 */
export async function startController(options: ControllerOptions): Promise<RunningController> {
  const controller = new NetworkController(options);
  await controller.start();
  return controller;
}

class NetworkController implements RunningController {
  readonly identity: string;
  readonly metrics: AgentMetrics;
  opsUrl?: string;
  private readonly log: Logger;
  private readonly client: KubeClient;
  private readonly operatorNamespace: string;
  private readonly caches: ReconcilerCaches;
  private readonly queue: WorkQueue;
  private readonly reconciler: NetworkReconciler;
  private readonly index = new TargetIndex();
  private readonly elector?: LeaderElector;
  private readonly upstream?: UpstreamDetector;
  private upstreamPresence: UpstreamPresence = { present: false, evidence: 'not checked yet' };
  private ops?: OpsServer;
  private resync?: NodeJS.Timeout;
  private leading = false;
  private stopping = false;
  private currentMode: ControllerMode = 'starting';

  constructor(private readonly options: ControllerOptions) {
    this.identity = options.identity ?? `${hostname()}_${randomUUID().slice(0, 8)}`;
    this.metrics = options.metrics ?? createAgentMetrics();
    this.log = (options.logger ?? silentLogger()).child({ identity: this.identity });
    this.client = options.client;
    this.operatorNamespace = options.operatorNamespace ?? DEFAULT_OPERATOR_NAMESPACE;
    const fieldManager = options.fieldManager ?? 'ibnet-controller';

    this.caches = {
      networks: {
        SriovIBNetwork: new Informer<SriovNetworkLike>(this.client, RESOURCES.sriovibnetworks),
        SriovNetwork: new Informer<SriovNetworkLike>(this.client, RESOURCES.sriovnetworks),
      },
      nads: new Informer<NetworkAttachmentDefinition>(
        this.client,
        RESOURCES['network-attachment-definitions'],
      ),
      namespaces: new Informer<NamespaceObject>(this.client, RESOURCES.namespaces),
    };
    this.queue = new WorkQueue({
      name: 'networks',
      backoff: options.retryBackoff,
      metrics: this.metrics,
    });
    this.reconciler = new NetworkReconciler({
      client: this.client,
      caches: this.caches,
      operatorNamespace: this.operatorNamespace,
      resourcePrefix: options.resourcePrefix ?? DEFAULT_RESOURCE_PREFIX,
      fieldManager,
      logger: this.log,
      metrics: this.metrics,
      observeOnly: () => this.currentMode === 'observe-only',
    });

    const election = options.leaderElection ?? true;
    if (election !== false) {
      const tuning = election === true ? {} : election;
      this.elector = new LeaderElector({
        client: this.client,
        namespace: this.operatorNamespace,
        name: tuning.leaseName ?? DEFAULT_LEASE_NAME,
        identity: this.identity,
        leaseDurationSeconds: tuning.leaseDurationSeconds,
        renewDeadlineMs: tuning.renewDeadlineMs,
        retryPeriodMs: tuning.retryPeriodMs,
        logger: this.log,
        metrics: this.metrics,
        onStartedLeading: () => this.startLeading(),
        onStoppedLeading: () => this.stopLeading(),
      });
    }
    if (options.detectUpstream !== false) {
      this.upstream = new UpstreamDetector(this.client, this.operatorNamespace, this.log, (p) => {
        this.upstreamPresence = p;
        this.log.info(
          { upstream: p.evidence, present: p.present },
          'SR-IOV Network Operator presence changed',
        );
        this.refreshMode();
      });
    }
  }

  mode(): ControllerMode {
    return this.currentMode;
  }

  isLeader(): boolean {
    return this.leading;
  }

  queueStats() {
    return {
      depth: this.queue.depth,
      delayed: this.queue.delayedCount,
      inFlight: this.queue.inFlight,
    };
  }

  async start(): Promise<void> {
    if (this.options.ops) {
      this.ops = await startOpsServer({
        port: this.options.ops.port,
        host: this.options.ops.host,
        registry: this.metrics.registry,
        liveness: [{ name: 'ping', check: () => ({ ok: true }) }],
        readiness: [
          { name: 'informers', check: () => this.informersSynced() },
          { name: 'leader-election', check: () => this.electionState() },
        ],
      });
      this.opsUrl = this.ops.url;
    }

    wireEvents({
      caches: this.caches,
      index: this.index,
      reconciler: this.reconciler,
      enqueue: (key) => this.enqueue(key),
      watchFailed: (kind, err) => this.informerError(kind, err),
    });
    const informers = [
      ...NETWORK_KINDS.map((k) => this.caches.networks[k]),
      this.caches.nads,
      this.caches.namespaces,
    ];
    await Promise.all([...informers.map((i) => i.start()), this.upstream?.start()]);
    this.log.info(
      {
        networks: NETWORK_KINDS.reduce((n, k) => n + this.caches.networks[k].list().length, 0),
        nads: this.caches.nads.list().length,
        operatorNamespace: this.operatorNamespace,
      },
      'caches synced',
    );

    const resyncSeconds = this.options.resyncSeconds ?? DEFAULT_RESYNC_SECONDS;
    if (resyncSeconds > 0) {
      this.resync = setInterval(() => this.enqueueAll(), resyncSeconds * 1000);
      this.resync.unref();
    }
    this.currentMode = 'standby';
    if (this.elector) this.elector.start();
    else await this.startLeading();
  }

  async stop(options: { release?: boolean } = {}): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearInterval(this.resync);
    // Finish the reconciles in flight before the Lease is handed over.
    await this.queue.stop();
    if (this.elector) await this.elector.stop({ release: options.release ?? true });
    else await this.stopLeading();
    await this.queue.shutDown();
    this.upstream?.stop();
    for (const k of NETWORK_KINDS) this.caches.networks[k].stop();
    this.caches.nads.stop();
    this.caches.namespaces.stop();
    await this.ops?.close();
    this.currentMode = 'stopped';
    this.log.info({}, 'stopped');
  }

  private informerError(kind: string, err: unknown): void {
    this.log.warn(
      { kind, err: err instanceof Error ? err.message : String(err) },
      'watch failed, retrying',
    );
  }

  private enqueue(key: string): void {
    if (this.leading && !this.stopping) this.queue.add(key);
  }

  private enqueueAll(): void {
    for (const kind of NETWORK_KINDS) {
      for (const n of this.caches.networks[kind].list()) {
        this.enqueue(
          networkKey({ kind, namespace: n.metadata.namespace ?? '', name: n.metadata.name ?? '' }),
        );
      }
    }
  }

  private async startLeading(): Promise<void> {
    if (this.stopping) return;
    this.leading = true;
    this.metrics.leader.set(1);
    this.queue.start(this.reconciler.reconcile, {
      workers: this.options.workers,
      onError: (key, err, retryInMs, attempt) => {
        const fields = {
          network: key,
          attempt,
          retryInMs,
          err: err instanceof Error ? err.message : String(err),
        };
        if (isConflict(err)) this.log.debug(fields, 'conflict, retrying with fresh data');
        else this.log.warn(fields, 'reconcile failed, retrying');
      },
    });
    this.refreshMode();
    this.enqueueAll();
  }

  private async stopLeading(): Promise<void> {
    this.leading = false;
    this.metrics.leader.set(0);
    // Lost the Lease: stop between writes at once. Shutting down: let in-flight work finish.
    await this.queue.stop({ abort: !this.stopping });
    this.queue.clear();
    this.refreshMode();
  }

  private refreshMode(): void {
    const previous = this.currentMode;
    const next: ControllerMode =
      this.stopping && !this.leading
        ? 'stopped'
        : !this.leading
          ? 'standby'
          : this.upstreamPresence.present && !this.options.takeOver
            ? 'observe-only'
            : 'active';
    if (next === previous) return;
    this.currentMode = next;
    const reason = this.modeReason(next);
    const log =
      next === 'observe-only' ? this.log.warn.bind(this.log) : this.log.info.bind(this.log);
    log({ mode: next, previous, reason }, `mode: ${next}`);
    if (this.leading && !this.stopping) {
      void publishMode(
        this.client,
        this.operatorNamespace,
        { mode: next, reason, leader: this.identity, since: new Date().toISOString() },
        this.options.fieldManager ?? 'ibnet-controller',
      ).then((err) => {
        if (err)
          this.log.warn(
            { configMap: STATUS_CONFIGMAP, err: err.message },
            'could not publish the mode',
          );
      });
    }
    // Leaving observe-only: everything may need writing now.
    if (previous === 'observe-only' && next === 'active') this.enqueueAll();
  }

  private modeReason(mode: ControllerMode): string {
    const upstream = this.upstreamPresence;
    if (mode === 'observe-only')
      return `the SR-IOV Network Operator is running (${upstream.evidence}); ibnet only observes. Stop the operator or start ibnet with --take-over to let ibnet write NADs`;
    if (mode === 'active' && upstream.present)
      return `--take-over: ibnet reconciles although the SR-IOV Network Operator is running (${upstream.evidence}); both write the same NADs`;
    if (mode === 'active') return 'ibnet reconciles SriovIBNetworks and SriovNetworks into NADs';
    if (mode === 'standby') return 'another replica holds the leader Lease';
    return mode;
  }

  private informersSynced(): { ok: boolean; detail?: string } {
    const pending = [
      ...NETWORK_KINDS.filter((k) => !this.caches.networks[k].synced),
      ...(this.caches.nads.synced ? [] : ['NetworkAttachmentDefinition']),
      ...(this.caches.namespaces.synced ? [] : ['Namespace']),
    ];
    return pending.length === 0
      ? { ok: true }
      : { ok: false, detail: `not synced: ${pending.join(', ')}` };
  }

  private electionState(): { ok: boolean; detail?: string } {
    if (this.stopping) return { ok: false, detail: 'shutting down' };
    if (!this.elector) return { ok: true, detail: 'disabled' };
    if (!this.elector.isRunning) return { ok: false, detail: 'not started' };
    return {
      ok: true,
      detail: this.leading ? 'leader' : `standby (leader: ${this.elector.holder || 'none'})`,
    };
  }
}
