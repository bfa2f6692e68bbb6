import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestConsole, startTestConsole } from '@/app/_server/testing/harness';
import { SseReader } from '@/app/_server/testing/sse';
import * as stream from '@/app/api/stream/route';
import * as networks from '@/app/api/networks/route';
import type { StreamChange } from '@/lib/views/types';
import { ibNetwork } from './fixtures';

const run = promisify(execFile);
let t: TestConsole;
let scratch: string;

beforeAll(async () => {
  t = await startTestConsole();
  scratch = await mkdtemp(join(tmpdir(), 'ibnet-kubectl-'));
});

afterAll(async () => {
  await t?.stop();
  await rm(scratch, { recursive: true, force: true });
});

/** The real kubectl, isolated from the machine's own config and cache. */
async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run(
    '/usr/bin/kubectl',
    ['--kubeconfig', t.cluster.kubeconfigPath, '--cache-dir', join(scratch, 'cache'), ...args],
    { env: { ...process.env, HOME: scratch }, timeout: 30_000 },
  );
  return stdout;
}

const change = (name: string, type?: string) => (e: { event: string; data: string }) => {
  if (e.event !== 'change') return false;
  const c = JSON.parse(e.data) as StreamChange;
  return c.name === name && (!type || c.type === type);
};

describe('live updates', () => {
  it('delivers a change made with kubectl to a subscribed stream', async () => {
    const admin = await t.signIn('admin');
    const abort = new AbortController();
    const res = await admin.call(stream.GET, '/api/stream?topics=networks,nads', {
      signal: abort.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const sse = new SseReader(res);
    try {
      await sse.waitFor((e) => e.event === 'resync');
      const manifest = join(scratch, 'net.yaml');
      await writeFile(
        manifest,
        [
          'apiVersion: sriovnetwork.openshift.io/v1',
          'kind: SriovIBNetwork',
          'metadata: {name: from-kubectl, namespace: ib-team}',
          'spec: {resourceName: ib_vfs, ipam: "{\\"type\\": \\"static\\"}"}',
        ].join('\n'),
      );
      const started = performance.now();
      await kubectl('apply', '-f', manifest);
      const event = await sse.waitFor(change('from-kubectl', 'ADDED'));
      expect(JSON.parse(event.data)).toMatchObject({
        topic: 'networks',
        kind: 'SriovIBNetwork',
        namespace: 'ib-team',
      });
      expect(event.id).toMatch(/^[\w-]+\.\d+$/);
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      abort.abort();
    }
  });

  it('survives a forced 410 Gone without losing events', async () => {
    const admin = await t.signIn('admin');
    const abort = new AbortController();
    const sse = new SseReader(
      await admin.call(stream.GET, '/api/stream?topics=networks', { signal: abort.signal }),
    );
    try {
      await sse.waitFor((e) => e.event === 'resync');
      // The next watch of the networks fails with 410: the informer must relist and report the difference.
      t.cluster.faults.forceGone(1, 'sriovibnetworks');
      t.cluster.faults.dropWatches('sriovibnetworks');
      const names = ['after-gone-1', 'after-gone-2', 'after-gone-3'];
      for (const name of names)
        await t.cluster.store.create(ibNetwork('ib-team', name) as never, { fieldManager: 'test' });
      for (const name of names) await sse.waitFor(change(name, 'ADDED'), 15_000);
      expect(t.cluster.faults.describe().forcedGone).toEqual([]);
      // And the cache behind the API has them too.
      const list = await admin.json<{ items: { name: string }[] }>(networks.GET, '/api/networks');
      expect(list.body.items.map((r) => r.name)).toEqual(expect.arrayContaining(names));
    } finally {
      abort.abort();
    }
  });

  it('resumes from Last-Event-ID with the changes missed while disconnected', async () => {
    const admin = await t.signIn('admin');
    const first = new AbortController();
    const sse = new SseReader(
      await admin.call(stream.GET, '/api/stream?topics=networks', { signal: first.signal }),
    );
    await sse.waitFor((e) => e.event === 'resync');
    await t.cluster.store.create(ibNetwork('ib-team', 'seen-live') as never, {
      fieldManager: 'test',
    });
    await sse.waitFor(change('seen-live'));
    const lastEventId = sse.lastEventId ?? '';
    first.abort();

    await t.cluster.store.create(ibNetwork('ib-team', 'missed-1') as never, {
      fieldManager: 'test',
    });
    await new Promise((r) => setTimeout(r, 200));

    const again = new AbortController();
    const resumed = new SseReader(
      await admin.call(stream.GET, '/api/stream?topics=networks', {
        signal: again.signal,
        headers: { 'last-event-id': lastEventId },
      }),
    );
    try {
      await resumed.waitFor(change('missed-1', 'ADDED'));
      expect(resumed.events.some((e) => e.event === 'resync')).toBe(false);
      expect(resumed.events.some(change('seen-live'))).toBe(false);
    } finally {
      again.abort();
    }
  });

  it('keeps watches per identity: another user sees only their own changes', async () => {
    const editor = await t.signIn('editor');
    const abort = new AbortController();
    const sse = new SseReader(
      await editor.call(stream.GET, '/api/stream?topics=networks', { signal: abort.signal }),
    );
    try {
      await sse.waitFor((e) => e.event === 'resync');
      await t.cluster.store.create(ibNetwork('default', 'not-for-editor') as never, {
        fieldManager: 'test',
      });
      await t.cluster.store.create(ibNetwork('ib-team', 'for-editor') as never, {
        fieldManager: 'test',
      });
      await sse.waitFor(change('for-editor'));
      expect(sse.events.some(change('not-for-editor'))).toBe(false);
    } finally {
      abort.abort();
    }
  });

  it('shares one watch per identity across tabs and stops it after the last tab leaves', async () => {
    const watchers = async () => {
      const text = await t.cluster.metrics();
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('apiserver_registered_watchers{') && l.includes('kind="SriovNetwork"'),
        );
      return Number(line?.split(' ').pop() ?? 0);
    };
    const settle = async (n: number) => {
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && (await watchers()) !== n)
        await new Promise((r) => setTimeout(r, 100));
      return watchers();
    };
    // Earlier tests' hubs end after their grace period; start from none.
    expect(await settle(0)).toBe(0);
    const viewer = await t.signIn('viewer');
    const tabs = [new AbortController(), new AbortController()];
    for (const tab of tabs) {
      const sse = new SseReader(
        await viewer.call(stream.GET, '/api/stream?topics=networks', { signal: tab.signal }),
      );
      await sse.waitFor((e) => e.event === 'resync');
    }
    expect(await settle(1)).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await watchers()).toBe(1);
    for (const tab of tabs) tab.abort();
    // The harness's grace period is one second.
    expect(await settle(0)).toBe(0);
  });
});
