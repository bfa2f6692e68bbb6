import type { OverviewView } from '../lib/views/types';
import { expect, signInAs, test } from './fixtures';

test('the overview counts what matters and links each problem to where it is fixed', async ({
  page,
}) => {
  await signInAs(page, 'viewer');
  const overview = (await (await page.request.get('/api/overview')).json()) as OverviewView;
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();

  const c = overview.counts;
  await expect(page.getByRole('region', { name: 'Networks' })).toContainText(
    `${c.networksReady} / ${c.networks}`,
  );
  await expect(page.getByRole('region', { name: 'Pods' })).toContainText(
    `${c.podsWithNetworks - c.podsWithProblems} / ${c.podsWithNetworks}`,
  );
  await expect(page.getByRole('region', { name: 'Nodes' })).toContainText(
    `${c.nodesWithVfs} / ${c.nodes}`,
  );

  const linked = overview.problems.find((p) => p.href?.startsWith('/pods/'));
  if (linked?.href) {
    await page.getByRole('link', { name: linked.title }).click();
    await expect(page).toHaveURL(new RegExp(`${linked.href}$`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
});
