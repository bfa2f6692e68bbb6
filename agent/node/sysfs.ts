import { readFile, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { formatGuid, parseGuid } from '../../lib/annotations/guid';
import { SysfsError } from './errors';

/** What sysfs shows of one VF. Fields are absent while the VF is unbound. */
export interface SysfsVf {
  /** The `N` of the PF's `virtfnN` link. */
  index: number;
  pciAddress: string;
  vendor?: string;
  deviceID?: string;
  driver?: string;
  netdev?: string;
  mtu?: number;
  /** Hardware address of the netdev (20 bytes for IPoIB). */
  mac?: string;
  rdmaDevice?: string;
  /** The GUID in effect (`infiniband/<dev>/node_guid`), canonical; all zeros when unconfigured. */
  guid?: string;
}

/** What sysfs shows of one SR-IOV capable physical function. */
export interface SysfsPf {
  pciAddress: string;
  vendor: string;
  deviceID: string;
  driver?: string;
  netdev?: string;
  mtu?: number;
  mac?: string;
  linkType?: 'IB' | 'ETH';
  /** As the upstream daemon reports it, e.g. `400000 Mb/s`. */
  linkSpeed?: string;
  numVfs: number;
  totalVfs: number;
  /** The PF's own node GUID (InfiniBand), canonical. */
  nodeGuid?: string;
  /** The PF's port GUID, from the tail of its IPoIB hardware address. */
  portGuid?: string;
  vfs: SysfsVf[];
}

/** Where things live in a tree that plays `/sys`. */
export function sysfsPaths(root: string) {
  const devices = join(root, 'bus/pci/devices');
  return {
    devices,
    device: (pci: string) => join(devices, pci),
    numVfs: (pci: string) => join(devices, pci, 'sriov_numvfs'),
    driverFile: (driver: string, file: 'bind' | 'unbind') =>
      join(root, 'bus/pci/drivers', driver, file),
    driversProbe: join(root, 'bus/pci/drivers_probe'),
  };
}

const PCI_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENODEV';
}

/** A file's trimmed text, or undefined when it does not exist (a VF vanishing mid-read). */
export async function readText(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw new SysfsError(path, `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if (isMissing(err)) return [];
    throw new SysfsError(dir, `cannot list ${dir}: ${(err as Error).message}`, { cause: err });
  }
}

async function linkTarget(path: string): Promise<string | undefined> {
  try {
    return await readlink(path);
  } catch (err) {
    if (isMissing(err) || (err as NodeJS.ErrnoException).code === 'EINVAL') return undefined;
    throw new SysfsError(path, `cannot read link ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** `0x15b3` → `15b3`; anything else is a tree that does not behave like sysfs. */
function parseHexId(path: string, text: string): string {
  const m = /^0x([0-9a-fA-F]{4})$/.exec(text);
  if (!m?.[1]) {
    throw new SysfsError(path, `${path} holds "${text}", not a PCI ID like 0x15b3`);
  }
  return m[1].toLowerCase();
}

function parseCount(path: string, text: string): number {
  if (!/^\d+$/.test(text)) {
    throw new SysfsError(path, `${path} holds "${text}", not a whole number`);
  }
  return Number(text);
}

async function readCount(path: string): Promise<number | undefined> {
  const text = await readText(path);
  return text === undefined ? undefined : parseCount(path, text);
}

/** A GUID file (`0c42:a103:0012:3400`) in canonical form; zeros are kept (they mean unset). */
function parseGuidFile(path: string, text: string): string {
  const parsed = parseGuid(text);
  if (parsed.ok) return parsed.guid;
  if (parsed.bytes) return formatGuid(parsed.bytes);
  throw new SysfsError(path, `${path} holds "${text}", not a GUID like 0c42:a103:0012:3400`);
}

/** `400 Gb/sec (4X NDR)` → `400000 Mb/s`, the unit the upstream daemon reports. */
export function linkSpeedOf(rate: string | undefined): string | undefined {
  const m = rate ? /^(\d+(?:\.\d+)?)\s*Gb\/sec/.exec(rate) : null;
  return m?.[1] ? `${Math.round(Number(m[1]) * 1000)} Mb/s` : undefined;
}

/** The port GUID in an IPoIB hardware address: its last 8 of 20 bytes. */
export function portGuidOfIpoibAddress(address: string | undefined): string | undefined {
  const bytes = address?.split(':');
  if (!bytes || bytes.length !== 20) return undefined;
  const parsed = parseGuid(bytes.slice(12).join(':'));
  return parsed.ok ? parsed.guid : undefined;
}

interface Netdev {
  name: string;
  mtu?: number;
  address?: string;
  type?: string;
}

async function netdevOf(deviceDir: string): Promise<Netdev | undefined> {
  const [name] = (await entries(join(deviceDir, 'net'))).sort();
  if (!name) return undefined;
  const dir = join(deviceDir, 'net', name);
  return {
    name,
    mtu: await readCount(join(dir, 'mtu')),
    address: await readText(join(dir, 'address')),
    type: await readText(join(dir, 'type')),
  };
}

interface Rdma {
  name: string;
  nodeGuid?: string;
  linkLayer?: string;
  rate?: string;
}

async function rdmaOf(deviceDir: string): Promise<Rdma | undefined> {
  const [name] = (await entries(join(deviceDir, 'infiniband'))).sort();
  if (!name) return undefined;
  const dir = join(deviceDir, 'infiniband', name);
  const guidPath = join(dir, 'node_guid');
  const guidText = await readText(guidPath);
  return {
    name,
    nodeGuid: guidText === undefined ? undefined : parseGuidFile(guidPath, guidText),
    linkLayer: await readText(join(dir, 'ports/1/link_layer')),
    rate: await readText(join(dir, 'ports/1/rate')),
  };
}

async function driverOf(deviceDir: string): Promise<string | undefined> {
  const target = await linkTarget(join(deviceDir, 'driver'));
  return target ? basename(target) : undefined;
}

async function readVf(devicesDir: string, index: number, link: string): Promise<SysfsVf> {
  const target = await linkTarget(link);
  const pciAddress = target ? basename(target) : '';
  // Read through the link itself: in real sysfs the VF lives beside the PF under devices/.
  const dir = await realpath(link).catch(() => join(devicesDir, pciAddress));
  const vendor = await readText(join(dir, 'vendor'));
  const device = await readText(join(dir, 'device'));
  const netdev = await netdevOf(dir);
  const rdma = await rdmaOf(dir);
  return {
    index,
    pciAddress,
    vendor: vendor === undefined ? undefined : parseHexId(join(dir, 'vendor'), vendor),
    deviceID: device === undefined ? undefined : parseHexId(join(dir, 'device'), device),
    driver: await driverOf(dir),
    netdev: netdev?.name,
    mtu: netdev?.mtu,
    mac: netdev?.address,
    rdmaDevice: rdma?.name,
    guid: rdma?.nodeGuid,
  };
}

/** The VFs of a PF as its `virtfnN` links show them, in index order. */
export async function readVfs(root: string, pfPci: string): Promise<SysfsVf[]> {
  const paths = sysfsPaths(root);
  const dir = paths.device(pfPci);
  const links = (await entries(dir))
    .map((name) => /^virtfn(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ index: Number(m[1]), path: join(dir, m[0]) }))
    .sort((a, b) => a.index - b.index);
  const vfs = await Promise.all(links.map((l) => readVf(paths.devices, l.index, l.path)));
  return vfs.filter((vf) => vf.pciAddress !== '');
}

/** Number of `virtfnN` links a PF has right now. */
export async function countVirtfns(root: string, pfPci: string): Promise<number> {
  return (await entries(sysfsPaths(root).device(pfPci))).filter((n) => /^virtfn\d+$/.test(n))
    .length;
}

/** One PF as sysfs shows it now; undefined when `pci` is not an SR-IOV capable network PF. */
export async function readPf(root: string, pci: string): Promise<SysfsPf | undefined> {
  const dir = sysfsPaths(root).device(pci);
  const totalText = await readText(join(dir, 'sriov_totalvfs'));
  // Only SR-IOV capable network functions that are not VFs themselves are PFs.
  if (totalText === undefined || (await exists(join(dir, 'physfn')))) return undefined;
  const classText = await readText(join(dir, 'class'));
  if (classText !== undefined && !/^0x02/i.test(classText)) return undefined;

  const vendorPath = join(dir, 'vendor');
  const devicePath = join(dir, 'device');
  const vendor = await readText(vendorPath);
  const device = await readText(devicePath);
  if (vendor === undefined || device === undefined) {
    throw new SysfsError(dir, `${dir} has sriov_totalvfs but no vendor or device file`);
  }
  const netdev = await netdevOf(dir);
  const rdma = await rdmaOf(dir);
  const linkType =
    rdma?.linkLayer === 'InfiniBand' || netdev?.type === '32'
      ? 'IB'
      : rdma?.linkLayer === 'Ethernet' || netdev?.type === '1'
        ? 'ETH'
        : undefined;
  return {
    pciAddress: pci,
    vendor: parseHexId(vendorPath, vendor),
    deviceID: parseHexId(devicePath, device),
    driver: await driverOf(dir),
    netdev: netdev?.name,
    mtu: netdev?.mtu,
    mac: netdev?.address,
    linkType,
    linkSpeed: linkSpeedOf(rdma?.rate),
    numVfs: (await readCount(join(dir, 'sriov_numvfs'))) ?? 0,
    totalVfs: parseCount(join(dir, 'sriov_totalvfs'), totalText),
    nodeGuid: rdma?.nodeGuid,
    portGuid: linkType === 'IB' ? portGuidOfIpoibAddress(netdev?.address) : undefined,
    vfs: await readVfs(root, pci),
  };
}

/**
 * Every SR-IOV capable network PF under `<root>/bus/pci/devices`, with its VFs, in PCI order.
 * Entries there may be directories or symlinks into `devices/` (real sysfs); both work.
 */
export async function discoverPfs(root: string): Promise<SysfsPf[]> {
  const paths = sysfsPaths(root);
  if (!(await exists(paths.devices))) {
    throw new SysfsError(
      paths.devices,
      `${paths.devices} does not exist: --sysfs-root must point at a directory that plays /sys (on a node: /sys, mounted from the host)`,
    );
  }
  const names = (await entries(paths.devices)).filter((n) => PCI_ADDRESS.test(n)).sort();
  const pfs = await Promise.all(names.map((pci) => readPf(root, pci)));
  return pfs.filter((pf): pf is SysfsPf => pf !== undefined);
}
