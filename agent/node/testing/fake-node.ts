import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Small sysfs trees for unit tests, laid out as the kernel does (and as SYSFS-LAYOUT.md says):
 * devices as real directories under `devices/`, linked from `bus/pci/devices/`, as on a host.
 * Nothing here reacts to writes; the integration tests use the simulated fabric for that.
 */

export interface FakeVf {
  index: number;
  pci: string;
  /** Bound to mlx5_core with a netdev and an RDMA device (default true). */
  bound?: boolean;
  mtu?: number;
  /** sysfs form or canonical; default all zeros. */
  guid?: string;
}

export interface FakePf {
  pci: string;
  netdev?: string;
  linkLayer?: 'InfiniBand' | 'Ethernet';
  totalVfs?: number;
  mtu?: number;
  nodeGuid?: string;
  vendor?: string;
  device?: string;
  vfs?: FakeVf[];
}

async function files(dir: string, entries: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(entries)) await writeFile(join(dir, name), text);
}

const quads = (guid: string) => {
  const h = guid.replaceAll(':', '');
  return `${h.slice(0, 4)}:${h.slice(4, 8)}:${h.slice(8, 12)}:${h.slice(12, 16)}`;
};

/** Where a device's directory really lives: under `devices/pci0000:00/`, as on a host. */
const realDir = (root: string, pci: string) => join(root, 'devices/pci0000:00', pci);

async function device(root: string, pci: string): Promise<string> {
  const dir = realDir(root, pci);
  await mkdir(dir, { recursive: true });
  await mkdir(join(root, 'bus/pci/devices'), { recursive: true });
  await symlink(`../../../devices/pci0000:00/${pci}`, join(root, 'bus/pci/devices', pci));
  return dir;
}

async function netdevAndRdma(
  dir: string,
  name: string,
  rdma: string,
  opts: { ib: boolean; mtu: number; guid: string; rate?: string },
): Promise<void> {
  const hex = opts.guid.replaceAll(':', '').replaceAll(/(..)/g, '$1:').slice(0, -1);
  await files(join(dir, 'net', name), {
    address: opts.ib ? `00:00:10:49:fe:80:00:00:00:00:00:00:${hex}\n` : '0c:42:a1:12:34:00\n',
    mtu: `${opts.mtu}\n`,
    operstate: 'up\n',
    type: opts.ib ? '32\n' : '1\n',
  });
  await files(join(dir, 'infiniband', rdma), { node_guid: `${quads(opts.guid)}\n` });
  await files(join(dir, 'infiniband', rdma, 'ports/1'), {
    link_layer: opts.ib ? 'InfiniBand\n' : 'Ethernet\n',
    state: '4: ACTIVE\n',
    rate: `${opts.rate ?? '400 Gb/sec (4X NDR)'}\n`,
  });
}

/** Writes a tree with the given PFs (and their VFs) under a new temporary root. */
export async function buildTree(
  pfs: FakePf[],
): Promise<{ root: string; dispose(): Promise<void> }> {
  const base = await mkdtemp(join(tmpdir(), 'ibnet-node-test-'));
  const root = join(base, 'sys');
  await mkdir(join(root, 'bus/pci/drivers/mlx5_core'), { recursive: true });
  await files(join(root, 'bus/pci/drivers/mlx5_core'), { bind: '', unbind: '' });
  await writeFile(join(root, 'bus/pci/drivers_probe'), '');

  let rdmaIndex = 0;
  for (const pf of pfs) {
    const ib = (pf.linkLayer ?? 'InfiniBand') === 'InfiniBand';
    const dir = await device(root, pf.pci);
    const vfs = pf.vfs ?? [];
    await files(dir, {
      vendor: `0x${pf.vendor ?? '15b3'}\n`,
      device: `0x${pf.device ?? '1021'}\n`,
      class: ib ? '0x020700\n' : '0x020000\n',
      sriov_totalvfs: `${pf.totalVfs ?? 16}\n`,
      sriov_numvfs: `${vfs.length}\n`,
    });
    await symlink('../../../bus/pci/drivers/mlx5_core', join(dir, 'driver'));
    await netdevAndRdma(dir, pf.netdev ?? 'ibp59s0', `mlx5_${rdmaIndex++}`, {
      ib,
      mtu: pf.mtu ?? 2044,
      guid: pf.nodeGuid ?? '0c:42:a1:03:00:12:34:00',
    });
    for (const vf of vfs) {
      const vfDir = await device(root, vf.pci);
      await files(vfDir, { vendor: '0x15b3\n', device: '0x101e\n', class: '0x020700\n' });
      await symlink(`../${pf.pci}`, join(vfDir, 'physfn'));
      await symlink(`../${vf.pci}`, join(dir, `virtfn${vf.index}`));
      if (vf.bound === false) continue;
      await symlink('../../../bus/pci/drivers/mlx5_core', join(vfDir, 'driver'));
      await netdevAndRdma(vfDir, `${pf.netdev ?? 'ibp59s0'}v${vf.index}`, `mlx5_${rdmaIndex++}`, {
        ib,
        mtu: vf.mtu ?? 2044,
        guid: vf.guid ?? '00:00:00:00:00:00:00:00',
      });
    }
  }
  return { root, dispose: () => rm(base, { recursive: true, force: true }) };
}

/**
 * A stand-in `ip` that only logs its arguments, one call per line, and succeeds; arguments
 * containing `fail` in `failWhen` make it fail the way iproute2 does. A plain shell script, so
 * it costs no Node.js start-up.
 */
export async function loggingIp(
  dir: string,
  failWhen?: string,
): Promise<{ command: string; calls(): Promise<string[]> }> {
  const log = join(dir, 'ip-calls.log');
  const command = join(dir, 'ip');
  await writeFile(log, '');
  const failure = failWhen
    ? `case "$*" in *'${failWhen}'*) echo 'Error: mtu greater than device maximum.' >&2; exit 2;; esac\n`
    : '';
  await writeFile(command, `#!/bin/sh\necho "$*" >> '${log}'\n${failure}exit 0\n`);
  await chmod(command, 0o755);
  return {
    command,
    calls: async () => (await readFile(log, 'utf8')).split('\n').filter(Boolean),
  };
}
