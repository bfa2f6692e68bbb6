import type { ServerResponse } from 'node:http';
import { ApiError, expired } from './errors';
import type { ResourceType } from './resources';
import type { Store } from './store';
import type { Entry, WatchOptions } from './store-types';
import { type IncludeObject, tableJson } from './table';

export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export interface HttpWatchOptions extends WatchOptions {
  table?: IncludeObject;
  timeoutSeconds?: number;
  /** Fail at once with 410 Gone (fault injection). */
  forceGone?: boolean;
  /** Serializes an entry in the requested version. */
  objectJson: (e: Entry) => string;
}

/** kube's default watch timeout lies between 30 and 60 minutes; one end of that is enough. */
const DEFAULT_TIMEOUT_SECONDS = 1800;

/**
 * Streams a watch as newline-delimited JSON events. Headers are flushed at once (clients wait for
 * them before reading), the stream ends at timeoutSeconds, and a client hang-up is noticed through
 * the response's close event. A too-old resourceVersion yields 200 and one ERROR event (410), as
 * kube's watch cache does.
 */
export function serveWatch(
  store: Store,
  type: ResourceType,
  res: ServerResponse,
  opts: HttpWatchOptions,
): void {
  res.writeHead(200, {
    'Content-Type': opts.table ? TABLE_CONTENT_TYPE : 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  let first = true;
  const line = (type: string, objectJson: string): void => {
    if (!res.writableEnded) res.write(`{"type":"${type}","object":${objectJson}}\n`);
  };
  const render = (entry: Entry): string => {
    if (!opts.table) return opts.objectJson(entry);
    const json = tableJson(type, [entry], {
      include: opts.table,
      noHeaders: !first,
      objectJson: opts.objectJson,
    });
    first = false;
    return json;
  };

  let ended = false;
  const running: { timer?: NodeJS.Timeout; handle?: { stop(): void } } = {};
  const end = (): void => {
    if (ended) return;
    ended = true;
    if (running.timer) clearTimeout(running.timer);
    running.handle?.stop();
    if (!res.writableEnded) res.end();
  };
  res.on('close', end);

  if (opts.forceGone) {
    const rv = Number(opts.resourceVersion || 0);
    line('ERROR', JSON.stringify(expired(rv, store.core.cache.oldestRv + 1).status));
    end();
    return;
  }

  try {
    running.handle = store.watchEntries(
      type,
      opts,
      (d) => {
        if (d === 'bookmark' || d === 'initial-end') {
          line('BOOKMARK', JSON.stringify(store.bookmark(type, d === 'initial-end')));
          return;
        }
        line(d.type, render(d.entry));
      },
      () => end(),
    );
  } catch (err) {
    if (err instanceof ApiError) {
      line('ERROR', JSON.stringify(err.status));
      end();
      return;
    }
    throw err;
  }
  const seconds =
    opts.timeoutSeconds && opts.timeoutSeconds > 0 ? opts.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
  running.timer = setTimeout(end, seconds * 1000);
  running.timer.unref();
}
