import { KubeError, isTransient } from './errors';

export interface Backoff {
  /** First delay in ms. */
  initialMs: number;
  /** Ceiling for any one delay. */
  maxMs: number;
  factor: number;
  /** Fraction of random spread added to each delay so that clients do not retry in step. */
  jitter: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 100, maxMs: 10_000, factor: 2, jitter: 0.2 };

/** The delay before retry number `attempt` (0-based). */
export function backoffDelay(attempt: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** attempt);
  return Math.round(base * (1 + backoff.jitter * Math.random()));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `fn`, retrying transient failures (unreachable server, 429, 5xx) with exponential backoff,
 * honouring Retry-After. Other errors, and the last transient one, are thrown as they are.
 */
export async function withRetries<T>(
  fn: () => Promise<T>,
  opts: { attempts?: number; backoff?: Backoff; signal?: AbortSignal } = {},
): Promise<T> {
  const attempts = opts.attempts ?? 4;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isTransient(err) || attempt + 1 >= attempts) throw err;
      const retryAfter = err instanceof KubeError ? err.retryAfterSeconds : undefined;
      await sleep(
        retryAfter ? retryAfter * 1000 : backoffDelay(attempt, opts.backoff),
        opts.signal,
      );
    }
  }
}
