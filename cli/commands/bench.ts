import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Bench, Figure } from '../../bench/harness';
import { parseCommandArgs } from '../usage';

const HELP = `Usage: ibnet bench [NAME...]

Runs the benchmarks in bench/*.bench.ts (all, or those whose file name contains NAME) and prints
their figures. Results are also written to bench/results/latest.json. Figures, not pass/fail.`;

const benchDir = fileURLToPath(new URL('../../bench/', import.meta.url));

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }

  const files = (await readdir(benchDir))
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => positionals.length === 0 || positionals.some((p) => f.includes(p)))
    .sort();
  if (files.length === 0) {
    console.error('ibnet bench: no benchmark matches');
    return 1;
  }

  const results: Record<string, Figure[]> = {};
  for (const file of files) {
    const bench = ((await import(`${benchDir}${file}`)) as { default: Bench }).default;
    console.log(`\n## ${bench.title} (${file})`);
    const figures: Figure[] = [];
    await bench.run({
      figure(name, value, unit, note) {
        figures.push({ name, value, unit, note });
        const shown = Number.isInteger(value) ? String(value) : value.toFixed(2);
        console.log(
          `  ${name.padEnd(58)} ${shown.padStart(12)} ${unit}${note ? `  (${note})` : ''}`,
        );
      },
      log(message) {
        console.log(`  · ${message}`);
      },
    });
    results[file] = figures;
  }

  await mkdir(`${benchDir}results`, { recursive: true });
  await writeFile(`${benchDir}results/latest.json`, JSON.stringify(results, null, 2));
  return 0;
}
