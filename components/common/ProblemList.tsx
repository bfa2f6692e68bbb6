import Link from 'next/link';
import type { Problem } from '@/lib/views/types';
import { ToneIcon } from './StatusMark';
import { toneOf } from './ui/Badge';

/**
 * Problems as a list a person can act on: what, why, and a link to where it is fixed. Errors come
 * first; `limit` keeps long lists short and says how many were left out.
 */
export function ProblemList({ problems, limit }: { problems: Problem[]; limit?: number }) {
  const order = { error: 0, warning: 1, info: 2 };
  const sorted = [...problems].sort((a, b) => order[a.severity] - order[b.severity]);
  const shown = limit === undefined ? sorted : sorted.slice(0, limit);
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-700">
      {shown.map((p, i) => {
        const tone = toneOf(p.severity);
        return (
          <li key={`${p.code}-${i}`} className="flex gap-2 py-2 text-sm">
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
            <div className="min-w-0">
              <p className="font-medium">
                <span className="sr-only">{p.severity}: </span>
                {p.href ? (
                  <Link
                    href={p.href}
                    className="text-blue-800 underline-offset-2 hover:underline dark:text-blue-300"
                  >
                    {p.title}
                  </Link>
                ) : (
                  p.title
                )}
              </p>
              <p className="text-slate-600 dark:text-slate-400">{p.detail}</p>
            </div>
          </li>
        );
      })}
      {shown.length < sorted.length && (
        <li className="py-2 text-sm text-slate-600 dark:text-slate-400">
          and {sorted.length - shown.length} more
        </li>
      )}
    </ul>
  );
}
