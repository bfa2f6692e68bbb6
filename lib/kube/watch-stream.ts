import type { KubeObject } from '../model/meta';
import { KubeError, type KubeStatus } from './errors';
import { type ResourceRef, resourcePath } from './resources';
import type { Identity, Transport } from './transport';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent<T> {
  type: WatchEventType;
  object: T;
}

export interface WatchOptions {
  namespace?: string;
  resourceVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface WatchHandle {
  stop(): void;
  /** Settles when the stream ends: resolves on a clean end or stop, rejects on an error or ERROR event. */
  done: Promise<void>;
}

/**
 * Opens one watch and feeds each decoded event to `onEvent`. An ERROR event (e.g. 410 Expired)
 * ends the stream with a KubeError carrying its Status.
 */
export function openWatch<T extends KubeObject>(
  transport: Transport,
  identity: Identity | undefined,
  ref: ResourceRef,
  opts: WatchOptions,
  onEvent: (event: WatchEvent<T>) => void,
): WatchHandle {
  const controller = new AbortController();
  const path = resourcePath(ref, { namespace: opts.namespace });
  const query = {
    watch: 'true',
    resourceVersion: opts.resourceVersion,
    labelSelector: opts.labelSelector,
    fieldSelector: opts.fieldSelector,
    allowWatchBookmarks: opts.allowWatchBookmarks || undefined,
    timeoutSeconds: opts.timeoutSeconds,
  };

  const done = (async () => {
    const res = await transport.open('GET', path, identity, { query, signal: controller.signal });
    const code = res.statusCode ?? 0;
    if (code < 200 || code >= 300) {
      let text = '';
      for await (const chunk of res) text += String(chunk);
      throw new KubeError(code, safeStatus(text), { verb: 'WATCH', path });
    }
    let buffer = '';
    res.setEncoding('utf8');
    try {
      for await (const chunk of res) {
        buffer += chunk as string;
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line) handleLine(line, path, onEvent);
          newline = buffer.indexOf('\n');
        }
      }
    } catch (err) {
      if (controller.signal.aborted) return;
      throw err;
    }
  })().catch((err: unknown) => {
    if (controller.signal.aborted && !(err instanceof KubeError)) return;
    throw err;
  });

  return { stop: () => controller.abort(), done };
}

function handleLine<T>(line: string, path: string, onEvent: (event: WatchEvent<T>) => void): void {
  const event = JSON.parse(line) as { type: string; object: unknown };
  if (event.type === 'ERROR') {
    const status = event.object as KubeStatus;
    throw new KubeError(status.code ?? 500, status, { verb: 'WATCH', path });
  }
  onEvent(event as WatchEvent<T>);
}

function safeStatus(text: string): KubeStatus {
  try {
    return JSON.parse(text) as KubeStatus;
  } catch {
    return { message: text.slice(0, 500) };
  }
}
