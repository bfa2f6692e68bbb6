import { resolve } from 'node:path';
import { startCluster } from '../../sim';
import { parseCommandArgs, UsageError } from '../usage';

const HELP = `Usage: ibnet sim [options]

Runs the embedded cluster in the foreground: a Kubernetes API server emulator that kubectl and
client libraries use as a real cluster, with the ibnet CRDs installed and three demo users
(admin, editor: edits namespace ib-team, viewer: reads everything viewable), and a simulated
InfiniBand fabric: three workers with ConnectX-7 ports whose sysfs tree and ip command the node
configurator can be pointed at. Without --empty, demo networks and pods are loaded with the VFs
and NADs already in place (as ibnet's agent would have left them).

Options:
  --port N            port to listen on (default 0: a free port)
  --host ADDR         address to listen on (default 127.0.0.1)
  --kubeconfig PATH   where to write the kubeconfig (default: in the cluster's state folder)
  --data DIR          keep objects, CA and tokens in DIR so a restart resumes where it stopped
  --empty             leave out demo objects (only the nodes, namespaces, RBAC and CRDs)
  --verbose           log every request (JSON lines on stderr)
  -h, --help          show this help

Stop it with Ctrl-C.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      kubeconfig: { type: 'string' },
      data: { type: 'string' },
      empty: { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535, not '${values.port}'`);
  }

  const cluster = await startCluster({
    port,
    host: values.host,
    dataDir: values.data ? resolve(values.data) : undefined,
    kubeconfigPath: values.kubeconfig ? resolve(values.kubeconfig) : undefined,
    quiet: !values.verbose,
    fabric: { demo: !values.empty },
  });
  console.log(`Embedded cluster running at ${cluster.url}`);
  for (const node of cluster.fabric?.nodes ?? []) {
    console.log(`Node ${node.name}: --sysfs-root ${node.sysfsRoot} --ip-command ${node.ipCommand}`);
  }
  console.log(
    `Kubeconfig: ${cluster.kubeconfigPath} (contexts ibnet-admin, ibnet-editor, ibnet-viewer)`,
  );
  console.log(`Try: kubectl --kubeconfig ${cluster.kubeconfigPath} get sriovibnetworks -A`);
  console.log('Press Ctrl-C to stop.');

  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      console.log('Stopping the embedded cluster...');
      void cluster.stop().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
