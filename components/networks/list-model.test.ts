import { describe, expect, it } from 'vitest';
import type { NetworkRow } from '@/lib/views/types';
import {
  DEFAULT_QUERY,
  queryFromParams,
  queryRows,
  queryToParams,
  utilization,
} from './list-model';

function row(name: string, patch: Partial<NetworkRow> = {}): NetworkRow {
  return {
    kind: 'SriovIBNetwork',
    plural: 'sriovibnetworks',
    namespace: 'ib-team',
    name,
    resourceName: 'ib_vfs',
    targetNamespace: 'ib-team',
    capabilities: { infinibandGUID: false, ips: false, mac: false },
    ready: { status: 'True', reason: 'NetworkReady' },
    nad: { namespace: 'ib-team', name, state: 'present' },
    podCount: 0,
    ipam: { type: 'whereabouts', ranges: [] },
    health: 'ok',
    problems: [],
    ...patch,
  };
}

const range = (r: string, usedPercent: number) => ({
  range: r,
  size: '254',
  used: 0,
  free: '254',
  stale: 0,
  usedPercent,
});

describe('queryRows', () => {
  const rows = [
    row('storage', {
      podCount: 3,
      ipam: { type: 'whereabouts', ranges: [range('10.0.0.0/24', 80)] },
    }),
    row('compute', {
      namespace: 'hpc',
      targetNamespace: 'hpc',
      ready: { status: 'False', reason: 'NamespaceNotFound' },
    }),
    row('eth', {
      kind: 'SriovNetwork',
      plural: 'sriovnetworks',
      ipam: { type: 'static', ranges: [] },
    }),
  ];

  it('searches every word across name, namespaces, ranges and reasons', () => {
    expect(queryRows(rows, { ...DEFAULT_QUERY, search: '10.0.0' }).map((r) => r.name)).toEqual([
      'storage',
    ]);
    expect(
      queryRows(rows, { ...DEFAULT_QUERY, search: 'namespacenotfound hpc' }).map((r) => r.name),
    ).toEqual(['compute']);
  });

  it('filters by namespace, kind and readiness', () => {
    expect(queryRows(rows, { ...DEFAULT_QUERY, namespace: 'hpc' }).map((r) => r.name)).toEqual([
      'compute',
    ]);
    expect(queryRows(rows, { ...DEFAULT_QUERY, kind: 'SriovNetwork' }).map((r) => r.name)).toEqual([
      'eth',
    ]);
    expect(queryRows(rows, { ...DEFAULT_QUERY, ready: 'not-ready' }).map((r) => r.name)).toEqual([
      'compute',
    ]);
  });

  it('sorts by a column either way', () => {
    expect(queryRows(rows, DEFAULT_QUERY).map((r) => r.name)).toEqual([
      'compute',
      'eth',
      'storage',
    ]);
    expect(queryRows(rows, { ...DEFAULT_QUERY, sort: 'pods', descending: true })[0]?.name).toBe(
      'storage',
    );
    expect(
      queryRows(rows, { ...DEFAULT_QUERY, sort: 'utilization', descending: true })[0]?.name,
    ).toBe('storage');
    expect(utilization(rows[0] as NetworkRow)).toBe(80);
  });
});

describe('query params', () => {
  it('round-trips and ignores unknown values', () => {
    const query = {
      ...DEFAULT_QUERY,
      search: 'ib',
      sort: 'pods' as const,
      descending: true,
      ready: 'ready' as const,
    };
    expect(queryFromParams(queryToParams(query))).toEqual(query);
    expect(queryFromParams(new URLSearchParams('sort=bogus&kind=Pod'))).toEqual(DEFAULT_QUERY);
  });
});
