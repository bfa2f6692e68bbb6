import type { Logger } from './logger';

export interface ShutdownOptions {
  logger?: Logger;
  /** Exit anyway if the graceful stop has not finished after this long; 30 s unless given. */
  forceAfterMs?: number;
  signals?: NodeJS.Signals[];
}

/**
 * Resolves with the name of the first SIGTERM or SIGINT, so a process can stop taking work, finish
 * what is in flight and release what it holds. A second signal, or a graceful stop that overruns
 * `forceAfterMs`, exits at once with code 1. `dispose()` removes the handlers.
 */
export function waitForShutdownSignal(options: ShutdownOptions = {}): {
  signal: Promise<NodeJS.Signals>;
  dispose(): void;
} {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let received: NodeJS.Signals | undefined;
  let resolveSignal: (s: NodeJS.Signals) => void = () => {};
  const signal = new Promise<NodeJS.Signals>((resolve) => (resolveSignal = resolve));

  const handler = (name: NodeJS.Signals) => {
    if (received) {
      options.logger?.warn({ signal: name }, 'second signal, exiting without cleanup');
      process.exit(1);
    }
    received = name;
    options.logger?.info({ signal: name }, 'shutting down');
    const force = setTimeout(() => {
      options.logger?.error(
        { signal: name, forceAfterMs: options.forceAfterMs ?? 30_000 },
        'graceful shutdown took too long, exiting',
      );
      process.exit(1);
    }, options.forceAfterMs ?? 30_000);
    force.unref();
    resolveSignal(name);
  };

  for (const s of signals) process.on(s, handler);
  return {
    signal,
    dispose: () => {
      for (const s of signals) process.off(s, handler);
    },
  };
}
