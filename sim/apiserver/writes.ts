import { decodeFields, validateObject } from './admission';
import { type FieldContext, trackUpdate } from './apply';
import { generationChanged, prepareBuiltinForCreate, prepareBuiltinForUpdate } from './defaults';
import { alreadyExists, badRequest, conflict, forbidden, invalid, notFound } from './errors';
import { builtinListTypes, schemaListTypes } from './fieldset';
import {
  clone,
  deepEqual,
  generatedName,
  isPlainObject,
  type KubeObject,
  type ManagedFieldsEntry,
  newUid,
  nowTimestamp,
  removeKey,
} from './object';
import { apiVersionOf, grKey, groupResourceOf, type ResourceType } from './resources';
import type { StoreCore } from './store-core';
import type { Entry, FieldValidation, Slot } from './store-types';

export const CRD_KEY = 'customresourcedefinitions.apiextensions.k8s.io';
export const CRD_CLEANUP = 'customresourcecleanup.apiextensions.k8s.io';

/** Per-request write settings, filled from query parameters or in-process options. */
export interface WriteContext {
  fieldManager: string;
  dryRun: boolean;
  fieldValidation: FieldValidation;
  subresource?: string;
}

export interface WriteOutcome {
  entry: Entry;
  warnings: string[];
  /** True when the write created the object (201 over HTTP). */
  created: boolean;
}

function hasStatusSubresource(type: ResourceType): boolean {
  return type.subresources.some((s) => s.name === 'status');
}

export function fieldContext(type: ResourceType, subresource?: string): FieldContext {
  const statusOnly = subresource === 'status';
  return {
    gr: groupResourceOf(type),
    apiVersion: apiVersionOf(type),
    listTypes: type.custom ? schemaListTypes(type.schema) : builtinListTypes(grKey(type)),
    scope: statusOnly ? 'status' : hasStatusSubresource(type) ? 'main' : 'all',
    ...(statusOnly ? { subresource } : {}),
  };
}

/** An unstored entry for dry-run answers. */
export function dryEntry(obj: KubeObject): Entry {
  return { obj, json: JSON.stringify(obj), rv: Number(obj.metadata.resourceVersion ?? 0) };
}

export function checkTypeOf(obj: unknown, type: ResourceType): KubeObject {
  if (!isPlainObject(obj)) throw badRequest('the body of the request must be a JSON object');
  const o = obj as KubeObject;
  o.apiVersion ??= apiVersionOf(type);
  o.kind ??= type.kind;
  const sameGroup =
    o.apiVersion.split('/').length === (type.group ? 2 : 1) &&
    (type.group ? o.apiVersion.startsWith(`${type.group}/`) : true);
  if (o.kind !== type.kind || !sameGroup) {
    throw badRequest(
      `the API version in the data (${o.apiVersion}) does not match the expected API version (${apiVersionOf(type)})`,
    );
  }
  o.apiVersion = `${type.group ? `${type.group}/` : ''}${type.storageVersion}`;
  if (!isPlainObject(o.metadata)) o.metadata = {};
  return o;
}

/** NamespaceLifecycle admission: the namespace must exist and not be terminating. */
function admitNamespace(
  core: StoreCore,
  type: ResourceType,
  namespace: string,
  name: string,
): void {
  if (!type.namespaced) return;
  const ns = core.slot('namespaces', '', namespace);
  if (!ns) throw notFound({ group: '', resource: 'namespaces' }, namespace);
  if (ns.current.obj.metadata.deletionTimestamp) {
    const err = forbidden(
      groupResourceOf(type),
      name,
      `unable to create new content in namespace ${namespace} because it is being terminated`,
    );
    err.status.details = {
      ...err.status.details,
      causes: [
        {
          reason: 'NamespaceTerminating',
          message: `namespace ${namespace} is being terminated`,
          field: 'metadata.namespace',
        },
      ],
    };
    throw err;
  }
}

/** Creates an object (POST, or apply to a missing object when `managed` is given). */
export function createObject(
  core: StoreCore,
  type: ResourceType,
  body: unknown,
  namespace: string | undefined,
  ctx: WriteContext,
  managed?: ManagedFieldsEntry[],
): WriteOutcome {
  if (type.virtual) throw badRequest(`${type.kind} objects are not stored`);
  const obj = checkTypeOf(clone(body), type);
  const meta = obj.metadata;
  if (type.namespaced) {
    const ns = namespace ?? meta.namespace;
    if (!ns)
      throw badRequest('the server could not find the requested resource: a namespace is required');
    if (namespace && meta.namespace && meta.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    meta.namespace = ns;
  } else delete meta.namespace;

  const warnings = managed ? [] : decodeFields(obj, type, ctx.fieldValidation);
  if (!meta.name && meta.generateName) {
    for (let i = 0; i < 8; i++) {
      meta.name = generatedName(meta.generateName);
      if (!core.slot(grKey(type), meta.namespace ?? '', meta.name)) break;
    }
  }
  for (const field of [
    'uid',
    'resourceVersion',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'selfLink',
  ] as const) {
    removeKey(meta, field);
  }
  if (type.custom && hasStatusSubresource(type)) delete obj.status;
  if (!type.custom) prepareBuiltinForCreate(obj, grKey(type));

  validateObject(obj, type);
  admitNamespace(core, type, meta.namespace ?? '', meta.name ?? '');
  if (core.slot(grKey(type), meta.namespace ?? '', meta.name ?? '')) {
    throw alreadyExists(groupResourceOf(type), meta.name ?? '');
  }

  meta.uid = newUid();
  meta.creationTimestamp = nowTimestamp();
  meta.generation = 1;
  meta.managedFields =
    managed ?? trackUpdate(undefined, obj, ctx.fieldManager, fieldContext(type, ctx.subresource));
  if (meta.managedFields.length === 0) delete meta.managedFields;
  if (ctx.dryRun) return { entry: dryEntry(obj), warnings, created: true };
  return { entry: core.put(grKey(type), obj, 'ADDED'), warnings, created: true };
}

/** Whether an object marked for deletion has nothing left holding it. */
function readyToRemove(obj: KubeObject, storageKey: string): boolean {
  if (!obj.metadata.deletionTimestamp || (obj.metadata.finalizers?.length ?? 0) > 0) return false;
  if (storageKey === 'namespaces') {
    const spec = obj.spec as { finalizers?: string[] } | undefined;
    return (spec?.finalizers?.length ?? 0) === 0;
  }
  return true;
}

function withoutVolatile(obj: KubeObject): unknown {
  const { resourceVersion: _rv, managedFields, ...meta } = obj.metadata;
  return {
    ...obj,
    metadata: { ...meta, managedFields: managedFields?.map(({ time: _t, ...m }) => m) },
  };
}

/** Replaces an object (PUT, or the second half of patch and apply). */
export function updateObject(
  core: StoreCore,
  type: ResourceType,
  slot: Slot,
  body: unknown,
  ctx: WriteContext,
  managed?: ManagedFieldsEntry[],
): WriteOutcome {
  const old = slot.current.obj;
  const gr = groupResourceOf(type);
  const incoming = checkTypeOf(clone(body), type);
  if (incoming.metadata.name && incoming.metadata.name !== slot.name) {
    throw badRequest(
      `the name of the object (${incoming.metadata.name}) does not match the name on the URL (${slot.name})`,
    );
  }
  if (
    type.namespaced &&
    incoming.metadata.namespace &&
    incoming.metadata.namespace !== slot.namespace
  ) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  const rv = incoming.metadata.resourceVersion;
  if (rv && rv !== old.metadata.resourceVersion) throw conflict(gr, slot.name);
  if (incoming.metadata.uid && incoming.metadata.uid !== old.metadata.uid) {
    throw conflict(
      gr,
      slot.name,
      `Precondition failed: UID in precondition: ${incoming.metadata.uid}, UID in object meta: ${old.metadata.uid}`,
    );
  }
  const warnings = managed ? [] : decodeFields(incoming, type, ctx.fieldValidation);

  let next: KubeObject;
  if (ctx.subresource === 'status') {
    next = clone(old);
    if (incoming.status === undefined) delete next.status;
    else next.status = incoming.status;
  } else {
    next = incoming;
    if (hasStatusSubresource(type)) {
      if (old.status === undefined) delete next.status;
      else next.status = clone(old.status);
    }
    const m = next.metadata;
    m.name = slot.name;
    if (type.namespaced) m.namespace = slot.namespace;
    else delete m.namespace;
    m.uid = old.metadata.uid;
    m.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.deletionTimestamp) {
      m.deletionTimestamp = old.metadata.deletionTimestamp;
      m.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
      const added = (m.finalizers ?? []).filter(
        (f) => !(old.metadata.finalizers ?? []).includes(f),
      );
      if (added.length > 0) {
        throw invalid({ group: type.group, kind: type.kind }, slot.name, [
          {
            type: 'FieldValueForbidden',
            field: 'metadata.finalizers',
            detail: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
          },
        ]);
      }
    } else {
      delete m.deletionTimestamp;
      delete m.deletionGracePeriodSeconds;
    }
    if (!type.custom) prepareBuiltinForUpdate(next, grKey(type));
  }
  validateObject(next, type, old);

  next.metadata.generation =
    (old.metadata.generation ?? 1) + (generationChanged(old, next) ? 1 : 0);
  next.metadata.resourceVersion = old.metadata.resourceVersion;
  next.metadata.managedFields =
    managed ?? trackUpdate(old, next, ctx.fieldManager, fieldContext(type, ctx.subresource));
  if (next.metadata.managedFields.length === 0) delete next.metadata.managedFields;

  if (deepEqual(withoutVolatile(next), withoutVolatile(old))) {
    return { entry: slot.current, warnings, created: false };
  }
  if (ctx.dryRun) return { entry: dryEntry(next), warnings, created: false };
  if (readyToRemove(next, grKey(type))) {
    return { entry: core.remove(slot, next), warnings, created: false };
  }
  return { entry: core.put(grKey(type), next, 'MODIFIED'), warnings, created: false };
}
