'use client';

import { STEPS } from './state';

/** The list of steps; any step can be opened, the current one is marked for screen readers. */
export function StepNav({
  current,
  done,
  onOpen,
}: {
  current: number;
  /** Steps whose outcome exists (policy created, network ready, pod verified…), 1-based. */
  done: ReadonlySet<number>;
  onOpen: (step: number) => void;
}) {
  return (
    <nav aria-label="Wizard steps">
      <ol className="space-y-1">
        {STEPS.map((step, i) => {
          const n = i + 1;
          const active = n === current;
          return (
            <li key={step.id}>
              <button
                type="button"
                onClick={() => onOpen(n)}
                aria-current={active ? 'step' : undefined}
                className={`flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm focus-visible:outline-2 focus-visible:outline-blue-600 ${
                  active
                    ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900'
                    : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'
                }`}
              >
                <span
                  aria-hidden="true"
                  className={`flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${
                    done.has(n)
                      ? 'bg-emerald-600 text-white'
                      : active
                        ? 'bg-white text-slate-900 dark:bg-slate-900 dark:text-white'
                        : 'bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200'
                  }`}
                >
                  {done.has(n) ? '✓' : n}
                </span>
                <span>
                  {step.title}
                  {done.has(n) && <span className="sr-only"> (done)</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
