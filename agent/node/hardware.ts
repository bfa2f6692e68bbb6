import { writeFile } from 'node:fs/promises';
import { sleep } from '../../lib/kube';
import type { DesiredInterface } from '../../lib/policy';
import { HardwareTimeoutError, KernelRefusedError, SysfsError } from './errors';
import type { GuidSource } from './guids';
import { type IpRunner, mtuArgs, vfGuidArgs } from './ip';
import { type PfPlan, guidSteps, isEmptyPlan, planPf, vfMtuSteps } from './plan';
import {
  type SysfsPf,
  type SysfsVf,
  countVirtfns,
  discoverPfs,
  readPf,
  readText,
  readVfs,
  sysfsPaths,
} from './sysfs';

export interface HardwareOptions {
  /** The directory that plays `/sys`. */
  sysfsRoot: string;
  ip: IpRunner;
  /** How long VFs may take to appear or go after a `sriov_numvfs` write; 60 s unless given. */
  vfTimeoutMs?: number;
  /** How long a re-probed VF may take to show its new GUID; 15 s unless given. */
  probeTimeoutMs?: number;
  /** Hears about every sysfs write, before it is made. */
  onSysfsWrite?(path: string, value: string): void;
}

const POLL_MS = 10;

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

/** Per-VF `ip` calls are independent; a few at a time keeps a slow `ip` from adding up. */
const IP_CONCURRENCY = 4;

async function eachLimited<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    // After a failure no new call starts; the ones running finish.
    while (next < items.length && !failed) {
      const item = items[next++] as T;
      await fn(item).catch((err: unknown) => {
        failed = true;
        throw err;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(IP_CONCURRENCY, items.length) }, worker));
}

/**
 * The node's SR-IOV hardware as the agent sees it: a sysfs tree to read and write, and `ip`.
 * Every change is worked out against what sysfs shows at that moment, so a step that is already
 * done is skipped and a sync interrupted half way picks up where it stopped.
 */
export class Hardware {
  readonly root: string;
  private readonly vfTimeoutMs: number;
  private readonly probeTimeoutMs: number;

  constructor(private readonly opts: HardwareOptions) {
    this.root = opts.sysfsRoot;
    this.vfTimeoutMs = opts.vfTimeoutMs ?? 60_000;
    this.probeTimeoutMs = opts.probeTimeoutMs ?? 15_000;
  }

  discover(): Promise<SysfsPf[]> {
    return discoverPfs(this.root);
  }

  private async pf(pci: string): Promise<SysfsPf> {
    const pf = await readPf(this.root, pci);
    if (!pf) throw new SysfsError(pci, `PF ${pci} disappeared from ${this.root}/bus/pci/devices`);
    return pf;
  }

  private async write(path: string, value: string): Promise<void> {
    this.opts.onSysfsWrite?.(path, value);
    try {
      await writeFile(path, value);
    } catch (err) {
      throw new KernelRefusedError(
        `writing "${value}" to ${path} failed: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }

  /**
   * Brings one PF to `want` (or back to 0 VFs when undefined): PF MTU, VF count, VF GUIDs with a
   * re-probe, VF MTUs, in that order. Returns the plan it started from (empty: nothing touched).
   */
  async apply(
    pci: string,
    want: DesiredInterface | undefined,
    source: GuidSource | undefined,
    signal?: AbortSignal,
  ): Promise<PfPlan> {
    let pf = await this.pf(pci);
    const plan = planPf(pf, want, source);
    if (isEmptyPlan(plan)) return plan;

    if (plan.pfMtu !== undefined && pf.netdev) {
      await this.opts.ip(mtuArgs(pf.netdev, plan.pfMtu));
    }
    if (plan.numVfs) await this.setNumVfs(pf, plan.numVfs.to, signal);
    if (!want) return plan;

    signal?.throwIfAborted();
    pf = await this.pf(pci);
    if (pf.linkType === 'IB' && pf.netdev) {
      await this.setGuids(pf, guidSteps(want, pf.vfs, source), signal);
    }

    signal?.throwIfAborted();
    // A re-probe gives the VF a fresh netdev at the default MTU, so MTUs come after GUIDs.
    pf = await this.pf(pci);
    await eachLimited(vfMtuSteps(want, pf.vfs), (step) =>
      this.opts.ip(mtuArgs(step.netdev, step.mtu)),
    );
    return plan;
  }

  /** Writes 0 (unless already 0), then `count`, waiting for the `virtfn` links each time. */
  async setNumVfs(pf: SysfsPf, count: number, signal?: AbortSignal): Promise<void> {
    const path = sysfsPaths(this.root).numVfs(pf.pciAddress);
    const label = pf.netdev ?? pf.pciAddress;
    if (count > pf.totalVfs) {
      throw new KernelRefusedError(
        `${label} supports at most ${pf.totalVfs} VFs (sriov_totalvfs), ${count} asked for`,
      );
    }
    const current = Number((await readText(path)) ?? '0');
    if (current !== 0 || (await countVirtfns(this.root, pf.pciAddress)) > 0) {
      await this.write(path, '0');
      await this.waitForVfs(pf.pciAddress, label, 0, signal);
    }
    if (count === 0) return;
    signal?.throwIfAborted();
    await this.write(path, String(count));
    await this.waitForVfs(pf.pciAddress, label, count, signal);
  }

  private async waitForVfs(
    pci: string,
    label: string,
    count: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const path = sysfsPaths(this.root).numVfs(pci);
    const deadline = Date.now() + this.vfTimeoutMs;
    for (;;) {
      const links = await countVirtfns(this.root, pci);
      const shown = await readText(path);
      if (links === count && shown === String(count)) return;
      // The kernel puts the old value back when it refuses a write (EBUSY, ERANGE).
      if (shown && shown !== String(count)) {
        throw new KernelRefusedError(
          `the kernel refused sriov_numvfs ${count} on ${label}: the file reads ${shown} again; check that no other tool changes the VF count and look at the kernel log (dmesg) for mlx5_core errors`,
        );
      }
      if (Date.now() > deadline) {
        throw new HardwareTimeoutError(
          `${label} shows ${links} virtfn links ${duration(this.vfTimeoutMs)} after sriov_numvfs was set to ${count}; the VFs did not ${count === 0 ? 'go away' : 'appear'} in time: check the kernel log (dmesg) for mlx5_core errors, then the sync is retried`,
        );
      }
      await sleep(POLL_MS, signal);
    }
  }

  /**
   * Sets node and port GUID of each VF through the PF, then unbinds and re-probes the VFs so that
   * the GUIDs take effect, and waits until sysfs shows them.
   */
  async setGuids(pf: SysfsPf, steps: { index: number; guid: string }[], signal?: AbortSignal) {
    if (steps.length === 0 || !pf.netdev) return;
    const byIndex = new Map(pf.vfs.map((vf) => [vf.index, vf]));
    const netdev = pf.netdev;
    await eachLimited(steps, (step) => this.opts.ip(vfGuidArgs(netdev, step.index, step.guid)));
    signal?.throwIfAborted();

    const paths = sysfsPaths(this.root);
    const vfs = steps
      .map((s) => byIndex.get(s.index))
      .filter((vf): vf is SysfsVf => vf !== undefined);
    for (const vf of vfs) {
      if (vf.driver) await this.write(paths.driverFile(vf.driver, 'unbind'), vf.pciAddress);
    }
    for (const vf of vfs) await this.write(paths.driversProbe, vf.pciAddress);
    await this.waitForGuids(pf, steps, signal);
  }

  private async waitForGuids(
    pf: SysfsPf,
    steps: { index: number; guid: string }[],
    signal?: AbortSignal,
  ): Promise<void> {
    const deadline = Date.now() + this.probeTimeoutMs;
    for (;;) {
      const vfs = new Map((await readVfs(this.root, pf.pciAddress)).map((vf) => [vf.index, vf]));
      const pending = steps.filter((s) => vfs.get(s.index)?.guid !== s.guid);
      if (pending.length === 0) return;
      if (Date.now() > deadline) {
        const list = pending
          .map((s) => {
            const vf = vfs.get(s.index);
            const shows = vf?.guid ?? (vf?.driver ? 'no RDMA device' : 'unbound');
            return `VF ${s.index} (${vf?.pciAddress ?? 'gone'}) shows ${shows}, not ${s.guid}`;
          })
          .join('; ');
        throw new HardwareTimeoutError(
          `after re-probing, ${pf.netdev ?? pf.pciAddress} did not take its VF GUIDs within ${duration(this.probeTimeoutMs)}: ${list}; check the kernel log (dmesg) for mlx5_core errors, then the sync is retried`,
        );
      }
      await sleep(POLL_MS * 2, signal);
    }
  }
}
