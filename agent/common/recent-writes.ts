import type { KubeObject } from '../../lib/model';

interface Written<T> {
  /** The object as the server returned it, or undefined for a delete. */
  obj?: T;
  rv: number;
  at: number;
}

/**
 * Read-your-writes over an informer cache. A controller that has just written an object knows its
 * new state before the watch event arrives; reading the stale cached copy in the meantime would
 * make it write again (a second status update, an AlreadyExists on create). `resolve()` returns
 * whichever is newer, the cached copy or the last write, and forgets a write once the cache has
 * caught up or after `maxAgeMs`.
 *
 * NOTE: resourceVersions are opaque by contract; the API server (etcd) makes them increasing
 * integers, which this relies on. Any other form is simply not recorded, and the cache is used.
 */
export class RecentWrites<T extends KubeObject> {
  private readonly writes = new Map<string, Written<T>>();

  constructor(private readonly maxAgeMs = 30_000) {}

  /** Records an object returned by a create, update or patch. */
  wrote(key: string, obj: T): void {
    const rv = numericRv(obj);
    if (rv !== undefined) this.writes.set(key, { obj, rv, at: Date.now() });
  }

  /** Records a delete; `rv` is the resourceVersion of the object that was deleted, if known. */
  deleted(key: string, obj?: T): void {
    const rv = obj ? numericRv(obj) : undefined;
    this.writes.set(key, { rv: rv ?? 0, at: Date.now() });
  }

  /** Feed every informer DELETED event here: a deletion newer than our write wins. */
  observeDeleted(key: string, obj: T): void {
    const w = this.writes.get(key);
    const rv = numericRv(obj);
    if (w && (rv === undefined || rv >= w.rv)) this.writes.delete(key);
  }

  /** The freshest known state of `key`: undefined when it does not exist (as far as we know). */
  resolve(key: string, cached: T | undefined): T | undefined {
    const w = this.writes.get(key);
    if (!w) return cached;
    if (Date.now() - w.at > this.maxAgeMs) {
      this.writes.delete(key);
      return cached;
    }
    const cachedRv = cached ? numericRv(cached) : undefined;
    if (w.obj) {
      if (cached && (cachedRv === undefined || cachedRv >= w.rv)) {
        this.writes.delete(key);
        return cached;
      }
      return w.obj;
    }
    // Our delete: the cached copy is stale unless it is a newer object (re-created since).
    if (!cached) {
      this.writes.delete(key);
      return undefined;
    }
    if (cachedRv !== undefined && cachedRv > w.rv && w.rv > 0) {
      this.writes.delete(key);
      return cached;
    }
    return undefined;
  }

  get size(): number {
    return this.writes.size;
  }
}

function numericRv(obj: KubeObject): number | undefined {
  const rv = obj.metadata.resourceVersion;
  if (!rv || !/^\d+$/.test(rv)) return undefined;
  return Number(rv);
}
