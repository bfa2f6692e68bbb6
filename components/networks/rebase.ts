import { parseDocument } from 'yaml';
import { setYamlValue, type YamlPath } from '@/components/editor/yaml-edit';
import { readEmbeddedJson, setJsonValue, type JsonPath } from './json-text';

/** Strings of a network spec that hold JSON: merged key by key, not as opaque text. */
const EMBEDDED = new Set(['spec.ipam', 'spec.capabilities', 'spec.metaPlugins']);

/** Fields the server owns: never part of a user's change, never a conflict. */
const IGNORED = [
  ['metadata', 'resourceVersion'],
  ['metadata', 'managedFields'],
  ['metadata', 'generation'],
  ['metadata', 'uid'],
  ['metadata', 'creationTimestamp'],
  ['metadata', 'selfLink'],
  ['status'],
];

/** One changed value: `path` in the object, and `json` inside an embedded JSON string there. */
export interface FieldChange {
  path: YamlPath;
  json?: JsonPath;
  before: unknown;
  after: unknown;
}

/** Both sides changed the same value differently. */
export interface MergeConflict {
  path: YamlPath;
  json?: JsonPath;
  base: unknown;
  /** The cluster's value now. */
  theirs: unknown;
  /** The user's edit. */
  mine: unknown;
}

export interface RebaseResult {
  /** The user's YAML with the cluster's changes merged in and the new resourceVersion. */
  text: string;
  /** The cluster's changes that were merged into the edit. */
  merged: FieldChange[];
  /** The user's changes that also appear in the cluster's version (nothing to do). */
  same: FieldChange[];
  /** What could not be merged; `text` holds the cluster's value for each until chosen otherwise. */
  conflicts: MergeConflict[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function ignored(path: YamlPath): boolean {
  return IGNORED.some((p) => p.length <= path.length && p.every((k, i) => path[i] === k));
}

function parsedJson(value: unknown): Record<string, unknown> | unknown[] | undefined {
  if (typeof value !== 'string') return undefined;
  const read = readEmbeddedJson(value);
  if (read.state === 'object') return read.value;
  if (read.state === 'not-object') {
    try {
      const v: unknown = JSON.parse(value);
      return Array.isArray(v) ? v : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Value-level differences; arrays count as one value, embedded JSON objects are opened up. */
function diffValues(
  a: unknown,
  b: unknown,
  path: YamlPath,
  json: JsonPath | undefined,
  out: FieldChange[],
): void {
  if (json === undefined && ignored(path)) return;
  if (equal(a, b)) return;

  if (json === undefined && EMBEDDED.has(path.join('.'))) {
    const pa = a === undefined ? {} : parsedJson(a);
    const pb = b === undefined ? {} : parsedJson(b);
    if (isObject(pa) && isObject(pb)) {
      diffValues(pa, pb, path, [], out);
      return;
    }
  }

  // A map added or removed as a whole is compared key by key, so both sides' keys merge.
  const left = a === undefined && isObject(b) ? {} : a;
  const right = b === undefined && isObject(a) ? {} : b;
  if (isObject(left) && isObject(right)) {
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      if (json === undefined) diffValues(left[key], right[key], [...path, key], undefined, out);
      else diffValues(left[key], right[key], path, [...json, key], out);
    }
    return;
  }
  out.push({ path, ...(json !== undefined ? { json } : {}), before: a, after: b });
}

/** Field changes from `before` to `after` (plain objects as read from YAML or the API). */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  diffValues(before, after, [], undefined, out);
  return out;
}

function key(change: Pick<FieldChange, 'path' | 'json'>): string[] {
  return [
    ...change.path.map(String),
    ...(change.json ? ['#json', ...change.json.map(String)] : []),
  ];
}

/** Whether one change's location contains the other's (or they are the same). */
function overlaps(a: Pick<FieldChange, 'path' | 'json'>, b: Pick<FieldChange, 'path' | 'json'>) {
  const ka = key(a);
  const kb = key(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) if (ka[i] !== kb[i]) return false;
  return true;
}

function valueAt(root: unknown, path: YamlPath, json?: JsonPath): unknown {
  let node: unknown = root;
  for (const k of path)
    node = isObject(node) || Array.isArray(node) ? (node as never)[k] : undefined;
  if (json === undefined) return node;
  node = parsedJson(node);
  for (const k of json)
    node = isObject(node) || Array.isArray(node) ? (node as never)[k] : undefined;
  return node;
}

/** Writes one value into the YAML text; inside embedded JSON, into that string's JSON. */
export function writeChange(
  text: string,
  path: YamlPath,
  json: JsonPath | undefined,
  value: unknown,
) {
  if (json === undefined) return setYamlValue(text, path, value);
  const doc = parseDocument(text);
  const current: unknown = doc.getIn(path);
  const source = typeof current === 'string' ? current : '';
  return setYamlValue(text, path, setJsonValue(source, json, value));
}

/**
 * Three-way merge after a conflict: `base` is what the user loaded, `theirs` the object in the
 * cluster now, `mine` the user's YAML text. The result is the user's text (comments kept) with
 * every cluster change the user did not also make merged in, and the new resourceVersion, so
 * it holds the user's changes applied on top of the current object. Where both changed the
 * same value differently, the cluster's value is taken and the conflict is reported for the
 * user to decide (see `resolveConflict`).
 */
export function rebase(base: unknown, theirs: unknown, mine: string): RebaseResult {
  const mineDoc = parseDocument(mine);
  if (mineDoc.errors.length > 0) {
    throw new Error('the edit has YAML syntax errors; fix them before rebasing');
  }
  const mineValue: unknown = mineDoc.toJS();
  const theirChanges = fieldChanges(base, theirs);
  const myChanges = fieldChanges(base, mineValue);

  let text = mine;
  const merged: FieldChange[] = [];
  const same: FieldChange[] = [];
  const conflicts: MergeConflict[] = [];
  for (const change of theirChanges) {
    const mineTouches = myChanges.filter((m) => overlaps(m, change));
    if (mineTouches.length === 0) {
      text = writeChange(text, change.path, change.json, change.after);
      merged.push(change);
      continue;
    }
    const mineHere = valueAt(mineValue, change.path, change.json);
    if (equal(mineHere, change.after)) {
      same.push(change);
      continue;
    }
    conflicts.push({
      path: change.path,
      ...(change.json ? { json: change.json } : {}),
      base: change.before,
      theirs: change.after,
      mine: mineHere,
    });
    try {
      text = writeChange(text, change.path, change.json, change.after);
    } catch {
      // The edit's own JSON there is broken: leave it for the user, the conflict says why.
    }
  }

  const version = valueAt(theirs, ['metadata', 'resourceVersion']);
  if (typeof version === 'string')
    text = setYamlValue(text, ['metadata', 'resourceVersion'], version);
  return { text, merged, same, conflicts };
}

/** Puts one side's value of a conflict into the rebased text. */
export function resolveConflict(text: string, conflict: MergeConflict, side: 'mine' | 'theirs') {
  return writeChange(
    text,
    conflict.path,
    conflict.json,
    side === 'mine' ? conflict.mine : conflict.theirs,
  );
}

/** `spec.ipam → range` style label of a change's location. */
export function describePath(change: Pick<FieldChange, 'path' | 'json'>): string {
  const outer = change.path.join('.');
  return change.json && change.json.length > 0 ? `${outer} → ${change.json.join('.')}` : outer;
}
