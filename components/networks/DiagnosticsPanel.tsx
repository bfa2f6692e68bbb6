'use client';

import type { Diagnostic, QuickFix } from '@/lib/diagnostics';
import { ToneIcon } from '@/components/common/StatusMark';
import { Button } from '@/components/common/ui';
import { countBySeverity, describeCounts } from '@/components/editor/markers';

const ORDER = { error: 0, warning: 1, info: 2 };

/** The live one-line summary ("2 errors, 1 warning") announced as the text changes. */
export function DiagnosticsSummary({
  diagnostics,
  id,
}: {
  diagnostics: readonly Diagnostic[];
  id?: string;
}) {
  const counts = countBySeverity(diagnostics);
  return (
    <p
      id={id}
      role="status"
      aria-live="polite"
      data-testid="diagnostics-summary"
      className={`text-sm ${
        counts.error
          ? 'text-red-800 dark:text-red-300'
          : counts.warning
            ? 'text-amber-800 dark:text-amber-300'
            : 'text-emerald-800 dark:text-emerald-300'
      }`}
    >
      {describeCounts(counts)}
    </p>
  );
}

/**
 * Every finding of the text with its line, its stable code and one button per quick fix, so that
 * fixes are reachable by keyboard and screen reader as well as through the editor's light bulb.
 */
export function DiagnosticsPanel({
  diagnostics,
  onReveal,
  onFix,
  disabled,
  lineOffset = 0,
  label = 'Problems',
}: {
  diagnostics: readonly Diagnostic[];
  onReveal?: (d: Diagnostic) => void;
  onFix?: (d: Diagnostic, fix: QuickFix) => void;
  disabled?: boolean;
  /** Added to shown line numbers (a document inside a longer text). */
  lineOffset?: number;
  label?: string;
}) {
  const sorted = [...diagnostics].sort(
    (a, b) => ORDER[a.severity] - ORDER[b.severity] || a.line - b.line || a.column - b.column,
  );
  if (sorted.length === 0) return null;
  return (
    <ul aria-label={label} className="divide-y divide-slate-200 text-sm dark:divide-slate-700">
      {sorted.map((d, i) => {
        const tone = d.severity === 'info' ? 'info' : d.severity;
        return (
          <li
            key={`${d.code}-${d.line}-${d.column}-${i}`}
            className="flex gap-2 py-1.5"
            data-code={d.code}
          >
            <span
              className={
                tone === 'error'
                  ? 'mt-0.5 text-red-700 dark:text-red-400'
                  : tone === 'warning'
                    ? 'mt-0.5 text-amber-700 dark:text-amber-400'
                    : 'mt-0.5 text-sky-700 dark:text-sky-400'
              }
            >
              <ToneIcon tone={tone} />
            </span>
            <div className="min-w-0 flex-1">
              <p>
                <span className="sr-only">{d.severity}, </span>
                {onReveal ? (
                  <button
                    type="button"
                    onClick={() => onReveal(d)}
                    className="mr-1 font-mono text-xs text-blue-800 underline underline-offset-2 dark:text-blue-300"
                  >
                    line {d.line + lineOffset}:{d.column}
                  </button>
                ) : (
                  <span className="mr-1 font-mono text-xs">
                    line {d.line + lineOffset}:{d.column}
                  </span>
                )}
                {d.message}{' '}
                <code className="text-xs text-slate-500 dark:text-slate-400">{d.code}</code>
              </p>
              {onFix && d.fixes && d.fixes.length > 0 && (
                <div className="mt-1 flex flex-wrap gap-1">
                  {d.fixes.map((fix, k) => (
                    <Button
                      key={k}
                      variant="secondary"
                      className="!px-2 !py-0.5 text-xs"
                      disabled={disabled}
                      onClick={() => onFix(d, fix)}
                      aria-label={`Fix line ${d.line + lineOffset}: ${fix.title}`}
                    >
                      Fix: {fix.title}
                    </Button>
                  ))}
                </div>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
