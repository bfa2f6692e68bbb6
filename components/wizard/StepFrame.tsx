'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from '@/components/common/ui';
import type { DocLink } from './docs';
import { STEP_COUNT } from './state';

/**
 * One step of the wizard: its heading (focused when the step opens, so screen readers announce
 * it), why it matters, its content, links to the documentation of the fields it sets, and Back /
 * Next. Next says why it is off while the step has blocking problems.
 */
export function StepFrame({
  index,
  title,
  intro,
  docs,
  blockers,
  focusOnOpen,
  onBack,
  onNext,
  nextLabel = 'Next',
  children,
}: {
  /** 1-based. */
  index: number;
  title: string;
  intro: ReactNode;
  docs: readonly DocLink[];
  blockers: readonly string[];
  focusOnOpen: boolean;
  onBack?: () => void;
  onNext?: () => void;
  nextLabel?: string;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnOpen) heading.current?.focus();
  }, [index, focusOnOpen]);

  return (
    <section
      aria-labelledby="wizard-step-title"
      className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-700 dark:bg-slate-900"
    >
      <header className="border-b border-slate-200 px-5 py-3 dark:border-slate-700">
        <p className="text-xs font-medium text-slate-500 dark:text-slate-400">
          Step {index} of {STEP_COUNT}
        </p>
        <h2
          id="wizard-step-title"
          ref={heading}
          tabIndex={-1}
          className="text-lg font-semibold focus:outline-none"
        >
          {title}
        </h2>
        <div className="mt-1 text-sm text-slate-700 dark:text-slate-300">{intro}</div>
      </header>
      <div className="space-y-5 px-5 py-4">{children}</div>
      <footer className="flex flex-wrap items-start justify-between gap-3 border-t border-slate-200 px-5 py-3 dark:border-slate-700">
        <nav aria-label={`Documentation for step ${index}`} className="text-xs">
          <p className="font-medium text-slate-600 dark:text-slate-400">Documentation</p>
          <ul className="mt-0.5 space-y-0.5">
            {docs.map((d) => (
              <li key={d.href + d.label}>
                <a
                  href={d.href}
                  target="_blank"
                  rel="noreferrer noopener"
                  className="text-blue-800 underline underline-offset-2 dark:text-blue-300"
                >
                  {d.label}
                  <span className="sr-only"> (opens upstream documentation in a new tab)</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="flex flex-col items-end gap-1">
          <div className="flex gap-2">
            {onBack && <Button onClick={onBack}>Back</Button>}
            {onNext && (
              <Button variant="primary" onClick={onNext} disabledReason={blockers[0]}>
                {nextLabel}
              </Button>
            )}
          </div>
          {onNext && blockers.length > 0 && (
            <ul
              aria-label="Before going on"
              data-testid="step-blockers"
              className="max-w-md list-disc pl-5 text-right text-xs text-amber-800 dark:text-amber-300"
            >
              {blockers.map((b) => (
                <li key={b} className="text-left">
                  {b}
                </li>
              ))}
            </ul>
          )}
        </div>
      </footer>
    </section>
  );
}
