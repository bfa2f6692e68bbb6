import type { PoolView } from '../lib/views/types';
import { expect, signInAs, test } from './fixtures';

test.beforeEach(async ({ page }) => {
  await signInAs(page, 'admin');
});

test('the pools page shows usage, a utilization bar and a forecast for every pool', async ({
  page,
}) => {
  const { items } = (await (await page.request.get('/api/pools')).json()) as { items: PoolView[] };
  expect(items.length, 'the demo has whereabouts pools').toBeGreaterThan(0);
  await page.goto('/pools');
  const table = page.getByRole('table', { name: /whereabouts IP pools/ });
  for (const pool of items) {
    const row = table.locator(`tr[data-pool="${pool.namespace}/${pool.name}"]`);
    await expect(row.getByRole('meter')).toHaveAttribute('aria-valuenow', String(pool.usedPercent));
    await expect(row.getByRole('cell').last()).toHaveText(
      /Exhausted now|Not enough data|In about|Not within a year/,
    );
  }
  // The nearly exhausted pool of the demo says so in words.
  const nearly = items.find((p) => p.free !== '0' && p.usedPercent >= 85);
  if (nearly) {
    const row = table.locator(`tr[data-pool="${nearly.namespace}/${nearly.name}"]`);
    await expect(row).toContainText('nearly exhausted');
  }
});

test('the stale allocation is found and released', async ({ page }) => {
  const { items } = (await (await page.request.get('/api/pools')).json()) as { items: PoolView[] };
  const pool = items.find((p) => p.allocations.some((a) => a.stale));
  expect(pool, 'the demo has a pool with a stale allocation').toBeDefined();
  const stale = pool?.allocations.find((a) => a.stale);
  if (!pool || !stale) return;

  await page.goto('/pools');
  await page
    .locator(`tr[data-pool="${pool.namespace}/${pool.name}"]`)
    .getByRole('link')
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`/pools/${pool.namespace}/${pool.name}$`));

  const row = page.locator(`tr[data-address="${stale.address}"]`);
  await expect(row).toContainText('Stale');
  await expect(row).toContainText(stale.podref ?? 'not recorded');

  await row
    .getByRole('button', {
      name: `Release ${stale.address} held for ${stale.podref ?? 'an unnamed pod'}`,
    })
    .click();
  const dialog = page.getByRole('dialog', { name: `Release ${stale.address}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(stale.address);
  if (stale.podref) await expect(dialog).toContainText(stale.podref);
  await dialog.getByRole('button', { name: `Release ${stale.address}` }).click();

  await expect(dialog).toBeHidden({ timeout: 20_000 });
  await expect(row).toHaveCount(0);
  const after = (await (
    await page.request.get(`/api/pools/${pool.namespace}/${pool.name}`)
  ).json()) as PoolView;
  expect(after.allocations.some((a) => a.offset === stale.offset)).toBe(false);
});
