/**
 * Maps each character of a decoded YAML (or JSON) string back to where it is written in the
 * source, for every scalar style, so that problems inside embedded JSON point at the right place
 * in the outer file. The decoding is redone here and compared with the YAML library's value; when
 * they differ (an exotic case), a character-alignment fallback keeps positions on the right line.
 */

export type ScalarStyle =
  'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

export interface ScalarMap {
  style: ScalarStyle;
  decoded: string;
  /** Source offset where decoded character i begins. */
  starts: number[];
  /** Source offset just past decoded character i (an escape sequence can be several). */
  ends: number[];
  /** True when the decoding was reproduced exactly, so edits can be placed safely. */
  exact: boolean;
  /** Source range of the whole scalar (quotes and block header included). */
  from: number;
  to: number;
}

class Out {
  chars = '';
  starts: number[] = [];
  ends: number[] = [];

  push(text: string, start: number, end: number): void {
    for (let i = 0; i < text.length; i++) {
      this.chars += text[i];
      this.starts.push(start);
      this.ends.push(end);
    }
  }
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

const HEX_WIDTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Builds the map of the scalar written at `from..to` whose decoded value is `value`. */
export function mapScalar(
  text: string,
  from: number,
  to: number,
  style: ScalarStyle,
  value: string,
): ScalarMap {
  let out: Out;
  try {
    out =
      style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED'
        ? decodeBlock(text, from, to, style === 'BLOCK_FOLDED')
        : decodeFlow(text, from, to, style);
  } catch {
    out = new Out();
  }
  if (out.chars === value) {
    return { style, decoded: value, starts: out.starts, ends: out.ends, exact: true, from, to };
  }
  return { ...align(text, from, to, value), style, decoded: value, exact: false, from, to };
}

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** Lines of `text[from..to)` as [start, end) without the line break. */
function linesOf(text: string, from: number, to: number): [number, number][] {
  const lines: [number, number][] = [];
  let start = from;
  for (let i = from; i < to; i++) {
    if (text[i] === '\n') {
      lines.push([start, i > start && text[i - 1] === '\r' ? i - 1 : i]);
      start = i + 1;
    }
  }
  lines.push([start, to]);
  return lines;
}

function decodeFlow(text: string, from: number, to: number, style: ScalarStyle): Out {
  const quoted = style !== 'PLAIN';
  const lines = linesOf(text, quoted ? from + 1 : from, quoted ? to - 1 : to);
  const out = new Out();
  const last = lines.length - 1;
  let i = 0;
  let trimLead = false;
  while (i <= last) {
    const [lineStart, lineEnd] = lines[i] ?? [0, 0];
    let s = lineStart;
    let e = lineEnd;
    if (i > 0 || trimLead) while (s < e && isBlank(text[s])) s++;

    // A backslash right before the break joins the lines without a space (double quotes only).
    let escapedBreak = false;
    if (style === 'QUOTE_DOUBLE' && i < last) {
      let run = 0;
      while (e - 1 - run >= s && text[e - 1 - run] === '\\') run++;
      escapedBreak = run % 2 === 1;
    }
    if (escapedBreak) e -= 1;
    else if (i < last) {
      while (e > s && isBlank(text[e - 1])) e--;
      if (style === 'QUOTE_DOUBLE' && e < lineEnd && endsWithOddBackslashes(text, s, e)) e++;
    }
    emitFlowLine(text, s, e, style, out);
    if (i === last) break;

    if (escapedBreak) {
      i += 1;
      trimLead = true;
      continue;
    }
    let j = i + 1;
    const empties: number[] = [];
    while (j < last && isWhitespaceLine(text, lines[j])) {
      empties.push(lines[j]?.[1] ?? 0);
      j++;
    }
    if (empties.length === 0) out.push(' ', lineEnd, lineEnd + 1);
    else for (const at of empties) out.push('\n', at, at + 1);
    i = j;
  }
  return out;
}

function endsWithOddBackslashes(text: string, s: number, e: number): boolean {
  let run = 0;
  while (e - 1 - run >= s && text[e - 1 - run] === '\\') run++;
  return run % 2 === 1;
}

function isWhitespaceLine(text: string, line: [number, number] | undefined): boolean {
  if (!line) return false;
  for (let k = line[0]; k < line[1]; k++) if (!isBlank(text[k])) return false;
  return true;
}

function emitFlowLine(text: string, s: number, e: number, style: ScalarStyle, out: Out): void {
  for (let k = s; k < e; k++) {
    const ch = text[k] ?? '';
    if (style === 'QUOTE_SINGLE' && ch === "'" && text[k + 1] === "'") {
      out.push("'", k, k + 2);
      k += 1;
    } else if (style === 'QUOTE_DOUBLE' && ch === '\\') {
      const next = text[k + 1] ?? '';
      const simple = DOUBLE_ESCAPES[next];
      const width = HEX_WIDTH[next];
      if (simple !== undefined) {
        out.push(simple, k, k + 2);
        k += 1;
      } else if (width !== undefined) {
        const code = Number.parseInt(text.slice(k + 2, k + 2 + width), 16);
        out.push(String.fromCodePoint(code), k, k + 2 + width);
        k += 1 + width;
      } else {
        out.push(next, k, k + 2);
        k += 1;
      }
    } else {
      out.push(ch, k, k + 1);
    }
  }
}

function decodeBlock(text: string, from: number, to: number, folded: boolean): Out {
  const headerEnd = text.indexOf('\n', from);
  const out = new Out();
  if (headerEnd < 0 || headerEnd >= to) return out;
  const header = text
    .slice(from + 1, headerEnd)
    .replace(/#.*$/, '')
    .trim();
  const chomp = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  const lines = linesOf(text, headerEnd + 1, to);
  if (lines.length > 0 && (lines[lines.length - 1]?.[0] ?? 0) >= to) lines.pop();

  // In a block scalar only spaces indent; a tab is already content.
  const spacesOnly = ([a, b]: [number, number]) => /^ *$/.test(text.slice(a, b));
  const explicit = /\d/.exec(header)?.[0];
  const firstContent = lines.find((l) => !spacesOnly(l));
  let indent = 0;
  if (explicit !== undefined) indent = lineIndentBefore(text, from) + Number(explicit);
  else if (firstContent) while (text[firstContent[0] + indent] === ' ') indent++;
  else indent = Math.max(0, ...lines.map(([a, b]) => b - a));

  const body = lines.map(([s, e]) => {
    const empty = e - s <= indent && spacesOnly([s, e]);
    return { start: Math.min(s + indent, e), end: e, br: e, empty };
  });

  let prevNormal: boolean | undefined;
  let pendingBreak: number | undefined;
  const empties: number[] = [];
  for (const line of body) {
    if (line.empty) {
      empties.push(line.br);
      continue;
    }
    const normal = !isBlank(text[line.start]);
    if (pendingBreak !== undefined) {
      if (folded && prevNormal && normal) {
        if (empties.length === 0) out.push(' ', pendingBreak, pendingBreak + 1);
      } else out.push('\n', pendingBreak, pendingBreak + 1);
    }
    for (const at of empties) out.push('\n', at, at + 1);
    empties.length = 0;
    for (let k = line.start; k < line.end; k++) out.push(text[k] ?? '', k, k + 1);
    pendingBreak = line.br;
    prevNormal = normal;
  }

  // Chomping: what happens to the final break and the trailing empty lines.
  if (pendingBreak !== undefined && chomp !== 'strip') {
    out.push('\n', pendingBreak, pendingBreak + 1);
    if (chomp === 'keep') for (const at of empties) out.push('\n', at, at + 1);
  } else if (pendingBreak === undefined && chomp === 'keep') {
    for (const at of empties) out.push('\n', at, at + 1);
  }
  return out;
}

/** Indentation of the line holding `offset`: the base for an explicit block indentation. */
function lineIndentBefore(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let n = 0;
  while (text[lineStart + n] === ' ') n++;
  return n;
}

/** Fallback: walks the decoded text and finds each character in order in the source. */
function align(
  text: string,
  from: number,
  to: number,
  value: string,
): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  let p = from;
  for (const ch of value) {
    const units = ch.length;
    let found = -1;
    if (!/\s/.test(ch)) {
      const at = text.indexOf(ch, p);
      if (at >= 0 && at < to) found = at;
    } else if (text[p] === ch) found = p;
    for (let u = 0; u < units; u++) {
      starts.push(found >= 0 ? found : Math.min(p, to));
      ends.push(found >= 0 ? found + units : Math.min(p, to));
    }
    if (found >= 0) p = found + units;
  }
  return { starts, ends };
}

/** Source offset of a position in the decoded text (the end maps just past the last character). */
export function toSource(map: ScalarMap, offset: number): number {
  if (map.decoded.length === 0) return map.from;
  if (offset < map.decoded.length) return map.starts[Math.max(0, offset)] ?? map.from;
  return map.ends[map.decoded.length - 1] ?? map.to;
}

/** Source span of the decoded range [start, end). */
export function sourceSpan(
  map: ScalarMap,
  start: number,
  end: number,
): { start: number; end: number } {
  const s = toSource(map, start);
  const e = end > start ? (map.ends[Math.min(end, map.decoded.length) - 1] ?? s) : s;
  return { start: s, end: Math.max(s, e) };
}

/**
 * A source edit that replaces the decoded range [start, end) with `replacement`, written in the
 * scalar's style, or undefined when that cannot be done safely (line folding inside the range, or
 * text the style cannot hold on one line).
 */
export function scalarEdit(
  text: string,
  map: ScalarMap,
  start: number,
  end: number,
  replacement: string,
): { start: number; end: number; newText: string } | undefined {
  if (!map.exact || replacement.includes('\n')) return undefined;
  const span = sourceSpan(map, start, end);
  const source = text.slice(span.start, span.end);
  if (source.includes('\n')) return undefined;

  switch (map.style) {
    case 'QUOTE_DOUBLE': {
      const escaped = JSON.stringify(replacement).slice(1, -1);
      return { ...span, newText: escaped };
    }
    case 'QUOTE_SINGLE':
      return { ...span, newText: replacement.replace(/'/g, "''") };
    case 'PLAIN':
      if (/: |\s#|^[\s]|[\s]$/.test(replacement) && replacement !== '') return undefined;
      return { ...span, newText: replacement };
    default:
      return { ...span, newText: replacement };
  }
}
