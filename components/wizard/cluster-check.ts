import type { FabricNode, NetworkRow, NodeStateView, PolicyRow } from '@/lib/views/types';

export type CheckStatus = 'ok' | 'missing' | 'unknown';

/** One finding of step 1: what was looked at, what it showed, and what to do when it is missing. */
export interface ClusterCheck {
  id: 'crds' | 'node-agent' | 'controller' | 'ib-nodes' | 'policies';
  status: CheckStatus;
  title: string;
  detail: string;
  action?: string;
}

/** A failed read, as the console API describes it. */
export interface ReadError {
  code?: string;
  message: string;
}

/** A list the wizard read, or why it could not. */
export type Read<T> = { items: T[] } | { error: ReadError } | { loading: true };

export interface ClusterInputs {
  policies: Read<PolicyRow>;
  networks: Read<NetworkRow>;
  nodeStates: Read<NodeStateView>;
  fabric: Read<FabricNode>;
}

const items = <T>(read: Read<T>): T[] | undefined => ('items' in read ? read.items : undefined);
const failure = <T>(read: Read<T>): ReadError | undefined =>
  'error' in read ? read.error : undefined;

/** Whether a node port is InfiniBand, as node states spell it (`IB`) or policies (`ib`). */
export function isInfiniBand(linkType: string | undefined): boolean {
  return linkType?.toLowerCase() === 'ib';
}

/** The policies that carve InfiniBand VFs. */
export function infiniBandPolicies(policies: readonly PolicyRow[]): PolicyRow[] {
  return policies.filter((p) => isInfiniBand(p.linkType));
}

/** Nodes reporting at least one InfiniBand port. */
export function infiniBandNodes(nodes: readonly FabricNode[]): FabricNode[] {
  return nodes.filter((n) => n.pfs.some((pf) => isInfiniBand(pf.linkType)));
}

function crdCheck(inputs: ClusterInputs): ClusterCheck {
  const kinds: [string, Read<unknown>][] = [
    ['SriovNetworkNodePolicy', inputs.policies],
    ['SriovIBNetwork', inputs.networks],
    ['SriovNetworkNodeState', inputs.nodeStates],
  ];
  const missing = kinds.filter(([, r]) => failure(r)?.code === 'not-found').map(([k]) => k);
  const unreadable = kinds.filter(([, r]) => {
    const e = failure(r);
    return e !== undefined && e.code !== 'not-found';
  });
  if (missing.length === 0 && kinds.some(([, r]) => 'loading' in r)) {
    return {
      id: 'crds',
      status: 'unknown',
      title: 'SR-IOV kinds: not known yet',
      detail: 'Asking the API for the SR-IOV kinds…',
    };
  }
  if (missing.length > 0) {
    return {
      id: 'crds',
      status: 'missing',
      title: `The API does not know ${missing.join(', ')}`,
      detail: 'The custom resource definitions of the SR-IOV network operator are not installed.',
      action:
        'Install the CRDs (ibnet ships them in deploy/crds; the SR-IOV network operator installs the same ones), then reload this page.',
    };
  }
  if (unreadable.length > 0) {
    const [kind, read] = unreadable[0] ?? ['', inputs.policies];
    return {
      id: 'crds',
      status: 'unknown',
      title: `Could not read ${kind}`,
      detail: failure(read)?.message ?? '',
    };
  }
  return {
    id: 'crds',
    status: 'ok',
    title: 'The SR-IOV kinds are installed',
    detail: 'The API answers for SriovNetworkNodePolicy, SriovIBNetwork and SriovNetworkNodeState.',
  };
}

function nodeAgentCheck(inputs: ClusterInputs): ClusterCheck {
  const states = items(inputs.nodeStates);
  if (!states) {
    return {
      id: 'node-agent',
      status: 'unknown',
      title: 'Node configurator: not known',
      detail: failure(inputs.nodeStates)?.message ?? 'Reading the node states…',
    };
  }
  if (states.length === 0) {
    return {
      id: 'node-agent',
      status: 'missing',
      title: 'No node reports its SR-IOV state',
      detail:
        'There is no SriovNetworkNodeState: neither ibnet’s node agent nor the SR-IOV operator’s config daemon runs on any node, so no policy will ever create VFs.',
      action:
        'Deploy the ibnet node DaemonSet (deploy/) or the SR-IOV network operator on the InfiniBand nodes.',
    };
  }
  const failed = states.filter((s) => s.status?.syncStatus === 'Failed');
  if (failed.length > 0) {
    const first = failed[0];
    return {
      id: 'node-agent',
      status: 'missing',
      title: `${failed.length} of ${states.length} nodes failed their last sync`,
      detail: `${first?.metadata.name ?? ''}: ${first?.status?.lastSyncError || 'no error text'}`,
      action: 'Fix what the error names (often a policy asking for more VFs than the port has).',
    };
  }
  const syncing = states.filter((s) => s.status?.syncStatus === 'InProgress').length;
  return {
    id: 'node-agent',
    status: 'ok',
    title: `A node configurator runs on ${states.length} node${states.length === 1 ? '' : 's'}`,
    detail:
      syncing > 0
        ? `${syncing} of them are applying a change right now.`
        : 'Every node reports its last sync as Succeeded.',
  };
}

function controllerCheck(inputs: ClusterInputs): ClusterCheck {
  const networks = items(inputs.networks);
  if (!networks) {
    return {
      id: 'controller',
      status: 'unknown',
      title: 'Network controller: not known',
      detail: failure(inputs.networks)?.message ?? 'Reading the networks…',
    };
  }
  const reconciled = networks.filter((n) => n.ready.status !== 'Unknown' || n.ready.reason);
  if (networks.length === 0) {
    return {
      id: 'controller',
      status: 'unknown',
      title: 'Network controller: nothing to show yet',
      detail:
        'No network exists, so no Ready condition tells whether ibnet’s controller or the SR-IOV operator renders networks. Step 5 waits for the new network to turn Ready=True, which proves it.',
    };
  }
  if (reconciled.length === 0) {
    return {
      id: 'controller',
      status: 'missing',
      title: 'No network has a Ready condition',
      detail: `${networks.length} network${networks.length === 1 ? '' : 's'} exist, but nothing has rendered them: neither ibnet’s network controller nor the SR-IOV operator is running.`,
      action: 'Deploy the ibnet controller (deploy/) or the SR-IOV network operator.',
    };
  }
  return {
    id: 'controller',
    status: 'ok',
    title: 'A network controller renders networks',
    detail: `${reconciled.length} of ${networks.length} networks carry a Ready condition it wrote.`,
  };
}

function ibNodesCheck(inputs: ClusterInputs): ClusterCheck {
  const nodes = items(inputs.fabric);
  if (!nodes) {
    return {
      id: 'ib-nodes',
      status: 'unknown',
      title: 'InfiniBand nodes: not known',
      detail: failure(inputs.fabric)?.message ?? 'Reading what the nodes report…',
    };
  }
  const ib = infiniBandNodes(nodes);
  if (ib.length === 0) {
    return {
      id: 'ib-nodes',
      status: 'missing',
      title: 'No node reports an InfiniBand port',
      detail:
        nodes.length === 0
          ? 'No node state lists any port yet.'
          : `${nodes.length} node${nodes.length === 1 ? '' : 's'} report ports, none with link type IB.`,
      action:
        'Check that the ports run in InfiniBand mode (mlxconfig LINK_TYPE_P1=1) and that the node configurator runs there.',
    };
  }
  const ports = ib.reduce(
    (sum, n) => sum + n.pfs.filter((pf) => isInfiniBand(pf.linkType)).length,
    0,
  );
  return {
    id: 'ib-nodes',
    status: 'ok',
    title: `${ib.length} node${ib.length === 1 ? '' : 's'} with InfiniBand ports`,
    detail: `${ports} InfiniBand port${ports === 1 ? '' : 's'} on ${ib.map((n) => n.name).join(', ')}.`,
  };
}

function policiesCheck(inputs: ClusterInputs): ClusterCheck {
  const policies = items(inputs.policies);
  if (!policies) {
    return {
      id: 'policies',
      status: 'unknown',
      title: 'Node policies: not known',
      detail: failure(inputs.policies)?.message ?? 'Reading the node policies…',
    };
  }
  const ib = infiniBandPolicies(policies);
  if (ib.length === 0) {
    return {
      id: 'policies',
      status: 'missing',
      title: 'No InfiniBand node policy',
      detail:
        policies.length === 0
          ? 'No SriovNetworkNodePolicy exists, so no node has VFs for a network to use.'
          : `${policies.length} polic${policies.length === 1 ? 'y exists' : 'ies exist'}, none with linkType ib.`,
      action: 'Create one below: it tells the nodes how many VFs to carve out of which port.',
    };
  }
  return {
    id: 'policies',
    status: 'ok',
    title: `${ib.length} InfiniBand node polic${ib.length === 1 ? 'y' : 'ies'}`,
    detail: ib.map((p) => `${p.name}: ${p.numVfs} VFs as resource ${p.resourceName}`).join('; '),
  };
}

/** Step 1's findings, in the order a person fixes them. */
export function clusterChecks(inputs: ClusterInputs): ClusterCheck[] {
  return [
    crdCheck(inputs),
    nodeAgentCheck(inputs),
    controllerCheck(inputs),
    ibNodesCheck(inputs),
    policiesCheck(inputs),
  ];
}
