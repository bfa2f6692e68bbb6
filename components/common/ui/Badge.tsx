import type { ReactNode } from 'react';

export type Tone = 'ok' | 'warning' | 'error' | 'info' | 'neutral';

const TONES: Record<Tone, string> = {
  ok: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200',
  warning: 'bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200',
  error: 'bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200',
  info: 'bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200',
  neutral: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
};

/** Maps the API's health and severity words onto a tone. */
export function toneOf(value: string | undefined): Tone {
  switch (value) {
    case 'ok':
    case 'attached':
    case 'True':
    case 'Succeeded':
    case 'Running':
      return 'ok';
    case 'warning':
    case 'pending':
    case 'Pending':
    case 'InProgress':
    case 'Unknown':
      return 'warning';
    case 'error':
    case 'problem':
    case 'failed':
    case 'False':
    case 'Failed':
      return 'error';
    case 'info':
      return 'info';
    default:
      return 'neutral';
  }
}

/** A short status word in colour; the word itself carries the meaning for screen readers. */
export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}
