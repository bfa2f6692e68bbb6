import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDiagnostic, validate, type Diagnostic } from '../../lib/diagnostics';
import { DEFAULT_OPERATOR_NAMESPACE } from '../../lib/model';
import { parseCommandArgs, UsageError } from '../usage';

const HELP = `Usage: ibnet lint [options] PATH...

Checks SR-IOV InfiniBand network YAML or JSON before it reaches a cluster: SriovIBNetwork,
SriovNetwork, SriovNetworkNodePolicy, NetworkAttachmentDefinition, whereabouts objects, the
OpenShift network operator config, and the networks annotation of pods and workloads.

PATH is a file, a folder (searched recursively for *.yaml, *.yml and *.json) or - for stdin.

Options:
  --format text|json          text: one "path:line:col severity code message" line per finding
                              (default); json: an array of findings
  --operator-namespace NS     namespace of the SR-IOV operator (default ${DEFAULT_OPERATOR_NAMESPACE})
  --single-node               the networks serve one node only (host-local IPAM is then fine)
  -h, --help                  show this help

Exit status: 0 when there is no error (warnings and infos allowed), 1 when there is at least one
error, 2 on bad usage or an unreadable path.`;

const EXTENSIONS = /\.(ya?ml|json)$/i;
/** Folders that never hold a user's manifests and can be huge. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.next']);

interface Source {
  name: string;
  text: string;
}

/** Thrown for a path that cannot be read: exit 2 with the reason. */
class UnreadablePath extends Error {}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: 'string', default: 'text' },
    'operator-namespace': { type: 'string' },
    'single-node': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`--format must be text or json, not '${format}'`);
  }
  if (positionals.length === 0) {
    throw new UsageError('missing PATH: give one or more files, folders, or - to read stdin');
  }
  const operatorNamespace = values['operator-namespace'];
  if (
    operatorNamespace !== undefined &&
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(operatorNamespace)
  ) {
    throw new UsageError(`--operator-namespace '${operatorNamespace}' is not a namespace name`);
  }

  let sources: Source[];
  try {
    sources = await readSources(positionals);
  } catch (err) {
    if (err instanceof UnreadablePath) {
      console.error(`ibnet lint: ${err.message}`);
      return 2;
    }
    throw err;
  }

  const results = sources.map((source) => ({
    name: source.name,
    diagnostics: validate(source.text, {
      operatorNamespace: operatorNamespace ?? DEFAULT_OPERATOR_NAMESPACE,
      multiNode: !values['single-node'],
    }),
  }));
  const all = results.flatMap((r) => r.diagnostics.map((d) => ({ file: r.name, d })));

  if (format === 'json') {
    const rows = all.map(({ file, d }) => ({
      file,
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
      severity: d.severity,
      code: d.code,
      message: d.message,
    }));
    console.log(JSON.stringify(rows, null, 2));
  } else {
    for (const { file, d } of all) console.log(formatDiagnostic(file, d));
  }

  const count = (severity: Diagnostic['severity']) =>
    all.filter(({ d }) => d.severity === severity).length;
  const errors = count('error');
  const files = `${sources.length} ${sources.length === 1 ? 'file' : 'files'}`;
  console.error(
    `ibnet lint: ${files} checked: ${plural(errors, 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info')}`,
  );
  return errors > 0 ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;
}

async function readSources(paths: string[]): Promise<Source[]> {
  const sources: Source[] = [];
  for (const path of paths) {
    if (path === '-') {
      sources.push({ name: '<stdin>', text: await readStdin() });
      continue;
    }
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      throw new UnreadablePath(`cannot read ${path}: ${describe(err)}`);
    });
    if (info.isDirectory()) {
      const files = await listManifests(path);
      if (files.length === 0) {
        throw new UnreadablePath(`no *.yaml, *.yml or *.json files under ${path}`);
      }
      for (const file of files) sources.push({ name: file, text: await readText(file) });
    } else {
      sources.push({ name: path, text: await readText(path) });
    }
  }
  return sources;
}

async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UnreadablePath(`cannot read ${path}: ${describe(err)}`);
  });
}

function describe(err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return 'no such file or folder';
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'EISDIR') return 'is a folder';
  return err.message;
}

/** Manifest files under a folder, depth first, in name order so output is stable. */
async function listManifests(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(
    (err: NodeJS.ErrnoException) => {
      throw new UnreadablePath(`cannot read ${dir}: ${describe(err)}`);
    },
  );
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...(await listManifests(full)));
    } else if (entry.isFile() && EXTENSIONS.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
