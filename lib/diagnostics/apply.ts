import { LineIndex } from './positions';
import type { Diagnostic, QuickFix, TextEdit } from './types';

/**
 * Applies text edits (1-based, end exclusive, all relative to the original text) and returns the
 * new text. Edits are applied from the end so earlier positions stay valid; overlapping edits
 * are refused because their result would be ambiguous.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const ranges = edits
    .map((e) => ({
      start: lines.offset(e.line, e.column),
      end: lines.offset(e.endLine, e.endColumn),
      newText: e.newText,
    }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const edit of ranges) {
    if (edit.end > limit) throw new RangeError('overlapping edits cannot be applied together');
    out = out.slice(0, edit.start) + edit.newText + out.slice(Math.max(edit.start, edit.end));
    limit = edit.start;
  }
  return out;
}

/** Applies one quick fix to the text it was computed for. */
export function applyQuickFix(text: string, fix: QuickFix): string {
  return applyEdits(text, fix.edits);
}

/** One CLI line: `file:line:col severity code message`. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`;
}
