import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { startController } from '../../agent/controller';
import { startNodeAgent } from '../../agent/node/agent';
import { createLogger } from '../../agent/common/logger';
import { KubeClient } from '../../lib/kube';
import { loadDemo, startCluster, type Cluster } from '../../sim';
import {
  REPO_ROOT,
  buildConsole,
  hasProductionBuild,
  startConsole,
  type ConsoleProcess,
} from '../demo/console-process';
import { parseCommandArgs, UsageError } from '../usage';

const HELP = `Usage: ibnet demo [options]

Starts the embedded cluster (a Kubernetes API emulator with a simulated InfiniBand fabric and demo
content), the ibnet agent, and the console, and prints where to reach them. Ctrl-C stops it all.

Options:
  --port N            console port (default $PORT or 3000)
  --kubeconfig PATH   where the cluster writes its kubeconfig (default .ibnet/demo/kubeconfig)
  --data DIR          keep the cluster's objects in DIR across restarts (default: in memory)
  --empty             no demo objects: only nodes, namespaces, CRDs and the three demo users
  --prod              serve the production build (next start; builds it first if missing)
  --no-agent          do not run the agent (networks will not be rendered into NADs)
  --verbose           print the console's and the agent's own logs
  -h, --help          show this help`;

interface Running {
  cluster?: Cluster;
  stops: (() => Promise<void>)[];
}

function portFrom(value: string | undefined): number {
  const port = Number(value ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--port must be a number from 1 to 65535, not '${value}'`);
  }
  return port;
}

async function stopAll(running: Running): Promise<void> {
  for (const stop of running.stops.reverse()) await stop().catch(() => {});
  await running.cluster?.stop();
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      port: { type: 'string' },
      kubeconfig: { type: 'string' },
      data: { type: 'string' },
      empty: { type: 'boolean' },
      prod: { type: 'boolean' },
      'no-agent': { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = portFrom(values.port);
  const kubeconfigPath = resolve(
    values.kubeconfig ?? join(REPO_ROOT, '.ibnet', 'demo', 'kubeconfig'),
  );
  await mkdir(dirname(kubeconfigPath), { recursive: true });

  if (values.prod && !hasProductionBuild()) {
    console.log('No production build yet: running next build first.');
    if ((await buildConsole()) !== 0) return 1;
  }

  const running: Running = { stops: [] };
  const started = Date.now();
  try {
    const withAgent = !values['no-agent'];
    const withDemo = !values.empty;
    // Without an agent, the fabric itself carves VFs and renders NADs so the demo still works.
    running.cluster = await startCluster({
      kubeconfigPath,
      dataDir: values.data ? resolve(values.data) : undefined,
      fabric: { demo: withDemo && !withAgent },
    });
    const cluster = running.cluster;
    console.log(`Embedded cluster: ${cluster.url}`);

    if (withAgent) {
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfigPath);
      const client = await KubeClient.fromKubeConfig(kc, 'ibnet-agent');
      const level = values.verbose ? 'info' : 'warn';
      const controller = await startController({
        client,
        leaderElection: false,
        logger: createLogger({ component: 'network-controller', level }),
      });
      running.stops.push(() => controller.stop());
      for (const node of cluster.fabric?.nodes.filter((n) => !n.controlPlane) ?? []) {
        const agent = await startNodeAgent({
          client,
          nodeName: node.name,
          sysfsRoot: node.sysfsRoot,
          ipCommand: node.ipCommand,
          logger: createLogger({ component: 'node-configurator', level }),
        });
        running.stops.push(() => agent.stop());
      }
      console.log('Agent: network controller and a node configurator per worker running');
      if (withDemo) {
        const demo = await loadDemo(cluster, { agent: true });
        console.log(
          `Demo content: ${demo.networks.length} networks, ${demo.pods.length} pods in ${demo.namespaces.join(', ')}`,
        );
      }
    }

    const consoleProcess: ConsoleProcess = await startConsole({
      port,
      production: values.prod ?? false,
      verbose: values.verbose ?? false,
      // The editor may not list namespaces; tell the console which one the demo gives them.
      env: {
        IBNET_MODE: 'embedded',
        IBNET_KUBECONFIG: kubeconfigPath,
        IBNET_NAMESPACES: 'ib-team',
      },
    });
    running.stops.push(() => consoleProcess.stop());

    console.log(`\nConsole: ${consoleProcess.url}  (sign in as admin, editor or viewer)`);
    console.log(`kubectl: kubectl --kubeconfig ${kubeconfigPath} get sriovibnetworks -A`);
    console.log(
      `ibnet demo ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops it all.`,
    );
  } catch (err) {
    console.error(`ibnet demo: ${err instanceof Error ? err.message : String(err)}`);
    await stopAll(running);
    return 1;
  }

  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      console.log('\nStopping the console, the agent and the embedded cluster…');
      void stopAll(running).then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
