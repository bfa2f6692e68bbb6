import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { E2E_DIR, E2E_KUBECONFIG, E2E_PORT } from './stack';

/**
 * Starts the whole demo stack once for the browser tests: the embedded cluster with its fabric and
 * demo content, the agent, and the console's production build. Resolves to the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  rmSync(E2E_DIR, { recursive: true, force: true });
  mkdirSync(E2E_DIR, { recursive: true });

  const child = spawn(
    process.execPath,
    [
      'cli/bin/ibnet.js',
      'demo',
      '--prod',
      '--port',
      String(E2E_PORT),
      '--kubeconfig',
      E2E_KUBECONFIG,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } },
  );
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`demo stack not ready in 120 s:\n${output}`)),
      120_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('ibnet demo ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo stack exited with code ${code}:\n${output}`));
    });
  });
  await ready;
  // Keep draining its output so the stack never blocks on a full pipe.
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));

  return async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
}
