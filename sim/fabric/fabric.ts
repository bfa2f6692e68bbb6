import { constants } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  KubeObject,
  NetworkAttachmentDefinition,
  SriovNetworkNodeState,
} from '../../lib/model';
import { ApiError } from '../apiserver/errors';
import type { Cluster, ClusterComponent } from '../cluster';
import {
  resolveSettings,
  type FabricOptions,
  type FabricSettings,
  type ResolvedNode,
} from './config';
import { DevicePlugin } from './device-plugin';
import { kubeNow } from './events';
import { bootedHardware, kernelPaths, loadModel } from './hardware';
import { IpamPlugins } from './ipam';
import { SimKernel } from './kernel';
import { PodMachinery, type KubeletNode } from './kubelet';
import { nodeObject } from './node-objects';
import { ObjectCache } from './object-cache';
import { NodeBook, RecordStore } from './pod-records';
import type { PodObject } from './pod-status';

/** One simulated node as the outside sees it: where its `/sys` and its `ip` are. */
export interface FabricNode {
  name: string;
  /** The node's folder: `sys/` (the tree), `bin/ip`, `kernel/` (state outside sysfs), `cni-cache/`. */
  dir: string;
  /** Pass as the node configurator's `--sysfs-root`. */
  sysfsRoot: string;
  /** Pass as the node configurator's `--ip-command`. */
  ipCommand: string;
  /** The node's simulated kernel (in-process access for tests and the demo). */
  kernel: SimKernel;
  /** Whether the node is a control plane (no InfiniBand, tainted). */
  controlPlane: boolean;
}

/**
 * Where temporary trees go: /dev/shm when there is one, since sysfs lives in memory too, and a
 * loaded disk makes the thousands of tiny file operations of a node tree slow.
 */
async function memoryTmp(): Promise<string> {
  return access('/dev/shm', constants.W_OK).then(
    () => '/dev/shm',
    () => tmpdir(),
  );
}

const STANDIN = fileURLToPath(new URL('./ip-standin.mjs', import.meta.url));
const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * The simulated InfiniBand fabric of the embedded cluster: per node a sysfs tree with ConnectX-7
 * PFs and a kernel reacting to writes, an `ip` stand-in, the Node objects, the SR-IOV device
 * plugin, and the scheduler, kubelet, Multus and CNI plugins that attach VFs to pods.
 */
export class SimulatedFabric implements ClusterComponent {
  readonly name = 'simulated-fabric';
  readonly settings: FabricSettings;
  readonly nodes: FabricNode[] = [];
  private dir = '';
  private temporary = false;
  private caches: ObjectCache<KubeObject>[] = [];
  private machinery?: PodMachinery;
  private devicePlugin?: DevicePlugin;

  constructor(private readonly options: FabricOptions & { dataDir?: string } = {}) {
    this.settings = resolveSettings(options);
  }

  /** The node by name; throws for a node the fabric does not have. */
  node(name: string): FabricNode {
    const found = this.nodes.find((n) => n.name === name);
    if (!found) {
      throw new Error(
        `the simulated fabric has no node "${name}"; it has ${this.nodes.map((n) => n.name).join(', ')}`,
      );
    }
    return found;
  }

  /** Device-plugin resources a node advertises now, as counts. */
  resources(node: string): Record<string, number> {
    return this.devicePlugin?.resources(node) ?? {};
  }

  /** The pod (`namespace/name`) holding a VF, if any. */
  holderOf(node: string, pci: string): string | undefined {
    return this.machinery?.holderOf(node, pci);
  }

  /** Resolves when kernels, device plugin and pod machinery have nothing left to do right now. */
  async settle(): Promise<void> {
    for (let round = 0; round < 4; round++) {
      await Promise.all(this.nodes.map((n) => n.kernel.settle()));
      await this.devicePlugin?.settle();
      await this.machinery?.settle();
      await new Promise((r) => setImmediate(r));
    }
  }

  async start(cluster: Cluster): Promise<void> {
    const s = this.settings;
    this.temporary = !this.options.dir && !this.options.dataDir;
    this.dir =
      this.options.dir ??
      (this.options.dataDir
        ? join(this.options.dataDir, 'fabric')
        : await mkdtemp(join(await memoryTmp(), 'ibnet-fabric-')));
    await mkdir(this.dir, { recursive: true });

    const kubeletNodes = new Map<string, KubeletNode>();
    for (const node of s.nodes) {
      const handle = await this.startNode(node);
      this.nodes.push(handle);
      kubeletNodes.set(node.name, {
        node,
        kernel: handle.kernel,
        book: new NodeBook(node),
        records: new RecordStore(join(handle.dir, 'cni-cache')),
      });
      await this.registerNode(cluster, node);
    }

    const store = cluster.store;
    const pods = new ObjectCache<PodObject>(store, 'pods');
    const nads = new ObjectCache<NetworkAttachmentDefinition>(
      store,
      'network-attachment-definitions.k8s.cni.cncf.io',
    );
    const nodeObjects = new ObjectCache<KubeObject>(store, 'nodes');
    const nodeStates = new ObjectCache<SriovNetworkNodeState>(
      store,
      'sriovnetworknodestates.sriovnetwork.openshift.io',
      s.operatorNamespace,
    );
    this.caches = [pods, nads, nodeObjects, nodeStates] as ObjectCache<KubeObject>[];
    for (const c of this.caches) await c.start();

    const kernels = new Map(this.nodes.map((n) => [n.name, n.kernel]));
    const plugin = new DevicePlugin(
      store,
      kernels,
      nodeStates,
      s.resourcePrefix,
      s.operatorNamespace,
    );
    this.devicePlugin = plugin;
    for (const obj of nodeObjects.list()) {
      const capacity = (obj as { status?: { capacity?: Record<string, string> } }).status?.capacity;
      const shown = Object.entries(capacity ?? {})
        .filter(([k]) => k.startsWith(`${s.resourcePrefix}/`))
        .map(([k, v]) => [k, Number(v)] as const);
      plugin.remember(obj.metadata.name ?? '', Object.fromEntries(shown));
    }
    for (const n of this.nodes) n.kernel.onChange(() => plugin.refresh());
    nodeStates.on(() => plugin.refresh());
    plugin.refresh();
    await plugin.settle();

    this.machinery = new PodMachinery({
      store,
      pods,
      nads,
      nodeObjects,
      nodes: kubeletNodes,
      devicePlugin: plugin,
      ipam: new IpamPlugins(store, s.whereaboutsNamespace),
    });
    await this.machinery.start();
  }

  async stop(): Promise<void> {
    await this.machinery?.stop();
    for (const c of this.caches) c.stop();
    for (const n of this.nodes) await n.kernel.stop();
    if (this.temporary && this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  private async startNode(node: ResolvedNode): Promise<FabricNode> {
    const dir = join(this.dir, node.name);
    const sysfsRoot = join(dir, 'sys');
    const paths = kernelPaths(dir);
    const hasTree = await stat(sysfsRoot).then(
      () => true,
      () => false,
    );
    const saved = hasTree ? await loadModel(paths.model, node) : undefined;
    const kernel = new SimKernel(
      saved ?? bootedHardware(node),
      dir,
      sysfsRoot,
      this.settings.smVirtualization,
    );
    await kernel.start(saved !== undefined);

    const ipCommand = join(dir, 'bin', 'ip');
    await mkdir(join(dir, 'bin'), { recursive: true });
    const script = `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(STANDIN)} --sysfs-root ${quote(sysfsRoot)} --state ${quote(paths.kernel)} "$@"\n`;
    await writeFile(ipCommand, script);
    await chmod(ipCommand, 0o755);
    return { name: node.name, dir, sysfsRoot, ipCommand, kernel, controlPlane: node.controlPlane };
  }

  /** Registers the Node as kubelet would; a Node kept from an earlier run stays as it is. */
  private async registerNode(cluster: Cluster, node: ResolvedNode): Promise<void> {
    try {
      await cluster.store.create(nodeObject(node, kubeNow()), { fieldManager: 'kubelet' });
    } catch (err) {
      if (!(err instanceof ApiError) || err.reason !== 'AlreadyExists') throw err;
    }
  }
}
