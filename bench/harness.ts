/** A measured figure. Benchmarks report; they never pass or fail on a number. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** What the figure is compared with, e.g. the serialization floor. */
  note?: string;
}

export interface BenchContext {
  figure(name: string, value: number, unit: string, note?: string): void;
  log(message: string): void;
}

export interface Bench {
  /** What is measured, shown as the section heading. */
  title: string;
  run(ctx: BenchContext): Promise<void>;
}

/** Milliseconds elapsed since `start` (from performance.now()). */
export function since(start: number): number {
  return performance.now() - start;
}

/** The value at quantile q (0..1) of the samples. */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
