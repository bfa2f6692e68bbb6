import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { applyAllFixes, importDocuments, prepareUpdate } from './import-docs';

const PASTED = `# from the docs
apiVersion: sriovnetwork.openshift.io/v1
kind: SriovIBNetwork
metadata:
  name: ib-a
  namespace: ib-team
spec:
  resourceName: ib_vfs
  capabilities: '{"infiniband_guid": true}'
  ipam: |
    {"type": "whereabouts", "range": "192.168.5.0/24",}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: other
`;

describe('importDocuments', () => {
  it('splits documents, names them and keeps each one its own findings', () => {
    const docs = importDocuments(PASTED);
    expect(docs.map((d) => [d.index, d.kind, d.name, d.isNetwork, d.startLine])).toEqual([
      [0, 'SriovIBNetwork', 'ib-a', true, 1],
      [1, 'ConfigMap', 'other', false, 12],
    ]);
    const codes = docs[0]?.diagnostics.map((d) => d.code) ?? [];
    expect(codes).toContain('json/trailing-comma');
    expect(codes).toContain('capabilities/unknown-key');
    expect(docs[1]?.text.startsWith('apiVersion: v1')).toBe(true);
  });
});

describe('applyAllFixes', () => {
  it('applies each single fix in turn until the text is clean of them', () => {
    const { text, applied } = applyAllFixes(PASTED);
    expect(applied.length).toBeGreaterThanOrEqual(2);
    const first = parseAllDocuments(text)[0]?.toJS();
    expect(JSON.parse(first.spec.ipam)).toEqual({ type: 'whereabouts', range: '192.168.5.0/24' });
    expect(JSON.parse(first.spec.capabilities)).toEqual({ infinibandGUID: true });
    expect(text).toContain('# from the docs');
  });
});

describe('prepareUpdate', () => {
  it('keeps what others put in metadata unless the text sets it, and takes the resourceVersion', () => {
    const text = `# pasted
apiVersion: sriovnetwork.openshift.io/v1
kind: SriovIBNetwork
metadata:
  name: ib-a
  namespace: ib-team
  labels:
    tier: gold
spec:
  resourceName: ib_vfs
`;
    const out = prepareUpdate(text, {
      metadata: {
        name: 'ib-a',
        namespace: 'ib-team',
        resourceVersion: '42',
        finalizers: ['netattdef.finalizers.sriovnetwork.openshift.io'],
        labels: { tier: 'silver', team: 'blue' },
        annotations: { 'operator.sriovnetwork.openshift.io/last-network-namespace': 'ib-team' },
      },
      spec: { resourceName: 'old', linkState: 'auto' },
    });
    const value = parseAllDocuments(out)[0]?.toJS();
    expect(value.metadata).toEqual({
      name: 'ib-a',
      namespace: 'ib-team',
      labels: { tier: 'gold', team: 'blue' },
      resourceVersion: '42',
      finalizers: ['netattdef.finalizers.sriovnetwork.openshift.io'],
      annotations: { 'operator.sriovnetwork.openshift.io/last-network-namespace': 'ib-team' },
    });
    expect(value.spec).toEqual({ resourceName: 'ib_vfs' });
    expect(out.startsWith('# pasted\n')).toBe(true);
  });
});
