import { describe, expect, it } from 'vitest';
import { createAgentMetrics } from './metrics';
import { WorkQueue } from './work-queue';

const fast = { initialMs: 5, maxMs: 40, factor: 2, jitter: 0 };

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function until(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('WorkQueue', () => {
  it('queues a key once however often it is added', async () => {
    const queue = new WorkQueue({ name: 't' });
    for (let i = 0; i < 5; i++) queue.add('a');
    queue.add('b');
    expect(queue.depth).toBe(2);

    const seen: string[] = [];
    queue.start(async (key) => {
      seen.push(key);
      return undefined;
    });
    await until(() => seen.length === 2);
    await queue.stop();
    expect(seen).toEqual(['a', 'b']);
  });

  it('never processes a key twice at once, and processes it again when added meanwhile', async () => {
    const queue = new WorkQueue({ name: 't' });
    const gate = deferred();
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    queue.start(
      async () => {
        calls++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        if (calls === 1) await gate.promise;
        running--;
        return undefined;
      },
      { workers: 4 },
    );
    queue.add('a');
    await until(() => calls === 1);
    // Added three times while in flight: one more run after, not three, and never in parallel.
    queue.add('a');
    queue.add('a');
    queue.add('a');
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(1);
    gate.resolve();
    await until(() => calls === 2 && running === 0);
    await new Promise((r) => setTimeout(r, 20));
    await queue.stop();
    expect(calls).toBe(2);
    expect(maxRunning).toBe(1);
  });

  it('retries a failing key with growing delays, without it being added again', async () => {
    const metrics = createAgentMetrics();
    const queue = new WorkQueue({ name: 'retry', backoff: fast, metrics });
    const times: number[] = [];
    const errors: number[] = [];
    queue.start(
      async () => {
        times.push(Date.now());
        if (times.length < 4) throw new Error('API said 500');
        return undefined;
      },
      { onError: (_k, _e, delay) => errors.push(delay) },
    );
    queue.add('a');
    await until(() => times.length === 4);
    await queue.stop();

    expect(errors).toEqual([5, 10, 20]);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    for (const [i, gap] of gaps.entries()) expect(gap).toBeGreaterThanOrEqual((errors[i] ?? 0) - 2);
    // Success forgets the failures, so the next failure starts from the first delay again.
    expect(queue.retries('a')).toBe(0);
    const text = await metrics.registry.metrics();
    expect(text).toContain('ibnet_workqueue_retries_total{name="retry"} 3');
  });

  it('caps the backoff at its maximum', () => {
    const queue = new WorkQueue({ name: 't', backoff: fast });
    const delays = Array.from({ length: 8 }, () => queue.addRateLimited('a'));
    expect(delays).toEqual([5, 10, 20, 40, 40, 40, 40, 40]);
    void queue.shutDown();
  });

  it('spreads retries of many keys with the overall token bucket', () => {
    const queue = new WorkQueue({
      name: 't',
      backoff: { initialMs: 1, maxMs: 1, factor: 1, jitter: 0 },
      retryRate: { perSecond: 1, burst: 2 },
    });
    const delays = ['a', 'b', 'c', 'd'].map((k) => queue.addRateLimited(k));
    expect(delays.slice(0, 2)).toEqual([1, 1]);
    expect(delays[2]).toBeGreaterThanOrEqual(900);
    expect(delays[3]).toBeGreaterThanOrEqual(1_900);
    void queue.shutDown();
  });

  it('keeps the earliest of two delays for one key', async () => {
    const queue = new WorkQueue({ name: 't' });
    queue.addAfter('a', 10_000);
    queue.addAfter('a', 10);
    queue.addAfter('a', 5_000);
    expect(queue.delayedCount).toBe(1);
    await until(() => queue.depth === 1);
    await queue.shutDown();
  });

  it('runs at most `workers` keys at once', async () => {
    const queue = new WorkQueue({ name: 't' });
    let running = 0;
    let maxRunning = 0;
    let done = 0;
    queue.start(
      async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        done++;
        return undefined;
      },
      { workers: 3 },
    );
    for (let i = 0; i < 20; i++) queue.add(`k${i}`);
    await until(() => done === 20);
    await queue.stop();
    expect(maxRunning).toBe(3);
  });

  it('stop() waits for in-flight work; abort stops it and does not count as a failure', async () => {
    const queue = new WorkQueue({ name: 't', backoff: fast });
    const finished: string[] = [];
    queue.start(async (key, signal) => {
      await new Promise((r) => setTimeout(r, 30));
      if (signal.aborted) throw signal.reason;
      finished.push(key);
      return undefined;
    });
    queue.add('graceful');
    await until(() => queue.inFlight === 1);
    await queue.stop();
    expect(finished).toEqual(['graceful']);

    queue.start(async (_key, signal) => {
      await new Promise((r) => setTimeout(r, 30));
      signal.throwIfAborted();
      finished.push('never');
      return undefined;
    });
    queue.add('aborted');
    await until(() => queue.inFlight === 1);
    await queue.stop({ abort: true });
    expect(finished).toEqual(['graceful']);
    expect(queue.retries('aborted')).toBe(0);
    expect(queue.delayedCount).toBe(0);
  });

  it('keeps queued keys across stop/start, drops them on clear, refuses them after shutDown', async () => {
    const queue = new WorkQueue({ name: 't' });
    queue.add('a');
    queue.add('b');
    queue.clear();
    expect(queue.depth).toBe(0);
    queue.add('c');
    const seen: string[] = [];
    queue.start(async (k) => {
      seen.push(k);
      return undefined;
    });
    await until(() => seen.length === 1);
    await queue.shutDown();
    queue.add('d');
    expect(queue.depth).toBe(0);
    expect(seen).toEqual(['c']);
  });

  it('requeues after the delay a reconcile asks for', async () => {
    const queue = new WorkQueue({ name: 't' });
    let calls = 0;
    queue.start(async () => {
      calls++;
      return calls === 1 ? { requeueAfterMs: 15 } : undefined;
    });
    queue.add('a');
    await until(() => calls === 2);
    await queue.stop();
  });

  it('reports its depth as a gauge', async () => {
    const metrics = createAgentMetrics();
    const queue = new WorkQueue({ name: 'networks', metrics });
    queue.add('a');
    queue.add('b');
    expect(await metrics.registry.metrics()).toContain('ibnet_workqueue_depth{name="networks"} 2');
    await queue.shutDown();
    expect(await metrics.registry.metrics()).toContain('ibnet_workqueue_depth{name="networks"} 0');
  });
});
