/**
 * The pods page with 10,000 pods: time to first rows, scroll frame times, the tab's memory, and
 * the server's time per page of results.
 *
 * It starts its own embedded cluster (in-process, seeded through the store) and its own console:
 * `next start` on the production build when `.next/BUILD_ID` exists, `next dev` otherwise (then
 * the figures include compilation and are pessimistic; run `npm run build` first for real ones).
 * IBNET_BENCH_PODS changes the pod count. Chromium is the system one (`/usr/bin/chromium`, or CHROMIUM_PATH), driven by Playwright.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { PodPage } from '../lib/views/types';
import { startCluster, type Cluster } from '../sim';
import {
  type BenchConsole,
  launchChromium,
  signInCookie,
  signedInContext,
  startBenchConsole,
  waitInPage,
} from './console';
import { quantile, since, type Bench, type BenchContext } from './harness';

/** Pods in the cluster; IBNET_BENCH_PODS overrides it for a quick run. */
const PODS = Number(process.env.IBNET_BENCH_PODS ?? 10_000);
const NAMESPACES = ['ib-team', 'train-a', 'train-b', 'infer', 'batch'];
const NODES = 3;
const PAGE_SIZE = 200;
const LOADS = 3;
/** Frames of steady scrolling measured, and the distance per frame (a fast flick). */
const SCROLL_FRAMES = 600;
const SCROLL_STEP_PX = 300;

/** Pods across namespaces and nodes: most attached, some pending, some asking for a missing NAD. */
async function seed(cluster: Cluster): Promise<void> {
  const store = cluster.store;
  for (const ns of NAMESPACES) {
    await store
      .create(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
        { fieldManager: 'bench' },
      )
      .catch(() => undefined);
  }
  for (let i = 0; i < PODS; i++) {
    const namespace = NAMESPACES[i % NAMESPACES.length] ?? 'ib-team';
    const kind = i % 20 === 0 ? 'missing' : i % 20 === 1 ? 'pending' : 'attached';
    const node = `worker-${i % NODES}`;
    const annotations: Record<string, string> = {
      'k8s.v1.cni.cncf.io/networks': kind === 'missing' ? 'ib-absent' : 'ib-a',
    };
    if (kind === 'attached') {
      annotations['k8s.v1.cni.cncf.io/network-status'] = JSON.stringify([
        {
          name: `${namespace}/ib-a`,
          interface: 'net1',
          ips: [`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`],
        },
      ]);
    }
    const created = await store.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `trainer-${String(i).padStart(5, '0')}`, namespace, annotations },
        spec: {
          nodeName: kind === 'attached' ? node : undefined,
          containers: [{ name: 'main', image: 'registry.example/trainer:1' }],
        },
      } as never,
      { fieldManager: 'bench' },
    );
    await store.updateStatus(
      {
        ...(created as object),
        status: { phase: kind === 'attached' ? 'Running' : 'Pending' },
      } as never,
      { fieldManager: 'bench' },
    );
  }
}

/** Every page of a query, timed one by one from this process (HTTP + the console's work). */
async function pageTimes(url: string, cookie: string, query: string): Promise<number[]> {
  const samples: number[] = [];
  let cursor = '';
  do {
    const start = performance.now();
    const res = await fetch(
      `${url}/api/pods?limit=${PAGE_SIZE}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      {
        headers: { cookie },
      },
    );
    const body = (await res.json()) as PodPage;
    samples.push(since(start));
    cursor = body.nextCursor ?? '';
  } while (cursor);
  return samples;
}

function reportSamples(ctx: BenchContext, name: string, samples: number[], unit = 'ms'): void {
  ctx.figure(`${name} p50`, quantile(samples, 0.5), unit, `${samples.length} samples`);
  ctx.figure(`${name} p95`, quantile(samples, 0.95), unit);
  ctx.figure(`${name} max`, Math.max(...samples), unit);
}

// In-page scripts are plain text: the TypeScript loader decorates named functions with helpers
// that do not exist in the page.

/** Scrolls the pod list a fixed distance per animation frame and records every frame's length. */
const SCROLL_FRAMES_SCRIPT = `(async ({ frames, step }) => {
  const list = document.querySelector('[data-testid="pod-rows"]');
  if (!list) throw new Error('no pod list on the page');
  const deltas = [];
  let last = performance.now();
  await new Promise((resolve) => {
    const tick = (now) => {
      deltas.push(now - last);
      last = now;
      list.scrollTop += step;
      if (deltas.length < frames) requestAnimationFrame(tick);
      else resolve();
    };
    requestAnimationFrame(tick);
  });
  return deltas.slice(1);
})`;

/** Holds the list at its end until the last pod row is rendered, i.e. every page is loaded. */
const SCROLL_TO_END_SCRIPT = `(async (total) => {
  const list = document.querySelector('[data-testid="pod-rows"]');
  if (!list) throw new Error('no pod list on the page');
  for (;;) {
    list.scrollTop = list.scrollHeight;
    const rows = document.querySelectorAll('[data-pod]');
    const last = rows[rows.length - 1];
    if (Number(last?.getAttribute('aria-rowindex') ?? 0) >= total + 1) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
})`;

/** Notes in `window.__ibnetFirstRow` when the first pod row enters the DOM. */
const FIRST_ROW_SCRIPT = `(() => {
  const observer = new MutationObserver(() => {
    if (!document.querySelector('[data-pod]')) return;
    window.__ibnetFirstRow = performance.now();
    observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true });
})();`;

function scrollFrames(page: Page): Promise<number[]> {
  const args = JSON.stringify({ frames: SCROLL_FRAMES, step: SCROLL_STEP_PX });
  return page.evaluate(`${SCROLL_FRAMES_SCRIPT}(${args})`) as Promise<number[]>;
}

/**
 * The tab's JS heap, and the elements in the document now. (CDP's `Nodes` also counts detached
 * nodes that the garbage collector has not taken yet, so it is not used for the DOM size.)
 */
async function heap(page: Page): Promise<{ heapMb: number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  const nodes = (await page.evaluate("document.getElementsByTagName('*').length")) as number;
  return { heapMb: value('JSHeapUsedSize') / 1e6, nodes };
}

const bench: Bench = {
  title: `Pods page with ${PODS.toLocaleString('en-US')} pods (embedded cluster, console, Chromium)`,
  async run(ctx) {
    const dir = await mkdtemp(join(tmpdir(), 'ibnet-bench-pods-'));
    // No simulated fabric: the pods are placed on nodes directly, and no kubelet should touch them.
    const cluster = await startCluster({ kubeconfigPath: join(dir, 'kubeconfig'), fabric: false });
    let console: BenchConsole | undefined;
    const browser = await launchChromium();
    try {
      const seedStart = performance.now();
      await seed(cluster);
      ctx.log(`seeded ${PODS} pods in ${Math.round(since(seedStart))} ms`);

      console = await startBenchConsole(cluster.kubeconfigPath);
      ctx.log(
        `console: ${console.production ? 'next start (production build)' : 'next dev (no production build: figures include compilation)'}`,
      );
      const cookie = await signInCookie(console.url);

      // The first request waits for the console's watches to list every pod.
      const coldStart = performance.now();
      await fetch(`${console.url}/api/pods?limit=${PAGE_SIZE}`, { headers: { cookie } });
      ctx.figure('first /api/pods after start (cache sync)', since(coldStart), 'ms');

      reportSamples(
        ctx,
        `server time per page of ${PAGE_SIZE}, no filter`,
        await pageTimes(console.url, cookie, ''),
      );
      reportSamples(
        ctx,
        'server time per page, status=problem',
        await pageTimes(console.url, cookie, '&status=problem'),
      );
      reportSamples(
        ctx,
        'server time per page, q=trainer-01',
        await pageTimes(console.url, cookie, '&q=trainer-01'),
      );

      const context = await signedInContext(browser, console.url);
      const page = await context.newPage();

      // Time to first rows: from navigation start to the first pod row in the DOM, in the page's
      // clock, noted by an observer that every new document of the page starts with.
      await page.addInitScript(FIRST_ROW_SCRIPT);
      const firstRows: number[] = [];
      for (let i = 0; i < LOADS; i++) {
        await page.goto(`${console.url}/pods`, { waitUntil: 'commit' });
        await waitInPage(page, 'window.__ibnetFirstRow', 120_000);
        firstRows.push((await page.evaluate('window.__ibnetFirstRow')) as number);
      }
      ctx.figure('time to first rows, first load', firstRows[0] ?? Number.NaN, 'ms');
      ctx.figure(
        'time to first rows, later loads (median)',
        quantile(firstRows.slice(1), 0.5),
        'ms',
      );

      const loaded = await heap(page);
      ctx.figure('tab JS heap after first rows', loaded.heapMb, 'MB', 'CDP JSHeapUsedSize');
      ctx.figure('DOM elements after first rows', loaded.nodes, 'elements');

      const frames = await scrollFrames(page);
      reportSamples(ctx, `scroll frame time (${SCROLL_STEP_PX} px/frame)`, frames);
      ctx.figure(
        'scroll frames over 50 ms',
        frames.filter((f) => f > 50).length,
        'frames',
        `of ${frames.length}`,
      );

      // Load every page by holding the list at its end until all rows are there.
      const allStart = performance.now();
      await page.evaluate(`${SCROLL_TO_END_SCRIPT}(${PODS})`);
      ctx.figure(
        `scroll to the end, all ${PODS} rows loaded`,
        since(allStart),
        'ms',
        `${PODS / PAGE_SIZE} pages`,
      );

      const full = await heap(page);
      const precise = (await page.evaluate('performance.memory?.usedJSHeapSize ?? 0')) as number;
      ctx.figure('tab JS heap with all rows loaded', full.heapMb, 'MB', 'CDP JSHeapUsedSize');
      ctx.figure('tab JS heap with all rows loaded', precise / 1e6, 'MB', 'performance.memory');
      ctx.figure(
        'DOM elements with all rows loaded',
        full.nodes,
        'elements',
        'rows are virtualized',
      );
      await context.close();
    } finally {
      await browser.close();
      await console?.stop();
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
