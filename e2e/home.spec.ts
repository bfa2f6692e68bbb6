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
