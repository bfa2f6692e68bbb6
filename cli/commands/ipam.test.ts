import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli';

const NETWORK = `apiVersion: sriovnetwork.openshift.io/v1
kind: SriovIBNetwork
metadata:
  name: ib-dual
  namespace: openshift-sriov-network-operator
spec:
  resourceName: mlnx_ib
  ipam: |
    {"type": "whereabouts", "ipRanges": [{"range": "192.168.10.0/24"}, {"range": "2001:db8::/64"}]}
`;

const POOLS = `apiVersion: v1
kind: List
items:
  - apiVersion: whereabouts.cni.cncf.io/v1alpha1
    kind: IPPool
    metadata: {name: 192.168.10.0-24, namespace: kube-system}
    spec:
      range: 192.168.10.0/24
      allocations:
        "1": {id: c1, podref: ns/a, ifname: net1}
        "2": {id: c2, podref: ns/b, ifname: net1}
---
apiVersion: whereabouts.cni.cncf.io/v1alpha1
kind: IPPool
metadata: {name: 2001-db8---64, namespace: kube-system}
spec:
  range: 2001:db8::/64
  allocations:
    "1": {id: c1, podref: ns/a, ifname: net1}
`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ibnet-ipam-'));
  await writeFile(join(dir, 'net.yaml'), NETWORK);
  await writeFile(join(dir, 'pools.yaml'), POOLS);
});

describe('ibnet ipam next', () => {
  it('prints one line per allocation, the dual-stack addresses side by side', async () => {
    const { code, stdout, stderr } = await runCli([
      'ipam',
      'next',
      '--config',
      join(dir, 'net.yaml'),
      '--count',
      '2',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('192.168.10.1 2001:db8::1\n192.168.10.2 2001:db8::2\n');
  });

  it('skips what the pools and --reserved hold', async () => {
    const { code, stdout } = await runCli([
      'ipam',
      'next',
      '--config',
      join(dir, 'net.yaml'),
      '--pool',
      join(dir, 'pools.yaml'),
      '--reserved',
      '192.168.10.3',
      '--reserved',
      '2001:db8::2',
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe('192.168.10.4 2001:db8::3\n');
  });

  it('keeps the pools of a network_name apart from those of the same range without one', async () => {
    const shared = (extra: string) =>
      runCli(
        ['ipam', 'next', '--config', '-', '--pool', join(dir, 'pools.yaml')],
        `{"type": "whereabouts", "range": "192.168.10.0/24"${extra}}`,
      );
    // The pools file holds 192.168.10.0-24 with .1 and .2 taken.
    expect((await shared('')).stdout).toBe('192.168.10.3\n');
    const named = await shared(', "network_name": "storage"');
    expect(named.code).toBe(0);
    expect(named.stdout).toBe('192.168.10.1\n');
    const json = await runCli(
      ['ipam', 'next', '--config', '-', '-o', 'json'],
      '{"type": "whereabouts", "range": "192.168.10.0/24", "network_name": "storage"}',
    );
    const pool = (JSON.parse(json.stdout) as { addresses: { ips: { poolName: string }[] }[] })
      .addresses[0]?.ips[0]?.poolName;
    expect(pool).toBe('storage-192.168.10.0-24');
  });

  it('reads a bare IPAM object from stdin and prints JSON', async () => {
    const { code, stdout } = await runCli(
      ['ipam', 'next', '--config', '-', '-o', 'json'],
      '{"type": "whereabouts", "range": "10.0.0.0/30"}',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      addresses: [
        {
          ips: [
            {
              ip: '10.0.0.1',
              address: '10.0.0.1/30',
              family: 4,
              range: '10.0.0.0/30',
              poolName: '10.0.0.0-30',
              offset: '1',
            },
          ],
        },
      ],
    });
  });

  it('exits 1 naming the full range when it runs out, after printing what fitted', async () => {
    const { code, stdout, stderr } = await runCli(
      ['ipam', 'next', '--config', '-', '--count', '7'],
      '{"type": "whereabouts", "range": "192.168.10.0/29"}',
    );
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toHaveLength(6);
    expect(stderr).toContain('range 192.168.10.0/29 is full: all 6 usable addresses are allocated');
  });

  it('exits 1 listing the errors of an invalid config', async () => {
    const { code, stdout, stderr } = await runCli(
      ['ipam', 'next', '--config', '-'],
      '{"type": "whereabouts", "range": "10.0.0.0/24", "range_start": "10.1.0.5", "exclude": ["10.0.0.7"]}',
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/error: range_start: .*\[ipam\/range-start-outside\]/);
    expect(stderr).toMatch(/error: exclude\.0: .*Write "10\.0\.0\.7\/32"/);
    expect(stderr).toMatch(/2 error\(s\)/);
  });

  it('previews host-local on a fresh node', async () => {
    const { code, stdout } = await runCli(
      ['ipam', 'next', '--config', '-', '--count', '2'],
      '{"type": "host-local", "subnet": "10.5.0.0/24"}',
    );
    expect(code).toBe(0);
    expect(stdout).toBe('10.5.0.2\n10.5.0.3\n');
  });

  // Each case starts a real process; a handful covers the kinds of bad usage.
  it('exits 2 on bad usage', { timeout: 90_000 }, async () => {
    const config = join(dir, 'net.yaml');
    const cases = [
      ['ipam', 'next'],
      ['ipam', 'next', '--config', config, '--count', '0'],
      ['ipam', 'next', '--config', config, '--reserved', '10.0.0'],
      ['ipam', 'next', '--config', config, '--bogus'],
      ['ipam', 'next', '--config', join(dir, 'missing.yaml')],
      ['ipam', 'frobnicate'],
    ];
    for (const args of cases) {
      const { code, stderr } = await runCli(args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr.length).toBeGreaterThan(0);
    }
  });

  it('has help for the group and each command', async () => {
    for (const args of [
      ['ipam', '--help'],
      ['ipam', 'next', '--help'],
      ['ipam', 'usage', '-h'],
    ]) {
      const { code, stdout } = await runCli(args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: ibnet ipam/);
    }
  });
});

describe('ibnet ipam usage and check', () => {
  it('prints usable, used and free per range', async () => {
    const { code, stdout } = await runCli([
      'ipam',
      'usage',
      '--config',
      join(dir, 'net.yaml'),
      '--pool',
      join(dir, 'pools.yaml'),
    ]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^RANGE\s+POOL\s+USABLE\s+USED\s+FREE\s+UTILIZATION$/);
    expect(lines[1]).toMatch(/^192\.168\.10\.0\/24\s+192\.168\.10\.0-24\s+254\s+2\s+252\s+0\.8%$/);
    expect(lines[2]).toMatch(/^2001:db8::\/64\s+2001-db8---64\s+9223372036854775807\s+1\s/);
  });

  it('lists problems with their paths and exits 1 on errors', async () => {
    const bad = await runCli(
      ['ipam', 'check', '--config', '-', '--multi-node'],
      '{"type": "host-local", "subnet": "10.0.0.1/24"}',
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/error: subnet: .*\[ipam\/host-local-host-bits\]/);
    expect(bad.stdout).toMatch(/warning: type: .*\[ipam\/host-local-multinode\]/);

    const good = await runCli(['ipam', 'check', '--config', join(dir, 'net.yaml')]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^info: ipRanges\.1\.range: .*first \/65/);
  });
});
