import type { Forecast } from './forecast';
import { formatDuration } from './forecast';

/** When the pool runs out, said plainly, with the basis for those who want it. */
export function ForecastText({
  forecast,
  now,
  withBasis = false,
}: {
  forecast: Forecast;
  now: number;
  withBasis?: boolean;
}) {
  switch (forecast.kind) {
    case 'exhausted':
      return <span className="font-semibold text-red-800 dark:text-red-300">Exhausted now</span>;
    case 'not-enough-data':
      return (
        <span>
          Not enough data
          {withBasis && (
            <span className="block text-sm text-slate-600 dark:text-slate-400">
              {forecast.reason}
            </span>
          )}
        </span>
      );
    case 'estimate':
      return (
        <span title={withBasis ? undefined : forecast.basis}>
          {forecast.runsOutAt === undefined ? (
            'Not within a year'
          ) : (
            <>
              In about {formatDuration(forecast.runsOutAt - now)}
              <span className="text-slate-600 dark:text-slate-400">
                {' '}
                ({new Date(forecast.runsOutAt).toLocaleDateString()})
              </span>
            </>
          )}
          {withBasis && (
            <span className="block text-sm text-slate-600 dark:text-slate-400">
              Basis: {forecast.basis}
            </span>
          )}
        </span>
      );
  }
}
