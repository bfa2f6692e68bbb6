import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { expect, kubectl, signInAs, test } from './fixtures';
import {
  blockExternal,
  kubectlApply,
  kubectlJson,
  networkYaml,
  policyYaml,
  replaceEditorText,
  snapshot,
  unique,
  waitForEditor,
} from './networks-helpers';

const RESOURCE = 'e2e_ib_vfs';

test.beforeAll(async () => {
  await kubectlApply(policyYaml(RESOURCE));
});

/** The config JSON of a NAD once the agent has rendered it. */
async function nadConfig(name: string): Promise<Record<string, unknown>> {
  let config: string | undefined;
  await expect
    .poll(
      async () => {
        try {
          const nad = await kubectlJson(['get', 'net-attach-def', name, '-n', 'ib-team']);
          config = (nad.spec as { config?: string } | undefined)?.config;
          return config !== undefined;
        } catch {
          return false;
        }
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return JSON.parse(config ?? '{}') as Record<string, unknown>;
}

test('creates a dual-stack whereabouts network through the form only', async ({ page }, info) => {
  const external = await blockExternal(page);
  const name = unique('form-dual');
  await signInAs(page, 'admin');
  await page.goto('/networks/new?namespace=ib-team');
  await waitForEditor(page);

  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByLabel('Resources defined by node policies').selectOption(RESOURCE);
  await page.getByRole('radio', { name: /^enable/ }).check();
  await page.getByRole('checkbox', { name: /Per-pod GUID/ }).check();
  await page.getByRole('radio', { name: /^whereabouts/ }).check();
  await page.getByLabel('Range 1 CIDR').fill('10.56.0.0/24');
  await page.getByLabel('Range 2 CIDR').fill('fd00:56::/64');
  await page
    .getByRole('group', { name: /Range 1/ })
    .getByLabel('Exclude')
    .fill('10.56.0.1');
  await page.getByLabel('Pool name (network_name)').fill('tenant-a');

  // The form wrote the YAML: the preview computed from it shows dual-stack addresses.
  await expect(page.getByTestId('ipam-preview')).toContainText(
    'pod 1: 10.56.0.2/24, fd00:56::1/64',
  );
  await expect(page.getByTestId('diagnostics-summary')).not.toContainText('error');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download YAML' }).click();
  const yaml = await readFile((await (await download).path()) ?? '', 'utf8');
  const object = parseDocument(yaml).toJS();
  expect(object.metadata).toEqual({ name, namespace: 'ib-team' });
  expect(object.spec.linkState).toBe('enable');
  expect(JSON.parse(object.spec.capabilities)).toEqual({ infinibandGUID: true });
  expect(JSON.parse(object.spec.ipam)).toEqual({
    type: 'whereabouts',
    ipRanges: [{ range: '10.56.0.0/24', exclude: ['10.56.0.1'] }, { range: 'fd00:56::/64' }],
    network_name: 'tenant-a',
  });
  await snapshot(page, info, 'form-filled');

  await page.getByRole('button', { name: 'Review and apply…' }).click();
  const review = page.getByTestId('review-dialog');
  await expect(review.getByTestId('dry-run-passed')).toBeVisible({ timeout: 20_000 });
  await review.getByRole('tab', { name: 'Rendered NAD' }).click();
  await expect(review).toContainText('"type": "ib-sriov"');
  await expect(review).toContainText('fd00:56::/64');
  await snapshot(page, info, 'review-nad');
  await review.getByRole('button', { name: 'Create network' }).click();

  await expect(page).toHaveURL(new RegExp(`/networks/sriovibnetworks/ib-team/${name}$`), {
    timeout: 30_000,
  });
  const config = await nadConfig(name);
  expect(config.type).toBe('ib-sriov');
  expect(config.link_state).toBe('enable');
  expect((config.ipam as { ipRanges: unknown[] }).ipRanges).toHaveLength(2);
  await expect(page.getByTestId('nad-section')).toContainText('present', { timeout: 20_000 });
  await expect(page.getByTestId('nad-section')).toContainText('fd00:56::/64');
  await snapshot(page, info, 'details-with-nad');
  expect(external).toEqual([]);
});

test('creates a network through YAML only, and the form follows', async ({ page }, info) => {
  const external = await blockExternal(page);
  const name = unique('yaml-only');
  await signInAs(page, 'admin');
  await page.goto('/networks/new');
  await waitForEditor(page);

  await replaceEditorText(
    page,
    `# typed in the YAML editor
apiVersion: sriovnetwork.openshift.io/v1
kind: SriovIBNetwork
metadata:
  name: ${name}
  namespace: ib-team
spec:
  resourceName: ${RESOURCE}
  linkState: disable
  capabilities: '{"infinibandGUID": true, "ips": true}'
  ipam: |
    {"type": "static", "addresses": [{"address": "10.88.0.5/24"}]}
`,
  );

  // Each side shows the other's change at once.
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(name);
  await expect(page.getByRole('radio', { name: /^disable/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /Per-pod IPs/ })).toBeChecked();
  await expect(page.getByRole('radio', { name: /^static/ })).toBeChecked();
  await expect(page.getByLabel('Address 1 (with prefix)')).toHaveValue('10.88.0.5/24');
  await snapshot(page, info, 'yaml-typed');

  await page.getByRole('button', { name: 'Review and apply…' }).click();
  const review = page.getByTestId('review-dialog');
  await expect(review.getByTestId('dry-run-passed')).toBeVisible({ timeout: 20_000 });
  await review.getByRole('button', { name: 'Create network' }).click();

  await expect(page).toHaveURL(new RegExp(`/networks/sriovibnetworks/ib-team/${name}$`), {
    timeout: 30_000,
  });
  const config = await nadConfig(name);
  expect(config.ipam).toEqual({ type: 'static', addresses: [{ address: '10.88.0.5/24' }] });
  await expect(page.getByTestId('nad-section')).toContainText('"type": "static"', {
    timeout: 20_000,
  });
  expect(external).toEqual([]);
});

test('broken IPAM JSON is marked at its line, the form refuses it, and quick fixes repair it', async ({
  page,
}, info) => {
  const external = await blockExternal(page);
  await signInAs(page, 'admin');
  await page.goto('/networks/new');
  await waitForEditor(page);

  const lines = [
    'apiVersion: sriovnetwork.openshift.io/v1',
    'kind: SriovIBNetwork',
    'metadata:',
    `  name: ${unique('broken')}`,
    '  namespace: ib-team',
    'spec:',
    `  resourceName: ${RESOURCE}`,
    `  capabilities: '{"infiniband_guid": true}'`,
    '  ipam: |',
    '    {',
    '      "type": "whereabouts",',
    '      "range": "10.99.0.0/24",',
    '    }',
    '',
  ];
  await replaceEditorText(page, lines.join('\n'));

  // The trailing comma is on line 12; the list, the editor marker and the form all say so.
  const problem = page.locator('[data-code="json/trailing-comma"]');
  await expect(problem).toContainText('line 12:');
  await expect(page.getByTestId('ipam-broken')).toContainText('line 12');
  await expect(page.getByRole('radio', { name: /^whereabouts/ })).toHaveCount(0);
  const squiggle = page.locator('[data-testid=yaml-editor] .squiggly-error').first();
  await expect(squiggle).toBeVisible();
  const lineNumber = page
    .locator('[data-testid=yaml-editor] .line-numbers')
    .filter({ hasText: /^12$/ });
  const [markBox, lineBox] = await Promise.all([squiggle.boundingBox(), lineNumber.boundingBox()]);
  expect(Math.abs((markBox?.y ?? 0) - (lineBox?.y ?? 1000))).toBeLessThan(12);
  await snapshot(page, info, 'broken-ipam');

  // Quick fix from the editor: cursor on the capability marker, Ctrl+. and Enter.
  await page
    .locator('[data-code="capabilities/unknown-key"] button', { hasText: 'line 8' })
    .click();
  await page.keyboard.press('Control+.');
  await expect(page.getByTestId('yaml-editor').getByText('Rename to infinibandGUID')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('checkbox', { name: /Per-pod GUID/ })).toBeChecked();

  // Quick fix from the list of problems, by keyboard.
  const fix = page.getByRole('button', { name: /Fix line 12: Remove the trailing comma/ });
  await fix.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ipam-broken')).toHaveCount(0);
  await expect(page.getByLabel('Range 1 CIDR')).toHaveValue('10.99.0.0/24');
  await expect(page.getByTestId('diagnostics-summary')).not.toContainText('error');
  await snapshot(page, info, 'fixed');

  // The lens above `ipam:` opens it in a JSON editor with the IPAM schema and ibnet's rules.
  await page.getByTestId('yaml-editor').getByText('Edit ipam as JSON').click();
  const side = page.getByTestId('json-side-panel');
  await expect(side.locator('.monaco-editor .view-lines')).toContainText('10.99.0.0/24');
  await replaceEditorText(
    page,
    '{\n  "type": "whereabouts",\n  "range": "10.99.0.0/31"\n}',
    '[data-testid=json-editor-ipam]',
  );
  await expect(side.locator('.squiggly-error').first()).toBeVisible();
  await expect(page.locator('[data-code="ipam/range-no-usable"]')).toContainText('line 12:');
  await snapshot(page, info, 'ipam-json-editor');
  await side.getByRole('button', { name: 'Back to the form' }).click();
  await expect(page.getByLabel('Range 1 CIDR')).toHaveValue('10.99.0.0/31');
  expect(external).toEqual([]);
});

test('a conflict made with kubectl meanwhile is rebased', async ({ page }, info) => {
  const external = await blockExternal(page);
  const name = unique('conflict');
  await kubectlApply(networkYaml(name, RESOURCE));
  await signInAs(page, 'admin');
  await page.goto(`/networks/sriovibnetworks/ib-team/${name}/edit`);
  await waitForEditor(page);

  // Mine: link state disable and per-pod IPs.
  await page.getByRole('radio', { name: /^disable/ }).check();
  await page.getByRole('checkbox', { name: /Per-pod IPs/ }).check();

  // Theirs, meanwhile: a label and link state enable.
  await kubectl(['label', 'sriovibnetwork', name, '-n', 'ib-team', 'team=blue']);
  await kubectl([
    'patch',
    'sriovibnetwork',
    name,
    '-n',
    'ib-team',
    '--type=merge',
    '-p',
    '{"spec":{"linkState":"enable"}}',
  ]);

  await page.getByRole('button', { name: 'Review and apply…' }).click();
  const review = page.getByTestId('review-dialog');
  const conflict = review.getByTestId('conflict-view');
  await expect(conflict).toBeVisible();
  await expect(conflict.getByTestId('merged-changes')).toContainText('metadata.labels.team');
  await expect(conflict.getByTestId('merge-conflicts')).toContainText('spec.linkState');
  await snapshot(page, info, 'conflict');
  await conflict.getByRole('radio', { name: /Use yours: "disable"/ }).check();
  await conflict.getByRole('button', { name: 'Use the rebased edit' }).click();

  await expect(review.getByTestId('dry-run-passed')).toBeVisible({ timeout: 20_000 });
  await review.getByRole('button', { name: 'Apply changes' }).click();
  await expect(page).toHaveURL(new RegExp(`/networks/sriovibnetworks/ib-team/${name}$`), {
    timeout: 30_000,
  });

  const stored = await kubectlJson(['get', 'sriovibnetwork', name, '-n', 'ib-team']);
  expect((stored.metadata as { labels?: Record<string, string> }).labels?.team).toBe('blue');
  const spec = stored.spec as { linkState: string; capabilities: string };
  expect(spec.linkState).toBe('disable');
  expect(JSON.parse(spec.capabilities)).toEqual({ ips: true });
  expect(external).toEqual([]);
});

test('deleting a network in use is stopped until the pods are confirmed by name', async ({
  page,
}, info) => {
  const external = await blockExternal(page);
  const name = unique('in-use');
  const pod = unique('user');
  await kubectlApply(networkYaml(name, RESOURCE));
  await kubectlApply(`apiVersion: v1
kind: Pod
metadata:
  name: ${pod}
  namespace: ib-team
  annotations:
    k8s.v1.cni.cncf.io/networks: ${name}
spec:
  containers:
    - name: app
      image: registry.example/app:1
`);
  await signInAs(page, 'admin');
  await page.goto(`/networks/sriovibnetworks/ib-team/${name}`);

  await page.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Delete network' }).click();
  await expect(dialog.getByTestId('delete-in-use')).toContainText(`ib-team/${pod}`);
  await snapshot(page, info, 'delete-in-use');
  // Still there: the first attempt was refused.
  await kubectl(['get', 'sriovibnetwork', name, '-n', 'ib-team']);

  await dialog.getByRole('button', { name: 'Delete while 1 pod use it' }).click();
  await expect(page).toHaveURL(/\/networks$/);
  await expect
    .poll(async () => {
      const { stdout } = await kubectl(['get', 'sriovibnetworks', '-n', 'ib-team', '-o', 'name']);
      return stdout.includes(`/${name}\n`);
    })
    .toBe(false);
  await kubectl(['delete', 'pod', pod, '-n', 'ib-team', '--wait=false']);
  expect(external).toEqual([]);
});

test('the read-only user finds every write control disabled, with the reason', async ({
  page,
}, info) => {
  const external = await blockExternal(page);
  const name = unique('viewer');
  await kubectlApply(networkYaml(name, RESOURCE));
  await signInAs(page, 'viewer');

  await page.goto('/networks');
  const create = page.getByRole('button', { name: 'New network' });
  await expect(create).toBeDisabled();
  await expect(create).toHaveAttribute('title', /may not create/);

  await page.goto(`/networks/sriovibnetworks/ib-team/${name}`);
  for (const label of ['Edit', 'Delete…']) {
    const button = page.getByRole('button', { name: label, exact: true });
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute('title', /may not (update|delete)/);
  }
  await snapshot(page, info, 'viewer-details');

  await page.goto(`/networks/sriovibnetworks/ib-team/${name}/edit`);
  await waitForEditor(page);
  await expect(page.getByRole('button', { name: 'Review and apply…' })).toBeDisabled();
  await expect(page.getByRole('radio', { name: /^enable/ })).toBeDisabled();
  await expect(page.getByRole('checkbox', { name: /Per-pod GUID/ })).toBeDisabled();
  await expect(page.getByLabel('Resources defined by node policies')).toBeDisabled();
  await expect(page.getByText(/may not update sriovibnetworks/).first()).toBeVisible();
  await snapshot(page, info, 'viewer-edit');

  await page.goto('/networks/import');
  await waitForEditor(page);
  await replaceEditorText(page, networkYaml(unique('viewer-import'), RESOURCE));
  const apply = page.getByRole('button', { name: 'Review and create…' });
  await apply.click();
  const dialog = page.getByTestId('review-dialog');
  await expect(dialog.getByRole('button', { name: 'Create network' })).toBeDisabled();
  await expect(dialog.getByRole('button', { name: 'Create network' })).toHaveAttribute(
    'title',
    /may not create/,
  );
  expect(external).toEqual([]);
});

test('pasted YAML is checked per document, fixed in one click, and opened in the editor', async ({
  page,
}, info) => {
  const external = await blockExternal(page);
  const name = unique('pasted');
  await signInAs(page, 'admin');
  await page.goto('/networks/import');
  await waitForEditor(page);

  await replaceEditorText(
    page,
    `# from a colleague
apiVersion: sriovnetwork.openshift.io/v1
kind: SriovIBNetwork
metadata:
  name: ${name}
  namespace: ib-team
spec:
  resourceName: ${RESOURCE}
  capabilities: '{"infiniband_guid": true}'
  ipam: |
    {"type": "whereabouts", "range": "10.66.0.0/24",}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: notes
  namespace: ib-team
data:
  owner: storage
`,
  );

  await expect(page.getByRole('heading', { name: '2 documents' })).toBeVisible();
  const first = page.locator('section', { hasText: `1. SriovIBNetwork ib-team/${name}` }).first();
  await expect(page.locator('[data-code="json/trailing-comma"]')).toBeVisible();
  await expect(page.locator('[data-code="capabilities/unknown-key"]')).toBeVisible();
  await snapshot(page, info, 'import-problems');

  await page.getByRole('button', { name: 'Apply every unambiguous fix' }).click();
  await expect(page.locator('[data-code="json/trailing-comma"]')).toHaveCount(0);
  await expect(page.locator('[data-code="capabilities/unknown-key"]')).toHaveCount(0);
  await expect(page.getByText(/Applied 2 fixes/)).toBeVisible();
  await expect(first.getByRole('button', { name: 'Review and create…' })).toBeEnabled();
  await snapshot(page, info, 'import-fixed');

  await first.getByRole('button', { name: 'Open in editor' }).click();
  await expect(page).toHaveURL(/\/networks\/new\?from=import/);
  await waitForEditor(page);
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(name);
  await expect(page.getByRole('checkbox', { name: /Per-pod GUID/ })).toBeChecked();
  await expect(page.getByLabel('Range 1 CIDR')).toHaveValue('10.66.0.0/24');
  await page.getByRole('button', { name: 'Review and apply…' }).click();
  const review = page.getByTestId('review-dialog');
  await expect(review.getByTestId('dry-run-passed')).toBeVisible({ timeout: 20_000 });
  await review.getByRole('button', { name: 'Create network' }).click();
  await expect(page).toHaveURL(new RegExp(`/networks/sriovibnetworks/ib-team/${name}$`), {
    timeout: 30_000,
  });
  expect((await nadConfig(name)).capabilities).toEqual({ infinibandGUID: true });
  expect(external).toEqual([]);
});

test('a pasted network that exists is applied as an update after its review', async ({ page }) => {
  const external = await blockExternal(page);
  const name = unique('existing');
  await kubectlApply(networkYaml(name, RESOURCE));
  await signInAs(page, 'admin');
  await page.goto('/networks/import');
  await waitForEditor(page);
  await replaceEditorText(
    page,
    networkYaml(name, RESOURCE).replace('linkState: auto', 'linkState: enable'),
  );

  await expect(page.getByText('It exists in the cluster: applying updates it.')).toBeVisible();
  await page.getByRole('button', { name: 'Review and update…' }).click();
  const review = page.getByTestId('review-dialog');
  await expect(review.getByTestId('dry-run-passed')).toBeVisible({ timeout: 20_000 });
  await review.getByRole('tab', { name: 'Changes' }).click();
  await expect(review.getByTestId('diff-view').first()).toContainText('linkState: enable');
  await review.getByRole('button', { name: 'Apply changes' }).click();
  await expect(page).toHaveURL(new RegExp(`/networks/sriovibnetworks/ib-team/${name}$`), {
    timeout: 30_000,
  });
  const stored = await kubectlJson(['get', 'sriovibnetwork', name, '-n', 'ib-team']);
  expect((stored.spec as { linkState: string }).linkState).toBe('enable');
  expect(external).toEqual([]);
});
