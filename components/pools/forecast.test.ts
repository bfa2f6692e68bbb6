import { describe, expect, it } from 'vitest';
import { FORECAST_WINDOW_MS, forecastPool, formatDuration } from './forecast';

const HOUR = 3_600_000;
const now = Date.UTC(2025, 0, 10, 12);

describe('forecastPool', () => {
  it('says a full pool is exhausted whatever the history', () => {
    expect(forecastPool({ free: '0', allocatedAt: [], untimed: 0, now }).kind).toBe('exhausted');
  });

  it('refuses to guess from fewer than three timed allocations', () => {
    const f = forecastPool({
      free: '10',
      allocatedAt: [now - HOUR, now - 2 * HOUR],
      untimed: 1,
      now,
    });
    expect(f.kind).toBe('not-enough-data');
    if (f.kind === 'not-enough-data') {
      expect(f.reason).toMatch(/Only 2 addresses/);
      expect(f.reason).toMatch(/1 allocation without a known pod creation time/);
    }
  });

  it('refuses to guess from a burst of pods created minutes ago', () => {
    const times = [now - 60_000, now - 120_000, now - 180_000];
    expect(forecastPool({ free: '10', allocatedAt: times, untimed: 0, now }).kind).toBe(
      'not-enough-data',
    );
  });

  it('projects the run-out time from the net rate of current holders', () => {
    // Four pods over the last eight hours: half an address an hour, 2 free -> 4 hours left.
    const times = [now - 8 * HOUR, now - 6 * HOUR, now - 4 * HOUR, now - 2 * HOUR];
    const f = forecastPool({ free: '2', allocatedAt: times, untimed: 0, now });
    expect(f.kind).toBe('estimate');
    if (f.kind === 'estimate') {
      expect(f.perDay).toBeCloseTo(12);
      expect(f.runsOutAt).toBe(now + 4 * HOUR);
      expect(f.basis).toMatch(/4 addresses taken by pods created in the last 8 hours/);
      expect(f.basis).toMatch(/net growth/);
    }
  });

  it('sorts times numerically and ignores holders older than the window', () => {
    const times = [
      now - 10 * HOUR,
      now - 9 * HOUR,
      now - 2 * HOUR,
      now - FORECAST_WINDOW_MS - HOUR,
    ];
    const f = forecastPool({ free: '100', allocatedAt: times, untimed: 0, now });
    expect(f.kind).toBe('estimate');
    if (f.kind === 'estimate') expect(f.basis).toMatch(/3 addresses .* last 10 hours/);
  });

  it('gives no date beyond a year, as for an IPv6 /64', () => {
    const times = [now - 3 * HOUR, now - 2 * HOUR, now - HOUR];
    const f = forecastPool({ free: '9223372036854775806', allocatedAt: times, untimed: 0, now });
    expect(f.kind === 'estimate' && f.runsOutAt === undefined).toBe(true);
  });
});

describe('formatDuration', () => {
  it('picks a readable unit', () => {
    expect(formatDuration(90_000)).toBe('2 minutes');
    expect(formatDuration(5 * HOUR)).toBe('5 hours');
    expect(formatDuration(72 * HOUR)).toBe('3 days');
  });
});
