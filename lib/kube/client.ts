import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../model/meta';
import { type ResourceRef, apiVersionOfRef, resourcePath } from './resources';
import { withRetries } from './retry';
import { type Identity, Transport } from './transport';
import { type WatchEvent, type WatchHandle, type WatchOptions, openWatch } from './watch-stream';

export interface KubeList<T> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface WriteOptions {
  /** Server-side dry run: validated and admitted, never stored. */
  dryRun?: boolean;
  fieldManager?: string;
  subresource?: 'status';
}

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /** Delete only if the object still has this resourceVersion (or uid). */
  preconditions?: { resourceVersion?: string; uid?: string };
}

/**
 * Typed access to one API server as one identity. Reads retry transient failures; writes do not
 * (a controller's work queue or a person decides whether to try again).
 */
export class KubeClient {
  constructor(
    readonly transport: Transport,
    readonly identity?: Identity,
  ) {}

  static async fromKubeConfig(kc: KubeConfig, userAgent = 'ibnet'): Promise<KubeClient> {
    return new KubeClient(await Transport.fromKubeConfig(kc, userAgent));
  }

  /** The same connection acting as someone else: the console's per-user client. */
  as(identity: Identity): KubeClient {
    return new KubeClient(this.transport, identity);
  }

  async get<T extends KubeObject>(ref: ResourceRef, name: string, namespace?: string): Promise<T> {
    const path = resourcePath(ref, { namespace, name });
    return withRetries(() => this.transport.request<T>('GET', path, this.identity));
  }

  async list<T extends KubeObject>(ref: ResourceRef, opts: ListOptions = {}): Promise<KubeList<T>> {
    const path = resourcePath(ref, { namespace: opts.namespace });
    const query = {
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
      limit: opts.limit,
      continue: opts.continue,
      resourceVersion: opts.resourceVersion,
    };
    return withRetries(() =>
      this.transport.request<KubeList<T>>('GET', path, this.identity, { query }),
    );
  }

  /** Lists every page of a collection. */
  async listAll<T extends KubeObject>(
    ref: ResourceRef,
    opts: ListOptions = {},
  ): Promise<KubeList<T>> {
    const first = await this.list<T>(ref, { limit: 500, ...opts });
    let page = first;
    while (page.metadata.continue) {
      page = await this.list<T>(ref, {
        ...opts,
        limit: opts.limit ?? 500,
        continue: page.metadata.continue,
      });
      first.items.push(...page.items);
    }
    return { ...first, metadata: { resourceVersion: page.metadata.resourceVersion } };
  }

  async create<T extends KubeObject>(
    ref: ResourceRef,
    obj: T,
    opts: WriteOptions = {},
  ): Promise<T> {
    const path = resourcePath(ref, { namespace: obj.metadata.namespace });
    const body = { ...obj, apiVersion: apiVersionOfRef(ref), kind: ref.kind };
    return this.transport.request<T>('POST', path, this.identity, {
      body,
      query: writeQuery(opts),
    });
  }

  /** PUT: fails with 409 Conflict when `obj.metadata.resourceVersion` is stale. */
  async replace<T extends KubeObject>(
    ref: ResourceRef,
    obj: T,
    opts: WriteOptions = {},
  ): Promise<T> {
    const path = resourcePath(ref, {
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      subresource: opts.subresource,
    });
    return this.transport.request<T>('PUT', path, this.identity, {
      body: obj,
      query: writeQuery(opts),
    });
  }

  async patch<T extends KubeObject>(
    ref: ResourceRef,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    type: PatchType,
    opts: WriteOptions & { force?: boolean } = {},
  ): Promise<T> {
    const path = resourcePath(ref, { namespace, name, subresource: opts.subresource });
    const query = { ...writeQuery(opts), force: opts.force || undefined };
    return this.transport.request<T>('PATCH', path, this.identity, {
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
      query,
    });
  }

  async delete(
    ref: ResourceRef,
    name: string,
    namespace?: string,
    opts: DeleteOptions = {},
  ): Promise<unknown> {
    const path = resourcePath(ref, { namespace, name });
    const body = {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      propagationPolicy: opts.propagationPolicy,
      preconditions: opts.preconditions,
    };
    return this.transport.request('DELETE', path, this.identity, {
      body,
      query: { dryRun: opts.dryRun ? 'All' : undefined },
    });
  }

  /** Opens one watch stream; see ListWatch for the list-then-watch loop that survives 410s. */
  watch<T extends KubeObject>(
    ref: ResourceRef,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
  ): WatchHandle {
    return openWatch(this.transport, this.identity, ref, opts, onEvent);
  }
}

function writeQuery(opts: WriteOptions): Record<string, string | undefined> {
  return { dryRun: opts.dryRun ? 'All' : undefined, fieldManager: opts.fieldManager };
}
