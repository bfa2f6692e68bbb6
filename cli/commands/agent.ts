import { UsageError } from '../usage';

const HELP = `Usage: ibnet agent <part> [options]

Parts:
  controller   reconcile SriovIBNetworks and SriovNetworks into NetworkAttachmentDefinitions
  node         configure InfiniBand VFs on one node and report its SriovNetworkNodeState

Run 'ibnet agent <part> --help' for the part's options.`;

/** The agent's two parts run from the same command so that one image serves both. */
export async function run(args: string[]): Promise<number> {
  const [part, ...rest] = args;
  if (part === undefined || part === '--help' || part === '-h') {
    console.log(HELP);
    return part === undefined ? 2 : 0;
  }
  if (part === 'controller') return (await import('../../agent/controller/cli')).run(rest);
  if (part === 'node') return (await import('../../agent/node/cli')).run(rest);
  throw new UsageError(`unknown part '${part}': use controller or node`);
}
