import { execFile } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
  CX7_PF_DEVICE,
  CX7_VF_DEVICE,
  ETH_DEFAULT_MTU,
  IB_PORT_RATE,
  IPOIB_DEFAULT_MTU,
  MLX5_DRIVER,
  SRIOV_OFFSET,
  SRIOV_STRIDE,
  sysfsGuid,
  type ResolvedPf,
} from './config';
import { isZeroGuid, pfIfindex, type NodeHardware, type PfState, type VfState } from './hardware';

const run = promisify(execFile);

/** Paths inside a tree that plays `/sys`. */
export function sysPaths(root: string) {
  const devices = join(root, 'bus/pci/devices');
  const driver = join(root, 'bus/pci/drivers', MLX5_DRIVER);
  return {
    devices,
    device: (pci: string) => join(devices, pci),
    driver,
    bind: join(driver, 'bind'),
    unbind: join(driver, 'unbind'),
    driversProbe: join(root, 'bus/pci/drivers_probe'),
    classNet: join(root, 'class/net'),
    classIb: join(root, 'class/infiniband'),
    numVfs: (pf: string) => join(devices, pf, 'sriov_numvfs'),
    autoprobe: (pf: string) => join(devices, pf, 'sriov_drivers_autoprobe'),
  };
}

/** The write-only driver files: FIFOs, so that every address written reaches the kernel in order. */
export function driverFiles(root: string): string[] {
  const p = sysPaths(root);
  return [p.bind, p.unbind, p.driversProbe];
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** IPoIB hardware address: 4 bytes of flags and QPN, then the GID (fe80:: prefix + port GUID). */
function ipoibAddress(qpn: number, portGuid: string): string {
  const q = [0, (qpn >> 16) & 0xff, (qpn >> 8) & 0xff, qpn & 0xff].map(hex2);
  return [...q, 'fe', '80', '00', '00', '00', '00', '00', '00', portGuid].join(':');
}

const IPOIB_BROADCAST = '00:ff:ff:ff:ff:12:40:1b:ff:ff:00:00:00:00:00:00:ff:ff:ff:ff';

/** Ethernet MAC: the port GUID without its middle two bytes (mlx5 derives them the same way). */
function macOf(guid: string): string {
  const b = guid.split(':');
  return [b[0], b[1], b[2], b[5], b[6], b[7]].join(':');
}

// The tree is written with synchronous calls: a VF is a few dozen small files, and going through
// the thread pool for each costs far more than the microseconds each call takes.
function files(dir: string, entries: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, v] of Object.entries(entries)) writeFileSync(join(dir, name), v);
}

function link(target: string, path: string): void {
  remove(path);
  symlinkSync(target, path);
}

function remove(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

interface NetdevSpec {
  pci: string;
  name: string;
  ifindex: number;
  linkType: 'ib' | 'eth';
  guid: string;
  qpn: number;
  operstate: 'up' | 'down';
}

async function writeNetdev(root: string, n: NetdevSpec): Promise<void> {
  const p = sysPaths(root);
  const dir = join(p.device(n.pci), 'net', n.name);
  const ib = n.linkType === 'ib';
  files(dir, {
    address: `${ib ? ipoibAddress(n.qpn, n.guid) : macOf(n.guid)}\n`,
    broadcast: `${ib ? IPOIB_BROADCAST : 'ff:ff:ff:ff:ff:ff'}\n`,
    addr_len: ib ? '20\n' : '6\n',
    mtu: `${ib ? IPOIB_DEFAULT_MTU : ETH_DEFAULT_MTU}\n`,
    operstate: `${n.operstate}\n`,
    carrier: n.operstate === 'up' ? '1\n' : '0\n',
    type: ib ? '32\n' : '1\n',
    ifindex: `${n.ifindex}\n`,
  });
  link(`../../../${n.pci}`, join(dir, 'device'));
  mkdirSync(p.classNet, { recursive: true });
  link(`../../bus/pci/devices/${n.pci}/net/${n.name}`, join(p.classNet, n.name));
}

interface RdmaSpec {
  pci: string;
  name: string;
  linkType: 'ib' | 'eth';
  nodeGuid: string;
  portGuid: string;
  /** The port is ACTIVE (a PF, or a VF with a GUID on a fabric whose SM does virtualization). */
  active: boolean;
}

async function writeRdma(root: string, r: RdmaSpec): Promise<void> {
  const p = sysPaths(root);
  const dir = join(p.device(r.pci), 'infiniband', r.name);
  files(dir, {
    node_guid: `${sysfsGuid(r.nodeGuid)}\n`,
    sys_image_guid: `${sysfsGuid(r.nodeGuid)}\n`,
    node_type: '1: CA\n',
    fw_ver: '28.43.1014\n',
    hca_type: r.pci.endsWith('.0') ? 'MT4129\n' : 'MT4130\n',
  });
  files(join(dir, 'ports/1'), {
    link_layer: r.linkType === 'ib' ? 'InfiniBand\n' : 'Ethernet\n',
    state: r.active ? '4: ACTIVE\n' : '1: DOWN\n',
    phys_state: '5: LinkUp\n',
    rate: `${IB_PORT_RATE}\n`,
  });
  link(`../../../${r.pci}`, join(dir, 'device'));
  mkdirSync(p.classIb, { recursive: true });
  link(`../../bus/pci/devices/${r.pci}/infiniband/${r.name}`, join(p.classIb, r.name));
}

/** Writes a PF as booted: its PCI attributes, driver, netdev and RDMA device. */
async function writePf(root: string, pf: PfState): Promise<void> {
  const c = pf.config;
  const p = sysPaths(root);
  const dir = p.device(c.pciAddress);
  files(dir, {
    vendor: '0x15b3\n',
    device: `0x${CX7_PF_DEVICE}\n`,
    subsystem_vendor: '0x15b3\n',
    class: c.linkType === 'ib' ? '0x020700\n' : '0x020000\n',
    numa_node: `${c.numaNode}\n`,
    sriov_totalvfs: `${c.totalVfs}\n`,
    sriov_numvfs: `${pf.numVfs}\n`,
    sriov_drivers_autoprobe: '1\n',
    sriov_offset: `${SRIOV_OFFSET}\n`,
    sriov_stride: `${SRIOV_STRIDE}\n`,
    sriov_vf_device: `${CX7_VF_DEVICE}\n`,
  });
  link(`../../drivers/${MLX5_DRIVER}`, join(dir, 'driver'));
  link(`../../devices/${c.pciAddress}`, join(p.driver, c.pciAddress));
  await writeNetdev(root, {
    pci: c.pciAddress,
    name: c.netdev,
    ifindex: pfIfindex(c),
    linkType: c.linkType,
    guid: c.guid,
    qpn: 0x1049 + c.index * 0x100,
    operstate: 'up',
  });
  await writeRdma(root, {
    pci: c.pciAddress,
    name: c.rdmaDevice,
    linkType: c.linkType,
    nodeGuid: c.guid,
    portGuid: c.guid,
    active: true,
  });
}

/** Creates the whole tree for the hardware as it is (a fresh node, or one restored from disk). */
export async function writeTree(root: string, hw: NodeHardware, smVirtualization: boolean) {
  const p = sysPaths(root);
  mkdirSync(p.driver, { recursive: true });
  mkdirSync(p.devices, { recursive: true });
  writeFileSync(join(root, 'bus/pci/drivers_autoprobe'), '1\n');
  for (const pf of hw.pfs) {
    await writePf(root, pf);
    for (const vf of pf.vfs) await addVf(root, pf, vf, smVirtualization);
  }
}

/** Makes the driver files FIFOs (replacing whatever is there). */
export async function makeFifos(paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  await Promise.all(paths.map((f) => rm(f, { force: true })));
  await run('mkfifo', ['-m', '0600', ...paths]);
}

/** Turns the FIFOs back into plain files, so a late writer after stop does not block forever. */
export async function retireFifos(paths: string[]): Promise<void> {
  for (const f of paths) {
    const isFifo = await stat(f).then(
      (s) => s.isFIFO(),
      () => false,
    );
    if (!isFifo) continue;
    await rm(f, { force: true });
    await writeFile(f, '');
  }
}

/** A VF appears: its PCI device, bound to mlx5_core when it is, then the PF's virtfn link. */
export async function addVf(root: string, pf: PfState, vf: VfState, smVirtualization: boolean) {
  const p = sysPaths(root);
  const dir = p.device(vf.pciAddress);
  files(dir, {
    vendor: '0x15b3\n',
    device: `0x${CX7_VF_DEVICE}\n`,
    subsystem_vendor: '0x15b3\n',
    class: pf.config.linkType === 'ib' ? '0x020700\n' : '0x020000\n',
    numa_node: `${pf.config.numaNode}\n`,
    driver_override: '(null)\n',
  });
  link(`../${pf.config.pciAddress}`, join(dir, 'physfn'));
  if (vf.bound) await bindVf(root, pf, vf, smVirtualization);
  // Last, so that once N virtfn links exist all N VFs are complete.
  link(`../${vf.pciAddress}`, join(p.device(pf.config.pciAddress), `virtfn${vf.index}`));
}

/** A VF goes away with everything that points at it. */
export async function removeVf(root: string, pf: PfState, vf: VfState): Promise<void> {
  const p = sysPaths(root);
  if (vf.bound) await unbindVf(root, vf);
  rmSync(p.device(vf.pciAddress), { recursive: true, force: true });
  // Last, so that once no virtfn link is left every VF is gone.
  remove(join(p.device(pf.config.pciAddress), `virtfn${vf.index}`));
}

/** The driver binds a VF: driver link, netdev and RDMA device with the GUIDs of the model. */
export async function bindVf(root: string, pf: PfState, vf: VfState, smVirtualization: boolean) {
  const p = sysPaths(root);
  const dir = p.device(vf.pciAddress);
  await writeNetdev(root, {
    pci: vf.pciAddress,
    name: vf.netdev,
    ifindex: vf.ifindex,
    linkType: pf.config.linkType,
    guid: vf.portGuid,
    qpn: 0x88 + vf.ifindex * 8,
    operstate: 'down',
  });
  if (vf.rdmaDevice) {
    await writeRdma(root, {
      pci: vf.pciAddress,
      name: vf.rdmaDevice,
      linkType: pf.config.linkType,
      nodeGuid: vf.nodeGuid,
      portGuid: vf.portGuid,
      active: smVirtualization && !isZeroGuid(vf.portGuid),
    });
  }
  // The driver link last: once it is there, the netdev and RDMA device are too.
  link(`../../devices/${vf.pciAddress}`, join(p.driver, vf.pciAddress));
  link(`../../drivers/${MLX5_DRIVER}`, join(dir, 'driver'));
}

/** The driver lets go of a VF: its netdev, RDMA device and driver links disappear. */
export async function unbindVf(root: string, vf: VfState): Promise<void> {
  const p = sysPaths(root);
  const dir = p.device(vf.pciAddress);
  remove(join(p.classNet, vf.netdev));
  if (vf.rdmaDevice) remove(join(p.classIb, vf.rdmaDevice));
  rmSync(join(dir, 'net'), { recursive: true, force: true });
  rmSync(join(dir, 'infiniband'), { recursive: true, force: true });
  // The driver link last: once it is gone, so are the netdev and the RDMA device.
  remove(join(p.driver, vf.pciAddress));
  remove(join(dir, 'driver'));
}

/**
 * A CNI moves the VF's netdev into a pod's network namespace: the host's sysfs stops showing it
 * (`devices/<vf>/net/` is empty, `class/net/<name>` is gone). Its files are kept in `stash` so
 * that it comes back as it left, MTU included.
 */
export function hideNetdev(root: string, vf: VfState, stash: string): void {
  const p = sysPaths(root);
  rmSync(stash, { recursive: true, force: true });
  mkdirSync(dirname(stash), { recursive: true });
  renameSync(join(p.device(vf.pciAddress), 'net', vf.netdev), stash);
  remove(join(p.classNet, vf.netdev));
}

/** The pod's namespace is gone: the netdev returns to the host under its own name. */
export function showNetdev(root: string, vf: VfState, stash: string): void {
  const p = sysPaths(root);
  const dir = join(p.device(vf.pciAddress), 'net', vf.netdev);
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(stash, dir);
  link(`../../bus/pci/devices/${vf.pciAddress}/net/${vf.netdev}`, join(p.classNet, vf.netdev));
}

/** Puts the kernel's value back into sriov_numvfs (a refused write leaves the old value). */
export async function writeNumVfs(root: string, pf: ResolvedPf, value: number): Promise<void> {
  writeFileSync(sysPaths(root).numVfs(pf.pciAddress), `${value}\n`);
}
