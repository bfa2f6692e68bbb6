import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { desiredInterfaces, type DesiredInterface } from '../../lib/policy';
import {
  SRIOV_API_VERSION,
  type InterfaceExt,
  type KubeObject,
  type SriovNetworkNodePolicy,
  type SriovNetworkNodeState,
} from '../../lib/model';
import type { Store } from '../apiserver/store';
import { ApiError } from '../apiserver/errors';
import type { FabricNode, PfState, SimulatedFabric } from '../fabric';
import { sysPaths } from '../fabric/sysfs';

const MANAGER = 'ibnet-demo';

/** The VF that the demo leaves without a working GUID: its re-probe never happened. */
export const ZERO_GUID_VF = { node: 'worker-2', pf: '0000:3b:00.0', index: 0 };

/**
 * The GUID the demo gives a VF: the PF's own GUID, locally administered (first byte 02), with
 * the VF number in the last byte. Unique across the fabric and the same on every run.
 */
export function demoVfGuid(pfGuid: string, index: number): string {
  const bytes = pfGuid.split(':');
  bytes[0] = '02';
  bytes[7] = (index + 1).toString(16).padStart(2, '0');
  return bytes.join(':');
}

// What `ip link set dev X mtu N` would write, done in-process: sysfs files are tiny and many.
function netdevMtu(node: FabricNode, pci: string, netdev: string): number {
  const path = join(sysPaths(node.sysfsRoot).device(pci), 'net', netdev, 'mtu');
  return Number.parseInt(readFileSync(path, 'utf8'), 10);
}

function setMtu(node: FabricNode, pci: string, netdev: string, mtu: number): void {
  writeFileSync(join(sysPaths(node.sysfsRoot).device(pci), 'net', netdev, 'mtu'), `${mtu}\n`);
}

/** The PFs as the node state reports them (upstream field names). */
function observed(node: FabricNode): InterfaceExt[] {
  const out: InterfaceExt[] = [];
  for (const pf of node.kernel.hw.pfs) {
    const c = pf.config;
    const vfs = [];
    for (const vf of pf.vfs) {
      vfs.push({
        name: vf.netdev,
        pciAddress: vf.pciAddress,
        vendor: '15b3',
        deviceID: '101e',
        vfID: vf.index,
        driver: vf.bound ? 'mlx5_core' : undefined,
        mtu: vf.bound ? netdevMtu(node, vf.pciAddress, vf.netdev) : undefined,
        guid: vf.nodeGuid,
      });
    }
    out.push({
      name: c.netdev,
      pciAddress: c.pciAddress,
      vendor: '15b3',
      deviceID: '1021',
      driver: 'mlx5_core',
      mtu: netdevMtu(node, c.pciAddress, c.netdev),
      numVfs: pf.numVfs,
      totalvfs: c.totalVfs,
      linkType: c.linkType === 'ib' ? 'IB' : 'ETH',
      linkSpeed: '400000 Mb/s',
      linkAdminState: 'up',
      Vfs: vfs,
    });
  }
  return out;
}

/** Brings one PF where the policy wants it, as a node configurator would. */
async function configurePf(node: FabricNode, pf: PfState, want: DesiredInterface | undefined) {
  const numVfs = want?.numVfs ?? 0;
  const vfs = Array.from({ length: numVfs }, (_, index) => ({
    guid: demoVfGuid(pf.config.guid, index),
    applied: !(
      node.name === ZERO_GUID_VF.node &&
      pf.config.pciAddress === ZERO_GUID_VF.pf &&
      index === ZERO_GUID_VF.index
    ),
  }));
  const current =
    pf.numVfs === numVfs &&
    pf.vfs.every((vf, i) => (vfs[i]?.applied ? vf.portGuid === vfs[i].guid : true));
  if (!current) await node.kernel.provision(pf.config.pciAddress, vfs);
  if (want?.mtu) {
    if (netdevMtu(node, pf.config.pciAddress, pf.config.netdev) < want.mtu) {
      setMtu(node, pf.config.pciAddress, pf.config.netdev, want.mtu);
    }
    for (const vf of pf.vfs) {
      if (vf.bound) setMtu(node, vf.pciAddress, vf.netdev, want.mtu);
    }
  }
}

/**
 * Without an agent, does what ibnet's node configurator would have done: VFs per the policies,
 * a GUID on each VF (but one, see ZERO_GUID_VF), the policy MTU, and each node's
 * SriovNetworkNodeState with spec and status.
 */
export async function preconfigureNodes(
  store: Store,
  fabric: SimulatedFabric,
  policies: SriovNetworkNodePolicy[],
): Promise<void> {
  const namespace = fabric.settings.operatorNamespace;
  for (const node of fabric.nodes) {
    if (node.kernel.hw.pfs.length === 0) continue;
    const nodeObject = await store.get<KubeObject>('nodes', node.name);
    const before = observed(node);
    const { interfaces } = desiredInterfaces(policies, before, nodeObject.metadata.labels ?? {});
    for (const pf of node.kernel.hw.pfs) {
      await configurePf(
        node,
        pf,
        interfaces.find((i) => i.pciAddress === pf.config.pciAddress),
      );
    }
    await node.kernel.settle();

    const state: SriovNetworkNodeState = {
      apiVersion: SRIOV_API_VERSION,
      kind: 'SriovNetworkNodeState',
      metadata: { name: node.name, namespace },
      spec: {
        interfaces: interfaces.map((i) => ({
          pciAddress: i.pciAddress,
          numVfs: i.numVfs,
          ...(i.mtu ? { mtu: i.mtu } : {}),
          ...(i.name ? { name: i.name } : {}),
          ...(i.linkType ? { linkType: i.linkType } : {}),
          vfGroups: i.vfGroups.map((g) => ({ ...g })),
        })),
      },
    };
    let live: SriovNetworkNodeState;
    try {
      live = await store.create(state, { fieldManager: MANAGER });
    } catch (err) {
      if (!(err instanceof ApiError) || err.reason !== 'AlreadyExists') throw err;
      live = await store.get<SriovNetworkNodeState>(
        'sriovnetworknodestates.sriovnetwork.openshift.io',
        node.name,
        namespace,
      );
      live = await store.update({ ...live, spec: state.spec }, { fieldManager: MANAGER });
    }
    await store.updateStatus(
      {
        ...live,
        status: { interfaces: observed(node), syncStatus: 'Succeeded', lastSyncError: '' },
      },
      { fieldManager: MANAGER },
    );
  }
}
