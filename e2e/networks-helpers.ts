import type { Page, TestInfo } from '@playwright/test';
import { expect, kubectl } from './fixtures';

/** A name no earlier run used, so tests can run again against the same cluster. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/**
 * Aborts every request that leaves the loopback interface and remembers it: Monaco and its
 * workers must come from the console's own bundle, never a CDN.
 */
export async function blockExternal(page: Page): Promise<string[]> {
  const attempted: string[] = [];
  await page.context().route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.protocol === 'data:') {
      return route.continue();
    }
    attempted.push(url.href);
    return route.abort();
  });
  return attempted;
}

/** Waits until the Monaco YAML editor has rendered its text. */
export async function waitForEditor(page: Page): Promise<void> {
  await expect(page.locator('[data-testid=yaml-editor] .monaco-editor .view-lines')).toBeVisible({
    timeout: 30_000,
  });
}

/** Replaces the editor's text by selecting all and pasting, as a user pasting YAML would. */
export async function replaceEditorText(
  page: Page,
  text: string,
  container = '[data-testid=yaml-editor]',
): Promise<void> {
  const editor = page.locator(`${container} .monaco-editor`).first();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  // A paste event carries the text as is: no auto-indent, no auto-closed brackets.
  await editor.locator('textarea').evaluate((area, value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    area.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

/** Saves a screenshot of the page in the test's output folder and attaches it to the report. */
export async function snapshot(page: Page, info: TestInfo, name: string): Promise<void> {
  const path = info.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await info.attach(name, { path, contentType: 'image/png' });
}

/** The object as kubectl returns it (JSON). */
export async function kubectlJson(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await kubectl([...args, '-o', 'json']);
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** Applies YAML through the real kubectl as the admin. */
export async function kubectlApply(yaml: string): Promise<void> {
  await kubectl(['apply', '-f', '-'], 'admin', yaml);
}

/** A node policy for an InfiniBand resource the tests pick in the form. */
export function policyYaml(resourceName: string): string {
  return `apiVersion: sriovnetwork.openshift.io/v1
kind: SriovNetworkNodePolicy
metadata:
  name: ${resourceName.replace(/_/g, '-')}
  namespace: openshift-sriov-network-operator
spec:
  resourceName: ${resourceName}
  nodeSelector:
    kubernetes.io/os: linux
  numVfs: 4
  nicSelector:
    vendor: "15b3"
    pfNames: ["ibp9s0"]
  linkType: ib
  isRdma: true
`;
}

/** A plain SriovIBNetwork made with kubectl. */
export function networkYaml(name: string, resourceName: string, extra = ''): string {
  return `apiVersion: sriovnetwork.openshift.io/v1
kind: SriovIBNetwork
metadata:
  name: ${name}
  namespace: ib-team
spec:
  resourceName: ${resourceName}
  linkState: auto
  ipam: '{"type": "whereabouts", "range": "10.77.0.0/24"}'
${extra}`;
}
