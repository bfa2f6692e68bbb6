import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test, expect, type Page } from '@playwright/test';
import { E2E_KUBECONFIG, E2E_PORT } from './stack';

const run = promisify(execFile);

export type DemoUser = 'admin' | 'editor' | 'viewer';

/** Signs the page's browser context in as one of the embedded cluster's demo users. */
export async function signInAs(page: Page, user: DemoUser): Promise<void> {
  const origin = new URL(test.info().project.use.baseURL ?? `http://127.0.0.1:${E2E_PORT}`).origin;
  const res = await page.request.post('/api/session', {
    data: { method: 'demo', user },
    headers: { Origin: origin },
  });
  expect(res.ok(), `sign in as ${user}: ${res.status()} ${await res.text()}`).toBe(true);
}

const kubectlHome = mkdtempSync(join(tmpdir(), 'ibnet-e2e-kubectl-'));

/**
 * Runs the real kubectl against the embedded cluster the console is using, as the admin (or the
 * given demo user's context), with a private HOME and discovery cache.
 */
export async function kubectl(args: string[], user: DemoUser = 'admin', input?: string) {
  const pending = run(
    'kubectl',
    [
      '--kubeconfig',
      E2E_KUBECONFIG,
      '--context',
      `ibnet-${user}`,
      '--cache-dir',
      join(kubectlHome, 'cache'),
      ...args,
    ],
    { env: { ...process.env, HOME: kubectlHome }, maxBuffer: 16 * 1024 * 1024 },
  );
  if (input !== undefined) pending.child.stdin?.end(input);
  return pending;
}

export { test, expect };
