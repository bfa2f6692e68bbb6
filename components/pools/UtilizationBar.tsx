import { formatCount } from './count';

/** Used share of a pool at which it counts as nearly exhausted. */
export const NEAR_EXHAUSTION_PERCENT = 85;

function level(percent: number, free: string) {
  if (free === '0') return { bar: 'bg-red-600 dark:bg-red-500', word: 'exhausted' };
  if (percent >= NEAR_EXHAUSTION_PERCENT)
    return { bar: 'bg-amber-500 dark:bg-amber-400', word: 'nearly exhausted' };
  return { bar: 'bg-emerald-600 dark:bg-emerald-500', word: '' };
}

/** How full a pool is: a bar, the percentage, and the words when it is nearly or fully used. */
export function UtilizationBar({
  usedPercent,
  used,
  size,
  free,
  stale,
  label,
}: {
  usedPercent: number;
  used: number;
  size: string;
  free: string;
  stale: number;
  label: string;
}) {
  const { bar, word } = level(usedPercent, free);
  const staleShare = used > 0 ? Math.min(usedPercent, (usedPercent * stale) / used) : 0;
  return (
    <div className="min-w-[8rem]">
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={usedPercent}
        aria-valuetext={`${usedPercent}% used${word ? `, ${word}` : ''}${stale ? `, ${stale} stale` : ''}`}
        className="relative h-2.5 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
      >
        <div
          className={`h-full ${bar}`}
          style={{ width: `${Math.max(usedPercent, used > 0 ? 1 : 0)}%` }}
        />
        {staleShare > 0 && (
          // Stale addresses are the hatched end of the used part: they could be freed.
          <div
            className="absolute top-0 h-full bg-[repeating-linear-gradient(45deg,transparent,transparent_3px,rgba(0,0,0,.35)_3px,rgba(0,0,0,.35)_5px)]"
            style={{ left: `${usedPercent - staleShare}%`, width: `${staleShare}%` }}
          />
        )}
      </div>
      <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
        {usedPercent}% of {formatCount(size)}
        {word && (
          <span className="font-semibold text-slate-900 dark:text-slate-100"> · {word}</span>
        )}
      </p>
    </div>
  );
}
