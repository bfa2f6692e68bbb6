import { ApiError, type GroupResource } from './errors';
import {
  fieldsOf,
  fromFieldsV1,
  type ListTypeOf,
  printablePath,
  removeAt,
  type Scope,
  SEP,
  toFieldsV1,
  valueAt,
} from './fieldset';
import {
  clone,
  deepEqual,
  isPlainObject,
  type KubeObject,
  type ManagedFieldsEntry,
  nowTimestamp,
} from './object';

/** Everything apply and update tracking need to know about the resource being written. */
export interface FieldContext {
  gr: GroupResource;
  apiVersion: string;
  listTypes: ListTypeOf;
  /** Which part of the object the request may touch. */
  scope: Scope;
  /** `status` for writes through the status subresource. */
  subresource?: string;
}

interface Owner {
  entry: ManagedFieldsEntry;
  set: Set<string>;
}

function owners(obj: KubeObject | undefined): Owner[] {
  return (obj?.metadata.managedFields ?? []).map((entry) => ({
    entry: { ...entry },
    set: fromFieldsV1(entry.fieldsV1),
  }));
}

function sameSlot(
  e: ManagedFieldsEntry,
  manager: string,
  operation: string,
  subresource?: string,
): boolean {
  return (
    e.manager === manager &&
    e.operation === operation &&
    (e.subresource ?? '') === (subresource ?? '')
  );
}

function render(list: Owner[], touched: Set<Owner>): ManagedFieldsEntry[] {
  const now = nowTimestamp();
  return list
    .filter((o) => o.set.size > 0)
    .map((o) => ({
      ...o.entry,
      ...(touched.has(o) ? { time: now } : {}),
      fieldsType: 'FieldsV1' as const,
      fieldsV1: toFieldsV1(o.set),
    }));
}

/**
 * Records a non-apply write (create, update, patch) in managedFields: the manager takes the fields
 * it changed, other managers lose them, and removed fields are forgotten by everyone.
 */
export function trackUpdate(
  oldObj: KubeObject | undefined,
  newObj: KubeObject,
  manager: string,
  ctx: FieldContext,
): ManagedFieldsEntry[] {
  const list = owners(oldObj);
  const oldSet = oldObj ? fieldsOf(oldObj, ctx.listTypes, 'all') : new Set<string>();
  const newSet = fieldsOf(newObj, ctx.listTypes, 'all');
  const changed = new Set<string>();
  for (const p of fieldsOf(newObj, ctx.listTypes, ctx.scope)) {
    if (!oldSet.has(p) || !deepEqual(valueAt(oldObj, p), valueAt(newObj, p))) changed.add(p);
  }
  const touched = new Set<Owner>();
  for (const o of list) {
    for (const p of [...o.set]) {
      if (!newSet.has(p)) o.set.delete(p);
    }
    if (sameSlot(o.entry, manager, 'Update', ctx.subresource)) continue;
    for (const p of changed) o.set.delete(p);
  }
  if (changed.size > 0) {
    let mine = list.find((o) => sameSlot(o.entry, manager, 'Update', ctx.subresource));
    if (!mine) {
      mine = {
        entry: {
          manager,
          operation: 'Update',
          apiVersion: ctx.apiVersion,
          fieldsType: 'FieldsV1',
          fieldsV1: {},
          ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
        },
        set: new Set(),
      };
      list.push(mine);
    }
    for (const p of changed) mine.set.add(p);
    mine.entry.apiVersion = ctx.apiVersion;
    touched.add(mine);
  }
  return render(list, touched);
}

/** Merges an applied configuration into a live object: maps merge, keyed lists merge by key. */
function mergeApplied(
  live: unknown,
  applied: unknown,
  path: string[],
  listTypes: ListTypeOf,
): unknown {
  if (isPlainObject(applied)) {
    const out: Record<string, unknown> = isPlainObject(live) ? { ...live } : {};
    for (const [k, v] of Object.entries(applied)) {
      out[k] = mergeApplied(out[k], v, [...path, `f:${k}`], listTypes);
    }
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const listType = listTypes(path);
    if (listType.type === 'map') {
      const out = [...live];
      for (const item of applied) {
        if (!isPlainObject(item)) continue;
        const index = out.findIndex(
          (o) => isPlainObject(o) && listType.keys.every((k) => deepEqual(o[k], item[k])),
        );
        if (index < 0) out.push(clone(item));
        else out[index] = mergeApplied(out[index], item, [...path, 'k:'], listTypes);
      }
      return out;
    }
    if (listType.type === 'set') {
      const out = [...live];
      for (const item of applied) if (!out.some((o) => deepEqual(o, item))) out.push(item);
      return out;
    }
  }
  return clone(applied);
}

/** Removes a map or list left empty by pruning a manager's former fields. */
function dropEmptyParents(obj: unknown, path: string): void {
  const elements = path.split(SEP);
  while (elements.length > 1) {
    elements.pop();
    const parentPath = elements.join(SEP);
    const v = valueAt(obj, parentPath);
    const empty =
      (isPlainObject(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0);
    if (!empty || (elements[0] === 'f:metadata' && elements.length === 1)) return;
    removeAt(obj, parentPath);
  }
}

/**
 * Server-side apply: merges `applied` into `live` for `manager`, raising kube's 409 conflict when
 * another manager owns a field the config sets to a different value (unless forced). Returns the
 * merged object with its new managedFields.
 */
export function serverSideApply(
  live: KubeObject | undefined,
  applied: KubeObject,
  manager: string,
  force: boolean,
  ctx: FieldContext,
): KubeObject {
  const list = owners(live);
  const appliedSet = fieldsOf(applied, ctx.listTypes, ctx.scope);
  const conflicts: { manager: Owner; path: string }[] = [];

  for (const o of list) {
    if (sameSlot(o.entry, manager, 'Apply', ctx.subresource)) continue;
    for (const p of o.set) {
      // A keyed list item is owned as a whole but conflicts only through its fields.
      if (p.slice(p.lastIndexOf(SEP) + 1).startsWith('k:')) continue;
      if (appliedSet.has(p) && !deepEqual(valueAt(live, p), valueAt(applied, p))) {
        conflicts.push({ manager: o, path: p });
      }
    }
  }
  if (conflicts.length > 0 && !force)
    throw conflictError(ctx.gr, applied.metadata.name ?? '', conflicts);
  for (const c of conflicts) c.manager.set.delete(c.path);

  const mine = list.find((o) => sameSlot(o.entry, manager, 'Apply', ctx.subresource));
  const othersOwn = new Set<string>();
  for (const o of list) if (o !== mine) for (const p of o.set) othersOwn.add(p);

  const base = live
    ? clone(live)
    : ({ apiVersion: applied.apiVersion, kind: applied.kind, metadata: {} } as KubeObject);
  for (const p of mine?.set ?? []) {
    if (!appliedSet.has(p) && !othersOwn.has(p)) {
      removeAt(base, p);
      dropEmptyParents(base, p);
    }
  }

  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(applied)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'metadata') {
      const { managedFields: _m, resourceVersion: _r, ...meta } = applied.metadata;
      body.metadata = meta;
      continue;
    }
    if (ctx.scope === 'main' && k === 'status') continue;
    if (ctx.scope === 'status' && k !== 'status') continue;
    body[k] = v;
  }
  const merged = mergeApplied(base, body, [], ctx.listTypes) as KubeObject;

  const touched = new Set<Owner>();
  let slot = mine;
  if (!slot) {
    slot = {
      entry: {
        manager,
        operation: 'Apply',
        apiVersion: ctx.apiVersion,
        fieldsType: 'FieldsV1',
        fieldsV1: {},
        ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
      },
      set: new Set(),
    };
    list.push(slot);
  }
  const changed = !deepEqual([...slot.set].sort(), [...appliedSet].sort());
  slot.set = appliedSet;
  slot.entry.apiVersion = ctx.apiVersion;
  if (changed || !live) touched.add(slot);
  for (const c of conflicts) touched.add(c.manager);
  merged.metadata.managedFields = render(list, touched);
  return merged;
}

function conflictError(
  gr: GroupResource,
  name: string,
  conflicts: { manager: Owner; path: string }[],
): ApiError {
  const label = (o: Owner): string =>
    o.entry.operation === 'Update'
      ? `"${o.entry.manager}" using ${o.entry.apiVersion}`
      : `"${o.entry.manager}"`;
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${label(c.manager)}`,
    field: printablePath(c.path),
  }));
  let text: string;
  const [first] = conflicts;
  if (conflicts.length === 1 && first) {
    text = `conflict with ${label(first.manager)}: ${printablePath(first.path)}`;
  } else {
    const groups = new Map<Owner, string[]>();
    for (const c of conflicts)
      groups.set(c.manager, [...(groups.get(c.manager) ?? []), printablePath(c.path)]);
    text = [...groups.entries()]
      .map(([o, paths]) => `conflicts with ${label(o)}:\n${paths.map((p) => `- ${p}`).join('\n')}`)
      .join('\n');
  }
  const noun = conflicts.length === 1 ? 'conflict' : 'conflicts';
  return new ApiError(409, 'Conflict', `Apply failed with ${conflicts.length} ${noun}: ${text}`, {
    name,
    ...(gr.group ? { group: gr.group } : {}),
    kind: gr.resource,
    causes,
  });
}
