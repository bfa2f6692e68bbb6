import type { SriovNetworkNodeState } from '../../lib/model';
import type { Store } from '../apiserver/store';
import { MLX5_DRIVER } from './config';
import type { SimKernel } from './kernel';
import type { ObjectCache } from './object-cache';

const MANAGER = 'sriov-device-plugin';

/**
 * The SR-IOV network device plugin and the kubelet's device manager, per node: a resource is the
 * VFs the node state's vfGroups give it, counting only VFs that exist and are bound to the driver
 * the group asks for (mlx5_core for netdevice; vfio-pci VFs are never bound here, so such groups
 * advertise nothing). The counts go to the Node's capacity and allocatable; a resource that once
 * was advertised stays at 0, as kubelet keeps it.
 *
 * While the node's configurator is at work (syncStatus InProgress) no VF joins a pool: the real
 * plugin is restarted by the config daemon once a sync ends, so it never hands out a VF whose GUID
 * is still being set. VFs that go away meanwhile leave their pool at once (kubelet marks them
 * unhealthy).
 */
export class DevicePlugin {
  private readonly pools = new Map<string, Map<string, string[]>>();
  private readonly advertised = new Map<string, Set<string>>();
  /** What each Node's status shows now. */
  private readonly published = new Map<string, Record<string, number>>();
  private pending?: Promise<void>;
  private dirty = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: Store,
    private readonly kernels: Map<string, SimKernel>,
    private readonly nodeStates: ObjectCache<SriovNetworkNodeState>,
    private readonly resourcePrefix: string,
    private readonly operatorNamespace: string,
  ) {}

  /** VFs (PCI addresses, in PF and VF order) of a resource on a node, as kubelet can hand out. */
  pool(node: string, resource: string): string[] {
    return this.pools.get(node)?.get(resource) ?? [];
  }

  /** The advertised count of each resource on a node. */
  resources(node: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const name of this.advertised.get(node) ?? []) out[name] = this.pool(node, name).length;
    return out;
  }

  /** Resources a Node already shows (from an earlier run): kept, and corrected if they differ. */
  remember(node: string, counts: Record<string, number>): void {
    const names = this.advertised.get(node) ?? new Set<string>();
    for (const name of Object.keys(counts)) names.add(name);
    this.advertised.set(node, names);
    this.published.set(node, { ...(this.published.get(node) ?? {}), ...counts });
  }

  /** Called after a node's advertised resources changed (and the Node was updated). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Recomputes soon; bursts of changes become one update per node. */
  refresh(): void {
    this.dirty = true;
    this.pending ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run())
      .finally(() => (this.pending = undefined));
  }

  /** Resolves when the last refresh has reached the Nodes. */
  async settle(): Promise<void> {
    while (this.pending) await this.pending;
  }

  private async run(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      let changed = false;
      for (const [node, kernel] of this.kernels) {
        if (await this.update(node, kernel)) changed = true;
      }
      if (changed) for (const l of this.listeners) l();
    }
  }

  private computePools(node: string, kernel: SimKernel): Map<string, string[]> {
    const state = this.nodeStates.get(this.operatorNamespace, node);
    const pools = new Map<string, string[]>();
    for (const iface of state?.spec?.interfaces ?? []) {
      const pf = kernel.hw.pfs.find((p) => p.config.pciAddress === iface.pciAddress);
      if (!pf) continue;
      for (const group of iface.vfGroups ?? []) {
        const range = /^(\d+)-(\d+)$/.exec(group.vfRange);
        if (!range) continue;
        const [first, last] = [Number(range[1]), Number(range[2])];
        const driver = group.deviceType === 'vfio-pci' ? 'vfio-pci' : MLX5_DRIVER;
        const name = `${this.resourcePrefix}/${group.resourceName}`;
        const list = pools.get(name) ?? [];
        for (const vf of pf.vfs) {
          const usable = vf.bound && driver === MLX5_DRIVER && (!group.isRdma || vf.rdmaDevice);
          if (vf.index >= first && vf.index <= last && usable) list.push(vf.pciAddress);
        }
        pools.set(name, list);
      }
    }
    return pools;
  }

  /** Updates one node; returns whether its advertised counts changed. */
  private async update(node: string, kernel: SimKernel): Promise<boolean> {
    const before = this.published.get(node) ?? {};
    const syncing =
      this.nodeStates.get(this.operatorNamespace, node)?.status?.syncStatus === 'InProgress';
    const fresh = this.computePools(node, kernel);
    const pools = syncing ? stillUsable(this.pools.get(node), fresh) : fresh;
    this.pools.set(node, pools);
    const names = this.advertised.get(node) ?? new Set<string>();
    for (const name of pools.keys()) names.add(name);
    this.advertised.set(node, names);

    const after = this.resources(node);
    const same =
      Object.keys(after).length === Object.keys(before).length &&
      Object.entries(after).every(([k, v]) => before[k] === v);
    if (same) return false;
    this.published.set(node, after);
    const counts = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, String(v)]));
    await this.store
      .patch(
        'nodes',
        node,
        { status: { capacity: counts, allocatable: counts } },
        { type: 'merge', subresource: 'status', fieldManager: MANAGER },
      )
      .catch(() => undefined);
    return true;
  }
}

/** The VFs of the `previous` pools that `fresh` still has: nothing joins, what is gone leaves. */
function stillUsable(
  previous: Map<string, string[]> | undefined,
  fresh: Map<string, string[]>,
): Map<string, string[]> {
  const pools = new Map<string, string[]>();
  for (const [name, list] of previous ?? []) {
    const now = new Set(fresh.get(name) ?? []);
    pools.set(
      name,
      list.filter((pci) => now.has(pci)),
    );
  }
  return pools;
}
