import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SysfsError } from './errors';
import { discoverPfs, linkSpeedOf, portGuidOfIpoibAddress } from './sysfs';
import { buildTree } from './testing/fake-node';

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

async function tree(...args: Parameters<typeof buildTree>) {
  const t = await buildTree(...args);
  disposers.push(t.dispose);
  return t.root;
}

describe('discoverPfs', () => {
  it('reads a ConnectX-7 PF and its VFs through the bus/pci/devices symlinks', async () => {
    const root = await tree([
      {
        pci: '0000:3b:00.0',
        netdev: 'ibp59s0',
        vfs: [
          { index: 0, pci: '0000:3b:00.1', guid: '0200:0000:0000:0001', mtu: 4000 },
          { index: 1, pci: '0000:3b:00.2', bound: false },
        ],
      },
    ]);

    const [pf, ...rest] = await discoverPfs(root);
    expect(rest).toEqual([]);
    expect(pf).toMatchObject({
      pciAddress: '0000:3b:00.0',
      vendor: '15b3',
      deviceID: '1021',
      driver: 'mlx5_core',
      netdev: 'ibp59s0',
      mtu: 2044,
      linkType: 'IB',
      linkSpeed: '400000 Mb/s',
      numVfs: 2,
      totalVfs: 16,
      nodeGuid: '0c:42:a1:03:00:12:34:00',
      portGuid: '0c:42:a1:03:00:12:34:00',
    });
    expect(pf?.vfs).toEqual([
      {
        index: 0,
        pciAddress: '0000:3b:00.1',
        vendor: '15b3',
        deviceID: '101e',
        driver: 'mlx5_core',
        netdev: 'ibp59s0v0',
        mtu: 4000,
        mac: '00:00:10:49:fe:80:00:00:00:00:00:00:02:00:00:00:00:00:00:01',
        rdmaDevice: 'mlx5_1',
        guid: '02:00:00:00:00:00:00:01',
      },
      { index: 1, pciAddress: '0000:3b:00.2', vendor: '15b3', deviceID: '101e' },
    ]);
  });

  it('keeps an unconfigured VF GUID as zeros, and tells Ethernet PFs apart', async () => {
    const root = await tree([
      { pci: '0000:3b:00.0', vfs: [{ index: 0, pci: '0000:3b:00.1' }] },
      { pci: '0000:d8:00.0', netdev: 'ens1f0', linkLayer: 'Ethernet' },
    ]);
    const [ib, eth] = await discoverPfs(root);
    expect(ib?.vfs[0]?.guid).toBe('00:00:00:00:00:00:00:00');
    expect(eth).toMatchObject({ linkType: 'ETH', netdev: 'ens1f0', portGuid: undefined });
  });

  it('skips devices that are not SR-IOV network PFs', async () => {
    const root = await tree([{ pci: '0000:3b:00.0' }]);
    // An NVMe drive with SR-IOV, and a bridge without it.
    const nvme = join(root, 'bus/pci/devices/0000:5e:00.0');
    await mkdir(nvme, { recursive: true });
    await writeFile(join(nvme, 'class'), '0x010802\n');
    await writeFile(join(nvme, 'sriov_totalvfs'), '8\n');
    await mkdir(join(root, 'bus/pci/devices/0000:00:01.0'), { recursive: true });
    expect((await discoverPfs(root)).map((pf) => pf.pciAddress)).toEqual(['0000:3b:00.0']);
  });

  it('names the file when sysfs holds something the kernel never writes', async () => {
    const root = await tree([{ pci: '0000:3b:00.0' }]);
    await writeFile(join(root, 'bus/pci/devices/0000:3b:00.0/sriov_numvfs'), 'eight\n');
    const err = await discoverPfs(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SysfsError);
    expect((err as Error).message).toMatch(/sriov_numvfs holds "eight", not a whole number/);
  });

  it('says what --sysfs-root should be when the tree is not there', async () => {
    await expect(discoverPfs('/nonexistent/sys')).rejects.toThrow(/--sysfs-root must point at/);
  });
});

describe('sysfs value parsing', () => {
  it('converts the port rate to the Mb/s the upstream daemon reports', () => {
    expect(linkSpeedOf('400 Gb/sec (4X NDR)')).toBe('400000 Mb/s');
    expect(linkSpeedOf('2.5 Gb/sec (1X SDR)')).toBe('2500 Mb/s');
    expect(linkSpeedOf(undefined)).toBeUndefined();
  });

  it('finds the port GUID at the end of a 20-byte IPoIB address', () => {
    expect(
      portGuidOfIpoibAddress('00:00:10:49:fe:80:00:00:00:00:00:00:0c:42:a1:03:00:12:34:00'),
    ).toBe('0c:42:a1:03:00:12:34:00');
    expect(portGuidOfIpoibAddress('0c:42:a1:12:34:00')).toBeUndefined();
  });
});
