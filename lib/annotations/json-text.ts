import { getNodeValue, parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';

export type { JsonNode };

/** A range of offsets in a text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** One JSON syntax error: where it is and what to do about it. */
export interface JsonSyntaxProblem {
  message: string;
  span: Span;
  /** Set for a trailing comma: the comma to delete. */
  trailingComma?: Span;
}

export interface ParsedJsonText {
  /** The recovered tree; present even after syntax errors when anything could be read. */
  root: JsonNode | undefined;
  problems: JsonSyntaxProblem[];
}

/** Enough errors to fix the first few mistakes without drowning the reader in follow-ups. */
const MAX_PROBLEMS = 8;

/** jsonc-parser's error codes: its enum is `const`, which isolated modules cannot read. */
const ParseErrorCode = {
  InvalidSymbol: 1,
  InvalidNumberFormat: 2,
  PropertyNameExpected: 3,
  ValueExpected: 4,
  ColonExpected: 5,
  CommaExpected: 6,
  CloseBraceExpected: 7,
  CloseBracketExpected: 8,
  EndOfFileExpected: 9,
  InvalidCommentToken: 10,
  UnexpectedEndOfComment: 11,
  UnexpectedEndOfString: 12,
  UnexpectedEndOfNumber: 13,
  InvalidUnicode: 14,
  InvalidEscapeCharacter: 15,
  InvalidCharacter: 16,
} as const;

const MESSAGES: Record<number, string> = {
  [ParseErrorCode.InvalidSymbol]: 'unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'invalid number',
  [ParseErrorCode.PropertyNameExpected]: 'expected a property name in double quotes',
  [ParseErrorCode.ValueExpected]: 'expected a value',
  [ParseErrorCode.ColonExpected]: "expected ':' after the property name",
  [ParseErrorCode.CommaExpected]: "expected ',' between two elements",
  [ParseErrorCode.CloseBraceExpected]: "expected '}' to close the object",
  [ParseErrorCode.CloseBracketExpected]: "expected ']' to close the list",
  [ParseErrorCode.EndOfFileExpected]: 'unexpected text after the end of the JSON value',
  [ParseErrorCode.InvalidCommentToken]: 'comments are not allowed in JSON; remove it',
  [ParseErrorCode.UnexpectedEndOfComment]: 'unterminated comment; comments are not allowed in JSON',
  [ParseErrorCode.UnexpectedEndOfString]: 'unterminated string: add the closing double quote',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'incomplete number',
  [ParseErrorCode.InvalidUnicode]: 'invalid \\u escape: it needs four hex digits',
  [ParseErrorCode.InvalidEscapeCharacter]: 'invalid escape in a string: use \\\\ for a backslash',
  [ParseErrorCode.InvalidCharacter]: 'control character inside a string: escape it (\\n, \\t)',
};

/**
 * Parses JSON text strictly (no comments, no trailing commas, as Go's encoding/json reads it) but
 * tolerantly: the tree of whatever could be read comes back with every syntax error and its offset,
 * so the fields around a mistake can still be checked.
 */
export function parseJsonText(text: string): ParsedJsonText {
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, errors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
  } catch {
    // jsonc-parser does not throw on bad input; this only guards against the unforeseen.
    root = undefined;
  }

  const problems: JsonSyntaxProblem[] = [];
  const seen = new Set<number>();
  for (const error of errors) {
    if (problems.length >= MAX_PROBLEMS) break;
    if (seen.has(error.offset)) continue;
    seen.add(error.offset);
    problems.push(describe(text, error));
  }
  if (text.trim() === '' && problems.length === 0) {
    problems.push({ message: 'empty text where JSON was expected', span: { start: 0, end: 0 } });
  }
  return { root, problems };
}

function describe(text: string, error: ParseError): JsonSyntaxProblem {
  const start = Math.min(error.offset, text.length);
  const end = Math.min(text.length, start + Math.max(error.length, 1));
  const span = { start, end: Math.max(end, start) };
  const found = text[start];

  // A comma right before a closing bracket: jsonc-parser reports the missing element after it.
  if (
    ((error.error as number) === ParseErrorCode.PropertyNameExpected ||
      (error.error as number) === ParseErrorCode.ValueExpected) &&
    (found === '}' || found === ']')
  ) {
    const comma = previousNonSpace(text, start);
    if (comma >= 0 && text[comma] === ',') {
      return {
        message: `trailing comma before '${found}': JSON does not allow it; remove the comma`,
        span: { start: comma, end: comma + 1 },
        trailingComma: { start: comma, end: comma + 1 },
      };
    }
  }

  let message = MESSAGES[error.error] ?? 'invalid JSON';
  if (found === "'") message += ": JSON strings use double quotes, not '";
  else if (
    (error.error as number) === ParseErrorCode.InvalidSymbol &&
    found !== undefined &&
    /\w/.test(found)
  ) {
    message += ': JSON needs double quotes around strings and property names';
  } else if (found !== undefined && (error.error as number) !== ParseErrorCode.InvalidCharacter) {
    message += ` (found '${found}')`;
  } else if (found === undefined) {
    message += ' (the text ends early)';
  }
  return { message, span };
}

function previousNonSpace(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i] ?? '')) i--;
  return i;
}

/** The plain value of a node (objects keep the last of duplicate keys, as Go does). */
export function jsonValue(node: JsonNode | undefined): unknown {
  if (!node) return undefined;
  try {
    return getNodeValue(node);
  } catch {
    return undefined;
  }
}

/** The key and value nodes of each property of an object node, in text order. */
export function jsonProperties(node: JsonNode): { key: JsonNode; value: JsonNode | undefined }[] {
  if (node.type !== 'object') return [];
  const out: { key: JsonNode; value: JsonNode | undefined }[] = [];
  for (const property of node.children ?? []) {
    const key = property.children?.[0];
    if (!key || key.type !== 'string') continue;
    out.push({ key, value: property.children?.[1] });
  }
  return out;
}

export function spanOf(node: JsonNode): Span {
  return { start: node.offset, end: node.offset + node.length };
}
