import { describe, expect, it } from 'vitest';
import { ipamFromDocument, poolsFromDocuments } from './documents';

const IPAM = { type: 'whereabouts', range: '192.168.10.0/24' };

describe('ipamFromDocument', () => {
  it('reads spec.ipam of a SriovIBNetwork', () => {
    const source = ipamFromDocument({
      apiVersion: 'sriovnetwork.openshift.io/v1',
      kind: 'SriovIBNetwork',
      metadata: { name: 'ib1', namespace: 'team' },
      spec: { resourceName: 'mlnx_ib', ipam: JSON.stringify(IPAM) },
    });
    expect(source).toEqual({ ipam: IPAM, origin: 'SriovIBNetwork team/ib1', name: 'ib1' });
  });

  it('reads the ipam of a NAD, also inside a plugin list', () => {
    const nad = (config: unknown) => ({
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: { name: 'nad1' },
      spec: { config: JSON.stringify(config) },
    });
    expect(ipamFromDocument(nad({ type: 'ib-sriov', ipam: IPAM }))).toMatchObject({ ipam: IPAM });
    const chained = nad({ plugins: [{ type: 'ib-sriov', ipam: IPAM }, { type: 'tuning' }] });
    expect(ipamFromDocument(chained)).toMatchObject({ ipam: IPAM, name: 'nad1' });
  });

  it('takes a bare IPAM object, and skips other kinds', () => {
    expect(ipamFromDocument(IPAM)).toEqual({ ipam: IPAM, origin: 'IPAM object' });
    expect(ipamFromDocument({ apiVersion: 'v1', kind: 'ConfigMap' })).toBeUndefined();
    expect(ipamFromDocument('text')).toBeUndefined();
  });

  it('says when the embedded JSON cannot be read', () => {
    const broken = ipamFromDocument({
      apiVersion: 'sriovnetwork.openshift.io/v1',
      kind: 'SriovNetwork',
      metadata: { name: 'n' },
      spec: { resourceName: 'r', ipam: '{"type": "whereabouts",' },
    });
    expect(broken).toMatchObject({ error: expect.stringMatching(/spec\.ipam is not valid JSON/) });
  });
});

describe('poolsFromDocuments', () => {
  const pool = {
    apiVersion: 'whereabouts.cni.cncf.io/v1alpha1',
    kind: 'IPPool',
    metadata: { name: '10.0.0.0-24', namespace: 'kube-system' },
    spec: { range: '10.0.0.0/24', allocations: { '1': { id: 'c1', podref: 'ns/p' } } },
  };

  it('reads IPPools, also from lists, and skips other kinds', () => {
    const { pools, errors } = poolsFromDocuments([
      pool,
      { apiVersion: 'v1', kind: 'List', items: [pool, { kind: 'Pod' }] },
      { kind: 'ConfigMap' },
    ]);
    expect(errors).toEqual([]);
    expect(pools).toHaveLength(2);
  });

  it('reports IPPools that do not match the schema', () => {
    const { errors } = poolsFromDocuments([{ ...pool, spec: { range: '10.0.0.0/24' } }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/document 1: not a valid IPPool: .*allocations/);
  });
});
