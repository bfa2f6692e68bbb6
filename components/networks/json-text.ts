import { applyEdits, modify, parseTree, type ParseError, printParseErrorCode } from 'jsonc-parser';

/** Path inside a JSON value: object keys and array indexes. */
export type JsonPath = (string | number)[];

/** What an embedded JSON string (`spec.ipam`, `spec.capabilities`) holds, as the form needs it. */
export type EmbeddedJson =
  | { state: 'absent' }
  | { state: 'object'; value: Record<string, unknown>; text: string }
  /** Valid JSON but not an object (an array, a number…): the form cannot edit it. */
  | { state: 'not-object'; text: string; found: string }
  /** Broken JSON: the form must not write over it. `line`/`column` are 1-based inside the text. */
  | { state: 'broken'; text: string; message: string; line: number; column: number };

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

/** Reads an embedded JSON string strictly (no comments, no trailing commas), saying where it breaks. */
export function readEmbeddedJson(text: string | undefined): EmbeddedJson {
  if (text === undefined || text.trim() === '') return { state: 'absent' };
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (first) {
    return {
      state: 'broken',
      text,
      message: printParseErrorCode(first.error),
      ...position(text, first.offset),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return {
      state: 'broken',
      text,
      message: err instanceof Error ? err.message : String(err),
      line: 1,
      column: 1,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      state: 'not-object',
      text,
      found: value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`,
    };
  }
  return { state: 'object', value: value as Record<string, unknown>, text };
}

/** How a JSON text is indented, so edits keep its look (one line stays one line). */
function formatting(text: string): { tabSize: number; insertSpaces: boolean; eol: string } {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return {
    tabSize: indent.includes('\t') ? 1 : indent.length,
    insertSpaces: !indent.includes('\t'),
    eol: '\n',
  };
}

/**
 * Sets (or with `undefined` removes) one value inside a JSON text and returns the new text, keeping
 * the rest of the text as written: unknown keys, key order and layout survive. Throws when the
 * text is not valid JSON, because an edit would then guess at what the user meant.
 */
export function setJsonValue(text: string, path: JsonPath, value: unknown): string {
  const current = readEmbeddedJson(text);
  if (current.state === 'broken') {
    throw new Error(
      `the JSON is broken at line ${current.line}, column ${current.column} (${current.message}); fix it first`,
    );
  }
  if (current.state === 'absent' || !text.trim().includes('\n')) {
    // One-line JSON stays on one line: edit the value and print it compactly with spaces.
    const base: unknown = current.state === 'absent' ? {} : JSON.parse(text);
    return spaceSingleLine(JSON.stringify(setIn(base, path, value)));
  }
  return applyEdits(text, modify(text, path, value, { formattingOptions: formatting(text) }));
}

/** A copy of `root` with the value at `path` replaced (or removed when `value` is undefined). */
export function setIn(root: unknown, path: JsonPath, value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const container: Record<string | number, unknown> | unknown[] = Array.isArray(root)
    ? [...(root as unknown[])]
    : typeof root === 'object' && root !== null
      ? { ...(root as Record<string, unknown>) }
      : typeof head === 'number'
        ? []
        : {};
  const child = (container as Record<string | number, unknown>)[head];
  const next = setIn(child, rest, value);
  if (next === undefined && rest.length === 0) {
    if (Array.isArray(container) && typeof head === 'number') container.splice(head, 1);
    else Reflect.deleteProperty(container, head);
  } else {
    (container as Record<string | number, unknown>)[head] = next;
  }
  return container;
}

/** jsonc-parser writes `{"a":1}` on one line; put the usual spaces back: `{"a": 1}`. */
function spaceSingleLine(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    out += ch;
    if (ch === '"' && text[i - 1] !== '\\') inString = !inString;
    if (inString) continue;
    const next = text[i + 1];
    if ((ch === ':' || ch === ',') && next !== ' ' && next !== undefined) out += ' ';
  }
  return out;
}

/** Pretty JSON as the form writes a fresh embedded value. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
