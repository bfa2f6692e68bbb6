import { existsSync, statSync } from 'node:fs';
import { DEFAULT_OPERATOR_NAMESPACE } from '../../lib/model';
import {
  BadUsage,
  integerFlag,
  logLevelFlag,
  parseFlags,
  runAgentCommand,
} from '../common/command';
import { createAgentMetrics } from '../common/metrics';
import { startNodeAgent } from './agent';

export const DEFAULT_NODE_METRICS_PORT = 9110;

const HELP = `Usage: ibnet agent node [options]

Configures the InfiniBand SR-IOV VFs of one node from the SriovNetworkNodePolicies that select it
(VF count, stable GUIDs, MTU) and reports the node's SriovNetworkNodeState, as the SR-IOV
operator's config daemon does.

Options:
  --kubeconfig PATH           kubeconfig to use (default: the in-cluster ServiceAccount)
  --context NAME              context of the kubeconfig (default: its current context)
  --node NAME                 the node to configure (default: $NODE_NAME)
  --sysfs-root DIR            directory that plays /sys (default /sys)
  --ip-command PATH           iproute2's ip, or what plays it (default: ip on PATH)
  --operator-namespace NS     where policies and node states live
                              (default ${DEFAULT_OPERATOR_NAMESPACE})
  --guid-pool FILE            static VF GUIDs, upstream format:
                              [{"pciAddress"|"pfGuid", "guids": [...] | "guidsRange": {...}}]
                              (default: GUIDs derived from each PF's own GUID and the VF index)
  --metrics-port N            serve /metrics, /healthz, /readyz on port N, 0 = off
                              (default ${DEFAULT_NODE_METRICS_PORT})
  --metrics-host ADDR         address to bind the metrics port to (default: all)
  --resync SECONDS            sync the node again this often, 0 = only on changes (default 60)
  --vf-timeout SECONDS        how long VFs may take to appear after a count change (default 60)
  --log-level LEVEL           trace, debug, info, warn, error or silent (default info)
  -h, --help                  show this help

Logs are JSON lines on stdout. SIGTERM or SIGINT stops it after the sync in flight.`;

const OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  node: { type: 'string' },
  'sysfs-root': { type: 'string' },
  'ip-command': { type: 'string' },
  'operator-namespace': { type: 'string' },
  'guid-pool': { type: 'string' },
  'metrics-port': { type: 'string' },
  'metrics-host': { type: 'string' },
  resync: { type: 'string' },
  'vf-timeout': { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `ibnet agent node`: runs until SIGTERM/SIGINT; resolves to the exit code. */
export function run(args: string[]): Promise<number> {
  return runAgentCommand(
    {
      command: 'ibnet agent node',
      help: HELP,
      component: 'node-configurator',
      userAgent: 'ibnet-node',
      parse,
      describe: (flags, client) => ({ server: client.transport.server.origin, node: flags.node }),
      start: (flags, client, logger) =>
        startNodeAgent({
          client,
          nodeName: flags.node,
          sysfsRoot: flags.sysfsRoot,
          ipCommand: flags.ipCommand,
          operatorNamespace: flags.operatorNamespace,
          guidPool: flags.guidPool,
          resyncSeconds: flags.resync,
          vfTimeoutMs: flags.vfTimeout * 1000,
          ops:
            flags.metricsPort === 0
              ? undefined
              : { port: flags.metricsPort, host: flags.metricsHost },
          logger,
          metrics: createAgentMetrics({ processMetrics: true }),
        }),
    },
    args,
  );
}

function parse(args: string[]) {
  const values = parseFlags(args, OPTIONS);
  const help = values.help ?? false;
  const node = values.node ?? process.env.NODE_NAME ?? '';
  if (!help && !node) {
    throw new BadUsage(
      'which node? pass --node NAME or set NODE_NAME (the DaemonSet sets it from spec.nodeName)',
    );
  }
  const sysfsRoot = values['sysfs-root'];
  if (sysfsRoot !== undefined && !isDirectory(sysfsRoot)) {
    throw new BadUsage(`--sysfs-root '${sysfsRoot}' is not a directory`);
  }
  const guidPool = values['guid-pool'];
  if (guidPool !== undefined && !existsSync(guidPool)) {
    throw new BadUsage(`--guid-pool '${guidPool}' does not exist; check the path and the mount`);
  }
  return {
    help,
    kubeconfig: values.kubeconfig,
    context: values.context,
    node,
    sysfsRoot,
    ipCommand: values['ip-command'],
    operatorNamespace: values['operator-namespace'] ?? DEFAULT_OPERATOR_NAMESPACE,
    guidPool,
    metricsPort: integerFlag(
      values['metrics-port'],
      '--metrics-port',
      DEFAULT_NODE_METRICS_PORT,
      0,
      65535,
    ),
    metricsHost: values['metrics-host'],
    resync: integerFlag(values.resync, '--resync', 60, 0, 86_400),
    vfTimeout: integerFlag(values['vf-timeout'], '--vf-timeout', 60, 1, 3_600),
    level: logLevelFlag(values['log-level']),
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
