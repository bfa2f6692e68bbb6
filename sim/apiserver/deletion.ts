import { conflict, invalid } from './errors';
import { clone, deepEqual, isPlainObject, nowTimestamp } from './object';
import { grKey, groupResourceOf, type ResourceType } from './resources';
import type { StoreCore } from './store-core';
import type { DeleteOptions, Entry } from './store-types';
import { CRD_CLEANUP, CRD_KEY, dryEntry } from './writes';

/**
 * DELETE: removes the object, or marks it (deletionTimestamp) while finalizers remain; the
 * propagation policy adds the garbage collector's `foregroundDeletion` or `orphan` finalizer.
 */
export function deleteObject(
  core: StoreCore,
  type: ResourceType,
  namespace: string,
  name: string,
  opts: DeleteOptions,
): { entry: Entry; deleted: boolean } {
  const gr = groupResourceOf(type);
  const slot = core.mustSlot(type, namespace, name);
  const old = slot.current.obj;
  const pre = opts.preconditions ?? {};
  if (pre.uid && pre.uid !== old.metadata.uid) {
    throw conflict(
      gr,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`,
    );
  }
  if (pre.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
    throw conflict(
      gr,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
    );
  }
  const policy = opts.propagationPolicy ?? 'Background';
  if (!['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [
      {
        type: 'FieldValueNotSupported',
        field: 'propagationPolicy',
        detail: `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`,
      },
    ]);
  }
  const next = clone(old);
  const finalizers = [...(next.metadata.finalizers ?? [])];
  const gcFinalizer =
    policy === 'Foreground' ? 'foregroundDeletion' : policy === 'Orphan' ? 'orphan' : undefined;
  if (gcFinalizer && !finalizers.includes(gcFinalizer)) finalizers.push(gcFinalizer);
  const key = grKey(type);
  // As apiextensions does: a CRD goes only after its custom resources are cleaned up.
  if (key === CRD_KEY && !old.metadata.deletionTimestamp && !finalizers.includes(CRD_CLEANUP)) {
    finalizers.push(CRD_CLEANUP);
  }
  const nsFinalizers =
    key === 'namespaces'
      ? ((next.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [])
      : [];

  if (finalizers.length === 0 && nsFinalizers.length === 0) {
    if (opts.dryRun) return { entry: slot.current, deleted: true };
    return { entry: core.remove(slot, next), deleted: true };
  }
  const alreadyDeleting = Boolean(old.metadata.deletionTimestamp);
  if (finalizers.length > 0) next.metadata.finalizers = finalizers;
  if (!alreadyDeleting) {
    next.metadata.deletionTimestamp = nowTimestamp();
    next.metadata.deletionGracePeriodSeconds = 0;
    next.metadata.generation = (old.metadata.generation ?? 1) + 1;
  }
  if (key === 'namespaces')
    next.status = { ...(isPlainObject(next.status) ? next.status : {}), phase: 'Terminating' };
  if (deepEqual(next, old)) return { entry: slot.current, deleted: false };
  if (opts.dryRun) return { entry: dryEntry(next), deleted: false };
  return { entry: core.put(key, next, 'MODIFIED'), deleted: false };
}
