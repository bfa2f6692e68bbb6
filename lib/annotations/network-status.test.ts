import { describe, expect, it } from 'vitest';
import { networkStatusOf, parseNetworkStatus } from './network-status';

const IB_STATUS = JSON.stringify([
  {
    name: 'ovn-kubernetes',
    interface: 'eth0',
    ips: ['10.128.0.5'],
    mac: '0a:58:0a:80:00:05',
    default: true,
  },
  {
    name: 'tenant/ib1',
    interface: 'ib1',
    ips: ['192.168.10.1'],
    'device-info': {
      type: 'pci',
      version: '1.1.0',
      pci: { 'pci-address': '0000:3b:00.2', 'rdma-device': 'mlx5_3' },
    },
  },
]);

describe('network-status', () => {
  it('reads entries and never invents mac or mtu for InfiniBand', () => {
    const { statuses, problems } = parseNetworkStatus(IB_STATUS);
    expect(problems).toEqual([]);
    const ib = statuses[1];
    expect(ib?.name).toBe('tenant/ib1');
    expect(ib?.mac).toBeUndefined();
    expect(ib?.mtu).toBeUndefined();
    expect(ib?.['device-info']?.pci?.['rdma-device']).toBe('mlx5_3');
  });

  it('skips a broken entry but keeps the others', () => {
    const { statuses, problems } = parseNetworkStatus('[{"interface": "x"}, {"name": "a/b"}]');
    expect(statuses.map((s) => s.name)).toEqual(['a/b']);
    expect(problems[0]?.code).toBe('annotation/status-entry');
  });

  it('reports JSON mistakes and non-lists without throwing', () => {
    expect(parseNetworkStatus('[{"name": "a/b"},]').problems[0]?.code).toBe('annotation/json');
    expect(parseNetworkStatus('{"name": "a/b"}').problems[0]?.code).toBe('annotation/not-list');
    expect(parseNetworkStatus('').statuses).toEqual([]);
  });

  it('falls back to the legacy networks-status annotation', () => {
    const legacy = networkStatusOf({ 'k8s.v1.cni.cncf.io/networks-status': IB_STATUS });
    expect(legacy.source).toBe('k8s.v1.cni.cncf.io/networks-status');
    expect(legacy.statuses).toHaveLength(2);
    expect(networkStatusOf(undefined).statuses).toEqual([]);
  });
});
