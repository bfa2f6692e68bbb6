/**
 * The console's JavaScript per page (and whether Monaco came with it), and the network editor's
 * time from a keystroke to the marker it causes, on a 200-line SriovIBNetwork.
 *
 * It starts its own embedded cluster and console (the production build when `.next/BUILD_ID`
 * exists; run `npm run build` first, or the figures include `next dev` compilation).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startCluster } from '../sim';
import { launchChromium, signedInContext, startBenchConsole, waitInPage } from './console';
import { quantile, type Bench, type BenchContext } from './harness';

const PAGES = [
  '/',
  '/networks',
  '/pods',
  '/fabric',
  '/pools',
  '/wizard',
  '/networks/new',
  '/networks/import',
];
const KEYSTROKES = 15;
const DOCUMENT_LINES = 200;
/** The line of the document that the keystrokes change (1-based). */
const EDITED_LINE = 11;
/** The global Monaco's setup defines (workers are found through it); nothing else sets it. */
const MONACO_MARK = 'MonacoEnvironment';

/**
 * A SriovIBNetwork of `DOCUMENT_LINES` lines whose whereabouts range is `10.99.0.0/3` on
 * `EDITED_LINE`: typing one `1` makes it a /31, which has no usable address (an ibnet error).
 */
function networkDocument(): string {
  const head = [
    'apiVersion: sriovnetwork.openshift.io/v1',
    'kind: SriovIBNetwork',
    'spec:',
    '  resourceName: ib_vfs',
    '  linkState: auto',
    `  capabilities: '{"infinibandGUID": true}'`,
    '  ipam: |',
    '    {',
    '      "type": "whereabouts",',
    '      "exclude": ["10.99.0.0/30"],',
    '      "range": "10.99.0.0/3"',
    '    }',
    'metadata:',
    '  name: ib-bench',
    '  namespace: ib-team',
    '  labels:',
  ];
  const labels = Array.from(
    { length: DOCUMENT_LINES - head.length },
    (_, i) => `    rack-${String(i).padStart(3, '0')}.example.com/owner: team-${i % 7}`,
  );
  return [...head, ...labels].join('\n') + '\n';
}

interface PageScripts {
  files: number;
  transferKb: number;
  decodedKb: number;
  monaco: boolean;
}

/** The scripts the page fetched so far, from its resource timing entries (same origin: sizes known). */
const SCRIPTS_SCRIPT = `performance.getEntriesByType('resource')
  .filter((e) => /\\.m?js(\\?|$)/.test(new URL(e.name).pathname + new URL(e.name).search))
  .map((e) => ({ transfer: e.transferSize, decoded: e.decodedBodySize }))`;

/** Loads `path` in a fresh context (empty cache) and adds up the JavaScript it fetched. */
async function scriptsOf(browser: Browser, url: string, path: string): Promise<PageScripts> {
  const context = await signedInContext(browser, url);
  const page = await context.newPage();
  await page.goto(`${url}${path}`, { waitUntil: 'load' });
  if (new URL(page.url()).pathname !== path) {
    throw new Error(`${path} went to ${page.url()}: the bench's sign-in did not take`);
  }
  await page.locator('main h1').first().waitFor();
  // The page keeps its event stream open, so "network idle" never comes: wait instead until no
  // script has arrived for 1.5 s (lazily loaded chunks follow the first render).
  let scripts: { transfer: number; decoded: number }[] = [];
  for (let seen = -1; seen !== scripts.length;) {
    seen = scripts.length;
    await page.waitForTimeout(1500);
    scripts = (await page.evaluate(SCRIPTS_SCRIPT)) as typeof scripts;
  }
  const monaco = (await page.evaluate(`'${MONACO_MARK}' in self`)) as boolean;
  await context.close();
  return {
    files: scripts.length,
    transferKb: scripts.reduce((sum, s) => sum + s.transfer, 0) / 1024,
    decodedKb: scripts.reduce((sum, s) => sum + s.decoded, 0) / 1024,
    monaco,
  };
}

// In-page scripts are plain text: the TypeScript loader decorates named functions with helpers
// that do not exist in the page.

/** Pastes `text` into the focused Monaco editor as one paste event (no auto-indent). */
const PASTE_SCRIPT = `((text) => {
  const area = document.querySelector('[data-testid="yaml-editor"] textarea');
  const data = new DataTransfer();
  data.setData('text/plain', text);
  area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
})`;

/**
 * Arms the measurement of one keystroke, in the page's clock: when the key went down, when the
 * editor first showed an error squiggle, and when the diagnostics list first named `code`.
 */
const ARM_SCRIPT = `((code) => {
  const editor = document.querySelector('[data-testid="yaml-editor"]');
  const probe = { key: 0, marker: 0, listed: 0 };
  window.__ibnetProbe = probe;
  addEventListener('keydown', () => { probe.key = performance.now(); }, { capture: true, once: true });
  const seen = () => {
    if (!probe.key) return;
    if (!probe.marker && editor.querySelector('.squiggly-error')) probe.marker = performance.now();
    if (!probe.listed && document.querySelector('[data-code="' + code + '"]')) probe.listed = performance.now();
    if (probe.marker && probe.listed) observer.disconnect();
  };
  const observer = new MutationObserver(seen);
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
})`;

async function errorSquiggles(page: Page): Promise<number> {
  return page.locator('[data-testid=yaml-editor] .squiggly-error').count();
}

async function keystrokeToMarker(ctx: BenchContext, browser: Browser, url: string): Promise<void> {
  const context = await signedInContext(browser, url);
  const page = await context.newPage();
  await page.goto(`${url}/networks/new`);
  const editor = page.locator('[data-testid=yaml-editor] .monaco-editor').first();
  await editor.locator('.view-lines').waitFor({ timeout: 60_000 });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate(`${PASTE_SCRIPT}(${JSON.stringify(networkDocument())})`);
  await waitInPage(
    page,
    `document.querySelector('[data-testid="yaml-editor"] .view-lines')?.textContent.includes('rack-')`,
  );
  if ((await errorSquiggles(page)) > 0) throw new Error('the bench document should have no error');

  // The paste leaves the view at the end. The cursor goes just before the closing quote of the
  // range on EDITED_LINE.
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 1; i < EDITED_LINE; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');

  const markers: number[] = [];
  const listed: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    await page.evaluate(`${ARM_SCRIPT}(${JSON.stringify('ipam/range-no-usable')})`);
    await page.keyboard.type('1');
    await waitInPage(page, 'window.__ibnetProbe.marker && window.__ibnetProbe.listed');
    const probe = (await page.evaluate('window.__ibnetProbe')) as Record<string, number>;
    markers.push((probe.marker ?? 0) - (probe.key ?? 0));
    listed.push((probe.listed ?? 0) - (probe.key ?? 0));
    await page.keyboard.press('Backspace');
    await page.locator('[data-testid=yaml-editor] .squiggly-error').first().waitFor({
      state: 'detached',
      timeout: 30_000,
    });
  }
  const lines = DOCUMENT_LINES;
  ctx.figure(
    `keystroke to error marker, ${lines}-line document, p50`,
    quantile(markers, 0.5),
    'ms',
    `${markers.length} keystrokes`,
  );
  ctx.figure(`keystroke to error marker, ${lines}-line document, max`, Math.max(...markers), 'ms');
  ctx.figure(`keystroke to diagnostic listed beside the editor, p50`, quantile(listed, 0.5), 'ms');
  await context.close();
}

const bench: Bench = {
  title: 'Console pages and the network editor (embedded cluster, console, Chromium)',
  async run(ctx) {
    const dir = await mkdtemp(join(tmpdir(), 'ibnet-bench-editor-'));
    const cluster = await startCluster({ kubeconfigPath: join(dir, 'kubeconfig'), fabric: false });
    const console = await startBenchConsole(cluster.kubeconfigPath).catch(async (err: unknown) => {
      await cluster.stop();
      throw err;
    });
    const browser = await launchChromium();
    try {
      ctx.log(
        `console: ${console.production ? 'next start (production build)' : 'next dev (no production build: figures include compilation)'}`,
      );
      // Compile-on-demand under next dev would count in the first load: warm every page once.
      if (!console.production)
        for (const path of PAGES) await scriptsOf(browser, console.url, path);

      for (const path of PAGES) {
        const scripts = await scriptsOf(browser, console.url, path);
        ctx.figure(
          `JavaScript loaded by ${path}`,
          scripts.transferKb,
          'KB transferred',
          `${scripts.files} files, ${Math.round(scripts.decodedKb)} KB decoded, workers not counted; Monaco ${scripts.monaco ? 'loaded' : 'not loaded'}`,
        );
      }
      await keystrokeToMarker(ctx, browser, console.url);
    } finally {
      await browser.close();
      await console.stop();
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
