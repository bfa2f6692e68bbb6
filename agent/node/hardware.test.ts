import { readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DesiredInterface } from '../../lib/policy';
import { HardwareTimeoutError, IpCommandError, KernelRefusedError } from './errors';
import { derivedVfGuid } from './guids';
import { Hardware } from './hardware';
import { ipRunner } from './ip';
import { isEmptyPlan } from './plan';
import { buildTree, loggingIp } from './testing/fake-node';

const PF = '0000:3b:00.0';
const PF_GUID = '0c:42:a1:03:00:12:34:00';
const source = { kind: 'derived' as const, pfGuid: PF_GUID };

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

function want(numVfs: number, mtu?: number): DesiredInterface {
  return {
    pciAddress: PF,
    name: 'ibp59s0',
    numVfs,
    mtu,
    linkType: 'ib',
    vfGroups: [
      {
        resourceName: 'ib',
        deviceType: 'netdevice',
        vfRange: `0-${numVfs - 1}`,
        policyName: 'ib',
        isRdma: true,
        mtu,
      },
    ],
  };
}

/** A node whose PF has `count` VFs, all with `guid(i)` (derived GUIDs unless told otherwise). */
async function node(count: number, opts: { mtu?: number; guid?: (i: number) => string } = {}) {
  const t = await buildTree([
    {
      pci: PF,
      mtu: opts.mtu,
      vfs: Array.from({ length: count }, (_, index) => ({
        index,
        pci: `0000:3b:00.${index + 1}`,
        mtu: opts.mtu,
        guid: (opts.guid ?? ((i) => derivedVfGuid(PF_GUID, i)))(index),
      })),
    },
  ]);
  disposers.push(t.dispose);
  const ip = await loggingIp(dirname(t.root), 'mtu 9999');
  const writes: string[] = [];
  const hardware = new Hardware({
    sysfsRoot: t.root,
    ip: ipRunner(ip.command),
    vfTimeoutMs: 300,
    probeTimeoutMs: 300,
    onSysfsWrite: (path, value) => writes.push(`${path.slice(t.root.length + 1)} ${value}`),
  });
  return { root: t.root, ip, writes, hardware };
}

describe('Hardware.apply', () => {
  it('touches nothing on a node that already matches: no write, no ip call, no new mtime', async () => {
    const n = await node(4, { mtu: 4000 });
    const numvfs = join(n.root, 'bus/pci/devices', PF, 'sriov_numvfs');
    const before = (await stat(numvfs)).mtimeMs;

    const plan = await n.hardware.apply(PF, want(4, 4000), source);

    expect(isEmptyPlan(plan)).toBe(true);
    expect(n.writes).toEqual([]);
    expect(await n.ip.calls()).toEqual([]);
    expect((await stat(numvfs)).mtimeMs).toBe(before);
  });

  it('sets node and port GUID in one ip call per VF, then unbinds and re-probes each VF', async () => {
    const n = await node(2, { guid: () => '00:00:00:00:00:00:00:00' });

    const err = await n.hardware.apply(PF, want(2), source).catch((e: unknown) => e);
    const [g0, g1] = [derivedVfGuid(PF_GUID, 0), derivedVfGuid(PF_GUID, 1)];

    expect((await n.ip.calls()).sort()).toEqual([
      `link set dev ibp59s0 vf 0 node_guid ${g0} port_guid ${g0}`,
      `link set dev ibp59s0 vf 1 node_guid ${g1} port_guid ${g1}`,
    ]);
    expect(n.writes).toEqual([
      'bus/pci/drivers/mlx5_core/unbind 0000:3b:00.1',
      'bus/pci/drivers/mlx5_core/unbind 0000:3b:00.2',
      'bus/pci/drivers_probe 0000:3b:00.1',
      'bus/pci/drivers_probe 0000:3b:00.2',
    ]);
    // Nothing plays the kernel here, so the GUIDs never take effect: the wait says so precisely.
    expect(err).toBeInstanceOf(HardwareTimeoutError);
    expect((err as Error).message).toBe(
      `after re-probing, ibp59s0 did not take its VF GUIDs within 300 ms: VF 0 (0000:3b:00.1) shows 00:00:00:00:00:00:00:00, not ${g0}; VF 1 (0000:3b:00.2) shows 00:00:00:00:00:00:00:00, not ${g1}; check the kernel log (dmesg) for mlx5_core errors, then the sync is retried`,
    );
  });

  it('writes only the new count on a PF without VFs, and times out clearly when none appear', async () => {
    const n = await node(0);
    const err = await n.hardware.apply(PF, want(2), source).catch((e: unknown) => e);
    expect(n.writes).toEqual([`bus/pci/devices/${PF}/sriov_numvfs 2`]);
    expect(err).toBeInstanceOf(HardwareTimeoutError);
    expect((err as Error).message).toMatch(
      /^ibp59s0 shows 0 virtfn links 300 ms after sriov_numvfs was set to 2; the VFs did not appear in time/,
    );
  });

  it('reports a count the kernel refused (the file goes back to its old value)', async () => {
    const n = await node(0);
    const file = join(n.root, 'bus/pci/devices', PF, 'sriov_numvfs');
    // Plays a kernel that refuses every count: it puts 0 back.
    const kernel = setInterval(() => {
      void readFile(file, 'utf8').then((t) =>
        t.trim() === '0' ? undefined : writeFile(file, '0\n'),
      );
    }, 5);
    const err = await n.hardware.apply(PF, want(4), source).catch((e: unknown) => e);
    clearInterval(kernel);
    expect(err).toBeInstanceOf(KernelRefusedError);
    expect((err as Error).message).toMatch(
      /^the kernel refused sriov_numvfs 4 on ibp59s0: the file reads 0 again/,
    );
  });

  it('passes on what ip says when it refuses a change', async () => {
    const n = await node(2);
    const err = await n.hardware.apply(PF, want(2, 9999), source).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpCommandError);
    expect((err as Error).message).toBe(
      "'ip link set dev ibp59s0 mtu 9999' failed (exit 2): Error: mtu greater than device maximum.",
    );
  });

  it('says how to fix an ip command that does not exist', async () => {
    const run = ipRunner('/nonexistent/ip');
    await expect(run(['link', 'show'])).rejects.toThrow(
      /cannot run '\/nonexistent\/ip' \(ENOENT\): install iproute2 or point --ip-command at it/,
    );
  });
});
