import { DEFAULT_OPERATOR_NAMESPACE, DEFAULT_RESOURCE_PREFIX } from '../../lib/model';
import { DEFAULT_WHEREABOUTS_NAMESPACE } from '../../lib/model';

/** One physical function (a ConnectX port) of a simulated node. */
export interface SimPfConfig {
  /** PCI address, e.g. `0000:3b:00.0`. */
  pciAddress: string;
  /** Netdev name; default derived from the bus as systemd names it (`ibp59s0`). */
  netdev?: string;
  /** `ib` (default: IPoIB, ConnectX-7 in InfiniBand mode) or `eth`. */
  linkType?: 'ib' | 'eth';
  /** sriov_totalvfs (default 16). */
  totalVfs?: number;
  /** NUMA node the slot hangs off. */
  numaNode?: number;
}

/** One simulated node: a Node object plus, for workers, a sysfs tree with its PFs. */
export interface SimNodeConfig {
  name: string;
  /** A control-plane node: tainted, no InfiniBand, never gets pods with secondary networks. */
  controlPlane?: boolean;
  /** PFs of the node (default: two ConnectX-7 ports for workers, none for control planes). */
  pfs?: SimPfConfig[];
  /** Extra labels on the Node object. */
  labels?: Record<string, string>;
}

/** Options of the simulated fabric (`startCluster({ fabric })`). */
export interface FabricOptions {
  /** Nodes, or how many default workers (`worker-0`…); default 3 workers. */
  nodes?: SimNodeConfig[] | number;
  /** Add a control-plane node `master-0` without InfiniBand (default false). */
  controlPlane?: boolean;
  /** Device-plugin resource prefix (default `openshift.io`). */
  resourcePrefix?: string;
  /** Where SriovNetworkNodeStates live (default `openshift-sriov-network-operator`). */
  operatorNamespace?: string;
  /** Where whereabouts keeps IPPools (default `kube-system`). */
  whereaboutsNamespace?: string;
  /** Folder for the node trees; default `<dataDir>/fabric`, or a temporary folder removed on stop. */
  dir?: string;
  /** Whether the subnet manager has virtualization on, so VF ports go ACTIVE once a GUID is set. */
  smVirtualization?: boolean;
}

/** Fabric options with every default filled in. */
export interface FabricSettings {
  nodes: ResolvedNode[];
  resourcePrefix: string;
  operatorNamespace: string;
  whereaboutsNamespace: string;
  smVirtualization: boolean;
}

export interface ResolvedPf {
  index: number;
  pciAddress: string;
  netdev: string;
  rdmaDevice: string;
  linkType: 'ib' | 'eth';
  totalVfs: number;
  numaNode: number;
  /** The PF's own GUID (IB) or MAC-derived identity, canonical `xx:xx:…` form. */
  guid: string;
}

export interface ResolvedNode {
  index: number;
  name: string;
  controlPlane: boolean;
  labels: Record<string, string>;
  pfs: ResolvedPf[];
  /** The node's address on the machine network. */
  internalIp: string;
  /** The node's pod subnet (OVN-Kubernetes gives each node a /23). */
  podSubnet: { base: number[]; prefixLength: number };
}

/** ConnectX-7: PF and VF device IDs (DOMAIN.md §1). */
export const CX7_PF_DEVICE = '1021';
export const CX7_VF_DEVICE = '101e';
export const MLX5_DRIVER = 'mlx5_core';
export const IB_PORT_RATE = '400 Gb/sec (4X NDR)';
export const DEFAULT_TOTAL_VFS = 16;
/** IPoIB (datagram/enhanced mode) MTU limits and the default with a 2K IB MTU partition. */
export const IPOIB_MAX_MTU = 4092;
export const IPOIB_DEFAULT_MTU = 2044;
export const ETH_MAX_MTU = 9978;
export const ETH_DEFAULT_MTU = 1500;
/** The first VF's routing ID offset and stride, as a single-port ConnectX-7 reports them. */
export const SRIOV_OFFSET = 1;
export const SRIOV_STRIDE = 1;

const DEFAULT_PFS: SimPfConfig[] = [
  { pciAddress: '0000:3b:00.0', numaNode: 0 },
  { pciAddress: '0000:86:00.0', numaNode: 1 },
];

const PCI_ADDRESS = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-1][0-9a-f])\.([0-7])$/;

/** A PCI address split into numbers; throws for text that is not `dddd:bb:dd.f`. */
export function parsePci(address: string): { domain: number; bus: number; devfn: number } {
  const m = PCI_ADDRESS.exec(address);
  if (!m) {
    throw new Error(
      `"${address}" is not a PCI address: write it as domain:bus:device.function, e.g. 0000:3b:00.0`,
    );
  }
  const [, domain, bus, dev, fn] = m;
  return {
    domain: parseInt(domain ?? '0', 16),
    bus: parseInt(bus ?? '0', 16),
    devfn: (parseInt(dev ?? '0', 16) << 3) | parseInt(fn ?? '0', 10),
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** PCI address of VF `index` of a PF, from the SR-IOV offset and stride (ARI numbering). */
export function vfPciAddress(pfAddress: string, index: number): string {
  const { domain, bus, devfn } = parsePci(pfAddress);
  const rid = (bus << 8) + devfn + SRIOV_OFFSET + index * SRIOV_STRIDE;
  return `${hex(domain, 4)}:${hex(rid >> 8, 2)}:${hex((rid >> 3) & 0x1f, 2)}.${rid & 7}`;
}

/** The netdev name systemd gives a PF: `ib` or `en`, then `p<bus>s<slot>` in decimal. */
export function pfNetdevName(pfAddress: string, linkType: 'ib' | 'eth'): string {
  const { bus, devfn } = parsePci(pfAddress);
  const fn = devfn & 7;
  return `${linkType === 'ib' ? 'ib' : 'en'}p${bus}s${devfn >> 3}${fn ? `f${fn}` : ''}`;
}

/** VF netdevs carry the PF's name and the VF index, as mlx5 names them (`ibp59s0v3`). */
export function vfNetdevName(pfNetdev: string, index: number): string {
  return `${pfNetdev}v${index}`;
}

/** Canonical GUID text from 8 bytes. */
export function guidText(bytes: number[]): string {
  return bytes.map((b) => hex(b & 0xff, 2)).join(':');
}

/** The GUID as sysfs prints it: four groups of four hex digits. */
export function sysfsGuid(guid: string): string {
  const h = guid.replaceAll(':', '');
  return `${h.slice(0, 4)}:${h.slice(4, 8)}:${h.slice(8, 12)}:${h.slice(12, 16)}`;
}

export const ZERO_GUID = '00:00:00:00:00:00:00:00';

/** NVIDIA's OUI and a per-node, per-port serial: unique across the simulated fabric. */
function pfGuid(nodeIndex: number, pfIndex: number): string {
  return guidText([0x0c, 0x42, 0xa1, 0x03, 0x00, 0x12 + nodeIndex, 0x34 + pfIndex * 0x10, 0x00]);
}

/** Expands the options into a full node list. */
export function resolveSettings(options: FabricOptions = {}): FabricSettings {
  const configs: SimNodeConfig[] = Array.isArray(options.nodes)
    ? options.nodes
    : Array.from({ length: options.nodes ?? 3 }, (_, i) => ({ name: `worker-${i}` }));
  if (options.controlPlane) configs.unshift({ name: 'master-0', controlPlane: true });

  const names = new Set<string>();
  const nodes = configs.map((c, index) => {
    if (names.has(c.name)) throw new Error(`node "${c.name}" is listed twice in the fabric`);
    names.add(c.name);
    return resolveNode(c, index);
  });
  return {
    nodes,
    resourcePrefix: options.resourcePrefix ?? DEFAULT_RESOURCE_PREFIX,
    operatorNamespace: options.operatorNamespace ?? DEFAULT_OPERATOR_NAMESPACE,
    whereaboutsNamespace: options.whereaboutsNamespace ?? DEFAULT_WHEREABOUTS_NAMESPACE,
    smVirtualization: options.smVirtualization ?? true,
  };
}

function resolveNode(c: SimNodeConfig, index: number): ResolvedNode {
  const controlPlane = c.controlPlane ?? false;
  const pfConfigs = c.pfs ?? (controlPlane ? [] : DEFAULT_PFS);
  const pfs = pfConfigs.map((p, i): ResolvedPf => {
    parsePci(p.pciAddress);
    const linkType = p.linkType ?? 'ib';
    const totalVfs = p.totalVfs ?? DEFAULT_TOTAL_VFS;
    if (!Number.isInteger(totalVfs) || totalVfs < 0 || totalVfs > 256) {
      throw new Error(`sriov_totalvfs of ${p.pciAddress} must be 0..256, not ${totalVfs}`);
    }
    return {
      index: i,
      pciAddress: p.pciAddress,
      netdev: p.netdev ?? pfNetdevName(p.pciAddress, linkType),
      rdmaDevice: `mlx5_${i}`,
      linkType,
      totalVfs,
      numaNode: p.numaNode ?? i,
      guid: pfGuid(index, i),
    };
  });
  return {
    index,
    name: c.name,
    controlPlane,
    labels: c.labels ?? {},
    pfs,
    internalIp: `10.0.0.${11 + index}`,
    podSubnet: { base: [10, 128, index * 2, 0], prefixLength: 23 },
  };
}

export const DEFAULTS = {
  resourcePrefix: DEFAULT_RESOURCE_PREFIX,
  operatorNamespace: DEFAULT_OPERATOR_NAMESPACE,
  whereaboutsNamespace: DEFAULT_WHEREABOUTS_NAMESPACE,
};
