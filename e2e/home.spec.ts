import type { Page } from '@playwright/test';
import { expect, signInAs, test } from './fixtures';

test('an unsigned visitor is sent to sign in, and a demo user gets the console', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
  await signInAs(page, 'viewer');
  await page.goto('/');
  await expect(page.getByText('viewer')).toBeVisible();
});

/** Watches the page's scripts and tells whether any of them is Monaco's setup chunk. */
function monacoWatch(page: Page): { loaded(): Promise<boolean> } {
  const bodies: Promise<boolean>[] = [];
  page.on('response', (response) => {
    if (!/javascript/.test(response.headers()['content-type'] ?? '')) return;
    bodies.push(
      response.body().then(
        (body) => body.includes('MonacoEnvironment'),
        () => false,
      ),
    );
  });
  return { loaded: async () => (await Promise.all(bodies)).some(Boolean) };
}

test('pages without an editor do not download Monaco; the editor page does', async ({
  browser,
}) => {
  for (const path of ['/', '/networks', '/pods', '/fabric', '/pools']) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, 'admin');
    const watch = monacoWatch(page);
    await page.goto(path);
    await expect(page.locator('main h1').first()).toBeVisible();
    // Lazy chunks would follow the first render: give them time to arrive.
    await page.waitForTimeout(1500);
    expect(await watch.loaded(), `${path} loaded Monaco`).toBe(false);
    await context.close();
  }

  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, 'admin');
  const watch = monacoWatch(page);
  await page.goto('/networks/new');
  await expect(page.locator('[data-testid=yaml-editor] .monaco-editor .view-lines')).toBeVisible({
    timeout: 30_000,
  });
  expect(await watch.loaded()).toBe(true);
  await context.close();
});
