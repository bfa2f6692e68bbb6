import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PluginConf } from './cni';
import type { ResolvedNode } from './config';
import type { VfAdminState } from './hardware';

/** One attachment that CNI ADD completed, with what DEL needs (Multus keeps the same on disk). */
export interface AttachmentRecord {
  network: string;
  ifname: string;
  cniName: string;
  conf: PluginConf;
  deviceID?: string;
  ips: string[];
  guidBefore?: VfAdminState;
}

/** What the kubelet of a node knows about one of its pods. */
export interface PodRecord {
  uid: string;
  namespace: string;
  name: string;
  node: string;
  /** Device resources the pod holds units of (what the scheduler counted). */
  demand: Record<string, number>;
  /** VFs allocated at admission, per resource, in the order Multus hands them out. */
  devices?: Record<string, string[]>;
  podIP?: string;
  sandboxId: string;
  startTime?: string;
  phase: 'pending' | 'running' | 'failed';
  attachments: AttachmentRecord[];
}

/** Devices and pod addresses in use on one node. */
export class NodeBook {
  private readonly devices = new Map<string, string>();
  private readonly podIPs = new Map<string, string>();

  constructor(readonly node: ResolvedNode) {}

  /**
   * Kubelet's device manager at admission: the first free VFs of each resource. Returns the
   * kubelet's refusal when the node no longer has them.
   */
  allocateDevices(
    uid: string,
    demand: Record<string, number>,
    poolOf: (resource: string) => string[],
  ): { devices: Record<string, string[]> } | { message: string } {
    const devices: Record<string, string[]> = {};
    for (const [resource, count] of Object.entries(demand)) {
      if (count <= 0) continue;
      const free = poolOf(resource).filter((pci) => !this.devices.has(pci));
      if (free.length < count) {
        return {
          message: `Allocate failed due to requested number of devices unavailable for ${resource}. Requested: ${count}, Available: ${free.length}, which is unexpected`,
        };
      }
      devices[resource] = free.slice(0, count);
    }
    for (const list of Object.values(devices)) for (const pci of list) this.devices.set(pci, uid);
    return { devices };
  }

  /** Marks devices as held (restoring a record after a restart). */
  holdDevices(uid: string, devices: Record<string, string[]> | undefined): void {
    for (const list of Object.values(devices ?? {}))
      for (const pci of list) this.devices.set(pci, uid);
  }

  /** The pod holding a VF, if any. */
  holderOf(pci: string): string | undefined {
    return this.devices.get(pci);
  }

  /** The lowest free address of the node's pod subnet (.1 is the gateway, .2 OVN's port). */
  allocatePodIP(uid: string): string {
    const [a = 10, b = 128, c = 0] = this.node.podSubnet.base;
    const size = 2 ** (32 - this.node.podSubnet.prefixLength);
    for (let offset = 3; offset < size - 1; offset++) {
      const ip = `${a}.${b}.${c + Math.floor(offset / 256)}.${offset % 256}`;
      if (this.podIPs.has(ip)) continue;
      this.podIPs.set(ip, uid);
      return ip;
    }
    throw new Error(`the pod subnet of ${this.node.name} is full`);
  }

  holdPodIP(uid: string, ip: string): void {
    this.podIPs.set(ip, uid);
  }

  /** Frees everything the pod held. */
  release(uid: string): void {
    for (const [pci, holder] of this.devices) if (holder === uid) this.devices.delete(pci);
    for (const [ip, holder] of this.podIPs) if (holder === uid) this.podIPs.delete(ip);
  }

  /** The pod subnet as CIDR text, for the AddedInterface event. */
  get podPrefixLength(): number {
    return this.node.podSubnet.prefixLength;
  }
}

/** The node's CNI cache: one file per pod that has a sandbox, so a restart can clean up. */
export class RecordStore {
  constructor(private readonly dir: string) {}

  async save(rec: PodRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, `${rec.uid}.json`), JSON.stringify(rec));
  }

  async remove(uid: string): Promise<void> {
    await rm(join(this.dir, `${uid}.json`), { force: true });
  }

  async load(): Promise<PodRecord[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const out: PodRecord[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      try {
        out.push(JSON.parse(await readFile(join(this.dir, name), 'utf8')) as PodRecord);
      } catch {
        // A half-written file from a crash: nothing to restore from it.
      }
    }
    return out;
  }
}
