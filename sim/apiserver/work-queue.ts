import { ApiError } from './errors';

/**
 * A tiny controller work queue: keyed (a key queued twice runs once), processed one job at a
 * time after the write that caused it has answered, like kube's asynchronous controllers.
 */
export class WorkQueue {
  private readonly jobs = new Map<string, () => Promise<void>>();
  private running = false;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  /** Failures other than expected races, kept for tests and logs. */
  readonly errors: unknown[] = [];

  add(key: string, job: () => Promise<void>): void {
    if (this.stopped) return;
    this.jobs.set(key, job);
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.drain());
    }
  }

  private async drain(): Promise<void> {
    while (this.jobs.size > 0 && !this.stopped) {
      const [key, job] = this.jobs.entries().next().value as [string, () => Promise<void>];
      this.jobs.delete(key);
      try {
        await job();
      } catch (err) {
        // A conflict or a vanished object means another write won the race: try again later.
        if (err instanceof ApiError && (err.code === 409 || err.code === 404)) {
          if (err.code === 409) this.add(key, job);
        } else this.errors.push(err);
      }
    }
    this.running = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Resolves once no job is queued or running. */
  idle(): Promise<void> {
    if (!this.running && this.jobs.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    this.jobs.clear();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
