import { badRequest } from './errors';
import type { KubeObject, ObjectInput } from './object';
import {
  apiVersionOf,
  grKey,
  type ResourceRef,
  type ResourceRegistry,
  type ResourceType,
} from './resources';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { type Journal, StoreCore, slotKey } from './store-core';
import type {
  ApplyOptions,
  DeleteOptions,
  DeleteResult,
  Entry,
  ListOptions,
  ObjectList,
  PatchOptions,
  Slot,
  UpdateOptions,
  WatchEvent,
  WatchHandle,
  WatchOptions,
  WriteOptions,
} from './store-types';
import type { Delivery, Watcher } from './watch-cache';
import { deleteObject } from './deletion';
import { applyObject, patchObject } from './write-patch';
import { createObject, updateObject, type WriteContext, type WriteOutcome } from './writes';

export interface StoreSettings {
  registry: ResourceRegistry;
  journal?: Journal;
  /** How many committed events watches can resume from before 410 Gone. */
  eventWindow?: number;
  /** How often watches with allowWatchBookmarks get a BOOKMARK. */
  bookmarkIntervalMs?: number;
  startRv?: number;
}

/** The page of slots a list returns, before serialization. */
export interface ListPage {
  slots: Slot[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

const DEFAULT_MANAGER = 'ibnet-sim';

/**
 * In-process access to the cluster's objects with the API server's semantics and no
 * authentication: the same validation, defaults, resourceVersions, finalizers, managedFields and
 * watch events as HTTP clients get. Objects passed in are never kept; objects returned are fresh
 * copies the caller may change.
 *
 * Resources are named as kubectl does (`pods`, `deployments.apps`,
 * `sriovibnetworks.sriovnetwork.openshift.io`, a kind or short name), or `{apiVersion, kind}`.
 * Failures throw `ApiError`, whose `status` is the Status an HTTP client would get.
 */
export class Store {
  /** The storage layer the HTTP handlers share. */
  readonly core: StoreCore;
  readonly registry: ResourceRegistry;
  private readonly bookmarkIntervalMs: number;

  constructor(settings: StoreSettings) {
    this.registry = settings.registry;
    this.core = new StoreCore(
      settings.registry,
      settings.journal,
      settings.eventWindow ?? 10_000,
      settings.startRv ?? 0,
    );
    this.bookmarkIntervalMs = settings.bookmarkIntervalMs ?? 5_000;
  }

  /** The newest resourceVersion, as a list would report it. */
  get resourceVersion(): string {
    return String(this.core.rv);
  }

  /** The storage type for a resource name or kind; throws 404 for an unknown one. */
  resolve(ref: ResourceRef): ResourceType {
    return this.registry.resolve(ref);
  }

  /** Reads one object. Cluster-scoped resources ignore `namespace`. */
  async get<T = KubeObject>(ref: ResourceRef, name: string, namespace = ''): Promise<T> {
    const type = this.resolve(ref);
    return JSON.parse(this.core.mustSlot(type, namespace, name).current.json) as T;
  }

  /** Lists objects, optionally in one namespace, by selectors and in pages. */
  async list<T = KubeObject>(ref: ResourceRef, opts: ListOptions = {}): Promise<ObjectList<T>> {
    const type = this.resolve(ref);
    const page = this.page(type, opts);
    return {
      apiVersion: apiVersionOf(type),
      kind: type.listKind,
      metadata: {
        resourceVersion: page.resourceVersion,
        ...(page.continue ? { continue: page.continue } : {}),
        ...(page.remainingItemCount !== undefined
          ? { remainingItemCount: page.remainingItemCount }
          : {}),
      },
      items: page.slots.map((s) => JSON.parse(s.current.json) as T),
    };
  }

  /** One page of a list as slots; shared with the HTTP layer, which serializes from the cache. */
  page(type: ResourceType, opts: ListOptions): ListPage {
    const key = grKey(type);
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(opts.fieldSelector, key, type.custom);
    const namespace = type.namespaced ? opts.namespace || undefined : undefined;
    let all = this.core.select(key, namespace, labels, fields);
    let rv = this.core.rv;
    if (opts.continue) {
      const token = StoreCore.decodeContinue(opts.continue);
      rv = token.rv;
      all = all.filter((s) => slotKey(s) > token.after);
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : undefined;
    if (limit === undefined || all.length <= limit)
      return { slots: all, resourceVersion: String(rv) };
    const slots = all.slice(0, limit);
    const last = slots[slots.length - 1];
    return {
      slots,
      resourceVersion: String(rv),
      continue: last ? StoreCore.encodeContinue(rv, slotKey(last)) : undefined,
      ...(labels.length === 0 && fields.length === 0
        ? { remainingItemCount: all.length - limit }
        : {}),
    };
  }

  private context(opts: WriteOptions & { subresource?: string }): WriteContext {
    return {
      fieldManager: opts.fieldManager ?? DEFAULT_MANAGER,
      dryRun: opts.dryRun ?? false,
      fieldValidation: opts.fieldValidation ?? 'Ignore',
      ...(opts.subresource ? { subresource: opts.subresource } : {}),
    };
  }

  /** Runs a write and waits until it is committed (durable, and seen by watchers). */
  async commitWrite(run: () => WriteOutcome): Promise<WriteOutcome> {
    const outcome = run();
    await this.core.commit();
    return outcome;
  }

  private typeOf(obj: ObjectInput): ResourceType {
    if (!obj || typeof obj !== 'object' || !obj.apiVersion || !obj.kind) {
      throw badRequest("Object 'Kind' is missing in the object: set apiVersion and kind");
    }
    return this.resolve({ apiVersion: obj.apiVersion, kind: obj.kind });
  }

  /** Creates an object (its namespace comes from metadata.namespace). */
  async create<T extends ObjectInput>(obj: T, opts: WriteOptions = {}): Promise<T & KubeObject> {
    const type = this.typeOf(obj);
    const out = await this.commitWrite(() =>
      createObject(this.core, type, obj, obj.metadata.namespace, this.context(opts)),
    );
    return JSON.parse(out.entry.json) as T & KubeObject;
  }

  /** Replaces an object; `metadata.resourceVersion`, when set, must be current (409 otherwise). */
  async update<T extends ObjectInput>(obj: T, opts: UpdateOptions = {}): Promise<T & KubeObject> {
    const type = this.typeOf(obj);
    const slot = this.core.mustSlot(type, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
    const out = await this.commitWrite(() =>
      updateObject(this.core, type, slot, obj, this.context(opts)),
    );
    return JSON.parse(out.entry.json) as T & KubeObject;
  }

  /** Replaces only the status of an object (the status subresource). */
  async updateStatus<T extends ObjectInput>(
    obj: T,
    opts: WriteOptions = {},
  ): Promise<T & KubeObject> {
    return this.update(obj, { ...opts, subresource: 'status' });
  }

  /** Patches an object: merge, json, strategic (built-ins) or apply. */
  async patch<T = KubeObject>(
    ref: ResourceRef,
    name: string,
    patch: unknown,
    opts: PatchOptions,
  ): Promise<T> {
    const type = this.resolve(ref);
    const ctx = { ...this.context(opts), force: opts.force };
    const out = await this.commitWrite(() =>
      patchObject(this.core, type, opts.namespace ?? '', name, opts.type, patch, ctx),
    );
    return JSON.parse(out.entry.json) as T & KubeObject;
  }

  /** Server-side apply of a full or partial object under a field manager. */
  async apply<T extends ObjectInput>(obj: T, opts: ApplyOptions): Promise<T & KubeObject> {
    const type = this.typeOf(obj);
    const ctx = { ...this.context(opts), force: opts.force };
    const out = await this.commitWrite(() =>
      applyObject(this.core, type, obj.metadata.namespace ?? '', obj.metadata.name ?? '', obj, ctx),
    );
    return JSON.parse(out.entry.json) as T & KubeObject;
  }

  /**
   * Deletes an object. With finalizers (or a foreground/orphan policy) it is only marked with a
   * deletionTimestamp and goes once the last finalizer is removed. Dependents found through
   * ownerReferences are garbage collected in the background.
   */
  async delete<T = KubeObject>(
    ref: ResourceRef,
    name: string,
    opts: DeleteOptions = {},
  ): Promise<DeleteResult<T>> {
    const type = this.resolve(ref);
    const result = deleteObject(this.core, type, opts.namespace ?? '', name, opts);
    await this.core.commit();
    return { object: JSON.parse(result.entry.json) as T, deleted: result.deleted };
  }

  /** Deletes every object matching the selectors; returns what was deleted or marked. */
  async deleteCollection(
    ref: ResourceRef,
    opts: ListOptions & DeleteOptions = {},
  ): Promise<KubeObject[]> {
    const type = this.resolve(ref);
    const out: Entry[] = [];
    for (const s of this.page(type, { ...opts, limit: undefined, continue: undefined }).slots) {
      out.push(deleteObject(this.core, type, s.namespace, s.name, opts).entry);
    }
    await this.core.commit();
    return out.map((e) => JSON.parse(e.json) as KubeObject);
  }

  /**
   * Watches a resource. The handler gets ADDED/MODIFIED/DELETED (and BOOKMARK when asked) in
   * resourceVersion order; a start resourceVersion older than the event window throws 410 Gone.
   */
  watch<T = KubeObject>(
    ref: ResourceRef,
    opts: WatchOptions,
    handler: (event: WatchEvent<T>) => void,
  ): WatchHandle {
    const type = this.resolve(ref);
    const queue: WatchEvent<T>[] = [];
    let flushing = false;
    const flush = (): void => {
      flushing = false;
      for (const e of queue.splice(0)) handler(e);
    };
    const push = (e: WatchEvent<T>): void => {
      queue.push(e);
      if (!flushing) {
        flushing = true;
        queueMicrotask(flush);
      }
    };
    return this.watchEntries(type, opts, (d) => {
      if (d === 'bookmark' || d === 'initial-end') {
        push({ type: 'BOOKMARK', object: this.bookmark(type, d === 'initial-end') as T });
        return;
      }
      push({ type: d.type, object: JSON.parse(d.entry.json) as T });
    });
  }

  /** A BOOKMARK object carrying the newest dispatched resourceVersion. */
  bookmark(type: ResourceType, initialEventsEnd = false): KubeObject {
    return {
      kind: type.kind,
      apiVersion: apiVersionOf(type),
      metadata: {
        resourceVersion: String(this.core.cache.dispatchedRv),
        ...(initialEventsEnd ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}),
      },
    };
  }

  /** Watch plumbing shared with HTTP: delivers entries (serialized once) and bookmark ticks. */
  watchEntries(
    type: ResourceType,
    opts: WatchOptions,
    send: (d: Delivery | 'bookmark' | 'initial-end') => void,
    onClose?: () => void,
  ): WatchHandle {
    const key = grKey(type);
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(opts.fieldSelector, key, type.custom);
    const namespace = type.namespaced ? opts.namespace || undefined : undefined;
    const rvText = opts.resourceVersion ?? '';
    if (rvText !== '' && !/^\d+$/.test(rvText)) {
      throw badRequest(
        `invalid resource version: strconv.ParseUint: parsing "${rvText}": invalid syntax`,
      );
    }
    const fromRv = rvText === '' || rvText === '0' ? undefined : Number(rvText);

    let resolveDone = (): void => {};
    const done = new Promise<void>((r) => (resolveDone = r));
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const watcher: Watcher = {
      storageKey: key,
      namespace,
      labels,
      fields,
      startRv: fromRv ?? this.core.rv,
      send,
      close: () => stop(),
    };
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      this.core.cache.remove(watcher);
      onClose?.();
      resolveDone();
    };

    if (fromRv === undefined) {
      for (const s of this.core.select(key, namespace, labels, fields)) {
        send({ type: 'ADDED', entry: s.current, rv: s.current.rv });
      }
      if (opts.sendInitialEvents) send('initial-end');
    }
    this.core.cache.add(watcher, fromRv);
    if (opts.allowWatchBookmarks) {
      timer = setInterval(() => send('bookmark'), this.bookmarkIntervalMs);
      timer.unref();
    }
    return { stop, done };
  }
}
