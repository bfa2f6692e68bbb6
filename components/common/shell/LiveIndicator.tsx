'use client';

import { useLiveUpdates } from '@/components/api';

const LABELS = {
  off: 'Live updates off',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
} as const;

/** Whether the tab's event stream is connected. */
export function LiveIndicator() {
  const state = useLiveUpdates([]);
  const color =
    state === 'live' ? 'bg-green-600' : state === 'off' ? 'bg-slate-400' : 'bg-amber-500';
  return (
    <span
      className="flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-300"
      role="status"
    >
      <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${color}`} />
      {LABELS[state]}
    </span>
  );
}
