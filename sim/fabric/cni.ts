import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AllocatedAddress } from '../../lib/ipam';
import type { DeviceInfo } from '../../lib/model';
import { parseGuid } from '../../lib/annotations';
import { LINK_STATES } from '../../lib/model';
import { findVf, isZeroGuid, type VfAdminState } from './hardware';
import { CniError, type IpamPlugins, type IpamRequest } from './ipam';
import type { SimKernel } from './kernel';
import { sysPaths } from './sysfs';

/** The main plugin of a NAD's config (the first of a `plugins` list). */
export interface PluginConf {
  type?: unknown;
  capabilities?: Record<string, unknown>;
  ipam?: { type?: unknown } & Record<string, unknown>;
  link_state?: unknown;
  [key: string]: unknown;
}

/** What Multus hands the plugin besides its config. */
export interface PluginCall {
  ipam: IpamRequest;
  kernel?: SimKernel;
  /** The VF the device plugin allocated for the NAD's resource. */
  deviceID?: string;
  /** runtimeConfig, filled only for capabilities the plugin declares. */
  runtime: { infinibandGUID?: string; ips?: string[]; mac?: string };
}

/** What a successful ADD reports, and what DEL needs to undo it. */
export interface PluginResult {
  ips: AllocatedAddress[];
  mac?: string;
  mtu?: number;
  deviceInfo?: DeviceInfo;
  /** The VF's vport GUIDs before the plugin set the pod's own (restored on DEL). */
  guidBefore?: VfAdminState;
}

/** Plugins a node has in /var/lib/cni/bin besides the SR-IOV ones. */
const BUNDLED = new Set([
  'bridge',
  'host-device',
  'ipvlan',
  'macvlan',
  'vlan',
  'tap',
  'dummy',
  'loopback',
  'bond',
  'ptp',
  'tuning',
  'route-override',
]);

function macFor(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  return ['0a', ...[...h.subarray(0, 5)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

async function deviceInfoOf(kernel: SimKernel, pci: string): Promise<DeviceInfo | undefined> {
  const found = findVf(kernel.hw, pci);
  if (!found) return undefined;
  return {
    type: 'pci',
    version: '1.1.0',
    pci: {
      'pci-address': pci,
      ...(found.vf.rdmaDevice ? { 'rdma-device': found.vf.rdmaDevice } : {}),
      'pf-pci-address': found.pf.config.pciAddress,
    },
  };
}

/** Runs the plugin's ADD. Throws CniError with the plugin's message. */
export async function pluginAdd(
  ipam: IpamPlugins,
  conf: PluginConf,
  call: PluginCall,
): Promise<PluginResult> {
  switch (conf.type) {
    case 'ib-sriov':
    case 'sriov': {
      const result = await (conf.type === 'ib-sriov' ? ibSriovAdd : sriovAdd)(ipam, conf, call);
      // Last, as the plugins do: the VF's netdev moves into the pod's network namespace.
      if (call.kernel && call.deviceID) await call.kernel.moveNetdevToPod(call.deviceID);
      return result;
    }
    default:
      if (typeof conf.type !== 'string' || !BUNDLED.has(conf.type)) {
        throw new CniError(
          `failed to find plugin "${String(conf.type)}" in path [/var/lib/cni/bin]`,
        );
      }
      return {
        ips: await ipam.add(conf.ipam, call.ipam),
        mac: macFor(`${call.ipam.containerId}/${call.ipam.ifname}`),
      };
  }
}

/** Runs the plugin's DEL: frees addresses and gives the VF back as it was. */
export async function pluginDel(
  ipam: IpamPlugins,
  conf: PluginConf,
  call: PluginCall,
  result: Pick<PluginResult, 'guidBefore'>,
): Promise<void> {
  await ipam.del(conf.ipam, call.ipam);
  const sriov = conf.type === 'ib-sriov' || conf.type === 'sriov';
  if (sriov && call.kernel && call.deviceID) await call.kernel.returnNetdevFromPod(call.deviceID);
  if (conf.type === 'ib-sriov' && result.guidBefore && call.kernel && call.deviceID) {
    await restoreGuid(call.kernel, call.deviceID, result.guidBefore);
  }
}

async function restoreGuid(kernel: SimKernel, pci: string, before: VfAdminState): Promise<void> {
  const found = findVf(kernel.hw, pci);
  if (!found) return;
  const zero = '00:00:00:00:00:00:00:00';
  await kernel.setVfAdmin(found.pf.config.pciAddress, found.vf.index, {
    node_guid: before.node_guid ?? zero,
    port_guid: before.port_guid ?? zero,
  });
  await kernel.rebind(pci);
}

async function ibSriovAdd(
  ipam: IpamPlugins,
  conf: PluginConf,
  call: PluginCall,
): Promise<PluginResult> {
  const load = (why: string) =>
    new CniError(`InfiniBand SRI-OV CNI failed to load netconf: LoadConf(): ${why}`);
  const kernel = call.kernel;
  if (!call.deviceID || !kernel) throw load('VF pci addr is required');
  const found = findVf(kernel.hw, call.deviceID);
  if (!found) {
    throw load(
      `failed to get VF information: "lstat /sys/bus/pci/devices/${call.deviceID}/physfn: no such file or directory"`,
    );
  }
  if (!found.vf.bound)
    throw load(
      `failed to detect if VF ${call.deviceID} name "no net directory under pci device ${call.deviceID}"`,
    );
  if (
    conf.link_state !== undefined &&
    !(LINK_STATES as readonly unknown[]).includes(conf.link_state)
  ) {
    throw load(`invalid link_state value: ${String(conf.link_state)}`);
  }
  const info = await deviceInfoOf(kernel, call.deviceID);
  const configure = (why: string) =>
    new CniError(`InfiniBand SRI-OV CNI failed to configure VF "${why}"`);

  let guidBefore: VfAdminState | undefined;
  const requested = call.runtime.infinibandGUID;
  if (requested !== undefined) {
    const parsed = parseGuid(requested);
    if (!parsed.ok) throw configure(`invalid guid ${requested}`);
    const { pf, vf } = found;
    guidBefore = kernel.vfAdmin(pf.config.pciAddress, vf.index);
    await kernel.setVfAdmin(pf.config.pciAddress, vf.index, {
      node_guid: parsed.guid,
      port_guid: parsed.guid,
    });
    await kernel.rebind(call.deviceID);
  }
  const vf = findVf(kernel.hw, call.deviceID)?.vf;
  if (!vf || isZeroGuid(vf.portGuid) || /^[f:]+$/.test(vf.portGuid)) {
    throw configure(`VF ${found.vf.netdev} GUID is not valid`);
  }

  const undo = async () => {
    if (guidBefore && call.deviceID) await restoreGuid(kernel, call.deviceID, guidBefore);
  };
  const ipamType = conf.ipam?.type;
  if (ipamType === 'dhcp') {
    await undo();
    throw new CniError('ipam type dhcp is not supported');
  }
  let ips: AllocatedAddress[] = [];
  if (ipamType !== undefined && ipamType !== '') {
    try {
      ips = await ipam.add(conf.ipam, call.ipam);
    } catch (err) {
      await undo();
      if (!(err instanceof CniError)) throw err;
      throw new CniError(
        `failed to set up IPAM plugin type "${String(ipamType)}" from the device "${found.pf.config.netdev}": ${err.message}`,
      );
    }
    if (ips.length === 0) {
      await undo();
      throw new CniError('IPAM plugin returned missing IP config');
    }
  }
  return { ips, ...(info ? { deviceInfo: info } : {}), ...(guidBefore ? { guidBefore } : {}) };
}

async function sriovAdd(
  ipam: IpamPlugins,
  conf: PluginConf,
  call: PluginCall,
): Promise<PluginResult> {
  const kernel = call.kernel;
  if (!call.deviceID || !kernel) {
    throw new CniError('SRIOV-CNI failed to load netconf: LoadConf(): VF pci addr is required');
  }
  const found = findVf(kernel.hw, call.deviceID);
  if (!found?.vf.bound) {
    throw new CniError(
      `SRIOV-CNI failed to load netconf: LoadConf(): failed to get VF information: "lstat /sys/bus/pci/devices/${call.deviceID}/physfn: no such file or directory"`,
    );
  }
  const ipamType = conf.ipam?.type;
  let ips: AllocatedAddress[] = [];
  try {
    ips = await ipam.add(conf.ipam, call.ipam);
  } catch (err) {
    if (!(err instanceof CniError)) throw err;
    throw new CniError(
      `failed to set up IPAM plugin type "${String(ipamType)}" from the device "${found.pf.config.netdev}": ${err.message}`,
    );
  }
  const mtuText = await readFile(
    join(sysPaths(kernel.sysfsRoot).device(call.deviceID), 'net', found.vf.netdev, 'mtu'),
    'utf8',
  ).catch(() => '');
  const mtu = Number.parseInt(mtuText, 10);
  const info = await deviceInfoOf(kernel, call.deviceID);
  return {
    ips,
    mac: call.runtime.mac ?? macFor(call.deviceID),
    ...(Number.isFinite(mtu) ? { mtu } : {}),
    ...(info ? { deviceInfo: info } : {}),
  };
}
