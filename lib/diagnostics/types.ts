export type Severity = 'error' | 'warning' | 'info';

/** A replacement of one span of the checked text; positions are 1-based, end exclusive. */
export interface TextEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

/** A one-click repair offered with a diagnostic. */
export interface QuickFix {
  title: string;
  edits: TextEdit[];
}

/**
 * One finding about a text. Positions are 1-based; `endColumn` points just past the last character
 * of the span. `code` is stable so that users can grep and silence it; `message` says what is wrong
 * and how to fix it.
 */
export interface Diagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
  /** Path of the offending value inside its document, e.g. ['spec', 'ipam', 'range']. */
  path?: (string | number)[];
  /** Index of the YAML document (0-based) the diagnostic belongs to. */
  document?: number;
  fixes?: QuickFix[];
}

/**
 * A finding about a value with no text position yet: produced by checks that work on parsed
 * objects (IPAM, rendering), and placed in the text by the validator through `path`.
 */
export interface Issue {
  severity: Severity;
  code: string;
  message: string;
  /** Path relative to the value that was checked. */
  path: (string | number)[];
  /** A replacement value for the node at `path`, when one is obvious. */
  replacement?: unknown;
}
