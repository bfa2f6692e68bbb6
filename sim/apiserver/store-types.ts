import type { KubeObject } from './object';
import type { ResourceRef } from './resources';

/** One stored version of an object: frozen parsed JSON plus its serialized form, made once. */
export interface Entry {
  readonly obj: KubeObject;
  readonly json: string;
  readonly rv: number;
}

/** Where an object lives; its current entry changes with every write. */
export interface Slot {
  readonly storageKey: string;
  readonly namespace: string;
  readonly name: string;
  current: Entry;
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A committed change, as the watch window keeps it. */
export interface StoreEvent {
  type: EventType;
  rv: number;
  storageKey: string;
  namespace: string;
  entry: Entry;
  /** The entry before the change (MODIFIED and DELETED). */
  prev?: Entry;
}

/** How a list or watch narrows what it returns. */
export interface SelectOptions {
  /** Limit to one namespace; omit for all namespaces (or cluster-scoped resources). */
  namespace?: string;
  /** kube label selector syntax: `app=x,tier in (a,b),!legacy`. */
  labelSelector?: string;
  /** kube field selector syntax: `metadata.name=x,status.phase!=Running`. */
  fieldSelector?: string;
}

export interface ListOptions extends SelectOptions {
  /** Page size; the returned `metadata.continue` fetches the next page. */
  limit?: number;
  continue?: string;
}

/** A list as the API returns it. */
export interface ObjectList<T = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

/** Server-side field validation, as the `fieldValidation` query parameter. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  /** Validate and admit but do not persist (`dryRun=All`). */
  dryRun?: boolean;
  /** Who is writing, as recorded in managedFields. Defaults to `ibnet-sim`. */
  fieldManager?: string;
  /** What to do with fields the schema does not know. Defaults to `Ignore` in-process. */
  fieldValidation?: FieldValidation;
}

export interface UpdateOptions extends WriteOptions {
  /** `status` to write through the status subresource (only status changes are kept). */
  subresource?: 'status';
}

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export interface PatchOptions extends UpdateOptions {
  namespace?: string;
  /** merge (RFC 7386), json (RFC 6902), strategic (built-ins only) or apply (server-side apply). */
  type: PatchType;
  /** Server-side apply only: take over fields other managers own. */
  force?: boolean;
}

export interface ApplyOptions extends UpdateOptions {
  /** Required for apply, as for the API. */
  fieldManager: string;
  force?: boolean;
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  namespace?: string;
  dryRun?: boolean;
  /** What happens to dependents (ownerReferences): deleted after, before, or left. */
  propagationPolicy?: PropagationPolicy;
  preconditions?: { resourceVersion?: string; uid?: string };
  /** Accepted for compatibility; objects are deleted at once (no kubelet grace period). */
  gracePeriodSeconds?: number;
}

export interface WatchOptions extends SelectOptions {
  /**
   * Where to start: omitted, "" or "0" sends ADDED for every current object first; a number
   * sends the changes after it, or fails with 410 Gone when it is older than the event window.
   */
  resourceVersion?: string;
  /** Send BOOKMARK events periodically with the latest resourceVersion. */
  allowWatchBookmarks?: boolean;
  /** With resourceVersion "" or "0": end the initial ADDED events with a bookmark. */
  sendInitialEvents?: boolean;
}

/** A watch event as in-process watchers receive it (objects are fresh copies). */
export interface WatchEvent<T = KubeObject> {
  type: EventType | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** A running watch; `stop()` ends it and resolves `done`. */
export interface WatchHandle {
  stop(): void;
  readonly done: Promise<void>;
}

/** What a delete did: removed at once, or marked for deletion while finalizers remain. */
export interface DeleteResult<T = KubeObject> {
  object: T;
  /** False while finalizers (or a Terminating namespace's content) hold the object. */
  deleted: boolean;
}

export type { ResourceRef };
