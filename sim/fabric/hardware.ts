import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedNode, ResolvedPf } from './config';
import { ZERO_GUID } from './config';

/**
 * The kernel's view of one node's SR-IOV hardware: the source of truth the device plugin and the
 * CNI read, kept in step with the sysfs tree by the simulated kernel.
 */
export interface VfState {
  index: number;
  pciAddress: string;
  /** The netdev the VF gets when bound (it keeps its name across re-probes). */
  netdev: string;
  /** Interface index of the current netdev; a re-probe gives a new one, as the kernel does. */
  ifindex: number;
  /** Bound to mlx5_core: netdev and RDMA device exist. */
  bound: boolean;
  /** RDMA device while bound (`mlx5_7`): the lowest free index at probe time. */
  rdmaDevice?: string;
  /** GUIDs in effect, taken from the vport at the last probe (zeros until configured). */
  nodeGuid: string;
  portGuid: string;
  /** The netdev is in a pod's network namespace (a CNI moved it): the host does not see it. */
  inPod?: boolean;
}

export interface PfState {
  config: ResolvedPf;
  /** The value the kernel accepted last (what sriov_numvfs shows when no write is pending). */
  numVfs: number;
  vfs: VfState[];
}

export interface NodeHardware {
  node: ResolvedNode;
  pfs: PfState[];
  /** Next interface index to hand out (never reused until reboot). */
  nextIfindex: number;
}

/** The VF's administrative GUIDs and link state as `ip link set … vf N` left them. */
export interface VfAdminState {
  node_guid?: string;
  port_guid?: string;
  state?: 'auto' | 'enable' | 'disable';
}

/** A freshly booted node: PFs present and bound, no VFs. */
export function bootedHardware(node: ResolvedNode): NodeHardware {
  return {
    node,
    pfs: node.pfs.map((config) => ({ config, numVfs: 0, vfs: [] })),
    // 1 is lo and 2 the node's primary Ethernet port; the PFs follow.
    nextIfindex: 3 + node.pfs.length,
  };
}

/** The PF's interface index: fixed at boot, after lo and the primary port. */
export function pfIfindex(pf: ResolvedPf): number {
  return 3 + pf.index;
}

/** Every VF of the node, PF by PF in VF order. */
export function allVfs(hw: NodeHardware): { pf: PfState; vf: VfState }[] {
  return hw.pfs.flatMap((pf) => pf.vfs.map((vf) => ({ pf, vf })));
}

export function findVf(
  hw: NodeHardware,
  pciAddress: string,
): { pf: PfState; vf: VfState } | undefined {
  return allVfs(hw).find((e) => e.vf.pciAddress === pciAddress);
}

/** The lowest `mlx5_N` not in use on the node, as the RDMA core names new devices. */
export function freeRdmaName(hw: NodeHardware): string {
  const used = new Set<string>(hw.pfs.map((p) => p.config.rdmaDevice));
  for (const { vf } of allVfs(hw)) if (vf.rdmaDevice) used.add(vf.rdmaDevice);
  for (let i = 0; ; i++) if (!used.has(`mlx5_${i}`)) return `mlx5_${i}`;
}

export function isZeroGuid(guid: string | undefined): boolean {
  return !guid || /^[0:]+$/.test(guid);
}

/** Where the kernel keeps what is not in sysfs: the model and each VF's vport settings. */
export function kernelPaths(nodeDir: string) {
  const kernel = join(nodeDir, 'kernel');
  return {
    kernel,
    model: join(kernel, 'model.json'),
    vfAdmin: (pfPci: string, index: number) => join(kernel, 'vf', pfPci, `${index}.json`),
    pfVfDir: (pfPci: string) => join(kernel, 'vf', pfPci),
    /** Where a VF's netdev is kept while it is in a pod's network namespace. */
    podNetdev: (vfPci: string) => join(kernel, 'netns', vfPci),
  };
}

/** Reads a VF's vport settings (synchronously: a tiny file, read on every probe). */
export function readVfAdmin(path: string): VfAdminState {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as VfAdminState;
  } catch {
    return {};
  }
}

interface SavedModel {
  nextIfindex: number;
  pfs: { pciAddress: string; numVfs: number; vfs: VfState[] }[];
}

/** Saves the model atomically so a restarted cluster finds its hardware as it left it. */
export async function saveModel(path: string, hw: NodeHardware): Promise<void> {
  const saved: SavedModel = {
    nextIfindex: hw.nextIfindex,
    pfs: hw.pfs.map((p) => ({
      pciAddress: p.config.pciAddress,
      numVfs: p.numVfs,
      vfs: p.vfs,
    })),
  };
  await writeFile(`${path}.tmp`, JSON.stringify(saved));
  await rename(`${path}.tmp`, path);
}

/** Loads a saved model for the node's configured PFs; undefined when none fits. */
export async function loadModel(
  path: string,
  node: ResolvedNode,
): Promise<NodeHardware | undefined> {
  let saved: SavedModel;
  try {
    saved = JSON.parse(await readFile(path, 'utf8')) as SavedModel;
  } catch {
    return undefined;
  }
  const hw = bootedHardware(node);
  for (const pf of hw.pfs) {
    const old = saved.pfs.find((p) => p.pciAddress === pf.config.pciAddress);
    if (!old || old.numVfs > pf.config.totalVfs) return undefined;
    pf.numVfs = old.numVfs;
    pf.vfs = old.vfs.map((vf) => ({
      ...vf,
      nodeGuid: vf.nodeGuid || ZERO_GUID,
      portGuid: vf.portGuid || ZERO_GUID,
    }));
  }
  hw.nextIfindex = Math.max(hw.nextIfindex, saved.nextIfindex);
  return hw;
}
