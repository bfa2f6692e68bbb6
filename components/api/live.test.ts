import { QueryClient } from '@tanstack/react-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type TestConsole, startTestConsole } from '@/app/_server/testing/harness';
import * as stream from '@/app/api/stream/route';
import { ibNetwork } from '@/app/api/__tests__/fixtures';
import type { ListResponse, NetworkRow } from '@/lib/views/types';
import { queryKeys } from './keys';
import { type EventSourceLike, LiveUpdates } from './live';

let t: TestConsole;

beforeAll(async () => {
  t = await startTestConsole();
});

afterAll(async () => {
  await t?.stop();
});

/** An EventSource over the real stream route, as the browser's would be (one connection, no retry). */
function eventSourceOver(browser: Browser, opened: string[]): (url: string) => EventSourceLike {
  return (url) => {
    opened.push(url);
    const abort = new AbortController();
    const listeners = new Map<string, ((e: MessageEvent<string>) => void)[]>();
    const source: EventSourceLike = {
      onerror: null,
      onopen: null,
      addEventListener: (type, fn) => listeners.set(type, [...(listeners.get(type) ?? []), fn]),
      close: () => abort.abort(),
    };
    void (async () => {
      const res = await browser.call(stream.GET, url, { signal: abort.signal });
      source.onopen?.(new Event('open'));
      const reader = res.body?.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for (;;) {
          const { done, value } = await (reader as ReadableStreamDefaultReader<Uint8Array>).read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const field = (name: string) =>
              block
                .split('\n')
                .find((l) => l.startsWith(`${name}: `))
                ?.slice(name.length + 2);
            const type = field('event');
            const data = field('data');
            if (!type || data === undefined) continue;
            const event = new MessageEvent<string>(type, { data, lastEventId: field('id') ?? '' });
            for (const fn of listeners.get(type) ?? []) fn(event);
          }
        }
      } catch {
        // Closed.
      }
    })();
    return source;
  };
}

describe('live updates in the browser cache', () => {
  it('opens one stream for the union of topics and invalidates what a change affects', async () => {
    const browser = await t.signIn('admin');
    const client = new QueryClient();
    const opened: string[] = [];
    const live = new LiveUpdates(client, eventSourceOver(browser, opened));
    const row = { kind: 'SriovIBNetwork', namespace: 'ib-team', name: 'doomed' } as NetworkRow;
    client.setQueryData<ListResponse<NetworkRow>>(queryKeys.networks(), { items: [row] });
    client.setQueryData(queryKeys.policies(), { items: [] });

    const offA = live.subscribe(['networks', 'pods']);
    const offB = live.subscribe(['networks']);
    live.setEnabled(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(opened).toEqual(['/api/stream?topics=networks%2Cpods']);

    // Let the stream's first sync settle, then start from a fresh cache state.
    await new Promise((r) => setTimeout(r, 400));
    await client.resetQueries();
    client.setQueryData<ListResponse<NetworkRow>>(queryKeys.networks(), { items: [row] });
    client.setQueryData(queryKeys.policies(), { items: [] });
    expect(client.getQueryState(queryKeys.networks())?.isInvalidated).toBe(false);

    await t.cluster.store.create(ibNetwork('ib-team', 'doomed') as never, { fieldManager: 'test' });
    await t.cluster.store.delete(
      { apiVersion: 'sriovnetwork.openshift.io/v1', kind: 'SriovIBNetwork' },
      'doomed',
      { namespace: 'ib-team' },
    );
    const deadline = Date.now() + 5000;
    const settled = () =>
      client.getQueryState(queryKeys.networks())?.isInvalidated &&
      client.getQueryData<ListResponse<NetworkRow>>(queryKeys.networks())?.items.length === 0;
    while (Date.now() < deadline && !settled()) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(client.getQueryState(queryKeys.networks())?.isInvalidated).toBe(true);
    // The deleted row was patched out of the cached list at once.
    expect(client.getQueryData<ListResponse<NetworkRow>>(queryKeys.networks())?.items).toEqual([]);
    // Neither a network nor a pod change touches the policies.
    expect(client.getQueryState(queryKeys.policies())?.isInvalidated).toBe(false);

    offA();
    await new Promise((r) => setTimeout(r, 100));
    expect(opened[1]).toMatch(/^\/api\/stream\?topics=networks&lastEventId=[\w-]+\.\d+$/);
    offB();
    live.close();
  });
});
