import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { parseAllDocuments } from 'yaml';
import { expect, test, type DemoUser } from './fixtures';

/**
 * The guided setup on a fresh embedded cluster: no policy, no network, only the simulated
 * InfiniBand nodes and the agent. The shared stack carries demo content, so this file starts its
 * own (production build, `--empty`) on another port.
 */
const PORT = Number(process.env.WIZARD_E2E_PORT ?? 3191);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const STACK_DIR = join(process.cwd(), '.ibnet', 'e2e-wizard');
const KUBECONFIG = join(STACK_DIR, 'kubeconfig');
const OPERATOR = 'openshift-sriov-network-operator';

test.use({ baseURL: BASE_URL });

let stack: ChildProcess | undefined;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  rmSync(STACK_DIR, { recursive: true, force: true });
  mkdirSync(STACK_DIR, { recursive: true });
  const child = spawn(
    process.execPath,
    [
      'cli/bin/ibnet.js',
      'demo',
      '--prod',
      '--empty',
      '--port',
      String(PORT),
      '--kubeconfig',
      KUBECONFIG,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } },
  );
  stack = child;
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no 'ibnet demo ready':\n${output}`)), 170_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('ibnet demo ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the wizard's stack exited with code ${code}:\n${output}`));
    });
  });
  // Keep draining so the stack never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
});

test.afterAll(async () => {
  const child = stack;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
});

/** Signs in as a demo user of this file's stack (the shared fixture targets the shared one). */
async function signIn(page: Page, user: DemoUser): Promise<void> {
  const res = await page.request.post(`${BASE_URL}/api/session`, {
    data: { method: 'demo', user },
    headers: { Origin: BASE_URL },
  });
  expect(res.ok(), `sign in as ${user}: ${res.status()} ${await res.text()}`).toBe(true);
}

const run = promisify(execFile);
const kubectlHome = mkdtempSync(join(tmpdir(), 'ibnet-e2e-wizard-kubectl-'));

/** The real kubectl against this file's cluster, as its admin. */
async function kubectl(args: string[]): Promise<string> {
  const { stdout } = await run(
    'kubectl',
    ['--kubeconfig', KUBECONFIG, '--cache-dir', join(kubectlHome, 'cache'), ...args],
    { env: { ...process.env, HOME: kubectlHome } },
  );
  return stdout;
}

const stepHeading = (page: Page) => page.locator('#wizard-step-title');

async function next(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(stepHeading(page)).toHaveText(title);
  // The heading takes focus so a screen reader announces the new step.
  await expect(stepHeading(page)).toBeFocused();
}

/** Step 2: the network's name and the pods' namespace. */
async function nameTheNetwork(page: Page, name: string): Promise<void> {
  await page.getByLabel('Network name').fill(name);
  await page.getByLabel('Namespace of the pods that use it').selectOption('ib-team');
}

test('the read-only user walks the wizard and is told which permission is missing at the first write', async ({
  page,
}) => {
  await signIn(page, 'viewer');
  await page.goto('/wizard');
  await expect(stepHeading(page)).toHaveText('Check the cluster');

  // A fresh cluster: InfiniBand nodes, but no policy; the wizard offers one.
  const checks = page.getByTestId('cluster-checks');
  await expect(checks.locator('[data-check="ib-nodes"]')).toHaveAttribute('data-status', 'ok');
  await expect(checks.locator('[data-check="policies"]')).toHaveAttribute('data-status', 'missing');
  await page.getByLabel('InfiniBand port (nicSelector.pfNames)').selectOption({ index: 1 });
  await page.getByLabel('VFs per port (numVfs)').fill('4');

  // The first write is the policy: the button is off and the exact permission is named.
  await expect(page.getByRole('button', { name: 'Create the policy' })).toBeDisabled();
  await expect(page.getByTestId('permission-missing')).toContainText(
    `You (viewer) may not create sriovnetworknodepolicies in namespace ${OPERATOR}.`,
  );

  // The rest can still be walked, to hand the YAML to someone with the permission.
  await next(page, 'Name and namespace');
  await nameTheNetwork(page, 'ib-readonly');
  await page.getByLabel('Resource (resourceName)').fill('ib_vfs');
  await page.getByRole('button', { name: /Review and create/ }).click();
  await expect(stepHeading(page)).toHaveText('Review and create');
  await expect(page.getByRole('button', { name: 'Create the network' })).toBeDisabled();
  await expect(page.getByTestId('permission-missing')).toContainText(
    `You (viewer) may not create sriovibnetworks in namespace ${OPERATOR}.`,
  );
});

test('closing the tab at step 4 and opening the saved URL resumes at step 4 with the choices kept', async ({
  page,
  context,
}) => {
  await signIn(page, 'admin');
  await page.goto('/wizard');
  await next(page, 'Name and namespace');
  await nameTheNetwork(page, 'ib-resume');
  await page.getByLabel('Resource (resourceName)').fill('ib_resume');
  await next(page, 'IP addresses (IPAM)');
  await page.getByLabel('Range 1 CIDR').fill('10.77.0.0/24');
  await expect(page.getByTestId('first-addresses')).toContainText('10.77.0.1/24');
  await next(page, 'Link state and capabilities');
  await page.getByRole('radio', { name: /^enable/ }).check();
  await page.getByRole('checkbox', { name: /Per-pod GUIDs/ }).check();
  await expect(page).toHaveURL(/guid=1/);

  const saved = page.url();
  await page.close();

  const again = await context.newPage();
  await again.goto(saved);
  await expect(stepHeading(again)).toHaveText('Link state and capabilities');
  await expect(again.getByText('Step 4 of 7')).toBeVisible();
  await expect(again.getByRole('radio', { name: /^enable/ })).toBeChecked();
  await expect(again.getByRole('checkbox', { name: /Per-pod GUIDs/ })).toBeChecked();
  await expect(again.getByRole('checkbox', { name: /Per-pod addresses/ })).not.toBeChecked();

  await again.getByRole('button', { name: 'Back' }).click();
  await expect(stepHeading(again)).toHaveText('IP addresses (IPAM)');
  await expect(again.getByLabel('Range 1 CIDR')).toHaveValue('10.77.0.0/24');
  await expect(again.getByLabel('Range 2 CIDR')).toHaveValue('2001:db8::/64');
  await again.getByRole('button', { name: 'Back' }).click();
  await expect(again.getByLabel('Network name')).toHaveValue('ib-resume');
  await expect(again.getByLabel('Namespace of the pods that use it')).toHaveValue('ib-team');
});

test('from a fresh cluster to a pod whose IPv4 and IPv6 addresses are verified', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signIn(page, 'admin');
  await page.goto('/wizard');

  // 1. The cluster has InfiniBand nodes but no policy: create one from what the nodes report.
  await expect(
    page.getByTestId('cluster-checks').locator('[data-check="policies"]'),
  ).toHaveAttribute('data-status', 'missing');
  const port = page.getByLabel('InfiniBand port (nicSelector.pfNames)');
  await port.selectOption({ index: 1 });
  const vfs = page.getByLabel('VFs per port (numVfs)');
  await vfs.fill('200');
  await expect(vfs).toHaveAttribute('aria-invalid', 'true');
  await expect(
    page.getByText(/At most \d+ VFs: the port reports sriov_totalvfs/).first(),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create the policy' })).toBeDisabled();
  await vfs.fill('4');
  await page.getByRole('button', { name: 'Create the policy' }).click();
  const progress = page.getByTestId('policy-progress');
  await expect(progress.getByText('Ready', { exact: true })).toHaveCount(3, { timeout: 60_000 });

  // 2. Name it for the pods of ib-team; the resource is the policy's.
  await next(page, 'Name and namespace');
  await nameTheNetwork(page, 'ib-wizard');
  await expect(page.getByLabel('Resource (resourceName)')).toHaveValue('ib_vfs');

  // 3. whereabouts, dual stack: the pool size and first addresses follow the ranges as typed.
  await next(page, 'IP addresses (IPAM)');
  await expect(page.getByRole('radio', { name: /whereabouts/ })).toBeChecked();
  await page.getByLabel('Range 1 CIDR').fill('10.56.0.0/24');
  const pools = page.getByTestId('pool-preview');
  await expect(pools.getByTestId('pool-size').first()).toHaveText('254 addresses');
  await expect(pools.getByTestId('first-addresses')).toContainText(
    'pod 1: 10.56.0.1/24, 2001:db8::1/64',
  );

  // 4. Per-pod GUIDs on.
  await next(page, 'Link state and capabilities');
  await page.getByRole('checkbox', { name: /Per-pod GUIDs/ }).check();

  // 5. Review: checks, the server's dry run, then create and wait for Ready with the NAD.
  await next(page, 'Review and create');
  await expect(page.getByTestId('diagnostics-summary')).not.toContainText('error');
  await expect(page.getByTestId('dry-run-passed')).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Create the network' }).click();
  await expect(page.getByTestId('network-ready')).toBeVisible({ timeout: 60_000 });
  const stored = JSON.parse(
    await kubectl(['get', 'sriovibnetworks', '-n', OPERATOR, 'ib-wizard', '-o', 'json']),
  ) as { spec: Record<string, string> };
  expect(stored.spec.networkNamespace).toBe('ib-team');
  expect(stored.spec.capabilities).toBe('{"infinibandGUID": true}');
  await kubectl(['get', 'network-attachment-definitions', '-n', 'ib-team', 'ib-wizard']);

  // 6. The JSON form with an interface name and a GUID; the pod YAML is there to copy.
  await next(page, 'Attach a test pod');
  await page.getByRole('radio', { name: /JSON form/ }).check();
  await page.getByLabel('Interface name in the pod (optional)').fill('ib1');
  await page.getByRole('button', { name: 'Suggest a GUID' }).click();
  await expect(page.getByLabel('GUID for the VF (infiniband-guid)')).toHaveValue(
    /^02(:[0-9a-f]{2}){7}$/,
  );
  await expect(page.getByText('"infiniband-guid"').first()).toBeVisible();
  await page.getByRole('button', { name: 'Create the test pod' }).click();

  // 7. Followed until network-status shows the interface with both addresses.
  await expect(stepHeading(page)).toHaveText('Verify');
  const headline = page.getByTestId('verify-headline');
  await expect(headline).toHaveAttribute('data-verified', 'true', { timeout: 90_000 });
  const checks = page.getByTestId('verify-checks');
  await expect(checks.locator('[data-check="address-0"]')).toContainText('IPv4 address');
  await expect(checks.locator('[data-check="address-0"]')).toContainText('10.56.0.1');
  await expect(checks.locator('[data-check="address-1"]')).toContainText('IPv6 address');
  await expect(checks.locator('[data-check="address-1"]')).toContainText('2001:db8::1');
  await expect(checks.locator('[data-check="mtu"]')).toContainText('unknown');
  await expect(checks.locator('[data-check="device-info"]')).toContainText('RDMA');

  // Everything made, as one YAML file to keep in Git.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download all as YAML' }).click();
  const file = await (await downloading).path();
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const kinds = (Array.isArray(docs) ? docs : []).map((d) => (d.toJS() as { kind: string }).kind);
  expect(kinds).toEqual(['SriovNetworkNodePolicy', 'SriovIBNetwork', 'Pod']);
});
