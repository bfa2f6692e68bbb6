import { parseAllDocuments } from 'yaml';
import type { Issue } from '../../lib/diagnostics/types';
import {
  checkIpam,
  HostLocalAllocator,
  ipamFromDocument,
  IpamError,
  IpamExhaustedError,
  nextAddresses,
  parseAddress,
  poolsFromDocuments,
  rangeUsage,
  staticAddresses,
  type AllocatedSet,
  type IpamSource,
} from '../../lib/ipam';
import {
  IPAM_SCHEMAS,
  isKnownIpamType,
  type HostLocalIpam,
  type IPPool,
  type StaticIpam,
  type WhereaboutsIpam,
} from '../../lib/model';
import { readInputs } from '../input';
import { parseCommandArgs, UsageError } from '../usage';

const CONFIG_HELP = `  --config FILE|-   the IPAM config: a bare IPAM JSON object, or a YAML/JSON file with a
                    SriovIBNetwork/SriovNetwork (spec.ipam) or a NetworkAttachmentDefinition
                    (the ipam inside spec.config); - reads standard input
  --name NAME       the network to use when the file holds several
  --pool FILE       whereabouts IPPools already in the cluster (YAML/JSON, several documents or
                    a List); repeat for several files. Pools of other networks count for the
                    overlapping-range check, as OverlappingRangeIPReservations would
  -o, --output FMT  text (default) or json
  -h, --help        show this help`;

const HELP = `Usage: ibnet ipam <command> [options]

Previews the addresses an IPAM config hands out, with the upstream plugins' exact rules.

Commands:
  next    the next addresses new pods get
  usage   usable, used and free addresses per whereabouts range
  check   the mistakes in an IPAM config

Run 'ibnet ipam <command> --help' for a command's options.`;

const NEXT_HELP = `Usage: ibnet ipam next --config FILE|- [--pool FILE]... [--reserved IP]... [--count N]

Prints the next N allocations, one per line, lowest free address first as whereabouts picks
them. A line holds one address per range separated by a space, so a dual-stack config prints
lines like "192.168.10.1 2001:db8::1". host-local is previewed on a fresh node; static prints
its fixed addresses (every pod gets the same ones).

Options:
${CONFIG_HELP}
  --reserved IP     an address to treat as taken; repeat for several
  --count N         how many allocations to show (default 1)

Exit status: 0 on success; 1 when the config has errors (they are listed) or a range runs out
(the addresses that fit are still printed); 2 on bad usage.`;

const USAGE_HELP = `Usage: ibnet ipam usage --config FILE|- [--pool FILE]...

Prints, per whereabouts range, its pool and how many addresses are usable, used and free.

Options:
${CONFIG_HELP}

Exit status: 0 on success; 1 when the config has errors; 2 on bad usage.`;

const CHECK_HELP = `Usage: ibnet ipam check --config FILE|- [--multi-node] [--ips-capability]

Lists the mistakes in an IPAM config: errors (the pod fails, or addresses differ from what the
config says), warnings and notes, each with its path in the IPAM object and how to fix it.

Options:
${CONFIG_HELP}
  --multi-node      the network is used on more than one node
  --ips-capability  the NAD declares the "ips" capability

Exit status: 0 when there is no error, 1 when there is, 2 on bad usage.`;

const COMMON = {
  config: { type: 'string' },
  name: { type: 'string' },
  pool: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Output = 'text' | 'json';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = { next, usage, check };

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined) {
    console.error(HELP);
    return 2;
  }
  if (command === '--help' || command === '-h') return help(HELP);
  const handler = COMMANDS[command];
  if (!handler) throw new UsageError(`unknown command '${command}'; use next, usage or check`);
  try {
    return await handler(rest);
  } catch (err) {
    if (!(err instanceof InputError || err instanceof IpamError)) throw err;
    console.error(`ibnet ipam ${command}: ${err.message}`);
    return 1;
  }
}

async function next(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...COMMON,
    reserved: { type: 'string', multiple: true },
    count: { type: 'string' },
  });
  if (values.help) return help(NEXT_HELP);
  noPositionals(positionals);
  const output = outputOf(values.output);
  const count = countOf(values.count);
  const reserved = (values.reserved ?? []).map((ip) => {
    const parsed = parseAddress(ip);
    if (parsed.ok) return ip;
    const fix = parsed.suggestion === undefined ? '' : ` (did you mean ${parsed.suggestion}?)`;
    throw new UsageError(`--reserved '${ip}' ${parsed.reason}${fix}`);
  });

  const source = await loadConfig(values.config, values.name);
  if (!reportIssues(source)) return 1;
  const pools = await loadPools(values.pool);
  const { ipam } = source;

  if (ipam.type === 'static') {
    const { addresses } = staticAddresses(ipam as StaticIpam);
    console.error('static: every pod attached to this network gets these same addresses');
    return printSets([{ ips: addresses.map((a) => ({ ...a, range: a.cidr })) }], output);
  }
  if (ipam.type === 'host-local') {
    const allocator = new HostLocalAllocator(ipam as HostLocalIpam);
    const sets: AllocatedSet[] = [];
    try {
      for (let i = 0; i < count; i++)
        sets.push({ ips: allocator.allocate(`preview-${i}`, 'net1') });
    } catch (err) {
      return exhausted(err, sets, output);
    }
    return printSets(sets, output);
  }
  if (ipam.type !== 'whereabouts') return unsupported(ipam.type);

  try {
    const { addresses } = nextAddresses(ipam as WhereaboutsIpam, { pools, reserved }, count);
    return printSets(addresses, output);
  } catch (err) {
    return exhausted(err, err instanceof IpamExhaustedError ? err.allocated : [], output);
  }
}

async function usage(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, COMMON);
  if (values.help) return help(USAGE_HELP);
  noPositionals(positionals);
  const output = outputOf(values.output);

  const source = await loadConfig(values.config, values.name);
  if (!reportIssues(source)) return 1;
  if (source.ipam.type !== 'whereabouts') return unsupported(source.ipam.type);
  const pools = await loadPools(values.pool);

  const rows = rangeUsage(source.ipam as WhereaboutsIpam, pools);
  if (output === 'json') {
    console.log(
      JSON.stringify(rows, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v), 2),
    );
    return 0;
  }
  const table = [
    ['RANGE', 'POOL', 'USABLE', 'USED', 'FREE', 'UTILIZATION'],
    ...rows.map((r) => [
      r.cidr,
      r.poolExists ? r.poolName : `${r.poolName} (not created yet)`,
      String(r.usable),
      String(r.used),
      String(r.free),
      `${(r.utilization * 100).toFixed(1)}%`,
    ]),
  ];
  console.log(columns(table));
  return 0;
}

async function check(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...COMMON,
    'multi-node': { type: 'boolean' },
    'ips-capability': { type: 'boolean' },
  });
  if (values.help) return help(CHECK_HELP);
  noPositionals(positionals);
  const output = outputOf(values.output);

  const source = await loadConfig(values.config, values.name);
  const issues = [
    ...schemaIssues(source.ipam),
    ...checkIpam(source.ipam, {
      multiNode: values['multi-node'] ?? false,
      ipsCapability: values['ips-capability'] ?? false,
    }),
  ];
  if (output === 'json') console.log(JSON.stringify(issues, null, 2));
  else if (issues.length === 0) console.log(`${source.origin}: no problems found`);
  else for (const found of issues) console.log(formatIssue(found));
  return issues.some((i) => i.severity === 'error') ? 1 : 0;
}

/** Reads the one IPAM config the --config file holds (or the one --name picks). */
async function loadConfig(path: string | undefined, name: string | undefined): Promise<IpamSource> {
  if (path === undefined)
    throw new UsageError('--config FILE is required (- reads standard input)');
  const [file] = await readInputs([path]);
  if (!file) throw new UsageError(`cannot read '${path}'`);

  const found: IpamSource[] = [];
  for (const [index, doc] of parseAllDocuments(file.text).entries()) {
    if (doc.errors.length > 0) {
      throw new InputError(
        `${file.path} (document ${index + 1}) is not valid YAML or JSON: ${doc.errors[0]?.message ?? ''}`,
      );
    }
    const source = ipamFromDocument(doc.toJS());
    if (!source) continue;
    if ('error' in source) throw new InputError(`${file.path}: ${source.origin}: ${source.error}`);
    found.push(source);
  }

  const picked = name === undefined ? found : found.filter((s) => s.name === name);
  const [only] = picked;
  if (only && picked.length === 1) return only;
  if (picked.length === 0 && name !== undefined) {
    throw new InputError(`${file.path} holds no network named '${name}'`);
  }
  if (picked.length === 0) {
    throw new InputError(
      `${file.path} holds no IPAM config: give a bare IPAM object such as {"type": "whereabouts", "range": "192.168.10.0/24"}, a SriovIBNetwork, a SriovNetwork or a NetworkAttachmentDefinition`,
    );
  }
  const names = picked.map((s) => s.name ?? '(unnamed)').join(', ');
  throw new InputError(
    `${file.path} holds ${picked.length} networks (${names}); pick one with --name`,
  );
}

async function loadPools(paths: string[] | undefined): Promise<IPPool[]> {
  if (!paths || paths.length === 0) return [];
  const docs: unknown[] = [];
  for (const file of await readInputs(paths)) {
    for (const [index, doc] of parseAllDocuments(file.text).entries()) {
      if (doc.errors.length > 0) {
        throw new InputError(
          `${file.path} (document ${index + 1}) is not valid YAML or JSON: ${doc.errors[0]?.message ?? ''}`,
        );
      }
      docs.push(doc.toJS());
    }
  }
  const { pools, errors } = poolsFromDocuments(docs);
  if (errors.length > 0) throw new InputError(errors.join('\n'));
  return pools;
}

/** Prints warnings and errors to stderr (notes are for 'check'); false when there are errors. */
function reportIssues(source: IpamSource): boolean {
  const issues = [...schemaIssues(source.ipam), ...checkIpam(source.ipam)];
  const errors = issues.filter((i) => i.severity === 'error');
  for (const found of issues) if (found.severity !== 'info') console.error(formatIssue(found));
  if (errors.length > 0) {
    console.error(
      `${source.origin}: the IPAM config has ${errors.length} error(s); fix them first`,
    );
  }
  return errors.length === 0;
}

/** Type errors in the fields the plugin reads; fields it does not know are only noted. */
function schemaIssues(ipam: Record<string, unknown>): Issue[] {
  const type = ipam.type;
  if (!isKnownIpamType(type)) return [];
  const parsed = IPAM_SCHEMAS[type].safeParse(ipam);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => ({
    severity: i.code === 'unrecognized_keys' ? 'info' : 'error',
    code: i.code === 'unrecognized_keys' ? 'ipam/unknown-field' : 'ipam/schema',
    message: i.code === 'unrecognized_keys' ? `${i.message}; the plugin ignores them` : i.message,
    path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
  }));
}

/** Left-aligned columns separated by two spaces. */
function columns(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, col) => (widths[col] = Math.max(widths[col] ?? 0, cell.length)));
  }
  return rows
    .map((row) =>
      row
        .map((cell, col) => cell.padEnd(widths[col] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function formatIssue(found: Issue): string {
  const where = found.path.length > 0 ? ` ${found.path.join('.')}:` : '';
  return `${found.severity}:${where} ${found.message} [${found.code}]`;
}

function printSets(sets: AllocatedSet[], output: Output): number {
  if (output === 'json') console.log(JSON.stringify({ addresses: sets }, null, 2));
  else for (const set of sets) console.log(set.ips.map((a) => a.ip).join(' '));
  return 0;
}

/** A range ran out: the allocations that fit are still printed before the error. */
function exhausted(err: unknown, done: AllocatedSet[], output: Output): number {
  if (!(err instanceof IpamExhaustedError)) throw err;
  printSets(done, output);
  console.error(`ibnet ipam next: ${err.message}`);
  return 1;
}

function unsupported(type: unknown): number {
  console.error(
    `ibnet ipam: IPAM type '${String(type)}' hands out no addresses ibnet can preview (whereabouts, host-local and static can be)`,
  );
  return 1;
}

function outputOf(value: string | undefined): Output {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new UsageError(`--output must be text or json, not '${value}'`);
}

function countOf(value: string | undefined): number {
  if (value === undefined) return 1;
  if (!/^[1-9]\d{0,5}$/.test(value)) {
    throw new UsageError(`--count must be a whole number from 1 to 999999, not '${value}'`);
  }
  return Number(value);
}

function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument '${positionals[0]}'; the config goes after --config`);
  }
}

function help(text: string): number {
  console.log(text);
  return 0;
}

/** Input that cannot be used (not usage): reported with exit code 1. */
class InputError extends Error {
  override name = 'InputError';
}
