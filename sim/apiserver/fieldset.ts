import { deepEqual, isPlainObject, type FieldSet, removeKey } from './object';
import { listStrategy } from './patch';
import type { JsonSchema } from './resources';

/**
 * Field sets as server-side apply tracks them. A path is a list of elements (`f:spec`,
 * `k:{"name":"c"}`, `v:"x"`), kept as one string joined by SEP so sets are plain Set<string>.
 */

export const SEP = '\u0001';

/** How a list at some path merges, as apply and managedFields see it. */
export type ListType = { type: 'map'; keys: string[] } | { type: 'set' } | { type: 'atomic' };

/** Answers the list type at a path; built from the SMP table (built-ins) or the CRD schema. */
export type ListTypeOf = (elements: string[]) => ListType;

/** List types of a built-in kind, from its strategic merge patch keys. */
export function builtinListTypes(storageKey: string): ListTypeOf {
  return (elements) => {
    const dotted = elements
      .map((e) => (e.startsWith('f:') ? e.slice(2) : '[]'))
      .join('.')
      .replace(/\.\[\]/g, '[]');
    const strategy = listStrategy(storageKey, dotted);
    if (strategy?.mergeKey) return { type: 'map', keys: [strategy.mergeKey] };
    if (strategy?.primitive) return { type: 'set' };
    return { type: 'atomic' };
  };
}

/** List types of a custom resource, from x-kubernetes-list-type in its schema. */
export function schemaListTypes(schema: JsonSchema | undefined): ListTypeOf {
  return (elements) => {
    let node: JsonSchema | undefined = schema;
    for (const e of elements) {
      if (!node) break;
      if (e.startsWith('f:')) {
        const props = node.properties as Record<string, JsonSchema> | undefined;
        const name = e.slice(2);
        node =
          props?.[name] ??
          (isPlainObject(node.additionalProperties)
            ? (node.additionalProperties as JsonSchema)
            : undefined);
        if (!node && elements[0] === 'f:metadata') return metadataListType(elements);
      } else node = node.items as JsonSchema | undefined;
    }
    if (!node) return metadataListType(elements);
    const listType = node['x-kubernetes-list-type'];
    if (listType === 'map')
      return { type: 'map', keys: (node['x-kubernetes-list-map-keys'] as string[]) ?? [] };
    if (listType === 'set') return { type: 'set' };
    return { type: 'atomic' };
  };
}

function metadataListType(elements: string[]): ListType {
  const joined = elements.join('.');
  if (joined === 'f:metadata.f:finalizers') return { type: 'set' };
  if (joined === 'f:metadata.f:ownerReferences') return { type: 'map', keys: ['uid'] };
  return { type: 'atomic' };
}

const IGNORED_META = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'generateName',
]);

/** Which top-level part of the object a write may touch: all but status, or status only. */
export type Scope = 'main' | 'status' | 'all';

function inScope(key: string, scope: Scope): boolean {
  if (key === 'apiVersion' || key === 'kind') return false;
  if (scope === 'status') return key === 'status';
  if (scope === 'main') return key !== 'status';
  return true;
}

function keyElement(item: Record<string, unknown>, keys: string[]): string {
  const id: Record<string, unknown> = {};
  for (const k of [...keys].sort()) id[k] = item[k];
  return `k:${JSON.stringify(id)}`;
}

/** The set of fields an object sets, as apply and managedFields count them. */
export function fieldsOf(obj: unknown, listTypes: ListTypeOf, scope: Scope): Set<string> {
  const out = new Set<string>();
  if (!isPlainObject(obj)) return out;
  for (const [key, value] of Object.entries(obj)) {
    if (!inScope(key, scope) || value === undefined) continue;
    if (key === 'metadata' && isPlainObject(value)) {
      for (const [mk, mv] of Object.entries(value)) {
        if (IGNORED_META.has(mk) || mv === undefined) continue;
        collect(mv, ['f:metadata', `f:${mk}`], listTypes, out);
      }
      continue;
    }
    collect(value, [`f:${key}`], listTypes, out);
  }
  return out;
}

function collect(value: unknown, path: string[], listTypes: ListTypeOf, out: Set<string>): void {
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) out.add(path.join(SEP));
    for (const [k, v] of entries) collect(v, [...path, `f:${k}`], listTypes, out);
    return;
  }
  if (Array.isArray(value)) {
    const listType = listTypes(path);
    if (listType.type === 'map' && value.every(isPlainObject)) {
      if (value.length === 0) out.add(path.join(SEP));
      for (const item of value as Record<string, unknown>[]) {
        const itemPath = [...path, keyElement(item, listType.keys)];
        out.add(itemPath.join(SEP));
        for (const [k, v] of Object.entries(item)) {
          if (v !== undefined) collect(v, [...itemPath, `f:${k}`], listTypes, out);
        }
      }
      return;
    }
    if (listType.type === 'set') {
      if (value.length === 0) out.add(path.join(SEP));
      for (const item of value) out.add([...path, `v:${JSON.stringify(item)}`].join(SEP));
      return;
    }
  }
  out.add(path.join(SEP));
}

/** The value at a field path, or undefined when absent. */
export function valueAt(obj: unknown, path: string): unknown {
  let node: unknown = obj;
  for (const e of path.split(SEP)) {
    if (node === undefined) return undefined;
    if (e.startsWith('f:')) {
      node = isPlainObject(node) ? node[e.slice(2)] : undefined;
    } else if (e.startsWith('k:')) {
      const id = JSON.parse(e.slice(2)) as Record<string, unknown>;
      node = Array.isArray(node)
        ? node.find(
            (item) =>
              isPlainObject(item) && Object.entries(id).every(([k, v]) => deepEqual(item[k], v)),
          )
        : undefined;
    } else if (e.startsWith('v:')) {
      const v = JSON.parse(e.slice(2)) as unknown;
      node = Array.isArray(node) && node.some((item) => deepEqual(item, v)) ? v : undefined;
    }
  }
  return node;
}

/** Removes the field at a path from an object, in place (a list item by its key or value). */
export function removeAt(obj: unknown, path: string): void {
  const elements = path.split(SEP);
  const last = elements.pop();
  if (last === undefined) return;
  const parent = valueAt(obj, elements.join(SEP));
  if (elements.length === 0) {
    if (isPlainObject(obj) && last.startsWith('f:')) removeKey(obj, last.slice(2));
    return;
  }
  if (last.startsWith('f:') && isPlainObject(parent)) removeKey(parent, last.slice(2));
  if (!Array.isArray(parent)) return;
  const target = valueAt(obj, path);
  const index = parent.indexOf(target);
  if (index >= 0) parent.splice(index, 1);
}

/** `.spec.containers[name="c"].image`, as kube prints a path in apply conflicts. */
export function printablePath(path: string): string {
  return path
    .split(SEP)
    .map((e) => {
      if (e.startsWith('f:')) return `.${e.slice(2)}`;
      if (e.startsWith('k:')) {
        const id = JSON.parse(e.slice(2)) as Record<string, unknown>;
        return `[${Object.entries(id)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      return `[=${e.slice(2)}]`;
    })
    .join('');
}

/** Renders a path set as a fieldsV1 tree. */
export function toFieldsV1(set: Set<string>): FieldSet {
  const root: FieldSet = {};
  const sorted = [...set].sort();
  for (const path of sorted) {
    let node = root;
    for (const e of path.split(SEP)) node = node[e] ??= {};
  }
  // A path that is both owned and has owned children marks itself with ".".
  for (const path of sorted) {
    let node: FieldSet | undefined = root;
    for (const e of path.split(SEP)) node = node?.[e];
    if (node && Object.keys(node).some((k) => k !== '.')) node['.'] = {};
  }
  return root;
}

/** Reads a fieldsV1 tree back into a path set. */
export function fromFieldsV1(tree: FieldSet | undefined): Set<string> {
  const out = new Set<string>();
  const walkTree = (node: FieldSet, path: string[]): void => {
    const keys = Object.keys(node);
    if (keys.length === 0 || keys.includes('.')) {
      if (path.length > 0) out.add(path.join(SEP));
    }
    for (const k of keys) if (k !== '.') walkTree(node[k] ?? {}, [...path, k]);
  };
  if (tree) walkTree(tree, []);
  return out;
}
