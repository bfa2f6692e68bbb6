import { describe, expect, it } from 'vitest';
import type { NodeRow, PolicyRow } from '@/lib/views/types';
import { describeResource, resourceOptions } from './resources';

function policy(name: string, resourceName: string, linkType?: string): PolicyRow {
  return {
    namespace: 'openshift-sriov-network-operator',
    name,
    resourceName,
    numVfs: 8,
    ...(linkType ? { linkType } : {}),
    priority: 99,
    deviceType: 'netdevice',
    nodeSelector: {},
    nodes: [],
    object: {} as PolicyRow['object'],
  };
}

function node(name: string, resources: [string, number, number][]): NodeRow {
  return {
    name,
    ready: true,
    labels: {},
    resources: resources.map(([resource, allocatable, requested]) => ({
      resource,
      capacity: allocatable,
      allocatable,
      requested,
    })),
  };
}

describe('resourceOptions', () => {
  const policies = [
    policy('eth', 'eth_vfs'),
    policy('ib', 'ib_vfs', 'IB'),
    policy('ib2', 'ib_vfs', 'ib'),
  ];
  const nodes = [
    node('a', [
      ['openshift.io/ib_vfs', 8, 3],
      ['openshift.io/eth_vfs', 4, 0],
    ]),
    node('b', [['openshift.io/ib_vfs', 8, 9]]),
  ];

  it('sums free VFs per node, never below zero, and lists InfiniBand first for IB networks', () => {
    const [first, second] = resourceOptions(policies, nodes, 'SriovIBNetwork');
    expect(first).toMatchObject({
      resourceName: 'ib_vfs',
      linkType: 'ib',
      policies: ['ib', 'ib2'],
      nodes: 2,
      allocatable: 16,
      requested: 12,
      free: 5,
      fullName: 'openshift.io/ib_vfs',
    });
    expect(second?.resourceName).toBe('eth_vfs');
    expect(describeResource(first as NonNullable<typeof first>)).toBe(
      'ib_vfs — 5 of 16 VFs free on 2 nodes',
    );
  });

  it('lists Ethernet first for SriovNetwork, and says when no node advertises a resource', () => {
    const options = resourceOptions(
      [policy('x', 'new_vfs', 'ib'), ...policies],
      [],
      'SriovNetwork',
    );
    expect(options[0]?.resourceName).toBe('eth_vfs');
    expect(describeResource(options[0] as NonNullable<(typeof options)[0]>)).toBe(
      'eth_vfs — no node advertises it yet',
    );
  });
});
