import { UsageError } from './usage';

/** Each command lives in its own module, loaded only when it is asked for, so `lint` starts fast. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  lint: {
    summary: 'check SR-IOV network YAML for mistakes',
    load: () => import('./commands/lint'),
  },
  render: {
    summary: 'print the NADs that networks render to',
    load: () => import('./commands/render'),
  },
  ipam: {
    summary: 'preview the addresses an IPAM config hands out',
    load: () => import('./commands/ipam'),
  },
  sim: { summary: 'run the embedded cluster', load: () => import('./commands/sim') },
  agent: {
    summary: 'run the network controller or a node configurator',
    load: () => import('./commands/agent'),
  },
  demo: {
    summary: 'run the embedded cluster, the agent and the console',
    load: () => import('./commands/demo'),
  },
  bench: {
    summary: 'run the benchmarks and print their figures',
    load: () => import('./commands/bench'),
  },
};

export interface CommandModule {
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

function topHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return [
    'ibnet: InfiniBand secondary networks on Kubernetes and OpenShift',
    '',
    'Usage: ibnet <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    "Run 'ibnet <command> --help' for a command's options.",
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(topHelp());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`ibnet: unknown command '${name}'\n\n${topHelp()}`);
    return 2;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`ibnet ${name}: ${err.message}\nRun 'ibnet ${name} --help' for usage.`);
      return 2;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
