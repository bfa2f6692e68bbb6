import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NEXT_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'next');

export interface ConsoleProcess {
  url: string;
  stop(): Promise<void>;
}

export interface ConsoleOptions {
  port: number;
  /** `next start` on the production build instead of `next dev`. */
  production: boolean;
  env: Record<string, string>;
  /** Print the console's own output (prefixed); otherwise only its errors reach stderr. */
  verbose: boolean;
}

/** Whether `next build` has produced a build `next start` can serve. */
export function hasProductionBuild(): boolean {
  return existsSync(join(REPO_ROOT, '.next', 'BUILD_ID'));
}

/** Runs `next build` in the foreground; resolves to its exit code. */
export function buildConsole(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(NEXT_BIN, ['build'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function forward(child: ChildProcess, verbose: boolean): void {
  const prefix = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n'))
      if (line) stream.write(`[console] ${line}\n`);
  };
  if (verbose) child.stdout?.on('data', prefix(process.stdout));
  child.stderr?.on('data', prefix(process.stderr));
}

async function waitUntilServing(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the console exited with code ${child.exitCode} before serving`);
    try {
      const res = await fetch(`${url}/api/session/options`);
      if (res.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the console did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/**
 * Starts the Next.js console bound to 127.0.0.1 in its own process group (so that stopping it also
 * stops the workers it forks) and waits until it answers.
 */
export async function startConsole(opts: ConsoleOptions): Promise<ConsoleProcess> {
  const args = opts.production
    ? ['start', '-H', '127.0.0.1', '-p', String(opts.port)]
    : ['dev', '-H', '127.0.0.1', '-p', String(opts.port)];
  const child = spawn(NEXT_BIN, args, {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  forward(child, opts.verbose);
  const url = `http://127.0.0.1:${opts.port}`;

  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitUntilServing(url, child, opts.production ? 60_000 : 120_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}
