import { serverSideApply } from './apply';
import { badRequest, conflict, invalid, notFound, unsupportedMediaType } from './errors';
import { clone, isPlainObject } from './object';
import { applyJsonPatch, mergePatch, strategicMergePatch } from './patch';
import { grKey, groupResourceOf, type ResourceType } from './resources';
import type { StoreCore } from './store-core';
import type { PatchType } from './store-types';
import { decodeFields } from './admission';
import {
  checkTypeOf,
  createObject,
  fieldContext,
  updateObject,
  type WriteContext,
  type WriteOutcome,
} from './writes';

/** PATCH with a merge, JSON or strategic patch, or server-side apply. */
export function patchObject(
  core: StoreCore,
  type: ResourceType,
  namespace: string,
  name: string,
  patchType: PatchType,
  patch: unknown,
  ctx: WriteContext & { force?: boolean },
): WriteOutcome {
  if (patchType === 'apply') return applyObject(core, type, namespace, name, patch, ctx);
  if (patchType === 'strategic' && type.custom) {
    throw unsupportedMediaType('application/strategic-merge-patch+json', [
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
    ]);
  }
  const slot = core.mustSlot(type, namespace, name);
  // Stored objects are frozen; patch a private copy.
  const current = clone(slot.current.obj);
  let patched: unknown;
  if (patchType === 'merge') {
    if (!isPlainObject(patch))
      throw badRequest('json: cannot unmarshal into a JSON object: merge patch must be an object');
    patched = mergePatch(current, patch);
  } else if (patchType === 'json') {
    patched = applyJsonPatch(current, patch);
  } else {
    patched = strategicMergePatch(current, patch, grKey(type));
  }
  if (!isPlainObject(patched))
    throw badRequest('the patch produced something other than an object');
  const meta = (patched.metadata ?? {}) as Record<string, unknown>;
  const askedRv =
    isPlainObject(patch) && isPlainObject(patch.metadata)
      ? patch.metadata.resourceVersion
      : undefined;
  if (askedRv === undefined) meta.resourceVersion = current.metadata.resourceVersion;
  patched.metadata = meta;
  return updateObject(core, type, slot, patched, ctx);
}

/** Server-side apply: creates or merges, tracking ownership per field manager. */
export function applyObject(
  core: StoreCore,
  type: ResourceType,
  namespace: string,
  name: string,
  body: unknown,
  ctx: WriteContext & { force?: boolean },
): WriteOutcome {
  if (!ctx.fieldManager) {
    throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [
      {
        type: 'FieldValueRequired',
        field: 'fieldManager',
        detail: 'Required value: is required for apply patch',
      },
    ]);
  }
  const applied = checkTypeOf(clone(body), type);
  if (applied.metadata.name && applied.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  applied.metadata.name = name;
  if (type.namespaced) {
    if (applied.metadata.namespace && applied.metadata.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    applied.metadata.namespace = namespace;
  }
  const warnings = decodeFields(applied, type, ctx.fieldValidation);
  const slot = core.slot(grKey(type), type.namespaced ? namespace : '', name);
  const fctx = fieldContext(type, ctx.subresource);
  if (!slot) {
    if (ctx.subresource) throw notFound(groupResourceOf(type), name);
    const merged = serverSideApply(undefined, applied, ctx.fieldManager, Boolean(ctx.force), fctx);
    const out = createObject(
      core,
      type,
      merged,
      namespace,
      ctx,
      merged.metadata.managedFields ?? [],
    );
    return { ...out, warnings };
  }
  const live = slot.current.obj;
  if (
    applied.metadata.resourceVersion &&
    applied.metadata.resourceVersion !== live.metadata.resourceVersion
  ) {
    throw conflict(groupResourceOf(type), name);
  }
  const merged = serverSideApply(live, applied, ctx.fieldManager, Boolean(ctx.force), fctx);
  merged.metadata.resourceVersion = live.metadata.resourceVersion;
  const out = updateObject(core, type, slot, merged, ctx, merged.metadata.managedFields ?? []);
  return { ...out, warnings };
}
