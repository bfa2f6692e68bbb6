import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoneKernel } from './testing';

let node: Awaited<ReturnType<typeof startLoneKernel>>;
const netFile = (pci: string, netdev: string, file: string) =>
  join(node.root, 'bus/pci/devices', pci, 'net', netdev, file);

beforeAll(async () => {
  node = await startLoneKernel();
  expect(await node.kernel.setNumVfs('0000:3b:00.0', 2)).toBe('ok');
});

afterAll(async () => {
  await node?.stop();
});

describe('the ip stand-in, run as a child process', () => {
  it('lists links as iproute2 JSON, with the VFs of a PF and their GUIDs', async () => {
    const guid = '02:aa:bb:cc:dd:ee:ff:01';
    const set = await node.ip(
      'link',
      'set',
      'ibp59s0',
      'vf',
      '1',
      'node_guid',
      guid,
      'port_guid',
      guid,
    );
    expect(set.code).toBe(0);

    const shown = await node.ip('-j', 'link', 'show');
    expect(shown.code).toBe(0);
    const links = JSON.parse(shown.stdout) as Record<string, unknown>[];
    expect(links.map((l) => l.ifname)).toEqual(['ibp59s0', 'ibp134s0', 'ibp59s0v0', 'ibp59s0v1']);
    const pf = links[0] as {
      mtu: number;
      operstate: string;
      link_type: string;
      vfinfo_list: Record<string, unknown>[];
    };
    expect(pf).toMatchObject({ mtu: 2044, operstate: 'UP', link_type: 'infiniband' });
    expect(pf.vfinfo_list).toHaveLength(2);
    expect(pf.vfinfo_list[1]).toMatchObject({
      vf: 1,
      'node guid': guid,
      'port guid': guid,
      link_state: 'auto',
    });
    expect(pf.vfinfo_list[0]).toMatchObject({ 'node guid': '00:00:00:00:00:00:00:00' });

    const text = await node.ip('link', 'show', 'dev', 'ibp59s0');
    expect(text.stdout).toContain('mtu 2044');
    expect(text.stdout).toContain(`vf 1     link/infiniband`);
    expect(text.stdout).toContain(`NODE_GUID ${guid}, PORT_GUID ${guid}`);
  });

  it('sets the MTU up to the IPoIB maximum, and refuses more', async () => {
    expect((await node.ip('link', 'set', 'dev', 'ibp59s0', 'mtu', '4092')).code).toBe(0);
    expect((await readFile(netFile('0000:3b:00.0', 'ibp59s0', 'mtu'), 'utf8')).trim()).toBe('4092');
    const tooBig = await node.ip('link', 'set', 'dev', 'ibp59s0v0', 'mtu', '9000');
    expect(tooBig).toMatchObject({ code: 2, stderr: 'Error: mtu greater than device maximum.\n' });
  });

  it('brings a link up; a VF without a GUID has no carrier', async () => {
    expect((await node.ip('link', 'set', 'dev', 'ibp59s0v0', 'up')).code).toBe(0);
    expect((await readFile(netFile('0000:3b:00.1', 'ibp59s0v0', 'operstate'), 'utf8')).trim()).toBe(
      'lowerlayerdown',
    );
    const shown = JSON.parse((await node.ip('-j', 'link', 'show', 'ibp59s0v0')).stdout)[0];
    expect(shown.flags).toEqual(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP']);
    expect((await node.ip('link', 'set', 'dev', 'ibp59s0v0', 'down')).code).toBe(0);
  });

  it('fails like iproute2 on bad input', async () => {
    const badGuid = await node.ip('link', 'set', 'dev', 'ibp59s0', 'vf', '0', 'node_guid', 'zz:00');
    expect(badGuid).toMatchObject({
      code: 2,
      stderr: 'Error: argument "zz:00" is wrong: Invalid GUID format\n',
    });
    const noVf = await node.ip(
      'link',
      'set',
      'dev',
      'ibp59s0',
      'vf',
      '9',
      'node_guid',
      '02:00:00:00:00:00:00:01',
    );
    expect(noVf).toMatchObject({ code: 2, stderr: 'RTNETLINK answers: Invalid argument\n' });
    expect(await node.ip('link', 'show', 'dev', 'ib9')).toMatchObject({
      code: 1,
      stderr: 'Device "ib9" does not exist.\n',
    });
    expect(await node.ip('link', 'set', 'dev', 'ib9', 'up')).toMatchObject({
      code: 1,
      stderr: 'Cannot find device "ib9"\n',
    });
    expect(await node.ip('neighbour', 'show')).toMatchObject({
      code: 1,
      stderr: 'Object "neighbour" is unknown, try "ip help".\n',
    });
  });
});
