import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../cluster';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A minimal environment for kubectl: PATH and a scratch HOME, nothing of the user's. */
export function isolatedEnv(home: string): NodeJS.ProcessEnv {
  return { NODE_ENV: process.env.NODE_ENV, PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
}

/** The real kubectl, run isolated: its own HOME and discovery cache, never the user's config. */
export class Kubectl {
  private constructor(
    readonly dir: string,
    private readonly cluster: Cluster,
  ) {}

  static async forCluster(cluster: Cluster): Promise<Kubectl> {
    return new Kubectl(await mkdtemp(join(tmpdir(), 'ibnet-kubectl-')), cluster);
  }

  /** Runs kubectl as a demo user (admin by default); never throws on a non-zero exit. */
  run(
    args: string[],
    opts: { user?: 'admin' | 'editor' | 'viewer'; input?: string; timeoutMs?: number } = {},
  ): Promise<KubectlResult> {
    const kubeconfig = this.cluster.kubeconfigFor(opts.user ?? 'admin');
    return new Promise((resolve) => {
      const child = execFile(
        'kubectl',
        ['--kubeconfig', kubeconfig, '--cache-dir', join(this.dir, 'cache'), ...args],
        { env: isolatedEnv(this.dir), timeout: opts.timeoutMs ?? 20_000, encoding: 'utf8' },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
      if (opts.input !== undefined) child.stdin?.end(opts.input);
    });
  }

  /** Runs kubectl and fails with its stderr when it exits non-zero. */
  async ok(
    args: string[],
    opts: { user?: 'admin' | 'editor' | 'viewer'; input?: string } = {},
  ): Promise<string> {
    const r = await this.run(args, opts);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  }

  /** Writes a manifest file in the scratch folder and returns its path. */
  async file(name: string, text: string): Promise<string> {
    const path = join(this.dir, name);
    await writeFile(path, text);
    return path;
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Polls until the check returns a value other than undefined, or fails after the timeout. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
