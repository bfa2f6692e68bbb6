import { expired } from './errors';
import type { KubeObject } from './object';
import { type FieldSelector, type LabelSelector, matchFields, matchLabels } from './selectors';
import type { Entry, EventType, StoreEvent } from './store-types';

/** What a watcher receives: the event type and the entry to serialize. */
export interface Delivery {
  type: EventType;
  entry: Entry;
  rv: number;
}

/** A registered watcher: its filter and where its events go. */
export interface Watcher {
  storageKey: string;
  namespace?: string;
  labels: LabelSelector;
  fields: FieldSelector;
  /** Events at or below this resourceVersion were already covered (initial state or start RV). */
  startRv: number;
  send(delivery: Delivery): void;
  /** Ends the watch from the server side (dropped stream, store stopped). */
  close(): void;
}

/**
 * The retained window of committed events plus the registered watchers. Dispatch only visits the
 * watchers of the event's resource, and filters each by namespace and selectors.
 */
export class WatchCache {
  private readonly ring: (StoreEvent | undefined)[];
  private head = 0;
  private size = 0;
  /** Every event with rv above this is still in the window. */
  private windowStart: number;
  private readonly watchers = new Map<string, Set<Watcher>>();
  private lastDispatched: number;

  constructor(capacity: number, startRv: number) {
    this.ring = new Array<StoreEvent | undefined>(Math.max(1, capacity));
    this.windowStart = startRv;
    this.lastDispatched = startRv;
  }

  /** The newest resourceVersion delivered to watchers. */
  get dispatchedRv(): number {
    return this.lastDispatched;
  }

  /** The oldest resourceVersion a watch may start from without 410 Gone. */
  get oldestRv(): number {
    return this.windowStart;
  }

  /** Starts the window afresh at a resourceVersion (after loading from disk). */
  resetWindow(rv: number): void {
    this.head = 0;
    this.size = 0;
    this.windowStart = rv;
    this.lastDispatched = rv;
  }

  watcherCount(storageKey?: string): number {
    if (storageKey !== undefined) return this.watchers.get(storageKey)?.size ?? 0;
    let n = 0;
    for (const set of this.watchers.values()) n += set.size;
    return n;
  }

  watcherCounts(): Map<string, number> {
    return new Map([...this.watchers.entries()].map(([k, s]) => [k, s.size]));
  }

  /** Appends a committed event and delivers it to matching watchers. */
  dispatch(event: StoreEvent): void {
    const capacity = this.ring.length;
    if (this.size === capacity) {
      const evicted = this.ring[this.head];
      if (evicted) this.windowStart = evicted.rv;
      this.ring[this.head] = event;
      this.head = (this.head + 1) % capacity;
    } else {
      this.ring[(this.head + this.size) % capacity] = event;
      this.size++;
    }
    this.lastDispatched = event.rv;
    const set = this.watchers.get(event.storageKey);
    if (!set) return;
    for (const w of set) deliver(w, event);
  }

  /**
   * Registers a watcher. With `fromRv` it first replays retained events after it, or throws 410
   * Gone when they are no longer retained.
   */
  add(watcher: Watcher, fromRv?: number): void {
    if (fromRv !== undefined) {
      if (fromRv < this.windowStart) throw expired(fromRv, this.windowStart + 1);
      for (const event of this.since(fromRv)) {
        if (event.storageKey === watcher.storageKey) deliver(watcher, event);
      }
    }
    let set = this.watchers.get(watcher.storageKey);
    if (!set) {
      set = new Set();
      this.watchers.set(watcher.storageKey, set);
    }
    set.add(watcher);
  }

  remove(watcher: Watcher): void {
    this.watchers.get(watcher.storageKey)?.delete(watcher);
  }

  /** Ends every watch (store stopped, or a fault drops streams). */
  closeAll(storageKey?: string): void {
    for (const [key, set] of this.watchers) {
      if (storageKey !== undefined && key !== storageKey) continue;
      for (const w of [...set]) w.close();
    }
  }

  private *since(rv: number): Iterable<StoreEvent> {
    const capacity = this.ring.length;
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = this.ring[(this.head + mid) % capacity];
      if (e && e.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.size; i++) {
      const e = this.ring[(this.head + i) % capacity];
      if (e) yield e;
    }
  }
}

function matches(w: Watcher, obj: KubeObject): boolean {
  return matchLabels(w.labels, obj.metadata.labels) && matchFields(w.fields, w.storageKey, obj);
}

/**
 * Delivers with kube's selector semantics: an object that starts matching arrives as ADDED, one
 * that stops matching as DELETED.
 */
function deliver(w: Watcher, event: StoreEvent): void {
  if (event.rv <= w.startRv) return;
  if (w.namespace !== undefined && event.namespace !== w.namespace) return;
  const now = matches(w, event.entry.obj);
  if (event.type === 'ADDED') {
    if (now) w.send({ type: 'ADDED', entry: event.entry, rv: event.rv });
    return;
  }
  if (event.type === 'DELETED') {
    const before = event.prev ? matches(w, event.prev.obj) : now;
    if (before || now) w.send({ type: 'DELETED', entry: event.entry, rv: event.rv });
    return;
  }
  const before = event.prev ? matches(w, event.prev.obj) : true;
  if (now && before) w.send({ type: 'MODIFIED', entry: event.entry, rv: event.rv });
  else if (now) w.send({ type: 'ADDED', entry: event.entry, rv: event.rv });
  else if (before) w.send({ type: 'DELETED', entry: event.entry, rv: event.rv });
}
