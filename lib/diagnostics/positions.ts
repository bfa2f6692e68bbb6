/** A range of offsets into a text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** A 1-based position; `column` counts UTF-16 code units, as editors do. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Turns offsets into 1-based lines and columns for one text. Built once per validation; each
 * lookup is a binary search over line starts.
 */
export class LineIndex {
  readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (this.starts[lo] ?? 0) + 1 };
  }

  /** Offset of a 1-based position; columns past the end of a line stop at its end. */
  offset(line: number, column: number): number {
    const index = Math.max(0, Math.min(line - 1, this.starts.length - 1));
    const start = this.starts[index] ?? 0;
    const next = this.starts[index + 1];
    const lineEnd = next === undefined ? this.text.length : next - 1;
    return Math.max(start, Math.min(start + column - 1, lineEnd + (next === undefined ? 0 : 1)));
  }

  /** The span as 1-based start and exclusive end, never inverted and never outside the text. */
  range(span: Span): { line: number; column: number; endLine: number; endColumn: number } {
    const start = this.position(span.start);
    const end = this.position(Math.max(span.start, span.end));
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
}
