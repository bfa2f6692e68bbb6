import { badRequest, notFound } from './errors';
import { deepFreeze, type KubeObject } from './object';
import { grKey, groupResourceOf, type ResourceRegistry, type ResourceType } from './resources';
import { type FieldSelector, type LabelSelector, matchFields, matchLabels } from './selectors';
import type { Entry, EventType, Slot, StoreEvent } from './store-types';
import { WatchCache } from './watch-cache';

/** Durable storage for committed writes (the append-only log); see persistence.ts. */
export interface Journal {
  /** Queues a record; it is durable once a later sync() resolves. */
  append(record: JournalRecord): void;
  /** Resolves when every record appended so far is on disk. */
  sync(): Promise<void>;
}

export type JournalRecord =
  | { op: 'put'; rv: number; storageKey: string; namespace: string; name: string; json: string }
  | { op: 'del'; rv: number; storageKey: string; namespace: string; name: string };

interface Bucket {
  byNamespace: Map<string, Map<string, Slot>>;
  count: number;
  /** Sorted slot arrays per namespace ('' key for all), dropped when membership changes. */
  sorted: Map<string | symbol, Slot[]>;
}

const ALL = Symbol('all');

type Listener = (event: StoreEvent) => void;

/**
 * The storage layer: objects by resource, namespace and name, a global resourceVersion, the
 * watch window, uid and owner indexes, and commit ordering (journal first, then watchers).
 */
export class StoreCore {
  private readonly buckets = new Map<string, Bucket>();
  private rvCounter: number;
  private readonly pending: StoreEvent[] = [];
  private readonly listeners = new Set<Listener>();
  readonly uidIndex = new Map<string, Slot>();
  readonly ownerIndex = new Map<string, Set<Slot>>();
  readonly cache: WatchCache;

  constructor(
    readonly registry: ResourceRegistry,
    private readonly journal: Journal | undefined,
    eventWindow: number,
    startRv = 0,
  ) {
    this.rvCounter = startRv;
    this.cache = new WatchCache(eventWindow, startRv);
  }

  /** The newest resourceVersion handed out. */
  get rv(): number {
    return this.rvCounter;
  }

  /** Hears every committed event after watchers did (the in-process controllers). */
  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private bucket(storageKey: string): Bucket {
    let b = this.buckets.get(storageKey);
    if (!b) {
      b = { byNamespace: new Map(), count: 0, sorted: new Map() };
      this.buckets.set(storageKey, b);
    }
    return b;
  }

  /** Number of stored objects per storage key, for apiserver_storage_objects. */
  counts(): Map<string, number> {
    return new Map([...this.buckets.entries()].map(([k, b]) => [k, b.count]));
  }

  slot(storageKey: string, namespace: string, name: string): Slot | undefined {
    return this.buckets.get(storageKey)?.byNamespace.get(namespace)?.get(name);
  }

  /** The slot or kube's 404 for it. */
  mustSlot(type: ResourceType, namespace: string, name: string): Slot {
    const s = this.slot(grKey(type), type.namespaced ? namespace : '', name);
    if (!s) throw notFound(groupResourceOf(type), name);
    return s;
  }

  /** Slots of a resource, sorted by namespace then name, as etcd returns keys. */
  slots(storageKey: string, namespace?: string): Slot[] {
    const b = this.buckets.get(storageKey);
    if (!b) return [];
    const cacheKey = namespace ?? ALL;
    const cached = b.sorted.get(cacheKey);
    if (cached) return cached;
    let result: Slot[];
    if (namespace !== undefined) {
      const names = b.byNamespace.get(namespace);
      result = names ? [...names.values()].sort((x, y) => compare(x.name, y.name)) : [];
    } else {
      const namespaces = [...b.byNamespace.keys()].sort(compare);
      result = namespaces.flatMap((ns) =>
        [...(b.byNamespace.get(ns)?.values() ?? [])].sort((x, y) => compare(x.name, y.name)),
      );
    }
    b.sorted.set(cacheKey, result);
    return result;
  }

  /** Slots matching selectors; the namespaces of a namespaced resource are all searched when omitted. */
  select(
    storageKey: string,
    namespace: string | undefined,
    labels: LabelSelector,
    fields: FieldSelector,
  ): Slot[] {
    const all = this.slots(storageKey, namespace);
    if (labels.length === 0 && fields.length === 0) return all;
    return all.filter(
      (s) =>
        matchLabels(labels, s.current.obj.metadata.labels) &&
        matchFields(fields, storageKey, s.current.obj),
    );
  }

  /** Stores a new version of an object under the next resourceVersion. */
  put(storageKey: string, obj: KubeObject, type: EventType): Entry {
    const rv = ++this.rvCounter;
    obj.metadata.resourceVersion = String(rv);
    const namespace = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    const entry = makeEntry(obj, rv);
    const b = this.bucket(storageKey);
    let names = b.byNamespace.get(namespace);
    if (!names) {
      names = new Map();
      b.byNamespace.set(namespace, names);
    }
    let slot = names.get(name);
    const prev = slot?.current;
    if (slot) {
      slot.current = entry;
    } else {
      slot = { storageKey, namespace, name, current: entry };
      names.set(name, slot);
      b.count++;
      b.sorted.delete(namespace);
      b.sorted.delete(ALL);
    }
    this.index(slot, prev?.obj, obj);
    this.journal?.append({ op: 'put', rv, storageKey, namespace, name, json: entry.json });
    this.pending.push({ type, rv, storageKey, namespace, entry, ...(prev ? { prev } : {}) });
    return entry;
  }

  /** Removes an object; `final` is its last state, sent with the DELETED event. */
  remove(slot: Slot, final: KubeObject): Entry {
    const rv = ++this.rvCounter;
    final.metadata.resourceVersion = String(rv);
    const entry = makeEntry(final, rv);
    const b = this.bucket(slot.storageKey);
    const names = b.byNamespace.get(slot.namespace);
    names?.delete(slot.name);
    if (names && names.size === 0) b.byNamespace.delete(slot.namespace);
    b.count--;
    b.sorted.delete(slot.namespace);
    b.sorted.delete(ALL);
    const prev = slot.current;
    this.index(slot, prev.obj, undefined);
    slot.current = entry;
    const { storageKey, namespace, name } = slot;
    this.journal?.append({ op: 'del', rv, storageKey, namespace, name });
    this.pending.push({ type: 'DELETED', rv, storageKey, namespace, entry, prev });
    return entry;
  }

  private index(slot: Slot, before: KubeObject | undefined, after: KubeObject | undefined): void {
    if (before?.metadata.uid) this.uidIndex.delete(before.metadata.uid);
    for (const ref of before?.metadata.ownerReferences ?? [])
      this.ownerIndex.get(ref.uid)?.delete(slot);
    if (after?.metadata.uid) this.uidIndex.set(after.metadata.uid, slot);
    for (const ref of after?.metadata.ownerReferences ?? []) {
      let set = this.ownerIndex.get(ref.uid);
      if (!set) {
        set = new Set();
        this.ownerIndex.set(ref.uid, set);
      }
      set.add(slot);
    }
  }

  /** Dependents of an owner uid (objects whose ownerReferences name it). */
  dependents(uid: string): Slot[] {
    return [...(this.ownerIndex.get(uid) ?? [])];
  }

  /**
   * Makes pending writes durable (when journaled), then hands their events to watchers and to the
   * controllers, in resourceVersion order. Every write awaits this before it answers.
   */
  async commit(): Promise<void> {
    if (this.pending.length === 0) return;
    if (this.journal) {
      const upTo = this.rvCounter;
      await this.journal.sync();
      this.dispatchUpTo(upTo);
    } else {
      this.dispatchUpTo(this.rvCounter);
    }
  }

  private dispatchUpTo(rv: number): void {
    while (this.pending.length > 0 && (this.pending[0]?.rv ?? Infinity) <= rv) {
      const event = this.pending.shift() as StoreEvent;
      this.cache.dispatch(event);
      for (const l of this.listeners) l(event);
    }
  }

  /** Loads an object read back from disk at start (no event, no journal record). */
  restore(storageKey: string, json: string): void {
    const obj = JSON.parse(json) as KubeObject;
    const entry: Entry = {
      obj: deepFreeze(obj),
      json,
      rv: Number(obj.metadata.resourceVersion ?? 0),
    };
    const b = this.bucket(storageKey);
    const namespace = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    let names = b.byNamespace.get(namespace);
    if (!names) {
      names = new Map();
      b.byNamespace.set(namespace, names);
    }
    const existing = names.get(name);
    if (existing) {
      this.index(existing, existing.current.obj, obj);
      existing.current = entry;
      return;
    }
    const slot: Slot = { storageKey, namespace, name, current: entry };
    names.set(name, slot);
    b.count++;
    b.sorted.clear();
    this.index(slot, undefined, obj);
  }

  /** Drops an object whose deletion is read back from disk at start. */
  restoreDelete(storageKey: string, namespace: string, name: string): void {
    const b = this.buckets.get(storageKey);
    const slot = b?.byNamespace.get(namespace)?.get(name);
    if (!b || !slot) return;
    this.index(slot, slot.current.obj, undefined);
    b.byNamespace.get(namespace)?.delete(name);
    b.count--;
    b.sorted.clear();
  }

  /** Sets the resourceVersion counter after loading from disk. */
  resumeAt(rv: number): void {
    this.rvCounter = Math.max(this.rvCounter, rv);
    this.cache.resetWindow(this.rvCounter);
  }

  /** Every stored entry, for snapshots. */
  *everything(): Iterable<Slot> {
    for (const b of this.buckets.values()) {
      for (const names of b.byNamespace.values()) yield* names.values();
    }
  }

  /** Parses a continue token made by a list of the same resource. */
  static decodeContinue(token: string): { rv: number; after: string } {
    try {
      const parsed = JSON.parse(Buffer.from(token, 'base64url').toString()) as {
        rv: number;
        after: string;
      };
      if (typeof parsed.rv !== 'number' || typeof parsed.after !== 'string')
        throw new Error('shape');
      return parsed;
    } catch {
      throw badRequest('continue key is not valid: illegal base64 data or malformed token');
    }
  }

  static encodeContinue(rv: number, after: string): string {
    return Buffer.from(JSON.stringify({ rv, after })).toString('base64url');
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function makeEntry(obj: KubeObject, rv: number): Entry {
  const json = JSON.stringify(obj);
  return { obj: deepFreeze(obj), json, rv };
}

/** `namespace/name` of a slot, the order lists and continue tokens use. */
export function slotKey(s: Pick<Slot, 'namespace' | 'name'>): string {
  return `${s.namespace}/${s.name}`;
}
