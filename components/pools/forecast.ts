/**
 * When a pool runs out at the current rate. The only allocation history the cluster keeps is the
 * creation time of the pods that hold addresses now, so the rate is the net growth of those
 * holders: pods that came and went leave no trace, which the basis says in words.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Look at this much history at most: older pods say little about today's rate. */
export const FORECAST_WINDOW_MS = 14 * DAY;
/** Fewer timed allocations than this is not a rate. */
export const MIN_SAMPLES = 3;
/** Allocations spread over less than this say nothing about a daily rate. */
export const MIN_SPAN_MS = HOUR;
/** Beyond this horizon the date is noise: say "more than a year". */
const HORIZON_MS = 365 * DAY;

export type Forecast =
  | { kind: 'exhausted' }
  | { kind: 'not-enough-data'; reason: string }
  | {
      kind: 'estimate';
      /** Net allocations per day over the window. */
      perDay: number;
      /** Epoch ms when the free addresses are used up; undefined beyond a year. */
      runsOutAt?: number;
      basis: string;
    };

export interface ForecastInput {
  /** Free addresses, as the decimal string the API reports (IPv6 pools are huge). */
  free: string;
  /** Creation times (epoch ms) of the pods holding addresses now; unknown holders left out. */
  allocatedAt: number[];
  /** Allocations whose holder time is unknown (pod gone, or not visible). */
  untimed: number;
  now: number;
}

function plural(n: number, word: string): string {
  if (n === 1) return `${n} ${word}`;
  return `${n} ${word}${word.endsWith('s') ? 'es' : 's'}`;
}

/** A duration in the largest unit that keeps it readable. */
export function formatDuration(ms: number): string {
  if (ms < HOUR) return plural(Math.max(1, Math.round(ms / 60_000)), 'minute');
  if (ms < 2 * DAY) return plural(Math.round(ms / HOUR), 'hour');
  if (ms < 60 * DAY) return plural(Math.round(ms / DAY), 'day');
  return plural(Math.round(ms / (30 * DAY)), 'month');
}

/** The rate and run-out time of a pool from the creation times of the pods that hold it. */
export function forecastPool({ free, allocatedAt, untimed, now }: ForecastInput): Forecast {
  const freeCount = BigInt(free);
  if (freeCount === 0n) return { kind: 'exhausted' };

  const since = now - FORECAST_WINDOW_MS;
  const times = allocatedAt
    .filter((t) => Number.isFinite(t) && t >= since && t <= now)
    .sort((a, b) => a - b);
  const skipped = untimed + (allocatedAt.length - times.length);
  const unseen =
    skipped > 0
      ? ` ${plural(skipped, 'allocation')} without a known pod creation time in the last ${formatDuration(FORECAST_WINDOW_MS)} ${skipped === 1 ? 'is' : 'are'} left out.`
      : '';

  if (times.length < MIN_SAMPLES) {
    return {
      kind: 'not-enough-data',
      reason: `Only ${plural(times.length, 'address')} ${times.length === 1 ? 'is' : 'are'} held by pods created in the last ${formatDuration(FORECAST_WINDOW_MS)}; at least ${MIN_SAMPLES} are needed to tell a rate.${unseen}`,
    };
  }
  const first = times[0] ?? now;
  const span = now - first;
  if (span < MIN_SPAN_MS) {
    return {
      kind: 'not-enough-data',
      reason: `All ${plural(times.length, 'holder')} were created within the last ${formatDuration(span)}; wait for more history before trusting a rate.${unseen}`,
    };
  }

  const perMs = times.length / span;
  const perDay = perMs * DAY;
  const basis = `${plural(times.length, 'address')} taken by pods created in the last ${formatDuration(span)} (about ${perDay < 10 ? perDay.toFixed(1) : Math.round(perDay)} a day). Only pods that still hold an address are counted: pods that came and went leave no trace, so this is net growth.${unseen}`;

  // Above 2^53 free addresses the pool cannot run out at any rate a cluster reaches.
  const freeNumber = freeCount > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(freeCount);
  const remaining = freeNumber / perMs;
  return {
    kind: 'estimate',
    perDay,
    runsOutAt: remaining <= HORIZON_MS ? now + remaining : undefined,
    basis,
  };
}
