import { StatusMark } from '@/components/common/StatusMark';
import type { EventView } from '@/lib/views/types';

/** The pod's events, newest first, warnings marked. */
export function PodEvents({ events }: { events: EventView[] }) {
  if (events.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">No events recorded for this pod.</p>
    );
  }
  const sorted = [...events].sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''));
  return (
    <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-700">
      {sorted.map((e, i) => (
        <li key={i} className="flex flex-wrap gap-x-3 gap-y-1 py-2">
          <StatusMark tone={e.type === 'Warning' ? 'warning' : 'info'}>{e.type}</StatusMark>
          <span className="font-medium">{e.reason}</span>
          {e.count > 1 && <span className="text-slate-500">×{e.count}</span>}
          {e.lastSeen && (
            <span className="text-slate-500">{new Date(e.lastSeen).toLocaleString()}</span>
          )}
          <p className="w-full break-words text-slate-700 dark:text-slate-300">{e.message}</p>
        </li>
      ))}
    </ul>
  );
}
