import type { Span } from './positions';
import type { ScalarMap, ScalarStyle } from './scalar-map';

/**
 * One tree shape for everything the validator reads: YAML documents, JSON files and JSON embedded
 * in strings. Every node knows where it is written in the outer text, so each rule can point at
 * the right place without caring where the value came from.
 */
export type TreeNode = ObjectNode | ArrayNode | ScalarNode;

/**
 * Where a node lives when it was parsed out of a string: edits to it must be written inside that
 * string, in its quoting style. `inner` spans are offsets into the decoded string.
 */
export interface Embedding {
  map: ScalarMap;
}

interface NodeBase {
  /** Where the node is written in the outer text. */
  span: Span;
  /** For nodes of embedded JSON: the span in the decoded string, and that string's map. */
  inner?: Span;
  embedding?: Embedding;
}

export interface Entry {
  key: string;
  keySpan: Span;
  keyInner?: Span;
  value: TreeNode | undefined;
  /** From the key to the end of the value. */
  span: Span;
  inner?: Span;
}

export interface ObjectNode extends NodeBase {
  type: 'object';
  entries: Entry[];
  /** `block` for indented YAML maps; `flow` for JSON and `{…}` YAML. */
  layout: 'block' | 'flow';
}

export interface ArrayNode extends NodeBase {
  type: 'array';
  items: TreeNode[];
  layout: 'block' | 'flow';
}

export interface ScalarNode extends NodeBase {
  type: 'scalar';
  value: string | number | boolean | null;
  /** How a YAML scalar was written (absent for JSON). */
  style?: ScalarStyle;
  /** For strings written in the outer text: how each decoded character maps back to it. */
  stringMap?: () => ScalarMap | undefined;
}

export type PathStep = string | number;

/** The entry of `key` in an object node (the last one, as Kubernetes reads duplicates). */
export function entryOf(node: TreeNode | undefined, key: string): Entry | undefined {
  if (node?.type !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const entry = node.entries[i];
    if (entry?.key === key) return entry;
  }
  return undefined;
}

export function childOf(node: TreeNode | undefined, step: PathStep): TreeNode | undefined {
  if (!node) return undefined;
  if (typeof step === 'number') return node.type === 'array' ? node.items[step] : undefined;
  return entryOf(node, step)?.value;
}

export function nodeAt(
  node: TreeNode | undefined,
  path: readonly PathStep[],
): TreeNode | undefined {
  let current = node;
  for (const step of path) current = childOf(current, step);
  return current;
}

/**
 * The span that best shows a problem at `path`: the node itself, or for a missing field the key of
 * its deepest existing parent, so the reader sees where to add it.
 */
export function spanAt(root: TreeNode, path: readonly PathStep[], preferKey = false): Span {
  let current: TreeNode | undefined = root;
  let found: Span = keyLineSpan(root);
  for (let i = 0; i < path.length; i++) {
    const step = path[i] as PathStep;
    const last = i === path.length - 1;
    if (typeof step === 'string') {
      const entry = entryOf(current, step);
      if (!entry) return found;
      found = last && !preferKey && entry.value ? entry.value.span : entry.keySpan;
      current = entry.value;
      if (!current) return found;
    } else {
      const item: TreeNode | undefined =
        current?.type === 'array' ? current.items[step] : undefined;
      if (!item) return found;
      found = item.span;
      current = item;
    }
  }
  return found;
}

/** For a whole object, the first key is a better place to point at than the whole block. */
function keyLineSpan(node: TreeNode): Span {
  if (node.type === 'object' && node.layout === 'block') {
    const first = node.entries[0];
    if (first) return first.keySpan;
  }
  return node.span;
}

/** The plain value, as a YAML or JSON reader would produce it. */
export function toPlain(node: TreeNode | undefined, depth = 0): unknown {
  if (!node || depth > 100) return undefined;
  if (node.type === 'scalar') return node.value;
  if (node.type === 'array') return node.items.map((item) => toPlain(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const entry of node.entries) {
    const value = toPlain(entry.value, depth + 1);
    Object.defineProperty(out, entry.key, {
      value: entry.value === undefined ? null : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

export function stringValue(node: TreeNode | undefined): string | undefined {
  return node?.type === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}
