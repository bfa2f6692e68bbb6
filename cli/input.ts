import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from './usage';

export interface InputFile {
  /** As given on the command line; `-` is shown as `<stdin>`. */
  path: string;
  text: string;
}

const MANIFEST = /\.(ya?ml|json)$/i;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function collect(path: string, out: InputFile[]): Promise<void> {
  const info = await stat(path).catch(() => {
    throw new UsageError(`cannot read '${path}': no such file or folder`);
  });
  if (info.isDirectory()) {
    const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const child = join(path, entry.name);
      if (entry.isDirectory() || MANIFEST.test(entry.name)) await collect(child, out);
    }
    return;
  }
  out.push({ path, text: await readFile(path, 'utf8') });
}

/**
 * Reads the files named on a command line: files as they are, folders recursively (YAML and JSON
 * files only), `-` from standard input. A missing path is a usage error.
 */
export async function readInputs(paths: string[]): Promise<InputFile[]> {
  if (paths.length === 0) throw new UsageError('give at least one file, folder, or - for stdin');
  const out: InputFile[] = [];
  for (const path of paths) {
    if (path === '-') out.push({ path: '<stdin>', text: await readStdin() });
    else await collect(path, out);
  }
  return out;
}
