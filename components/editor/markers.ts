import { LineCounter, isMap, isScalar, parseAllDocuments } from 'yaml';
import type { Diagnostic, QuickFix, Severity } from '@/lib/diagnostics';
import { EMBEDDED_FIELDS, type EmbeddedSchemaKey } from './schemas';

/** Monaco's MarkerSeverity values (kept here so this file needs no Monaco at all). */
export const MARKER_SEVERITY: Record<Severity, number> = { error: 8, warning: 4, info: 2 };

/** The shape of a Monaco marker. */
export interface MarkerData {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  severity: number;
  message: string;
  code: string;
  source: string;
}

/** A 1-based range, end exclusive (the same convention as Monaco's and the diagnostics'). */
export interface TextRange {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/** The range a diagnostic underlines; an empty span still marks one character. */
export function rangeOf(d: Diagnostic): TextRange {
  const empty = d.line === d.endLine && d.column >= d.endColumn;
  return {
    startLineNumber: d.line,
    startColumn: d.column,
    endLineNumber: d.endLine,
    endColumn: empty ? d.column + 1 : d.endColumn,
  };
}

/** ibnet diagnostics as Monaco markers, with the stable code shown beside the message. */
export function toMarkers(diagnostics: readonly Diagnostic[]): MarkerData[] {
  return diagnostics.map((d) => ({
    ...rangeOf(d),
    severity: MARKER_SEVERITY[d.severity],
    message: d.message,
    code: d.code,
    source: 'ibnet',
  }));
}

function before(a: { line: number; column: number }, b: { line: number; column: number }) {
  return a.line < b.line || (a.line === b.line && a.column <= b.column);
}

/** Whether two ranges overlap or touch (a cursor at the end of a span still offers its fix). */
export function touches(a: TextRange, b: TextRange): boolean {
  return (
    before(
      { line: a.startLineNumber, column: a.startColumn },
      { line: b.endLineNumber, column: b.endColumn },
    ) &&
    before(
      { line: b.startLineNumber, column: b.startColumn },
      { line: a.endLineNumber, column: a.endColumn },
    )
  );
}

/** The quick fixes offered at a range: those of every diagnostic it touches. */
export function fixesAt(
  diagnostics: readonly Diagnostic[],
  range: TextRange,
): { diagnostic: Diagnostic; fix: QuickFix }[] {
  return diagnostics
    .filter((d) => d.fixes && d.fixes.length > 0 && touches(rangeOf(d), range))
    .flatMap((d) => (d.fixes ?? []).map((fix) => ({ diagnostic: d, fix })));
}

/** Counts by severity, for the editor's live status line. */
export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** Words for a diagnostics count: "2 errors, 1 warning" or "No problems". */
export function describeCounts(counts: Record<Severity, number>): string {
  const parts = [
    counts.error ? `${counts.error} error${counts.error === 1 ? '' : 's'}` : '',
    counts.warning ? `${counts.warning} warning${counts.warning === 1 ? '' : 's'}` : '',
    counts.info ? `${counts.info} note${counts.info === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'No problems';
}

/** An embedded JSON string in a YAML text: where its key is, for a code lens above it. */
export interface EmbeddedField {
  document: number;
  path: (string | number)[];
  schema: EmbeddedSchemaKey;
  /** 1-based line of the key. */
  line: number;
}

/** Finds `spec.ipam`, `spec.capabilities` and `spec.metaPlugins` strings in every document. */
export function embeddedFields(text: string): EmbeddedField[] {
  const counter = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter: counter });
  } catch {
    return [];
  }
  if (!Array.isArray(docs)) return [];
  const out: EmbeddedField[] = [];
  docs.forEach((doc, document) => {
    const spec = doc.get('spec', true);
    if (!isMap(spec)) return;
    for (const field of EMBEDDED_FIELDS) {
      const pair = spec.items.find((p) => isScalar(p.key) && p.key.value === field.path[1]);
      if (!pair || !isScalar(pair.key) || !pair.key.range) continue;
      if (!isScalar(pair.value) || typeof pair.value.value !== 'string') continue;
      out.push({
        document,
        path: [...field.path],
        schema: field.schema,
        line: counter.linePos(pair.key.range[0]).line,
      });
    }
  });
  return out;
}
