import { describe, expect, it } from 'vitest';
import type { PoolView } from '@/lib/views/types';
import { nearlyExhaustedPools } from './pool-problems';

const base: PoolView = {
  namespace: 'kube-system',
  name: '10.20.0.0-28',
  range: '10.20.0.0/28',
  networks: [{ kind: 'SriovIBNetwork', namespace: 'ops', name: 'ib-small' }],
  size: '14',
  used: 12,
  free: '2',
  stale: 1,
  usedPercent: 86,
  allocations: [],
};

describe('nearlyExhaustedPools', () => {
  it('reports a nearly full pool with a link to it and its stale share', () => {
    const [problem] = nearlyExhaustedPools([base]);
    expect(problem?.title).toBe('Pool 10.20.0.0/28 is 86% used: 2 addresses left');
    expect(problem?.detail).toMatch(/1 of its 12 allocations are stale/);
    expect(problem?.href).toBe('/pools/kube-system/10.20.0.0-28');
  });

  it('leaves exhausted pools to the server and roomy pools alone', () => {
    expect(nearlyExhaustedPools([{ ...base, free: '0', usedPercent: 100 }])).toEqual([]);
    expect(nearlyExhaustedPools([{ ...base, usedPercent: 40 }])).toEqual([]);
  });
});
