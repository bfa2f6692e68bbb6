import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../cli/bin/ibnet.js', import.meta.url));

/** `ibnet agent controller` running as a real process, its JSON log lines kept for inspection. */
export interface ControllerProcess {
  readonly child: ChildProcess;
  /** Every line written to stdout (JSON log lines) and stderr. */
  readonly lines: string[];
  /** Resolves with the exit code (or the signal that ended it). */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** Resolves once a log line contains `text`. */
  waitForLog(text: string, timeoutMs?: number): Promise<string>;
}

export function spawnController(args: string[]): ControllerProcess {
  const child = spawn(process.execPath, [BIN, 'agent', 'controller', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  const collect = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        for (const l of listeners) l(line);
      }
    });
  };
  if (child.stdout) collect(child.stdout);
  if (child.stderr) collect(child.stderr);
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    child,
    lines,
    exited,
    waitForLog(text, timeoutMs = 20_000) {
      const seen = lines.find((l) => l.includes(text));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no log line with '${text}' within ${timeoutMs} ms; last lines:\n${lines.slice(-20).join('\n')}`,
              ),
            ),
          timeoutMs,
        );
        listeners.push((line) => {
          if (!line.includes(text)) return;
          clearTimeout(timer);
          resolve(line);
        });
      });
    },
  };
}
