import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { ApiError, badRequest } from './errors';
import { clone, deepEqual, isPlainObject, removeKey } from './object';

/** JSON merge patch (RFC 7386). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) removeKey(out, key);
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** JSON patch (RFC 6902); failures are 422 like kube-apiserver's. */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops))
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  try {
    return fastJsonPatch.applyPatch(clone(doc), ops as Operation[], true, true).newDocument;
  } catch (err) {
    const why = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
    throw new ApiError(
      422,
      'Invalid',
      'the server rejected our request due to an error in our request',
      {
        causes: [{ reason: 'UnexpectedServerResponse', message: why }],
      },
    );
  }
}

/** How a list merges under strategic merge patch. */
export interface ListStrategy {
  /** Items are maps merged by this key. */
  mergeKey?: string;
  /** A list of scalars merged as a set (`finalizers`). */
  primitive?: boolean;
}

const POD_SPEC: Record<string, ListStrategy> = {
  containers: { mergeKey: 'name' },
  initContainers: { mergeKey: 'name' },
  ephemeralContainers: { mergeKey: 'name' },
  volumes: { mergeKey: 'name' },
  imagePullSecrets: { mergeKey: 'name' },
  hostAliases: { mergeKey: 'ip' },
  'containers[].env': { mergeKey: 'name' },
  'containers[].ports': { mergeKey: 'containerPort' },
  'containers[].volumeMounts': { mergeKey: 'mountPath' },
  'containers[].volumeDevices': { mergeKey: 'devicePath' },
  'initContainers[].env': { mergeKey: 'name' },
  'initContainers[].ports': { mergeKey: 'containerPort' },
  'initContainers[].volumeMounts': { mergeKey: 'mountPath' },
};

const COMMON: Record<string, ListStrategy> = {
  'metadata.ownerReferences': { mergeKey: 'uid' },
  'metadata.finalizers': { primitive: true },
  'status.conditions': { mergeKey: 'type' },
};

function withPrefix(
  prefix: string,
  table: Record<string, ListStrategy>,
): Record<string, ListStrategy> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [`${prefix}${k}`, v]));
}

/** Patch strategies of the built-in lists kubectl touches, by storage key. */
const BY_RESOURCE: Record<string, Record<string, ListStrategy>> = {
  pods: { ...withPrefix('spec.', POD_SPEC) },
  'deployments.apps': withPrefix('spec.template.spec.', POD_SPEC),
  'daemonsets.apps': withPrefix('spec.template.spec.', POD_SPEC),
  services: { 'spec.ports': { mergeKey: 'port' } },
  nodes: { 'status.addresses': { mergeKey: 'type' } },
  namespaces: {},
};

export function listStrategy(storageKey: string, path: string): ListStrategy | undefined {
  return COMMON[path] ?? BY_RESOURCE[storageKey]?.[path];
}

const DELETE = Symbol('delete');

/**
 * Strategic merge patch for built-in kinds: lists merge by their patch merge keys, and the
 * `$patch`, `$setElementOrder`, `$deleteFromPrimitiveList` and `$retainKeys` directives apply.
 */
export function strategicMergePatch(
  original: unknown,
  patch: unknown,
  storageKey: string,
): unknown {
  if (!isPlainObject(patch)) throw badRequest('strategic merge patch must be a JSON object');
  const merged = mergeMap(isPlainObject(original) ? original : {}, patch, '', storageKey);
  return merged === DELETE ? {} : merged;
}

function mergeMap(
  original: Record<string, unknown>,
  patch: Record<string, unknown>,
  path: string,
  key: string,
): Record<string, unknown> | typeof DELETE {
  const directive = patch.$patch;
  if (directive === 'delete') return DELETE;
  if (directive === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return clone(rest);
  }
  const out: Record<string, unknown> = { ...original };

  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const k of Object.keys(out)) if (!retain.includes(k)) removeKey(out, k);
  }

  const orders: Record<string, unknown[]> = {};
  for (const [k, value] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith('$setElementOrder/')) {
      if (Array.isArray(value)) orders[k.slice('$setElementOrder/'.length)] = value;
      continue;
    }
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const list = out[field];
      if (Array.isArray(list) && Array.isArray(value)) {
        out[field] = list.filter((item) => !value.some((v) => deepEqual(v, item)));
      }
      continue;
    }
    const childPath = path ? `${path}.${k}` : k;
    if (value === null) {
      removeKey(out, k);
      continue;
    }
    const current = out[k];
    if (isPlainObject(value)) {
      const merged = mergeMap(isPlainObject(current) ? current : {}, value, childPath, key);
      if (merged === DELETE) removeKey(out, k);
      else out[k] = merged;
      continue;
    }
    if (Array.isArray(value)) {
      out[k] = mergeList(Array.isArray(current) ? current : [], value, childPath, key);
      continue;
    }
    out[k] = value;
  }

  for (const [field, order] of Object.entries(orders)) {
    const list = out[field];
    if (!Array.isArray(list)) continue;
    const strategy = listStrategy(key, path ? `${path}.${field}` : field);
    out[field] = reorder(list, order, strategy?.mergeKey);
  }
  return out;
}

function mergeList(original: unknown[], patch: unknown[], path: string, key: string): unknown[] {
  const strategy = listStrategy(key, path);
  if (!strategy) {
    return clone(patch.filter((p) => !(isPlainObject(p) && p.$patch !== undefined)));
  }
  if (strategy.primitive) {
    const out = [...original];
    for (const item of patch) if (!out.some((o) => deepEqual(o, item))) out.push(item);
    return out;
  }
  const mergeKey = strategy.mergeKey ?? 'name';
  if (patch.some((p) => isPlainObject(p) && p.$patch === 'replace')) {
    return clone(patch.filter((p) => !(isPlainObject(p) && p.$patch === 'replace')));
  }
  const out = [...original];
  const itemPath = `${path}[]`;
  for (const item of patch) {
    if (!isPlainObject(item)) {
      out.push(item);
      continue;
    }
    const index = out.findIndex((o) => isPlainObject(o) && deepEqual(o[mergeKey], item[mergeKey]));
    if (item.$patch === 'delete') {
      if (index >= 0) out.splice(index, 1);
      continue;
    }
    if (index < 0) {
      const merged = mergeMap({}, item, itemPath, key);
      if (merged !== DELETE) out.push(merged);
      continue;
    }
    const merged = mergeMap(out[index] as Record<string, unknown>, item, itemPath, key);
    if (merged === DELETE) out.splice(index, 1);
    else out[index] = merged;
  }
  return out;
}

function reorder(list: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  const identity = (v: unknown): unknown => (mergeKey && isPlainObject(v) ? v[mergeKey] : v);
  const rank = (v: unknown): number => {
    const i = order.findIndex((o) => deepEqual(identity(o), identity(v)));
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return list
    .map((v, i) => ({ v, i }))
    .sort((a, b) => rank(a.v) - rank(b.v) || a.i - b.i)
    .map((e) => e.v);
}
