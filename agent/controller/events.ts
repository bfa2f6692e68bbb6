import {
  type NetworkAttachmentDefinition,
  OWNER_REF_ANNOTATION,
  type SriovNetworkLike,
  objectKey,
} from '../../lib/model';
import { NETWORK_KINDS, networkFromOwnerRef, networkKey } from './keys';
import type { NamespaceObject, NetworkReconciler, ReconcilerCaches } from './reconciler';
import type { TargetIndex } from './target-index';

export interface EventWiring {
  caches: ReconcilerCaches;
  index: TargetIndex;
  reconciler: NetworkReconciler;
  /** Queues a network key (the controller drops it while it does not lead). */
  enqueue(key: string): void;
  /** A watch of `kind` failed; the informer retries on its own. */
  watchFailed(kind: string, err: unknown): void;
}

/**
 * Maps every informer event to the networks it concerns: a network's own changes; a NAD's
 * owner (from its owner-ref annotation) and any network that targets that NAD (adoption, a
 * foreign NAD gone); a namespace's networks when it appears, goes or starts terminating.
 */
export function wireEvents(w: EventWiring): void {
  for (const kind of NETWORK_KINDS) {
    const keyOf = (n: SriovNetworkLike) =>
      networkKey({ kind, namespace: n.metadata.namespace ?? '', name: n.metadata.name ?? '' });
    const changed = (n: SriovNetworkLike) => {
      const key = keyOf(n);
      w.index.set(key, n);
      w.enqueue(key);
    };
    w.caches.networks[kind].on({
      onAdd: changed,
      onUpdate: changed,
      onDelete: (n) => {
        const key = keyOf(n);
        w.index.set(key, undefined);
        w.reconciler.networkWrites.observeDeleted(key, n);
        w.enqueue(key);
      },
      onError: (err) => w.watchFailed(kind, err),
    });
  }

  const nadChanged = (nad: NetworkAttachmentDefinition) => {
    const owner = networkFromOwnerRef(nad.metadata.annotations?.[OWNER_REF_ANNOTATION]);
    if (owner) w.enqueue(networkKey(owner));
    for (const key of w.index.networksForNad(objectKey(nad))) w.enqueue(key);
  };
  w.caches.nads.on({
    onAdd: nadChanged,
    onUpdate: nadChanged,
    onDelete: (nad) => {
      w.reconciler.nadWrites.observeDeleted(objectKey(nad), nad);
      nadChanged(nad);
    },
    onError: (err) => w.watchFailed('NetworkAttachmentDefinition', err),
  });

  const namespaceChanged = (ns: NamespaceObject) => {
    for (const key of w.index.networksInNamespace(ns.metadata.name ?? '')) w.enqueue(key);
  };
  w.caches.namespaces.on({
    onAdd: namespaceChanged,
    onUpdate: (ns, old) => {
      const terminating = ns.metadata.deletionTimestamp !== old.metadata.deletionTimestamp;
      if (terminating || ns.status?.phase !== old.status?.phase) namespaceChanged(ns);
    },
    onDelete: namespaceChanged,
    onError: (err) => w.watchFailed('Namespace', err),
  });
}
