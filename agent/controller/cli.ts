import { parseArgs } from 'node:util';
import { KubeClient } from '../../lib/kube';
import { DEFAULT_OPERATOR_NAMESPACE, DEFAULT_RESOURCE_PREFIX } from '../../lib/model';
import { loadAgentKubeConfig } from '../common/kubeconfig';
import { createLogger } from '../common/logger';
import { createAgentMetrics } from '../common/metrics';
import { waitForShutdownSignal } from '../common/shutdown';
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

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

class BadUsage extends Error {}

/** `ibnet agent controller`: runs until SIGTERM/SIGINT; resolves to the exit code. */
export async function run(args: string[]): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(args);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(
      `ibnet agent controller: ${message}\nRun 'ibnet agent controller --help' for usage.`,
    );
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }

  const logger = createLogger({ component: 'network-controller', level: values.level });
  let client: KubeClient;
  try {
    client = await KubeClient.fromKubeConfig(
      loadAgentKubeConfig(values.kubeconfig, values.context),
      'ibnet-controller',
    );
  } catch (err) {
    console.error(`ibnet agent controller: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }

  const shutdown = waitForShutdownSignal({ logger });
  logger.info(
    {
      server: client.transport.server.origin,
      operatorNamespace: values.operatorNamespace,
      leaderElection: values.leaderElect,
      takeOver: values.takeOver,
    },
    'starting',
  );
  const starting = startController({
    client,
    operatorNamespace: values.operatorNamespace,
    resourcePrefix: values.resourcePrefix,
    identity: values.identity,
    leaderElection: values.leaderElect,
    takeOver: values.takeOver,
    resyncSeconds: values.resync,
    workers: values.workers,
    ops:
      values.metricsPort === 0 ? undefined : { port: values.metricsPort, host: values.metricsHost },
    logger,
    metrics: createAgentMetrics({ processMetrics: true }),
  });
  // A signal may come before the first sync (API down): stop waiting for it then.
  let code = 0;
  try {
    const first = await Promise.race([starting, shutdown.signal]);
    if (typeof first !== 'string') {
      await shutdown.signal;
      await first.stop({ release: true });
    }
  } catch (err) {
    logger.error({ err }, 'controller failed');
    code = 1;
  }
  shutdown.dispose();
  client.transport.close();
  // Whatever still holds the event loop (a request that hangs) must not keep the process alive.
  setTimeout(() => process.exit(code), 2_000).unref();
  return code;
}

function parse(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new BadUsage(`unexpected argument '${positionals[0]}'`);
  if (values['leader-elect'] && values['no-leader-elect'])
    throw new BadUsage('--leader-elect and --no-leader-elect contradict each other: pick one');
  const level = values['log-level'] ?? 'info';
  if (!(LEVELS as readonly string[]).includes(level))
    throw new BadUsage(`--log-level must be one of ${LEVELS.join(', ')}, not '${level}'`);
  return {
    help: values.help ?? false,
    kubeconfig: values.kubeconfig,
    context: values.context,
    operatorNamespace: values['operator-namespace'] ?? DEFAULT_OPERATOR_NAMESPACE,
    resourcePrefix: values['resource-prefix'] ?? DEFAULT_RESOURCE_PREFIX,
    metricsPort: integer(values['metrics-port'], '--metrics-port', 8080, 0, 65535),
    metricsHost: values['metrics-host'],
    leaderElect: !values['no-leader-elect'],
    identity: values.identity,
    takeOver: values['take-over'] ?? false,
    resync: integer(values.resync, '--resync', 600, 0, 86_400 * 7),
    workers: integer(values.workers, '--workers', 4, 1, 256),
    level: level as (typeof LEVELS)[number],
  };
}

function integer(
  text: string | undefined,
  flag: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new BadUsage(`${flag} must be a whole number from ${min} to ${max}, not '${text}'`);
  return value;
}
