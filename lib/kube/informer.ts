import { type KubeObject, objectKey } from '../model/meta';
import type { KubeClient } from './client';
import { isGone } from './errors';
import type { ResourceRef } from './resources';
import { type Backoff, DEFAULT_BACKOFF, backoffDelay, sleep } from './retry';
import type { WatchHandle } from './watch-stream';

export interface InformerHandlers<T> {
  onAdd?(obj: T): void;
  onUpdate?(obj: T, old: T): void;
  onDelete?(obj: T): void;
  /** After each (re)list has been folded into the cache. */
  onSynced?(): void;
  /** A watch or list failed; the informer keeps trying. */
  onError?(err: unknown): void;
}

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Server-side watch timeout; the informer re-watches from the last resourceVersion. */
  watchTimeoutSeconds?: number;
  backoff?: Backoff;
}

/**
 * Keeps a local copy of a collection current: list, then watch from the list's resourceVersion,
 * resume from the last seen version when a stream ends, relist on 410 Gone, and back off on
 * errors. Handlers see every change exactly once in order; a relist reports only real differences.
 */
export class Informer<T extends KubeObject> {
  private readonly cache = new Map<string, T>();
  private readonly handlers: InformerHandlers<T>[] = [];
  private resourceVersion = '';
  private current?: WatchHandle;
  private stopped = false;
  private loop?: Promise<void>;
  private firstSync?: { resolve: () => void; reject: (err: unknown) => void };
  synced = false;

  constructor(
    private readonly client: KubeClient,
    readonly ref: ResourceRef,
    private readonly opts: InformerOptions = {},
  ) {}

  on(handlers: InformerHandlers<T>): this {
    this.handlers.push(handlers);
    return this;
  }

  /** Starts the loop; resolves once the first list is in the cache. */
  start(): Promise<void> {
    if (this.loop) throw new Error('informer already started');
    const first = new Promise<void>((resolve, reject) => (this.firstSync = { resolve, reject }));
    this.loop = this.run();
    return first;
  }

  stop(): void {
    this.stopped = true;
    this.current?.stop();
    this.firstSync?.reject(new Error('informer stopped before its first sync'));
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  /** The resourceVersion the cache reflects. */
  get lastResourceVersion(): string {
    return this.resourceVersion;
  }

  private emit<K extends keyof InformerHandlers<T>>(
    kind: K,
    ...args: Parameters<NonNullable<InformerHandlers<T>[K]>>
  ): void {
    for (const h of this.handlers) (h[kind] as ((...a: unknown[]) => void) | undefined)?.(...args);
  }

  private async run(): Promise<void> {
    let failures = 0;
    let needList = true;
    while (!this.stopped) {
      try {
        if (needList) {
          await this.relist();
          needList = false;
        }
        await this.watchOnce();
        failures = 0;
      } catch (err) {
        if (this.stopped) break;
        // A 410 means our resourceVersion left the server's window: only a relist recovers.
        if (isGone(err)) needList = true;
        else {
          this.emit('onError', err);
          await sleep(backoffDelay(failures++, this.opts.backoff ?? DEFAULT_BACKOFF)).catch(
            () => {},
          );
          needList = needList || failures > 3;
        }
      }
    }
  }

  private async relist(): Promise<void> {
    const list = await this.client.listAll<T>(this.ref, {
      namespace: this.opts.namespace,
      labelSelector: this.opts.labelSelector,
      fieldSelector: this.opts.fieldSelector,
    });
    const seen = new Set<string>();
    for (const item of list.items) {
      const obj = {
        ...item,
        apiVersion: item.apiVersion ?? list.apiVersion,
        kind: item.kind ?? this.ref.kind,
      };
      const key = objectKey(obj);
      seen.add(key);
      this.upsert(key, obj);
    }
    for (const [key, old] of [...this.cache]) {
      if (seen.has(key)) continue;
      this.cache.delete(key);
      this.emit('onDelete', old);
    }
    this.resourceVersion = list.metadata.resourceVersion ?? '';
    this.synced = true;
    this.emit('onSynced');
    this.firstSync?.resolve();
    this.firstSync = undefined;
  }

  private upsert(key: string, obj: T): void {
    const old = this.cache.get(key);
    this.cache.set(key, obj);
    if (!old) this.emit('onAdd', obj);
    else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion)
      this.emit('onUpdate', obj, old);
  }

  private async watchOnce(): Promise<void> {
    // stop() during a relist must not open a watch that nobody will ever stop.
    if (this.stopped) return;
    const handle = this.client.watch<T>(
      this.ref,
      {
        namespace: this.opts.namespace,
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: this.opts.watchTimeoutSeconds ?? 300,
      },
      (event) => {
        const rv = event.object.metadata.resourceVersion;
        if (event.type === 'BOOKMARK') {
          if (rv) this.resourceVersion = rv;
          return;
        }
        const key = objectKey(event.object);
        if (event.type === 'DELETED') {
          const old = this.cache.get(key);
          this.cache.delete(key);
          this.emit('onDelete', old ?? event.object);
        } else {
          this.upsert(key, event.object);
        }
        if (rv) this.resourceVersion = rv;
      },
    );
    this.current = handle;
    await handle.done;
  }
}
