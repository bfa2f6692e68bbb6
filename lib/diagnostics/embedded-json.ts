import { parseJsonText, type JsonNode, type Span as InnerSpan } from '../annotations/json-text';
import type { Span } from './positions';
import { mapScalar, sourceSpan, type ScalarMap } from './scalar-map';
import type { Embedding, Entry, ScalarNode, TreeNode } from './tree';

/** A JSON syntax problem placed in the outer text, with the edit that fixes it when there is one. */
export interface JsonProblem {
  message: string;
  span: Span;
  /** Decoded-string span (embedded JSON only). */
  inner?: InnerSpan;
  trailingComma: boolean;
}

export interface ParsedJson {
  root: TreeNode | undefined;
  problems: JsonProblem[];
  /** Set for embedded JSON: the string's map, to place edits. */
  embedding?: Embedding;
}

/**
 * Parses the JSON held in a string node (e.g. `spec.ipam`), with every node and problem placed in
 * the outer text through the string's map. Tolerant: a syntax error still yields the readable
 * parts, so the fields around it are checked too.
 */
export function parseEmbeddedJson(
  text: string,
  host: ScalarNode,
  wrap?: { before: string; after: string },
): ParsedJson {
  const decoded = typeof host.value === 'string' ? host.value : '';
  const map = host.stringMap?.() ?? flatMap(decoded, host.span);
  const shift = wrap?.before.length ?? 0;
  const source = wrap ? `${wrap.before}${decoded}${wrap.after}` : decoded;
  const parsed = parseJsonText(source);

  // Offsets of the wrapped text shift back into the string; wrapper characters clamp to its ends.
  const toInner = (s: InnerSpan): InnerSpan => {
    const start = Math.max(0, Math.min(decoded.length, s.start - shift));
    return { start, end: Math.max(start, Math.min(decoded.length, s.end - shift)) };
  };
  const outer = (s: InnerSpan): Span => {
    const inner = toInner(s);
    return sourceSpan(map, inner.start, inner.end);
  };
  const embedding: Embedding = { map };
  const root = parsed.root
    ? convert(parsed.root, (s) => ({ outer: outer(s), inner: toInner(s) }), embedding, text, 0)
    : undefined;
  const problems = parsed.problems.map((p) => ({
    message: p.message,
    span: outer(p.span),
    inner: toInner(p.span),
    trailingComma: p.trailingComma !== undefined,
  }));
  return { root, problems, embedding };
}

/** Parses a whole JSON file into a tree placed directly in its text. */
export function parseJsonFile(text: string): ParsedJson {
  const parsed = parseJsonText(text);
  const root = parsed.root
    ? convert(parsed.root, (s) => ({ outer: s }), undefined, text, 0)
    : undefined;
  return {
    root,
    problems: parsed.problems.map((p) => ({
      message: p.message,
      span: p.span,
      trailingComma: p.trailingComma !== undefined,
    })),
  };
}

/** When a string has no map (never expected), every offset points at the string itself. */
function flatMap(decoded: string, span: Span): ScalarMap {
  return {
    style: 'PLAIN',
    decoded,
    starts: Array.from({ length: decoded.length }, () => span.start),
    ends: Array.from({ length: decoded.length }, () => span.end),
    exact: false,
    from: span.start,
    to: span.end,
  };
}

type Place = (s: InnerSpan) => { outer: Span; inner?: InnerSpan };

function convert(
  node: JsonNode,
  place: Place,
  embedding: Embedding | undefined,
  text: string,
  depth: number,
): TreeNode | undefined {
  if (depth > 200) return undefined;
  const where = place({ start: node.offset, end: node.offset + node.length });
  const base = { span: where.outer, ...(where.inner ? { inner: where.inner, embedding } : {}) };

  switch (node.type) {
    case 'object': {
      const entries: Entry[] = [];
      for (const property of node.children ?? []) {
        const keyNode = property.children?.[0];
        if (!keyNode || keyNode.type !== 'string') continue;
        const valueNode = property.children?.[1];
        const key = place({ start: keyNode.offset, end: keyNode.offset + keyNode.length });
        const whole = place({ start: property.offset, end: property.offset + property.length });
        entries.push({
          key: String(keyNode.value),
          keySpan: key.outer,
          ...(key.inner ? { keyInner: key.inner } : {}),
          value: valueNode ? convert(valueNode, place, embedding, text, depth + 1) : undefined,
          span: whole.outer,
          ...(whole.inner ? { inner: whole.inner } : {}),
        });
      }
      return { type: 'object', entries, layout: 'flow', ...base };
    }
    case 'array': {
      const items: TreeNode[] = [];
      for (const child of node.children ?? []) {
        const item = convert(child, place, embedding, text, depth + 1);
        if (item) items.push(item);
      }
      return { type: 'array', items, layout: 'flow', ...base };
    }
    case 'string': {
      const value = String(node.value ?? '');
      const scalar: ScalarNode = { type: 'scalar', value, ...base };
      // A string of a JSON file maps like a YAML double-quoted string: same escapes.
      if (!embedding) {
        let cached: ScalarMap | undefined;
        scalar.stringMap = () =>
          (cached ??= mapScalar(
            text,
            node.offset,
            node.offset + node.length,
            'QUOTE_DOUBLE',
            value,
          ));
      }
      return scalar;
    }
    case 'number':
      return {
        type: 'scalar',
        value: typeof node.value === 'number' ? node.value : Number(node.value),
        ...base,
      };
    case 'boolean':
      return { type: 'scalar', value: Boolean(node.value), ...base };
    case 'null':
      return { type: 'scalar', value: null, ...base };
    default:
      return undefined;
  }
}
