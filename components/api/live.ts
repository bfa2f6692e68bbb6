import type { QueryClient } from '@tanstack/react-query';
import type {
  ListResponse,
  NetworkRow,
  StreamChange,
  StreamResync,
  StreamTopic,
} from '@/lib/views/types';
import { STREAM_TOPICS } from '@/lib/views/types';
import { TOPIC_FAMILIES, queryKeys } from './keys';

/** What the manager needs of an EventSource (the browser's, or a test double over real SSE). */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
  onerror: ((event: Event) => void) | null;
  onopen: ((event: Event) => void) | null;
}

export type LiveState = 'off' | 'connecting' | 'live' | 'reconnecting';

/** Changes within this window are folded into one refetch per query family. */
const COALESCE_MS = 250;

/**
 * One event stream per tab. Components declare the topics they need; the manager keeps one
 * EventSource open for their union, reopens it (resuming from the last event id) when the union
 * changes, and turns changes into cache patches and coalesced invalidations.
 */
export class LiveUpdates {
  private readonly counts = new Map<StreamTopic, number>();
  private source?: EventSourceLike;
  private openTopics = '';
  private lastEventId?: string;
  private readonly dirty = new Set<string>();
  private flushTimer?: ReturnType<typeof setTimeout>;
  private reopenTimer?: ReturnType<typeof setTimeout>;
  private enabled = false;
  private readonly listeners = new Set<(state: LiveState) => void>();
  state: LiveState = 'off';

  constructor(
    private readonly queryClient: QueryClient,
    private readonly open: (url: string) => EventSourceLike = (url) =>
      new EventSource(url, { withCredentials: true }) as unknown as EventSourceLike,
  ) {}

  /** Adds a subscriber for `topics`; returns its unsubscribe. */
  subscribe(topics: readonly StreamTopic[]): () => void {
    for (const t of topics) this.counts.set(t, (this.counts.get(t) ?? 0) + 1);
    this.scheduleReopen();
    return () => {
      for (const t of topics) {
        const n = (this.counts.get(t) ?? 1) - 1;
        if (n <= 0) this.counts.delete(t);
        else this.counts.set(t, n);
      }
      this.scheduleReopen();
    };
  }

  /** The stream only runs while someone is signed in. */
  setEnabled(enabled: boolean): void {
    if (this.enabled === enabled) return;
    this.enabled = enabled;
    this.scheduleReopen();
  }

  onState(listener: (state: LiveState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.enabled = false;
    this.reopen();
    clearTimeout(this.flushTimer);
  }

  private setState(state: LiveState): void {
    this.state = state;
    for (const l of this.listeners) l(state);
  }

  private scheduleReopen(): void {
    clearTimeout(this.reopenTimer);
    // Pages mount and unmount hooks in bursts; wait for the set of topics to settle.
    this.reopenTimer = setTimeout(() => this.reopen(), 30);
  }

  private reopen(): void {
    const topics = STREAM_TOPICS.filter((t) => this.counts.has(t));
    const key = this.enabled ? topics.join(',') : '';
    if (key === this.openTopics && this.source) return;
    this.source?.close();
    this.source = undefined;
    this.openTopics = key;
    if (!key) return this.setState('off');

    const params = new URLSearchParams({ topics: key });
    if (this.lastEventId) params.set('lastEventId', this.lastEventId);
    const source = this.open(`/api/stream?${params.toString()}`);
    this.source = source;
    this.setState('connecting');
    source.onopen = () => this.setState('live');
    // EventSource reconnects by itself and sends Last-Event-ID; only the state is shown.
    source.onerror = () => this.setState('reconnecting');
    source.addEventListener('change', (e) => this.onChange(e));
    source.addEventListener('resync', (e) => this.onResync(e));
  }

  private remember(event: MessageEvent<string>): void {
    if (event.lastEventId) this.lastEventId = event.lastEventId;
  }

  private onChange(event: MessageEvent<string>): void {
    this.remember(event);
    const change = JSON.parse(event.data) as StreamChange;
    if (change.type === 'DELETED' && change.topic === 'networks') {
      // Drop the row at once; the refetch that follows confirms it.
      this.queryClient.setQueryData<ListResponse<NetworkRow>>(queryKeys.networks(), (old) =>
        old
          ? {
              items: old.items.filter(
                (r) =>
                  !(
                    r.kind === change.kind &&
                    r.namespace === change.namespace &&
                    r.name === change.name
                  ),
              ),
            }
          : old,
      );
    }
    this.markDirty([change.topic]);
  }

  private onResync(event: MessageEvent<string>): void {
    this.remember(event);
    this.markDirty((JSON.parse(event.data) as StreamResync).topics);
  }

  private markDirty(topics: StreamTopic[]): void {
    for (const t of topics) for (const f of TOPIC_FAMILIES[t] ?? []) this.dirty.add(f);
    this.flushTimer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const families = [...this.dirty];
    this.dirty.clear();
    for (const family of families) {
      void this.queryClient.invalidateQueries({ queryKey: [family] });
    }
  }
}
