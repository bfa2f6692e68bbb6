import type { KubeObject } from '../../lib/model';
import type { Store } from '../apiserver/store';
import type { ResourceRef, WatchHandle } from '../apiserver/store-types';

export type CacheEvent<T> = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T; old?: T };

/**
 * An in-process informer: the objects of one resource as the watch delivers them, keyed by
 * `namespace/name`, with listeners called after the cache has taken each change.
 */
export class ObjectCache<T extends KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly listeners = new Set<(e: CacheEvent<T>) => void>();
  private handle?: WatchHandle;

  constructor(
    private readonly store: Store,
    private readonly ref: ResourceRef,
    private readonly namespace?: string,
  ) {}

  /** Starts watching; the current objects arrive as ADDED events before this resolves. */
  async start(): Promise<void> {
    const initial = await this.store.list<T>(this.ref, { namespace: this.namespace });
    for (const obj of initial.items) this.items.set(keyOf(obj), obj);
    this.handle = this.store.watch<T>(
      this.ref,
      { namespace: this.namespace, resourceVersion: initial.metadata.resourceVersion },
      (e) => {
        if (e.type !== 'ADDED' && e.type !== 'MODIFIED' && e.type !== 'DELETED') return;
        const key = keyOf(e.object);
        const old = this.items.get(key);
        if (e.type === 'DELETED') this.items.delete(key);
        else this.items.set(key, e.object);
        for (const l of this.listeners) l({ type: e.type, object: e.object, old });
      },
    );
  }

  stop(): void {
    this.handle?.stop();
  }

  get(namespace: string, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  on(listener: (e: CacheEvent<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function keyOf(obj: KubeObject): string {
  const { namespace, name = '' } = obj.metadata;
  return namespace ? `${namespace}/${name}` : name;
}
