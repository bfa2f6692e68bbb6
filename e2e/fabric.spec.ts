import type { FabricView } from '../lib/views/types';
import { expect, signInAs, test } from './fixtures';

test.beforeEach(async ({ page }) => {
  await signInAs(page, 'admin');
});

test('the fabric shows every VF of a node with its GUID', async ({ page }) => {
  const res = await page.request.get('/api/fabric');
  expect(res.ok()).toBe(true);
  const fabric = (await res.json()) as FabricView;
  const node = fabric.nodes.find((n) => n.pfs.some((pf) => pf.vfs.length > 0));
  expect(node, 'the demo has a node with VFs').toBeDefined();
  if (!node) return;

  await page.goto(`/fabric#${node.name}`);
  const section = page.getByRole('region', { name: node.name, exact: true });
  await expect(section).toBeVisible();
  await expect(section).toBeFocused();

  for (const pf of node.pfs) {
    const vfs = section.getByRole('list', {
      name: `VFs of ${pf.name ?? pf.pciAddress} on ${node.name}`,
    });
    if (pf.vfs.length > 0) await expect(vfs.getByRole('listitem')).toHaveCount(pf.vfs.length);
    for (const vf of pf.vfs) {
      const tile = vfs.locator(`[data-vf="${vf.pciAddress}"]`);
      await expect(tile).toContainText(`VF ${vf.vfID}`);
      if (vf.guid) await expect(tile).toContainText(vf.guid);
      else await expect(tile).toContainText('No GUID');
    }
  }
});

test('zero and duplicate GUIDs and failed syncs stand out in words, not colour alone', async ({
  page,
}) => {
  const fabric = (await (await page.request.get('/api/fabric')).json()) as FabricView;
  await page.goto('/fabric');
  await expect(page.getByRole('heading', { level: 1, name: 'Fabric' })).toBeVisible();

  const vfs = fabric.nodes.flatMap((n) =>
    n.pfs.flatMap((pf) => pf.vfs.map((vf) => ({ node: n.name, vf }))),
  );
  const zero = vfs.find((v) => v.vf.guidState === 'zero');
  if (zero) {
    const tile = page.locator(`section[id="${zero.node}"] [data-vf="${zero.vf.pciAddress}"]`);
    await expect(tile).toContainText('Zero GUID');
    await expect(tile).toHaveAttribute('data-guid-state', 'zero');
  }
  const duplicate = vfs.find((v) => v.vf.guidState === 'duplicate');
  if (duplicate) {
    await expect(
      page.locator(`section[id="${duplicate.node}"] [data-vf="${duplicate.vf.pciAddress}"]`),
    ).toContainText('Duplicate GUID');
  }
  const failed = fabric.nodes.find((n) => n.syncStatus === 'Failed');
  if (failed)
    await expect(page.locator(`section[id="${failed.name}"]`)).toContainText('Sync Failed');

  // A VF in use links to its pod.
  const used = vfs.find((v) => v.vf.pod);
  if (used?.vf.pod) {
    const link = page.locator(`section[id="${used.node}"] [data-vf="${used.vf.pciAddress}"] a`);
    await expect(link).toHaveAttribute(
      'href',
      `/pods/${used.vf.pod.namespace}/${used.vf.pod.name}`,
    );
  }
});
