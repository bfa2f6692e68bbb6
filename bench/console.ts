/**
 * The console as the browser benchmarks run it: its own process on a free loopback port, the
 * production build when one exists (`next dev` otherwise, whose figures include compilation), and
 * Debian's Chromium driven by Playwright.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from '@playwright/test';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface BenchConsole {
  url: string;
  /** Served by `next start` from a production build, not `next dev`. */
  production: boolean;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts the console in embedded mode on the cluster behind `kubeconfig`; resolves once it answers. */
export async function startBenchConsole(kubeconfig: string): Promise<BenchConsole> {
  const port = await freePort();
  const production = existsSync(join(ROOT, '.next', 'BUILD_ID'));
  const child: ChildProcess = spawn(
    join(ROOT, 'node_modules', '.bin', 'next'),
    [production ? 'start' : 'dev', '-H', '127.0.0.1', '-p', String(port)],
    {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        IBNET_MODE: 'embedded',
        IBNET_KUBECONFIG: kubeconfig,
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  // A bench that crashes must not leave its console running: end the group when this process ends.
  const killOnExit = () => {
    try {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    // next starts workers of its own: end the whole group this bench started.
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the console exited with code ${child.exitCode}: ${stderr}`);
    const ok = await fetch(`${url}/api/session/options`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error('the console did not answer within 120 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, production, stop };
}

/** Signs in as the embedded cluster's admin; resolves to the session cookie (`name=value`). */
export async function signInCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ method: 'demo', user: 'admin' }),
  });
  if (!res.ok) throw new Error(`sign-in failed: HTTP ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** A 1280×720 browser context signed in as the embedded cluster's admin. */
export async function signedInContext(browser: Browser, url: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const res = await context.request.post(`${url}/api/session`, {
    data: { method: 'demo', user: 'admin' },
    headers: { origin: url },
  });
  if (!res.ok()) throw new Error(`sign-in failed: HTTP ${res.status()}`);
  return context;
}

/** Debian's Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--enable-precise-memory-info',
    ],
  });
}

/**
 * Polls an expression in the page until it is truthy. (waitForFunction with a string evaluates it
 * with eval, which the console's CSP forbids; page.evaluate goes through the debugger instead.)
 * The figures come from the page's own clock, so the polling interval does not affect them.
 */
export async function waitInPage(
  page: Page,
  expression: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms: ${expression}`);
    await page.waitForTimeout(20);
  }
}
