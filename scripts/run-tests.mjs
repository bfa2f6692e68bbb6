#!/usr/bin/env node
// Runs every check the project has, in the order that fails fastest, and ends with one summary.
// A failing step does not stop the later ones (except that browser tests need a build), so one
// run shows everything that is wrong.
import { spawnSync } from 'node:child_process';

const steps = [
  { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  { name: 'unit and integration', cmd: ['npm', 'run', '--silent', 'test:unit'] },
  { name: 'build', cmd: ['npm', 'run', '--silent', 'build'] },
  { name: 'browser', cmd: ['npm', 'run', '--silent', 'test:e2e'], needs: 'build' },
];

const only = process.argv.slice(2);
const results = [];
for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  const dependency = results.find((r) => r.name === step.needs);
  if (dependency && dependency.status !== 'passed') {
    results.push({ name: step.name, status: 'skipped', seconds: 0, why: `${step.needs} failed` });
    continue;
  }
  console.log(`\n━━ ${step.name} ━━ ${step.cmd.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(step.cmd[0], step.cmd.slice(1), {
    stdio: 'inherit',
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      FORCE_COLOR: process.env.FORCE_COLOR ?? '1',
    },
  });
  results.push({
    name: step.name,
    status: run.status === 0 ? 'passed' : 'failed',
    seconds: (Date.now() - started) / 1000,
  });
}

console.log('\n━━ summary ━━');
for (const r of results) {
  const mark = r.status === 'passed' ? '✔' : r.status === 'failed' ? '✘' : '–';
  const extra = r.why ? ` (${r.why})` : '';
  console.log(
    `${mark} ${r.name.padEnd(22)} ${r.status.padEnd(8)} ${r.seconds.toFixed(1)}s${extra}`,
  );
}
const failed = results.filter((r) => r.status !== 'passed');
console.log(
  failed.length === 0 ? '\nAll checks passed.' : `\n${failed.length} check(s) did not pass.`,
);
process.exit(failed.length === 0 ? 0 : 1);
