import type { Page } from '@playwright/test';
import type { NetworkRow, PodDetail, PodPage } from '../lib/views/types';
import { expect, kubectl, signInAs, test } from './fixtures';

async function getJson<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.ok(), `${path}: ${res.status()}`).toBe(true);
  return (await res.json()) as T;
}

/** A NAD that exists: `namespace/name` of a network whose NAD is present. */
async function existingNad(page: Page): Promise<{ namespace: string; name: string }> {
  const { items } = await getJson<{ items: NetworkRow[] }>(page, '/api/networks');
  const row = items.find((n) => n.nad.state === 'present');
  if (!row) throw new Error('the demo has no network with a rendered NAD');
  return { namespace: row.nad.namespace, name: row.nad.name };
}

function podManifest(namespace: string, name: string, annotations: Record<string, string>) {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, annotations },
    spec: {
      containers: [
        { name: 'main', image: 'registry.example/ib-test:1', command: ['sleep', 'infinity'] },
      ],
    },
  });
}

test.beforeEach(async ({ page }) => {
  await signInAs(page, 'admin');
});

test('a pod asking for a network its namespace lacks is shown as failing with that reason', async ({
  page,
}) => {
  // Find the demo pod whose NAD is missing in its namespace, through the same API the page uses.
  const failing = await getJson<PodPage>(page, '/api/pods?status=problem&limit=500');
  let target: PodDetail | undefined;
  for (const row of failing.items) {
    const detail = await getJson<PodDetail>(page, `/api/pods/${row.namespace}/${row.name}`);
    if (detail.interfaces.some((i) => i.diagnoses.some((d) => d.code === 'nad-missing'))) {
      target = detail;
      break;
    }
  }
  expect(target, 'the demo has a pod asking for a network its namespace lacks').toBeDefined();
  if (!target) return;
  const key = `${target.namespace}/${target.name}`;

  await page.goto(`/pods?status=problem&namespace=${target.namespace}`);
  const row = page.locator(`[data-pod="${key}"]`);
  await expect(row.getByText('Failing')).toBeVisible();
  // The row says why in the back end's words once it is at rest.
  await expect(row.getByText('Network missing in the namespace')).toBeVisible();

  // Keyboard: the expand control is a labelled button that opens the interfaces.
  const expand = row.getByRole('button', { name: `Show the interfaces of ${key}` });
  await expand.focus();
  await page.keyboard.press('Enter');
  await expect(row.getByRole('button', { name: `Hide the interfaces of ${key}` })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(page.getByText(/What to do:/).first()).toBeVisible();

  await page.goto(`/pods/${target.namespace}/${target.name}`);
  await expect(page.getByText('Network missing in the namespace')).toBeVisible();
  await expect(page.getByText(/looks for the NetworkAttachmentDefinition/)).toBeVisible();
});

test('a healthy pod shows its addresses, MTU (or "unknown") and PCI address', async ({ page }) => {
  const attached = await getJson<PodPage>(page, '/api/pods?status=ok&limit=50');
  let healthy: PodDetail | undefined;
  for (const row of attached.items) {
    const detail = await getJson<PodDetail>(page, `/api/pods/${row.namespace}/${row.name}`);
    if (detail.interfaces.some((i) => i.attached?.pciAddress && i.attached.ips.length > 0)) {
      healthy = detail;
      break;
    }
  }
  expect(healthy, 'the demo has an attached pod with device-info').toBeDefined();
  if (!healthy) return;
  const view = healthy.interfaces.find((i) => i.attached?.pciAddress);
  const attachment = view?.attached;
  if (!attachment?.pciAddress) return;

  await page.goto(`/pods/${healthy.namespace}/${healthy.name}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(healthy.name);
  for (const ip of attachment.ips)
    await expect(page.getByText(ip, { exact: true }).first()).toBeVisible();
  await expect(page.getByText(attachment.pciAddress, { exact: true }).first()).toBeVisible();
  if (attachment.mtu === 'unknown') {
    await expect(page.getByText('unknown (not reported by the plugin)').first()).toBeVisible();
  } else {
    await expect(page.getByText(String(attachment.mtu), { exact: true }).first()).toBeVisible();
  }
  // The derived `ip a` never invents an MTU.
  const ipA = page.getByRole('tabpanel');
  await expect(ipA.locator('pre')).toContainText(attachment.interface ?? '');
  if (attachment.mtu === 'unknown') await expect(ipA.locator('pre')).not.toContainText('mtu');
});

test('a pod created with kubectl appears without a reload', async ({ page }) => {
  const nad = await existingNad(page);
  const name = `e2e-live-${Date.now().toString(36)}`;
  await page.goto(`/pods?q=${name}`);
  await expect(page.getByTestId('pod-count')).toHaveText(/^0 pods match/);

  await kubectl(
    ['apply', '-f', '-'],
    'admin',
    podManifest(nad.namespace, name, {
      'k8s.v1.cni.cncf.io/networks': nad.name,
    }),
  );
  try {
    await expect(page.locator(`[data-pod="${nad.namespace}/${name}"]`)).toBeVisible({
      timeout: 15_000,
    });
    await expect(page.getByTestId('pod-count')).toHaveText(/^1 pod match/);
  } finally {
    await kubectl(['delete', 'pod', '-n', nad.namespace, name, '--wait=false']);
  }
});

test('a pod annotation carrying HTML or script is shown as text, never run', async ({ page }) => {
  const nad = await existingNad(page);
  const name = `e2e-hostile-${Date.now().toString(36)}`;
  const hostile =
    '<img src=x onerror="window.__ibnetOwned=1"><script>window.__ibnetOwned=2</script>';
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await kubectl(
    ['apply', '-f', '-'],
    'admin',
    podManifest(nad.namespace, name, {
      'k8s.v1.cni.cncf.io/networks': `${nad.name}${hostile}`,
      'k8s.v1.cni.cncf.io/network-status': JSON.stringify([
        { name: hostile, interface: 'net1', ips: ['192.0.2.1'] },
      ]),
    }),
  );
  try {
    await page.goto(`/pods/${nad.namespace}/${name}`);
    await page.getByRole('tab', { name: 'Annotations', exact: true }).click();
    // The text is there, as text.
    await expect(page.getByText(hostile).first()).toBeVisible();
    await page.getByRole('tab', { name: '/etc/podnetinfo/annotations' }).click();
    await expect(page.locator('pre').first()).toContainText('<script>');
    // And nothing of it became markup or ran.
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { __ibnetOwned?: number }).__ibnetOwned),
    ).toBeUndefined();
    expect(dialogs).toEqual([]);

    await page.goto(`/pods?q=${name}`);
    await expect(page.locator(`[data-pod="${nad.namespace}/${name}"]`)).toBeVisible();
    expect(
      await page.evaluate(() => (window as unknown as { __ibnetOwned?: number }).__ibnetOwned),
    ).toBeUndefined();
  } finally {
    await kubectl(['delete', 'pod', '-n', nad.namespace, name, '--wait=false']);
  }
});
