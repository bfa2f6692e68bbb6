import {
  type KubeClient,
  KubeError,
  RESOURCES,
  isConflict,
  isNotFound,
  sleep,
} from '../../lib/kube';
import type { KubeObject } from '../../lib/model';
import { type Logger, silentLogger } from './logger';
import type { AgentMetrics } from './metrics';

/** `coordination.k8s.io/v1` Lease, the fields leader election reads and writes. */
export interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

export interface LeaderElectionOptions {
  client: KubeClient;
  /** Namespace and name of the Lease the candidates compete for. */
  namespace: string;
  name: string;
  /** This candidate, unique among them (e.g. pod name plus a random suffix). */
  identity: string;
  /** How long a holder's claim lasts without renewal; 10 s unless given. */
  leaseDurationSeconds?: number;
  /** A leader that has not renewed for this long stops leading; 8 s (must be < lease). */
  renewDeadlineMs?: number;
  /** How often the leader renews and candidates retry; 2 s unless given. */
  retryPeriodMs?: number;
  logger?: Logger;
  metrics?: Pick<AgentMetrics, 'leader'>;
  /** Called when this candidate becomes leader. */
  onStartedLeading(): void | Promise<void>;
  /** Called when it stops leading (lost the lease, or stopping); work must stop before it resolves. */
  onStoppedLeading(): void | Promise<void>;
}

/** RFC 3339 with microseconds, the MicroTime format the API server expects for Lease times. */
export function microTime(date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Leader election on a Lease, with optimistic concurrency on its resourceVersion. Expiry is judged
 * by when this process last saw the Lease change, not by the holder's clock, so clock skew between
 * nodes does not matter. A released Lease (empty holder) is taken at once; a leader that cannot
 * renew within `renewDeadlineMs` steps down before any other candidate can take over.
 */
export class LeaderElector {
  private readonly log: Logger;
  private readonly leaseMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryMs: number;
  private leading = false;
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: AbortController;
  private lease?: Lease;
  private observed?: { key: string; at: number };
  private lastRenew = 0;
  private watchdog?: NodeJS.Timeout;
  private transition: Promise<void> = Promise.resolve();

  constructor(private readonly opts: LeaderElectionOptions) {
    this.log = (opts.logger ?? silentLogger()).child({ lease: `${opts.namespace}/${opts.name}` });
    this.leaseMs = (opts.leaseDurationSeconds ?? 10) * 1000;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? 8_000;
    this.retryMs = opts.retryPeriodMs ?? 2_000;
    if (this.renewDeadlineMs >= this.leaseMs)
      throw new Error('renewDeadlineMs must be shorter than the lease duration');
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** The identity the Lease names as holder, as last seen ('' when free or unknown). */
  get holder(): string {
    return this.lease?.spec?.holderIdentity ?? '';
  }

  /** Whether the election loop runs (as leader or as standby). */
  get isRunning(): boolean {
    return this.loop !== undefined && !this.stopped;
  }

  start(): void {
    if (this.loop) throw new Error('leader election already started');
    this.loop = this.run();
  }

  /**
   * Stops competing. With `release` (graceful shutdown) a leader first stops its work, then empties
   * the Lease so that a standby takes over at its next retry instead of after the lease expires.
   * Without it the Lease is left to expire, as after a crash.
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wake?.abort();
    // A request that hangs must not hold up shutdown for longer than one retry period.
    await Promise.race([this.loop, sleep(this.retryMs)]);
    const wasLeader = this.leading;
    await this.stepDown('stopping');
    if (wasLeader && options.release) await this.release();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const wait = await this.tryAcquireOrRenew().catch((err: unknown) => {
        this.log.warn({ err: briefError(err) }, 'leader election request failed');
        return this.retryMs;
      });
      if (this.stopped) break;
      this.wake = new AbortController();
      await sleep(wait, this.wake.signal).catch(() => {});
    }
  }

  /** One round; resolves to how long to wait before the next. */
  private async tryAcquireOrRenew(): Promise<number> {
    const { client, namespace, name, identity } = this.opts;
    let current = this.leading ? this.lease : undefined;
    if (!current) {
      try {
        current = await client.get<Lease>(RESOURCES.leases, name, namespace);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        return this.create();
      }
    }

    const spec = current.spec ?? {};
    const now = Date.now();
    const key = `${spec.holderIdentity}|${spec.renewTime}|${current.metadata.resourceVersion}`;
    if (this.observed?.key !== key) this.observed = { key, at: now };
    const holder = spec.holderIdentity ?? '';
    const theirLeaseMs = (spec.leaseDurationSeconds ?? this.leaseMs / 1000) * 1000;
    const expiresAt = this.observed.at + theirLeaseMs;
    if (holder && holder !== identity && now < expiresAt) {
      this.lease = current;
      if (this.leading) await this.stepDown(`${holder} holds the lease now`);
      // Retry exactly when the holder's claim runs out, so a dead leader is replaced promptly.
      return Math.max(50, Math.min(this.retryMs, expiresAt - now + 20));
    }

    const taking = holder !== identity;
    const next: Lease = {
      ...current,
      spec: {
        holderIdentity: identity,
        leaseDurationSeconds: this.leaseMs / 1000,
        acquireTime: taking ? microTime() : (spec.acquireTime ?? microTime()),
        renewTime: microTime(),
        leaseTransitions: (spec.leaseTransitions ?? 0) + (taking ? 1 : 0),
      },
    };
    try {
      this.lease = await client.replace<Lease>(RESOURCES.leases, next);
    } catch (err) {
      // Someone else wrote first: read the Lease afresh next round.
      if (isConflict(err)) {
        this.lease = undefined;
        if (this.leading) return 0;
        return this.retryMs;
      }
      throw err;
    }
    this.renewed(taking ? holder : undefined);
    return this.retryMs;
  }

  private async create(): Promise<number> {
    const { client, namespace, name, identity } = this.opts;
    const now = microTime();
    try {
      this.lease = await client.create<Lease>(RESOURCES.leases, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace },
        spec: {
          holderIdentity: identity,
          leaseDurationSeconds: this.leaseMs / 1000,
          acquireTime: now,
          renewTime: now,
          leaseTransitions: 0,
        },
      });
    } catch (err) {
      if (err instanceof KubeError && err.code === 409) return 0;
      throw err;
    }
    this.renewed('');
    return this.retryMs;
  }

  private renewed(previousHolder: string | undefined): void {
    // A renewal that was in flight when stop() was called must not start the work again.
    if (this.stopped) return;
    this.lastRenew = Date.now();
    this.armWatchdog();
    if (this.leading) return;
    this.leading = true;
    this.opts.metrics?.leader.set(1);
    this.log.info(
      { identity: this.opts.identity, previousHolder: previousHolder || undefined },
      'became leader',
    );
    this.transition = this.transition.then(() => this.opts.onStartedLeading());
  }

  /** Steps down if no renewal lands within the deadline, even while a request hangs. */
  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      if (Date.now() - this.lastRenew >= this.renewDeadlineMs) {
        this.lease = undefined;
        void this.stepDown(`could not renew the lease within ${this.renewDeadlineMs} ms`);
      }
    }, this.renewDeadlineMs);
    this.watchdog.unref();
  }

  private async stepDown(why: string): Promise<void> {
    clearTimeout(this.watchdog);
    if (!this.leading) return this.transition;
    this.leading = false;
    this.opts.metrics?.leader.set(0);
    this.log.warn({ identity: this.opts.identity, why }, 'stopped leading');
    this.transition = this.transition.then(() => this.opts.onStoppedLeading());
    return this.transition;
  }

  private async release(): Promise<void> {
    const lease = this.lease;
    if (!lease || lease.spec?.holderIdentity !== this.opts.identity) return;
    try {
      await this.opts.client.replace<Lease>(RESOURCES.leases, {
        ...lease,
        spec: {
          ...lease.spec,
          holderIdentity: '',
          leaseDurationSeconds: 1,
          renewTime: microTime(),
        },
      });
      this.log.info({ identity: this.opts.identity }, 'released the lease');
    } catch (err) {
      this.log.warn({ err: briefError(err) }, 'could not release the lease; it will expire');
    }
  }
}

function briefError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
