import { STREAM_TOPICS, type StreamResync, type StreamTopic } from '@/lib/views/types';
import type { IdentityHub, SequencedChange } from './hub';
import { badRequest, toProblem } from './problems';

/** Comments this often keep proxies from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;

export function parseTopics(value: string | null): StreamTopic[] {
  const topics = (value ?? '').split(',').filter(Boolean);
  const unknown = topics.filter((t) => !(STREAM_TOPICS as readonly string[]).includes(t));
  if (topics.length === 0 || unknown.length > 0) {
    throw badRequest(
      `Name the topics to watch, from ${STREAM_TOPICS.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}.`,
    );
  }
  return [...new Set(topics)] as StreamTopic[];
}

/** `epoch.seq`: which hub generation and how far in its change sequence a client got. */
function parseEventId(id: string | null | undefined): { epoch: string; seq: number } | undefined {
  const m = /^([A-Za-z0-9_-]+)\.(\d+)$/.exec(id ?? '');
  return m?.[1] && m[2] ? { epoch: m[1], seq: Number(m[2]) } : undefined;
}

/**
 * One SSE stream multiplexing the user's watches of `topics`. A client that reconnects with the
 * id of the last event it saw gets what it missed from the hub's replay buffer; when that is not
 * possible (the hub restarted, too much happened) it gets a `resync` and refetches.
 */
export function openStream(
  hub: IdentityHub,
  topics: StreamTopic[],
  lastEventId: string | null | undefined,
  signal: AbortSignal,
  heartbeatMs = HEARTBEAT_MS,
): Response {
  const encoder = new TextEncoder();
  const release = hub.acquire();
  let cleanup = () => {};

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const send = (e: SequencedChange) =>
        write(`id: ${hub.epoch}.${e.seq}\nevent: change\ndata: ${JSON.stringify(e.change)}\n\n`);
      const resync = () => {
        const payload: StreamResync = { topics };
        write(
          `id: ${hub.epoch}.${hub.lastSeq}\nevent: resync\ndata: ${JSON.stringify(payload)}\n\n`,
        );
      };

      // Subscribe and read the replay in the same tick, so nothing falls between them.
      const upTo = hub.lastSeq;
      const unsubscribe = hub.subscribe(topics, (e) => e.seq > upTo && send(e));
      const heartbeat = setInterval(() => {
        if (hub.isStopped) return cleanup();
        write(': ping\n\n');
      }, heartbeatMs);

      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        release();
        signal.removeEventListener('abort', cleanup);
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      signal.addEventListener('abort', cleanup, { once: true });

      write('retry: 3000\n\n');
      const from = parseEventId(lastEventId);
      const missed = from && from.epoch === hub.epoch ? hub.since(from.seq, topics) : undefined;
      if (missed) {
        for (const e of missed) if (e.seq <= upTo) send(e);
      }
      hub.ready(topics).then(
        () => {
          if (!missed) resync();
        },
        (err: unknown) => {
          write(`event: error\ndata: ${JSON.stringify(toProblem(err).body())}\n\n`);
          cleanup();
        },
      );
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}
