import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
  type YAMLError,
} from 'yaml';
import type { Span } from './positions';
import { mapScalar, type ScalarMap, type ScalarStyle } from './scalar-map';
import type { Entry, ObjectNode, TreeNode } from './tree';

/** One `---` document: its tree (undefined when empty) and the YAML errors found in it. */
export interface ParsedDocument {
  root: TreeNode | undefined;
  errors: YAMLError[];
  warnings: YAMLError[];
  span: Span;
}

/** Guards against alias cycles and absurd nesting. */
const MAX_DEPTH = 200;

const SCALAR_STYLES = new Set([
  'PLAIN',
  'QUOTE_SINGLE',
  'QUOTE_DOUBLE',
  'BLOCK_LITERAL',
  'BLOCK_FOLDED',
]);

/** Parses every document of a YAML text into trees with positions. Never throws. */
export function parseYamlDocuments(text: string): ParsedDocument[] {
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      prettyErrors: false,
      uniqueKeys: true,
      merge: true,
    }) as Document.Parsed[];
  } catch {
    return [];
  }
  if (!Array.isArray(docs)) return [];
  return docs.map((doc) => {
    const [start = 0, , end = text.length] = doc.range ?? [];
    let root: TreeNode | undefined;
    try {
      root = doc.contents ? convert(text, doc, doc.contents as YamlNode, 0) : undefined;
    } catch {
      root = undefined;
    }
    return { root, errors: doc.errors, warnings: doc.warnings, span: { start, end } };
  });
}

function rangeOf(node: YamlNode, text: string): Span {
  const range = node.range;
  if (!range) return { start: 0, end: 0 };
  const start = Math.max(0, Math.min(range[0], text.length));
  return { start, end: Math.max(start, Math.min(range[1], text.length)) };
}

function convert(
  text: string,
  doc: Document.Parsed,
  node: YamlNode,
  depth: number,
): TreeNode | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) return undefined;
    const resolved = convert(text, doc, target as YamlNode, depth + 1);
    return resolved ? { ...resolved, span: rangeOf(node, text) } : undefined;
  }
  const span = rangeOf(node, text);

  if (isMap(node)) {
    const object: ObjectNode = {
      type: 'object',
      entries: [],
      span,
      layout: node.flow ? 'flow' : 'block',
    };
    const merged: Entry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const key =
        keyNode && isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(keyNode) : '';
      const keySpan = keyNode ? rangeOf(keyNode, text) : span;
      const value = pair.value ? convert(text, doc, pair.value as YamlNode, depth + 1) : undefined;
      if (key === '<<' && keyNode && isScalar(keyNode) && value) {
        // Merge keys: entries of the merged maps count unless the map sets them itself.
        const sources = value.type === 'array' ? value.items : [value];
        for (const source of sources) if (source.type === 'object') merged.push(...source.entries);
        continue;
      }
      const end = value ? value.span.end : keySpan.end;
      object.entries.push({ key, keySpan, value, span: { start: keySpan.start, end } });
    }
    for (const entry of merged) {
      if (!object.entries.some((e) => e.key === entry.key)) object.entries.push(entry);
    }
    return object;
  }

  if (isSeq(node)) {
    const items: TreeNode[] = [];
    for (const item of node.items) {
      const converted = item ? convert(text, doc, item as YamlNode, depth + 1) : undefined;
      items.push(converted ?? { type: 'scalar', value: null, span });
    }
    return { type: 'array', items, span, layout: node.flow ? 'flow' : 'block' };
  }

  if (isScalar(node)) {
    const raw = node.value;
    const value =
      raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
        ? raw
        : typeof raw === 'bigint'
          ? Number(raw)
          : String(raw);
    const style = node.type && SCALAR_STYLES.has(node.type) ? (node.type as ScalarStyle) : 'PLAIN';
    if (typeof value !== 'string') return { type: 'scalar', value, span, style };
    const range = node.range;
    let cached: ScalarMap | undefined;
    const stringMap = () => {
      if (!range) return undefined;
      cached ??= mapScalar(text, range[0], Math.min(range[1], text.length), style, value);
      return cached;
    };
    return { type: 'scalar', value, span, style, stringMap };
  }
  return undefined;
}
