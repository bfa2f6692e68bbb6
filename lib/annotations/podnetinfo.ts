/**
 * The downward-API file `/etc/podnetinfo/annotations` that network-resources-injector mounts into
 * pods: one `key="value"` line per annotation, sorted by key, each value quoted as Go's `%q` does.
 */

export const PODNETINFO_ANNOTATIONS_PATH = '/etc/podnetinfo/annotations';

/** What Go's unicode.IsPrint accepts: letters, marks, numbers, punctuation, symbols and ' '. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** Quotes a string exactly as Go's strconv.Quote (and so `%q`) does. */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const short = SHORT_ESCAPES[ch];
    if (short) {
      out += short;
      continue;
    }
    const code = ch.codePointAt(0) ?? 0;
    // A lone surrogate cannot be encoded in UTF-8; Go would see the replacement character.
    if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
    else if (PRINTABLE.test(ch)) out += ch;
    else if (code < 0x80) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

const UNESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** Reads a Go double-quoted string literal; undefined when it is not one. */
export function goUnquote(quoted: string): string | undefined {
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) return undefined;
  const body = quoted.slice(1, -1);
  let out = '';
  // Octal and \x escapes give bytes; collect them and decode runs as UTF-8, as Go does.
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length > 0) out += new TextDecoder().decode(new Uint8Array(bytes));
    bytes = [];
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] ?? '';
    if (ch === '"' || ch === '\n') return undefined;
    if (ch !== '\\') {
      flush();
      out += ch;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) return undefined;
    const simple = UNESCAPES[next];
    if (simple !== undefined && next !== "'") {
      flush();
      out += simple;
      i += 1;
      continue;
    }
    const width =
      next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : /[0-7]/.test(next) ? 3 : 0;
    if (width === 0) return undefined;
    const digits =
      next === 'x' || next === 'u' || next === 'U'
        ? body.slice(i + 2, i + 2 + width)
        : body.slice(i + 1, i + 4);
    const valid = /[0-7]/.test(next)
      ? /^[0-7]{3}$/.test(digits)
      : new RegExp(`^[0-9a-fA-F]{${width}}$`).test(digits);
    if (!valid) return undefined;
    const code = Number.parseInt(digits, /[0-7]/.test(next) ? 8 : 16);
    if (next === 'x' || /[0-7]/.test(next)) {
      if (code > 255) return undefined;
      bytes.push(code);
    } else {
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
      flush();
      out += String.fromCodePoint(code);
    }
    i += /[0-7]/.test(next) ? 3 : 1 + width;
  }
  flush();
  return out;
}

/** Writes annotations as the downward API does: sorted `key="value"` lines. */
export function formatPodNetInfo(annotations: Record<string, string>): string {
  return Object.keys(annotations)
    .sort()
    .map((key) => `${key}=${goQuote(annotations[key] ?? '')}\n`)
    .join('');
}

export interface PodNetInfoProblem {
  /** 1-based line of the file. */
  line: number;
  message: string;
}

/**
 * Reads the downward-API annotations file. Never throws: lines that are not `key="value"` are
 * reported and skipped. The file is filled in after the pod starts, so an empty text is normal.
 */
export function parsePodNetInfo(text: string): {
  annotations: Record<string, string>;
  problems: PodNetInfoProblem[];
} {
  const annotations: Record<string, string> = {};
  const problems: PodNetInfoProblem[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq) : '';
    const value = eq > 0 ? goUnquote(line.slice(eq + 1)) : undefined;
    if (key === '' || value === undefined) {
      problems.push({
        line: index + 1,
        message: `line ${index + 1} is not key="value" with a Go-quoted value: ${JSON.stringify(line.slice(0, 80))}`,
      });
      return;
    }
    annotations[key] = value;
  });
  return { annotations, problems };
}
