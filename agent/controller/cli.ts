import { DEFAULT_OPERATOR_NAMESPACE, DEFAULT_RESOURCE_PREFIX } from '../../lib/model';
import {
  BadUsage,
  integerFlag,
  logLevelFlag,
  parseFlags,
  runAgentCommand,
} from '../common/command';
import { createAgentMetrics } from '../common/metrics';
import { DEFAULT_LEASE_NAME, startController } from './controller';

const HELP = `Usage: ibnet agent controller [options]

Reconciles SriovIBNetworks and SriovNetworks into NetworkAttachmentDefinitions, as the SR-IOV
Network Operator does, with the Ready condition saying what is wrong and how to fix it.

Options:
  --kubeconfig PATH           kubeconfig to use (default: the in-cluster ServiceAccount)
  --context NAME              context of the kubeconfig (default: its current context)
  --operator-namespace NS     operator namespace: the Lease, the status ConfigMap, and the only
                              namespace whose networks may set networkNamespace
                              (default ${DEFAULT_OPERATOR_NAMESPACE})
  --resource-prefix P         device-plugin resource prefix (default ${DEFAULT_RESOURCE_PREFIX})
  --metrics-port N            serve /metrics, /healthz, /readyz on port N, 0 = off (default 8080)
  --metrics-host ADDR         address to bind the metrics port to (default: all)
  --leader-elect              compete for the Lease ${DEFAULT_LEASE_NAME} (default)
  --no-leader-elect           reconcile without leader election (one replica only!)
  --identity ID               this replica's name in the Lease (default: hostname + random suffix)
  --take-over                 reconcile even while the SR-IOV Network Operator runs
  --resync SECONDS            reconcile every network again this often, 0 = never (default 600)
  --workers N                 networks reconciled at once (default 4)
  --log-level LEVEL           trace, debug, info, warn, error or silent (default info)
  -h, --help                  show this help

Logs are JSON lines on stdout. SIGTERM or SIGINT stops it gracefully: in-flight reconciles finish
and the Lease is released so that a standby takes over at once.`;

const OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  'operator-namespace': { type: 'string' },
  'resource-prefix': { type: 'string' },
  'metrics-port': { type: 'string' },
  'metrics-host': { type: 'string' },
  'leader-elect': { type: 'boolean' },
  'no-leader-elect': { type: 'boolean' },
  identity: { type: 'string' },
  'take-over': { type: 'boolean' },
  resync: { type: 'string' },
  workers: { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `ibnet agent controller`: runs until SIGTERM/SIGINT; resolves to the exit code. */
export function run(args: string[]): Promise<number> {
  return runAgentCommand(
    {
      command: 'ibnet agent controller',
      help: HELP,
      component: 'network-controller',
      userAgent: 'ibnet-controller',
      parse,
      describe: (flags, client) => ({
        server: client.transport.server.origin,
        operatorNamespace: flags.operatorNamespace,
        leaderElection: flags.leaderElect,
        takeOver: flags.takeOver,
      }),
      start: async (flags, client, logger) => {
        const controller = await startController({
          client,
          operatorNamespace: flags.operatorNamespace,
          resourcePrefix: flags.resourcePrefix,
          identity: flags.identity,
          leaderElection: flags.leaderElect,
          takeOver: flags.takeOver,
          resyncSeconds: flags.resync,
          workers: flags.workers,
          ops:
            flags.metricsPort === 0
              ? undefined
              : { port: flags.metricsPort, host: flags.metricsHost },
          logger,
          metrics: createAgentMetrics({ processMetrics: true }),
        });
        // Released on the way out, so that a standby takes over at once.
        return { stop: () => controller.stop({ release: true }) };
      },
    },
    args,
  );
}

function parse(args: string[]) {
  const values = parseFlags(args, OPTIONS);
  if (values['leader-elect'] && values['no-leader-elect'])
    throw new BadUsage('--leader-elect and --no-leader-elect contradict each other: pick one');
  return {
    help: values.help ?? false,
    kubeconfig: values.kubeconfig,
    context: values.context,
    operatorNamespace: values['operator-namespace'] ?? DEFAULT_OPERATOR_NAMESPACE,
    resourcePrefix: values['resource-prefix'] ?? DEFAULT_RESOURCE_PREFIX,
    metricsPort: integerFlag(values['metrics-port'], '--metrics-port', 8080, 0, 65535),
    metricsHost: values['metrics-host'],
    leaderElect: !values['no-leader-elect'],
    identity: values.identity,
    takeOver: values['take-over'] ?? false,
    resync: integerFlag(values.resync, '--resync', 600, 0, 86_400 * 7),
    workers: integerFlag(values.workers, '--workers', 4, 1, 256),
    level: logLevelFlag(values['log-level']),
  };
}
