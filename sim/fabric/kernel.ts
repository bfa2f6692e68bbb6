import {
  constants,
  type FSWatcher,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Socket } from 'node:net';
import { vfNetdevName, vfPciAddress, ZERO_GUID } from './config';
import {
  findVf,
  freeRdmaName,
  kernelPaths,
  readVfAdmin,
  saveModel,
  type NodeHardware,
  type PfState,
  type VfAdminState,
  type VfState,
} from './hardware';
import {
  addVf,
  bindVf,
  driverFiles,
  hideNetdev,
  makeFifos,
  removeVf,
  retireFifos,
  showNetdev,
  sysPaths,
  unbindVf,
  writeNumVfs,
  writeTree,
} from './sysfs';

/** What a write to sriov_numvfs came to, as the kernel would return it to the writer. */
export type NumVfsOutcome = 'ok' | 'unchanged' | 'busy' | 'range' | 'invalid';

/** How long VF creation and removal take after the write, like the real mlx5 (tens of ms). */
const SRIOV_LATENCY_MS = 15;
const POLL_MS = 25;
const EARLY_PROBE_MS = 250;
const PCI_IN_TEXT = /[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]/g;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The simulated kernel of one node: owns its sysfs tree and reacts to what is written into it,
 * the way mlx5_core and the PCI core do. Writes to `sriov_numvfs` are picked up with fs.watch
 * (polling when watching is not possible); `bind`, `unbind` and `drivers_probe` are FIFOs, so
 * every address written reaches it, in order. All changes run one at a time.
 */
export class SimKernel {
  private chain: Promise<void> = Promise.resolve();
  private readonly watchers: FSWatcher[] = [];
  private readonly fifos: Socket[] = [];
  private poller?: NodeJS.Timeout;
  private saveTimer?: NodeJS.Timeout;
  private readonly listeners = new Set<() => void>();
  private stopped = false;
  /** Probes that arrived while the VF was still bound: an unbind in flight on the other FIFO. */
  private readonly earlyProbes = new Map<string, number>();
  readonly paths: ReturnType<typeof kernelPaths>;

  constructor(
    readonly hw: NodeHardware,
    readonly nodeDir: string,
    readonly sysfsRoot: string,
    private readonly smVirtualization: boolean,
  ) {
    this.paths = kernelPaths(nodeDir);
  }

  /** Writes the tree (unless `restored` and it is already there) and starts reacting to writes. */
  async start(restored: boolean): Promise<void> {
    if (!restored) {
      await rm(this.sysfsRoot, { recursive: true, force: true });
      await rm(this.paths.kernel, { recursive: true, force: true });
      await writeTree(this.sysfsRoot, this.hw, this.smVirtualization);
    }
    await mkdir(this.paths.kernel, { recursive: true });
    await makeFifos(driverFiles(this.sysfsRoot));
    this.openFifos();
    this.watchNumVfs();
    await this.persist();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const w of this.watchers) w.close();
    for (const s of this.fifos) s.destroy();
    if (this.poller) clearInterval(this.poller);
    if (this.saveTimer) clearTimeout(this.saveTimer);
    await this.chain;
    await this.persist();
    await retireFifos(driverFiles(this.sysfsRoot));
  }

  /** Calls `listener` after every change of the hardware (VFs created, bound, GUIDs). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every change asked for so far has been applied. */
  async settle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const result = this.chain.then(op);
    this.chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private changed(): void {
    for (const l of this.listeners) l();
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.persist();
    }, 50);
    this.saveTimer.unref();
  }

  private async persist(): Promise<void> {
    await saveModel(this.paths.model, this.hw).catch(() => undefined);
  }

  private pf(pciAddress: string): PfState | undefined {
    return this.hw.pfs.find((p) => p.config.pciAddress === pciAddress);
  }

  private watchNumVfs(): void {
    const check = (pf: PfState) => void this.enqueue(() => this.readNumVfs(pf));
    try {
      for (const pf of this.hw.pfs) {
        const dir = sysPaths(this.sysfsRoot).device(pf.config.pciAddress);
        const w = watch(dir, (_event, file) => {
          if (file === null || file === 'sriov_numvfs') check(pf);
        });
        w.on('error', () => this.startPolling());
        this.watchers.push(w);
      }
    } catch {
      this.startPolling();
    }
  }

  /** Without fs.watch, compare the files with the model often enough to react within ~50 ms. */
  private startPolling(): void {
    if (this.poller || this.stopped) return;
    this.poller = setInterval(() => {
      for (const pf of this.hw.pfs) void this.enqueue(() => this.readNumVfs(pf));
    }, POLL_MS);
    this.poller.unref();
  }

  private openFifos(): void {
    const p = sysPaths(this.sysfsRoot);
    const handlers: [string, (pci: string) => Promise<void>][] = [
      [p.unbind, (pci) => this.unbindOp(pci)],
      [p.bind, (pci) => this.probeOp(pci, true)],
      [p.driversProbe, (pci) => this.probeOp(pci, true)],
    ];
    for (const [path, handle] of handlers) {
      // Read-write, so the pipe never reports end-of-file when a writer closes it.
      const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
      const socket = new Socket({ fd, readable: true, writable: false });
      socket.on('data', (chunk) => {
        for (const pci of String(chunk).toLowerCase().match(PCI_IN_TEXT) ?? []) {
          void this.enqueue(() => handle(pci));
        }
      });
      socket.on('error', () => undefined);
      this.fifos.push(socket);
    }
  }

  /** Applies what the file says, or puts the accepted value back when the kernel refuses it. */
  private async readNumVfs(pf: PfState): Promise<void> {
    if (this.stopped) return;
    const path = sysPaths(this.sysfsRoot).numVfs(pf.config.pciAddress);
    let text = readText(path);
    if (text === undefined) return;
    if (text.trim() === '') {
      // Caught between the writer's truncate and its write: look again shortly.
      await sleep(5);
      text = readText(path) ?? '';
    }
    const outcome = await this.applyNumVfs(pf, text.trim());
    if (outcome === 'busy' || outcome === 'range' || outcome === 'invalid') {
      await writeNumVfs(this.sysfsRoot, pf.config, pf.numVfs);
    }
  }

  private async applyNumVfs(pf: PfState, text: string): Promise<NumVfsOutcome> {
    if (!/^\d+$/.test(text)) return 'invalid';
    const wanted = Number(text);
    if (wanted === pf.numVfs) return 'unchanged';
    if (wanted > pf.config.totalVfs) return 'range';
    if (wanted !== 0 && pf.numVfs !== 0) return 'busy';
    await sleep(SRIOV_LATENCY_MS);
    if (wanted === 0) await this.disableSriov(pf);
    else await this.enableSriov(pf, wanted);
    return 'ok';
  }

  private async disableSriov(pf: PfState): Promise<void> {
    await Promise.all(pf.vfs.map((vf) => removeVf(this.sysfsRoot, pf, vf)));
    pf.vfs = [];
    pf.numVfs = 0;
    // The vports go with the VFs: GUIDs set through the PF are forgotten.
    await rm(this.paths.pfVfDir(pf.config.pciAddress), { recursive: true, force: true });
    this.changed();
  }

  private async enableSriov(
    pf: PfState,
    count: number,
    applied: (index: number) => string | undefined = () => undefined,
  ): Promise<void> {
    const autoprobe =
      readText(sysPaths(this.sysfsRoot).autoprobe(pf.config.pciAddress))?.trim() !== '0';
    pf.numVfs = count;
    const created: VfState[] = [];
    for (let index = 0; index < count; index++) {
      const vf: VfState = {
        index,
        pciAddress: vfPciAddress(pf.config.pciAddress, index),
        netdev: vfNetdevName(pf.config.netdev, index),
        ifindex: this.hw.nextIfindex++,
        bound: autoprobe,
        nodeGuid: applied(index) ?? ZERO_GUID,
        portGuid: applied(index) ?? ZERO_GUID,
      };
      if (autoprobe) vf.rdmaDevice = freeRdmaName(this.hw);
      pf.vfs.push(vf);
      created.push(vf);
    }
    await Promise.all(created.map((vf) => addVf(this.sysfsRoot, pf, vf, this.smVirtualization)));
    this.changed();
  }

  private async unbindOp(pci: string): Promise<void> {
    const found = findVf(this.hw, pci);
    if (!found?.vf.bound) return;
    // Unbinding destroys the netdev wherever it is, a pod's namespace included.
    if (found.vf.inPod) {
      rmSync(this.paths.podNetdev(pci), { recursive: true, force: true });
      delete found.vf.inPod;
    }
    await unbindVf(this.sysfsRoot, found.vf);
    found.vf.bound = false;
    delete found.vf.rdmaDevice;
    this.changed();
    // The two FIFOs are read independently: a probe written just after this unbind may have
    // been read before it. The writer's order is what counts.
    const early = this.earlyProbes.get(pci);
    this.earlyProbes.delete(pci);
    if (early !== undefined && Date.now() - early < EARLY_PROBE_MS) await this.probeOp(pci);
  }

  /** Binding takes the vport's GUIDs (set with `ip link … vf N node_guid/port_guid`) into effect. */
  private async probeOp(pci: string, fromFifo = false): Promise<void> {
    const found = findVf(this.hw, pci);
    if (found?.vf.bound && fromFifo) this.earlyProbes.set(pci, Date.now());
    if (!found || found.vf.bound) return;
    const { pf, vf } = found;
    const admin = readVfAdmin(this.paths.vfAdmin(pf.config.pciAddress, vf.index));
    vf.nodeGuid = admin.node_guid ?? ZERO_GUID;
    vf.portGuid = admin.port_guid ?? ZERO_GUID;
    vf.ifindex = this.hw.nextIfindex++;
    vf.rdmaDevice = freeRdmaName(this.hw);
    vf.bound = true;
    await bindVf(this.sysfsRoot, pf, vf, this.smVirtualization);
    this.changed();
  }

  /**
   * In-process write to sriov_numvfs with the kernel's answer (for the demo's pre-configuration
   * and for tests); the file is updated like a successful write from outside would leave it.
   */
  setNumVfs(pfPci: string, count: number): Promise<NumVfsOutcome> {
    return this.enqueue(async () => {
      const pf = this.pf(pfPci);
      if (!pf) return 'invalid';
      const outcome = await this.applyNumVfs(pf, String(count));
      await writeNumVfs(this.sysfsRoot, pf.config, pf.numVfs);
      return outcome;
    });
  }

  /**
   * A shortcut for pre-configuring a node: the PF ends up with one VF per entry whose vport holds
   * `guid`, in effect when `applied` (as if set with `ip` and re-probed), otherwise waiting for a
   * re-probe. The same end state as a node configurator's writes, in one step.
   */
  provision(pfPci: string, vfs: { guid: string; applied: boolean }[]): Promise<void> {
    return this.enqueue(async () => {
      const pf = this.pf(pfPci);
      if (!pf) throw new Error(`no PF ${pfPci} on ${this.hw.node.name}`);
      if (pf.numVfs > 0) await this.disableSriov(pf);
      await Promise.all(
        vfs.map((v, i) => this.writeAdmin(pfPci, i, { node_guid: v.guid, port_guid: v.guid })),
      );
      if (vfs.length > 0) {
        await this.enableSriov(pf, vfs.length, (i) => (vfs[i]?.applied ? vfs[i].guid : undefined));
      }
      await writeNumVfs(this.sysfsRoot, pf.config, pf.numVfs);
    });
  }

  private async writeAdmin(pfPci: string, index: number, change: VfAdminState): Promise<void> {
    const path = this.paths.vfAdmin(pfPci, index);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify({ ...readVfAdmin(path), ...change }));
  }

  /** What `ip link set dev <pf> vf N node_guid G port_guid G` does: sets the vport's GUIDs. */
  setVfAdmin(pfPci: string, index: number, change: VfAdminState): Promise<void> {
    return this.writeAdmin(pfPci, index, change);
  }

  /** The vport's GUIDs and link state as `ip` would report them. */
  vfAdmin(pfPci: string, index: number): VfAdminState {
    return readVfAdmin(this.paths.vfAdmin(pfPci, index));
  }

  /** Unbinds and re-probes a VF (what the CNI and the config daemon do to apply a GUID). */
  rebind(pci: string): Promise<void> {
    return this.enqueue(async () => {
      await this.unbindOp(pci);
      await this.probeOp(pci);
    });
  }

  unbind(pci: string): Promise<void> {
    return this.enqueue(() => this.unbindOp(pci));
  }

  /** A CNI moved the VF's netdev into a pod's network namespace: the host no longer sees it. */
  moveNetdevToPod(pci: string): Promise<void> {
    return this.enqueue(async () => {
      const vf = findVf(this.hw, pci)?.vf;
      if (!vf?.bound || vf.inPod) return;
      hideNetdev(this.sysfsRoot, vf, this.paths.podNetdev(pci));
      vf.inPod = true;
      this.changed();
    });
  }

  /** The pod's network namespace is gone: the VF's netdev is back in the host's. */
  returnNetdevFromPod(pci: string): Promise<void> {
    return this.enqueue(async () => {
      const vf = findVf(this.hw, pci)?.vf;
      if (!vf?.inPod) return;
      showNetdev(this.sysfsRoot, vf, this.paths.podNetdev(pci));
      delete vf.inPod;
      this.changed();
    });
  }

  probe(pci: string): Promise<void> {
    return this.enqueue(() => this.probeOp(pci));
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
