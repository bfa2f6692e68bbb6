import {
  CST,
  Composer,
  Document,
  Parser,
  Scalar,
  isMap,
  isNode,
  isScalar,
  isSeq,
  parseDocument,
  stringify,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';

/** A path into a YAML document: map keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

/** The YAML text cannot be edited safely (syntax errors): editing it would lose what is there. */
export class YamlEditError extends Error {
  override name = 'YamlEditError';
  /** 1-based line of the first syntax error. */
  readonly line: number;

  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

/** How the text indents, so that inserted lines look like their neighbours. */
export interface YamlStyle {
  /** Spaces per nesting level. */
  indent: number;
  /** Whether `- item` lines are indented under their key. */
  indentSeq: boolean;
}

/** Reads the indentation a text already uses (2 and indented sequences when it cannot tell). */
export function detectStyle(text: string): YamlStyle {
  const lines = text.split('\n');
  let indent = 0;
  let indentSeq = true;
  let sawSeq = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const spaces = line.length - line.trimStart().length;
    if (spaces > 0 && (indent === 0 || spaces < indent)) indent = spaces;

    // A sequence item at the same column as the key above it means unindented sequences.
    if (!sawSeq && line.trimStart().startsWith('- ') && i > 0) {
      const prev = lines[i - 1] ?? '';
      if (/:\s*$/.test(prev)) {
        sawSeq = true;
        indentSeq = spaces > prev.length - prev.trimStart().length;
      }
    }
  }
  return { indent: indent >= 2 && indent <= 8 ? indent : 2, indentSeq };
}

const OPTIONS = { keepSourceTokens: true, prettyErrors: true } as const;

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** Parses one document, keeping CST tokens so untouched text can be reproduced byte for byte. */
function parseWithTokens(text: string) {
  const tokens = Array.from(new Parser().parse(text));
  const docs = Array.from(new Composer(OPTIONS).compose(tokens));
  return { tokens, docs };
}

function assertEditable(text: string, doc: Document.Parsed | undefined): void {
  const error = doc?.errors[0];
  if (error) {
    const line = lineOf(text, error.pos[0]);
    throw new YamlEditError(
      `the YAML has a syntax error at line ${line} (${error.message.split('\n')[0]}); fix it in the editor first`,
      line,
    );
  }
}

/** Does `value` come back as the same string when written as a plain scalar after a key? */
function plainRoundTrips(value: string): boolean {
  if (value === '' || value.includes('\n') || value !== value.trim()) return false;
  try {
    const back = parseDocument(`k: ${value}\n`);
    return back.errors.length === 0 && back.get('k') === value;
  } catch {
    return false;
  }
}

function scalarType(node: Scalar, value: unknown): Scalar.Type {
  if (typeof value !== 'string') return 'PLAIN';
  if (value.includes('\n')) {
    return node.type === 'BLOCK_FOLDED' ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
  }
  const current = node.type ?? 'PLAIN';
  // Quotes the user chose stay; an empty "" (quoted only because it is empty) may go plain.
  const chosenQuotes =
    (current === 'QUOTE_SINGLE' || current === 'QUOTE_DOUBLE') && node.value !== '';
  if (chosenQuotes) return current;
  if (plainRoundTrips(value)) return 'PLAIN';
  return current === 'QUOTE_SINGLE' ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
}

function scalarSource(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  return undefined;
}

/** Replaces an existing scalar in place through the CST: every other byte stays as it was. */
function replaceScalar(text: string, path: YamlPath, value: unknown): string | undefined {
  const source = scalarSource(value);
  if (source === undefined) return undefined;
  const { tokens, docs } = parseWithTokens(text);
  const node = docs[0]?.getIn(path, true);
  if (!isScalar(node) || !node.srcToken) return undefined;
  if (typeof value === 'string' && value.includes('\n') && inFlow(docs[0], path)) return undefined;

  CST.setScalarValue(node.srcToken, source, {
    afterKey: typeof path[path.length - 1] === 'string',
    type: scalarType(node, value),
  });
  return tokens.map((t) => CST.stringify(t)).join('');
}

function inFlow(doc: Document.Parsed | undefined, path: YamlPath): boolean {
  for (let i = 0; i < path.length; i++) {
    const node = doc?.getIn(path.slice(0, i), true) as Node | undefined;
    if ((isMap(node) || isSeq(node)) && node.flow) return true;
  }
  return false;
}

function pairOf(map: YAMLMap, key: string | number): Pair | undefined {
  return map.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key) as Pair | undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** Text of `{ key: value }` (nested for the rest of the path), indented to `column`. */
function fragment(keys: string[], value: unknown, column: number, style: YamlStyle): string {
  let nested: unknown = value;
  for (let i = keys.length - 1; i >= 1; i--) nested = { [keys[i] as string]: nested };
  const doc = new Document({ [keys[0] as string]: nested });
  // Multi-line strings read best as literal blocks (the ipam JSON).
  const body = doc.toString({
    indent: style.indent,
    indentSeq: style.indentSeq,
    lineWidth: 0,
    blockQuote: 'literal',
  });
  const pad = ' '.repeat(column);
  return body
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

/** Adds a key (and any missing maps above it) to the deepest block map that exists. */
function insertKey(text: string, path: YamlPath, value: unknown): string | undefined {
  if (!path.every((p) => typeof p === 'string')) return undefined;
  const keys = path as string[];
  const doc = parseDocument(text, OPTIONS);
  const style = detectStyle(text);

  if (doc.contents === null) {
    if (text.trim() !== '' && !text.trim().startsWith('#')) return undefined;
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    return text + sep + fragment(keys, value, 0, style);
  }

  let depth = 0;
  let map: unknown = doc.contents;
  while (depth < keys.length - 1) {
    if (!isMap(map)) return undefined;
    const next = pairOf(map, keys[depth] as string);
    if (!next) break;
    if (next.value === null || (isScalar(next.value) && next.value.value === null)) {
      // `spec:` with nothing after it: fill it in under that key.
      return fillEmptyKey(text, next, keys.slice(depth + 1), value, style);
    }
    map = next.value;
    depth++;
  }
  if (!isMap(map) || map.flow || !map.range || map.items.length === 0) return undefined;

  const first = map.items[0]?.key as Node | undefined;
  if (!first?.range) return undefined;
  const column = first.range[0] - lineStart(text, first.range[0]);
  const end = map.range[1];
  // Insert after the line the map's last value ends on.
  const at = end > 0 && text[end - 1] === '\n' ? end : lineEnd(text, Math.max(0, end - 1));
  const prefix = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  return (
    text.slice(0, at) + prefix + fragment(keys.slice(depth), value, column, style) + text.slice(at)
  );
}

function fillEmptyKey(
  text: string,
  pair: Pair,
  keys: string[],
  value: unknown,
  style: YamlStyle,
): string | undefined {
  const key = pair.key as Node | undefined;
  if (!key?.range || keys.length === 0) return undefined;
  const column = key.range[0] - lineStart(text, key.range[0]) + style.indent;
  const at = lineEnd(text, key.range[1]);
  const before = text.slice(0, at);
  const sep = before.endsWith('\n') ? '' : '\n';
  return before + sep + fragment(keys, value, column, style) + text.slice(at);
}

/** Removes `key: value` lines from a block map; comments on other lines stay. */
function removeKey(text: string, path: YamlPath): string | undefined {
  const doc = parseDocument(text, OPTIONS);
  const parent = doc.getIn(path.slice(0, -1), true) ?? (path.length === 1 ? doc.contents : null);
  const last = path[path.length - 1];
  if (last === undefined || !isMap(parent) || parent.flow) return undefined;
  const pair = pairOf(parent, last);
  if (!pair) return text;
  const key = pair.key as Node | undefined;
  const val = pair.value as Node | null;
  if (!key?.range) return undefined;
  const start = lineStart(text, key.range[0]);
  const valueEnd = val?.range ? val.range[1] : key.range[1];
  const end = text[valueEnd - 1] === '\n' ? valueEnd : lineEnd(text, valueEnd);
  return text.slice(0, start) + text.slice(end);
}

/** Last resort: edit through the Document model and print it in the text's own style. */
function viaDocument(text: string, path: YamlPath, value: unknown): string {
  const doc = parseDocument(text);
  if (value === undefined) doc.deleteIn(path);
  else {
    const node = doc.createNode(value);
    if (isScalar(node) && typeof value === 'string' && value.includes('\n'))
      node.type = 'BLOCK_LITERAL';
    doc.setIn(path, node);
  }
  const style = detectStyle(text);
  return doc.toString({
    indent: style.indent,
    indentSeq: style.indentSeq,
    lineWidth: 0,
    flowCollectionPadding: false,
  });
}

/** The plain value at `path` (collections as plain objects and arrays). */
function plainAt(doc: Document, path: YamlPath): unknown {
  const value: unknown = doc.getIn(path, false);
  return isNode(value) ? value.toJS(doc) : value;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Sets (or, with `undefined`, removes) the value at `path` in the first document of a YAML text
 * and returns the new text. Only the touched lines change: comments, key order, quoting, blank
 * lines and fields ibnet does not know all survive. Throws YamlEditError when the text has syntax
 * errors, because editing it then could lose what the user typed.
 */
export function setYamlValue(text: string, path: YamlPath, value: unknown): string {
  const { docs } = parseWithTokens(text);
  assertEditable(text, docs[0]);
  const current = docs[0] ? plainAt(docs[0], path) : undefined;
  if (sameValue(current, value) && (value !== undefined || !docs[0]?.hasIn(path))) return text;

  const attempts =
    value === undefined
      ? [() => removeKey(text, path)]
      : [() => replaceScalar(text, path, value), () => insertKey(text, path, value)];
  for (const attempt of attempts) {
    let out: string | undefined;
    try {
      out = attempt();
    } catch {
      out = undefined;
    }
    if (out === undefined) continue;
    // Keep the surgical result only if it reads back as intended; otherwise print the model.
    const check = parseDocument(out);
    if (check.errors.length === 0 && sameValue(plainAt(check, path), value)) return out;
  }
  return viaDocument(text, path, value);
}

/** Reads the value at `path` of the first document (undefined when absent or unreadable). */
export function getYamlValue(text: string, path: YamlPath): unknown {
  return plainAt(parseDocument(text), path);
}

/** Writes a plain value as YAML in the console's style (2 spaces, no folding). */
export function toYaml(value: unknown): string {
  return stringify(value, { indent: 2, lineWidth: 0, blockQuote: 'literal' });
}
