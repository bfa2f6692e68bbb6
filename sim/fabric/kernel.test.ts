import { existsSync } from 'node:fs';
import { readlink, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readText, startLoneKernel, virtfns, waitFor } from './testing';

const PF = '0000:3b:00.0';
let node: Awaited<ReturnType<typeof startLoneKernel>>;
const dev = (pci: string, ...rest: string[]) => join(node.root, 'bus/pci/devices', pci, ...rest);

beforeAll(async () => {
  node = await startLoneKernel();
});

afterAll(async () => {
  await node?.stop();
});

async function setNumVfs(value: string, expectLinks: number): Promise<void> {
  await writeFile(dev(PF, 'sriov_numvfs'), value);
  await waitFor(
    `${expectLinks} virtfn links`,
    async () => (await virtfns(node.root, PF)).length === expectLinks,
  );
}

describe('the simulated sysfs tree', () => {
  it('shows a booted ConnectX-7 port in InfiniBand mode', async () => {
    expect(await readText(dev(PF, 'vendor'))).toBe('0x15b3');
    expect(await readText(dev(PF, 'device'))).toBe('0x1021');
    expect(await readText(dev(PF, 'class'))).toBe('0x020700');
    expect(await readText(dev(PF, 'sriov_totalvfs'))).toBe('16');
    expect(await readText(dev(PF, 'sriov_numvfs'))).toBe('0');
    expect(await readlink(dev(PF, 'driver'))).toBe('../../drivers/mlx5_core');
    expect(await readText(dev(PF, 'net/ibp59s0/type'))).toBe('32');
    expect(await readText(dev(PF, 'infiniband/mlx5_0/node_guid'))).toBe('0c42:a103:0012:3400');
    expect(await readText(dev(PF, 'infiniband/mlx5_0/ports/1/state'))).toBe('4: ACTIVE');
    expect(await readText(dev(PF, 'infiniband/mlx5_0/ports/1/link_layer'))).toBe('InfiniBand');
    expect(await realpath(join(node.root, 'class/net/ibp59s0'))).toBe(
      await realpath(dev(PF, 'net/ibp59s0')),
    );
    expect(await realpath(join(node.root, 'class/infiniband/mlx5_1'))).toBe(
      await realpath(dev('0000:86:00.0', 'infiniband/mlx5_1')),
    );
  });

  it('creates VFs after 0 → N, bound with zero GUIDs and a port that is down', async () => {
    await setNumVfs('4', 4);
    const vf0 = '0000:3b:00.1';
    expect(await readlink(dev(PF, 'virtfn0'))).toBe(`../${vf0}`);
    expect(await readlink(dev(vf0, 'physfn'))).toBe(`../${PF}`);
    expect(await readText(dev(vf0, 'device'))).toBe('0x101e');
    expect(await readlink(dev(vf0, 'driver'))).toBe('../../drivers/mlx5_core');
    expect(existsSync(dev(vf0, 'net/ibp59s0v0'))).toBe(true);
    expect(await readText(dev(vf0, 'infiniband/mlx5_2/node_guid'))).toBe('0000:0000:0000:0000');
    expect(await readText(dev(vf0, 'infiniband/mlx5_2/ports/1/state'))).toBe('1: DOWN');
    expect(await readlink(dev(PF, 'virtfn3'))).toBe('../0000:3b:00.4');
  });

  it('refuses N → M without going through 0, and more than sriov_totalvfs', async () => {
    await writeFile(dev(PF, 'sriov_numvfs'), '8');
    await waitFor(
      'the refused value to be put back',
      async () => (await readText(dev(PF, 'sriov_numvfs'))) === '4',
    );
    expect(await virtfns(node.root, PF)).toHaveLength(4);

    await setNumVfs('0', 0);
    expect(existsSync(dev('0000:3b:00.1'))).toBe(false);
    await writeFile(dev(PF, 'sriov_numvfs'), '17');
    await waitFor(
      'the value above totalvfs to be put back',
      async () => (await readText(dev(PF, 'sriov_numvfs'))) === '0',
    );
    await writeFile(dev(PF, 'sriov_numvfs'), 'lots');
    await waitFor(
      'garbage to be put back',
      async () => (await readText(dev(PF, 'sriov_numvfs'))) === '0',
    );
    expect(await virtfns(node.root, PF)).toHaveLength(0);
  });

  it('applies a GUID set through the PF only after unbind and drivers_probe', async () => {
    await setNumVfs('2', 2);
    const vf1 = '0000:3b:00.2';
    const guid = '02:11:22:33:44:55:66:01';
    const set = await node.ip(
      'link',
      'set',
      'dev',
      'ibp59s0',
      'vf',
      '1',
      'node_guid',
      guid,
      'port_guid',
      guid,
    );
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(await readText(dev(vf1, 'infiniband/mlx5_3/node_guid'))).toBe('0000:0000:0000:0000');

    await writeFile(join(node.root, 'bus/pci/drivers/mlx5_core/unbind'), vf1);
    await waitFor('the VF to be unbound', () => !existsSync(dev(vf1, 'driver')));
    expect(existsSync(dev(vf1, 'net'))).toBe(false);
    expect(existsSync(dev(vf1, 'infiniband'))).toBe(false);
    expect(existsSync(join(node.root, 'class/net/ibp59s0v1'))).toBe(false);

    await writeFile(join(node.root, 'bus/pci/drivers_probe'), vf1);
    const rdma = await waitFor('the VF to be probed again', () =>
      existsSync(dev(vf1, 'infiniband/mlx5_3')) ? 'mlx5_3' : undefined,
    );
    expect(await readText(dev(vf1, 'infiniband', rdma, 'node_guid'))).toBe('0211:2233:4455:6601');
    expect(await readText(dev(vf1, 'infiniband', rdma, 'ports/1/state'))).toBe('4: ACTIVE');
    expect(await readText(dev(vf1, 'net/ibp59s0v1/address'))).toMatch(/02:11:22:33:44:55:66:01$/);
  });

  it('keeps the order of unbind and probe written back to back for many VFs', async () => {
    await setNumVfs('0', 0);
    await setNumVfs('8', 8);
    for (let i = 0; i < 8; i++) {
      const guid = `02:00:00:00:00:00:00:${(0x10 + i).toString(16)}`;
      await node.kernel.setVfAdmin(PF, i, { node_guid: guid, port_guid: guid });
    }
    for (const link of await virtfns(node.root, PF)) {
      const pci = (await readlink(dev(PF, link))).slice(3);
      await writeFile(join(node.root, 'bus/pci/drivers/mlx5_core/unbind'), pci);
      await writeFile(join(node.root, 'bus/pci/drivers_probe'), pci);
    }
    await node.kernel.settle();
    await waitFor('every VF to carry its GUID', () =>
      node.kernel.hw.pfs[0]?.vfs.every(
        (vf, i) => vf.bound && vf.portGuid.endsWith((0x10 + i).toString(16)),
      ),
    );
  });

  it('forgets GUIDs set through the PF when the VFs go away', async () => {
    await setNumVfs('0', 0);
    await setNumVfs('1', 1);
    const shown = await node.ip('-j', 'link', 'show', 'dev', 'ibp59s0');
    const vf = JSON.parse(shown.stdout)[0].vfinfo_list[0];
    expect(vf['node guid']).toBe('00:00:00:00:00:00:00:00');
    await setNumVfs('0', 0);
  });

  it('leaves VFs unbound when sriov_drivers_autoprobe is 0, until they are bound', async () => {
    await writeFile(dev(PF, 'sriov_drivers_autoprobe'), '0');
    await setNumVfs('1', 1);
    const vf0 = '0000:3b:00.1';
    expect(existsSync(dev(vf0, 'driver'))).toBe(false);
    await writeFile(join(node.root, 'bus/pci/drivers/mlx5_core/bind'), `${vf0}\n`);
    await waitFor('the VF to be bound', () => existsSync(dev(vf0, 'net/ibp59s0v0')));
    await writeFile(dev(PF, 'sriov_drivers_autoprobe'), '1');
    await setNumVfs('0', 0);
  });
});
