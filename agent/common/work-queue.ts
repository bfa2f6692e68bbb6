import { type Backoff, backoffDelay } from '../../lib/kube';
import type { AgentMetrics } from './metrics';

/** What a reconcile may ask for besides success: to be looked at again after a while. */
export interface ReconcileResult {
  requeueAfterMs?: number;
}

/**
 * Reconciles one key. Resolve when the object is as it should be (or nothing more can be done
 * until it changes); throw to be retried with backoff. `signal` aborts when the work must stop at
 * once (lost leadership), so a reconcile checks it between writes.
 */
export type ReconcileFn = (
  key: string,
  signal: AbortSignal,
) => Promise<ReconcileResult | undefined>;

export interface WorkQueueOptions {
  /** Shown as the `name` label of the queue metrics. */
  name: string;
  /** Per-key retry delays: 100 ms doubling to 60 s, with 20% jitter, unless given. */
  backoff?: Backoff;
  /** Overall ceiling on retries, as a token bucket, so that a failing API is not hammered. */
  retryRate?: { perSecond: number; burst: number };
  metrics?: Pick<AgentMetrics, 'workqueueDepth' | 'workqueueRetries'>;
}

export interface WorkerOptions {
  /** Keys processed at the same time; 4 unless given. */
  workers?: number;
  /** Told about each failed reconcile and the delay before its retry. */
  onError?(key: string, err: unknown, retryInMs: number, attempt: number): void;
}

export const DEFAULT_RETRY_BACKOFF: Backoff = {
  initialMs: 100,
  maxMs: 60_000,
  factor: 2,
  jitter: 0.2,
};

/**
 * A work queue keyed by object, with the guarantees a controller needs:
 * - a key is queued at most once however many events name it;
 * - a key is never processed by two workers at once: one added while it is being processed is
 *   processed again right after;
 * - a failed key is retried with per-key exponential backoff, capped overall by a token bucket,
 *   without waiting for the object to change; success forgets its failures;
 * - at most `workers` keys are processed concurrently.
 */
export class WorkQueue {
  private ready: string[] = [];
  private head = 0;
  /** Keys waiting, or added again while being processed. */
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly delayed = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly failures = new Map<string, number>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  private readonly backoff: Backoff;
  private readonly bucket: TokenBucket;
  private running = false;
  private closed = false;
  private abort = new AbortController();
  private workerLoops: Promise<void>[] = [];

  constructor(private readonly options: WorkQueueOptions) {
    this.backoff = options.backoff ?? DEFAULT_RETRY_BACKOFF;
    const rate = options.retryRate ?? { perSecond: 50, burst: 500 };
    this.bucket = new TokenBucket(rate.perSecond, rate.burst);
  }

  /** Keys ready to be processed now. */
  get depth(): number {
    return this.ready.length - this.head;
  }

  /** Keys waiting out a delay (retries and requeue-after). */
  get delayedCount(): number {
    return this.delayed.size;
  }

  /** Keys being processed right now. */
  get inFlight(): number {
    return this.processing.size;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Queues `key` unless it is already waiting. */
  add(key: string): void {
    if (this.closed || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.push(key);
  }

  /** Queues `key` after `ms`; an earlier pending delay for the same key wins. */
  addAfter(key: string, ms: number): void {
    if (this.closed) return;
    if (ms <= 0) return this.add(key);
    const at = Date.now() + ms;
    const pending = this.delayed.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    timer.unref();
    this.delayed.set(key, { at, timer });
  }

  /** Queues `key` after its next backoff delay; returns that delay in ms. */
  addRateLimited(key: string): number {
    const attempt = this.failures.get(key) ?? 0;
    this.failures.set(key, attempt + 1);
    const delay = Math.max(backoffDelay(attempt, this.backoff), this.bucket.reserve());
    this.options.metrics?.workqueueRetries.inc({ name: this.options.name });
    this.addAfter(key, delay);
    return delay;
  }

  /** Clears the failure count of `key`, so its next failure starts the backoff over. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** How many times `key` has failed in a row. */
  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Starts `workers` loops calling `reconcile` for each key. */
  start(reconcile: ReconcileFn, options: WorkerOptions = {}): void {
    if (this.closed) throw new Error(`work queue ${this.options.name} is shut down`);
    if (this.running) throw new Error(`work queue ${this.options.name} is already running`);
    this.running = true;
    this.abort = new AbortController();
    const count = Math.max(1, options.workers ?? 4);
    this.workerLoops = Array.from({ length: count }, () => this.work(reconcile, options));
  }

  /**
   * Stops taking keys and waits for the reconciles in flight. With `abort`, their signal is
   * aborted so that they stop between writes. Queued keys stay for the next start.
   */
  async stop(options: { abort?: boolean } = {}): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (options.abort) this.abort.abort(new Error('work queue stopped'));
    for (const wake of this.waiters.splice(0)) wake(undefined);
    await Promise.all(this.workerLoops);
    this.workerLoops = [];
  }

  /** Drops every queued and delayed key and all failure counts. */
  clear(): void {
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    this.ready = [];
    this.head = 0;
    for (const key of [...this.dirty]) if (!this.processing.has(key)) this.dirty.delete(key);
    this.failures.clear();
    this.reportDepth();
  }

  /** Stops (waiting for in-flight work), clears and refuses any further key. */
  async shutDown(options: { abort?: boolean } = {}): Promise<void> {
    this.closed = true;
    await this.stop(options);
    this.clear();
  }

  private push(key: string): void {
    const waiter = this.running ? this.waiters.shift() : undefined;
    if (waiter) {
      this.take(key);
      waiter(key);
      return;
    }
    this.ready.push(key);
    this.reportDepth();
  }

  private take(key: string): void {
    this.dirty.delete(key);
    this.processing.add(key);
  }

  private next(): Promise<string | undefined> {
    if (!this.running) return Promise.resolve(undefined);
    if (this.head < this.ready.length) {
      const key = this.ready[this.head] as string;
      this.head++;
      // Compact now and then so that a long-lived queue does not keep every key it ever held.
      if (this.head > 1024 && this.head * 2 > this.ready.length) {
        this.ready = this.ready.slice(this.head);
        this.head = 0;
      }
      this.reportDepth();
      this.take(key);
      return Promise.resolve(key);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async work(reconcile: ReconcileFn, options: WorkerOptions): Promise<void> {
    for (;;) {
      const key = await this.next();
      if (key === undefined) return;
      const signal = this.abort.signal;
      try {
        const result = await reconcile(key, signal);
        this.forget(key);
        if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
      } catch (err) {
        // Work cut short on purpose is not a failure; whoever aborted decides what comes next.
        if (!signal.aborted) {
          const attempt = this.retries(key) + 1;
          const delay = this.addRateLimited(key);
          options.onError?.(key, err, delay, attempt);
        }
      } finally {
        this.processing.delete(key);
        if (this.dirty.has(key)) this.push(key);
      }
    }
  }

  private reportDepth(): void {
    this.options.metrics?.workqueueDepth.set({ name: this.options.name }, this.depth);
  }
}

/** A token bucket: `reserve()` takes a token and says how long to wait until it is really there. */
class TokenBucket {
  private tokens: number;
  private last = Date.now();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  reserve(): number {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.perSecond) * 1000);
  }
}
