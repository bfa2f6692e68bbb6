import type { OffsetEdit } from './context';
import { scalarEdit } from './scalar-map';
import type { Entry, ObjectNode, TreeNode } from './tree';

/**
 * Edits that repair a value where it is written: in YAML, in a JSON file, or inside JSON embedded
 * in a YAML string (escaped for that string's quoting style). Each returns undefined when it cannot
 * produce an edit that is certain to apply cleanly; the diagnostic is then shown without a fix.
 */

const YAML_PLAIN_SAFE = /^[A-Za-z_/][\w./-]*$/;
const YAML_SPECIAL = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

/** A value written as YAML source (strings quoted only when they must be). */
export function yamlText(value: unknown): string {
  if (typeof value === 'string') {
    if (YAML_PLAIN_SAFE.test(value) && !YAML_SPECIAL.test(value)) return value;
    if (value.includes('"') && !value.includes("'") && !/[\n\\]/.test(value)) return `'${value}'`;
    return JSON.stringify(value);
  }
  return JSON.stringify(value) ?? 'null';
}

/** JSON is also valid YAML flow syntax, so anything that is not a YAML scalar is written as JSON. */
function valueTextFor(node: TreeNode, value: unknown): string {
  if (node.type === 'scalar' ? node.style !== undefined : node.layout === 'block')
    return yamlText(value);
  return JSON.stringify(value) ?? 'null';
}

/** Replaces a node's value with `value`, written in the syntax around it. */
export function replaceValue(text: string, node: TreeNode, value: unknown): OffsetEdit | undefined {
  if (node.embedding && node.inner) {
    return scalarEdit(
      text,
      node.embedding.map,
      node.inner.start,
      node.inner.end,
      JSON.stringify(value) ?? 'null',
    );
  }
  return { start: node.span.start, end: node.span.end, newText: valueTextFor(node, value) };
}

/** Replaces part of a string value (offsets in the decoded string) with `replacement`. */
export function replaceInString(
  text: string,
  node: TreeNode,
  start: number,
  end: number,
  replacement: string,
): OffsetEdit | undefined {
  if (node.type !== 'scalar' || typeof node.value !== 'string' || node.embedding) return undefined;
  const map = node.stringMap?.();
  return map ? scalarEdit(text, map, start, end, replacement) : undefined;
}

/** Renames a key of `parent`, keeping its quoting. */
export function renameKey(
  text: string,
  parent: ObjectNode,
  entry: Entry,
  newKey: string,
): OffsetEdit | undefined {
  if (parent.embedding && entry.keyInner) {
    return scalarEdit(
      text,
      parent.embedding.map,
      entry.keyInner.start,
      entry.keyInner.end,
      JSON.stringify(newKey),
    );
  }
  const quote = text[entry.keySpan.start];
  const newText = quote === '"' ? JSON.stringify(newKey) : quote === "'" ? `'${newKey}'` : newKey;
  return { start: entry.keySpan.start, end: entry.keySpan.end, newText };
}

/** Removes an entry with its separator (flow) or its whole lines (block YAML). */
export function removeEntry(
  text: string,
  parent: ObjectNode,
  entry: Entry,
): OffsetEdit | undefined {
  const index = parent.entries.indexOf(entry);
  if (index < 0) return undefined;
  const next = parent.entries[index + 1];
  const prev = parent.entries[index - 1];

  if (parent.embedding) {
    const at = (e: Entry | undefined) => e?.inner;
    const own = at(entry);
    if (!own) return undefined;
    const range = at(next)
      ? { start: own.start, end: (at(next) as { start: number }).start }
      : at(prev)
        ? { start: (at(prev) as { end: number }).end, end: own.end }
        : own;
    return scalarEdit(text, parent.embedding.map, range.start, range.end, '');
  }

  if (parent.layout === 'flow') {
    if (next) return { start: entry.span.start, end: next.span.start, newText: '' };
    if (prev) return { start: prev.span.end, end: entry.span.end, newText: '' };
    return { start: entry.span.start, end: entry.span.end, newText: '' };
  }

  const lineStart = text.lastIndexOf('\n', entry.keySpan.start - 1) + 1;
  const before = text.slice(lineStart, entry.keySpan.start);
  let lineEnd = text.indexOf('\n', Math.max(entry.span.end - 1, entry.keySpan.end));
  lineEnd = lineEnd < 0 ? text.length : lineEnd + 1;
  if (/^\s*$/.test(before)) return { start: lineStart, end: lineEnd, newText: '' };
  // The entry follows "- " on its line: keep the dash and move the next key up.
  if (next) return { start: entry.keySpan.start, end: next.keySpan.start, newText: '' };
  return undefined;
}

/** Adds `key: value` to an object, written in its syntax. */
export function insertEntry(
  text: string,
  parent: ObjectNode,
  key: string,
  value: unknown,
): OffsetEdit | undefined {
  if (parent.embedding && parent.inner) {
    const member = `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
    const at = parent.inner.start + 1;
    return scalarEdit(
      text,
      parent.embedding.map,
      at,
      at,
      parent.entries.length > 0 ? `${member}, ` : member,
    );
  }
  if (parent.layout === 'flow') {
    const member = `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
    const at = parent.span.start + 1;
    return { start: at, end: at, newText: parent.entries.length > 0 ? `${member}, ` : member };
  }
  const first = parent.entries[0];
  if (!first) return undefined;
  const lineStart = text.lastIndexOf('\n', first.keySpan.start - 1) + 1;
  const indent = first.keySpan.start - lineStart;
  const line = `${key}: ${yamlText(value)}`;
  if (/^\s*$/.test(text.slice(lineStart, first.keySpan.start))) {
    return { start: lineStart, end: lineStart, newText: `${' '.repeat(indent)}${line}\n` };
  }
  const last = parent.entries[parent.entries.length - 1] ?? first;
  let end = last.span.end;
  while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
  return { start: end, end, newText: `\n${' '.repeat(indent)}${line}` };
}
