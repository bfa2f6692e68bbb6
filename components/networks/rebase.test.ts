import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { fieldChanges, rebase, resolveConflict } from './rebase';

const base = {
  apiVersion: 'sriovnetwork.openshift.io/v1',
  kind: 'SriovIBNetwork',
  metadata: { name: 'ib1', namespace: 'ib-team', resourceVersion: '10', labels: { a: '1' } },
  spec: {
    resourceName: 'ib_vfs',
    linkState: 'auto',
    ipam: '{"type": "whereabouts", "range": "10.0.0.0/24"}',
  },
};

const mineText = `# my edit
apiVersion: sriovnetwork.openshift.io/v1
kind: SriovIBNetwork
metadata:
  name: ib1
  namespace: ib-team
  resourceVersion: "10"
  labels:
    a: "1"
spec:
  resourceName: ib_vfs
  linkState: enable # I want it up
  ipam: |
    {
      "type": "whereabouts",
      "range": "10.0.0.0/24",
      "network_name": "tenant-a"
    }
`;

function js(text: string) {
  return parseDocument(text).toJS();
}

describe('fieldChanges', () => {
  it('opens embedded JSON and ignores server-owned fields', () => {
    const after = {
      ...base,
      metadata: { ...base.metadata, resourceVersion: '11', generation: 3 },
      spec: { ...base.spec, ipam: '{"type": "whereabouts", "range": "10.0.1.0/24"}' },
    };
    expect(fieldChanges(base, after)).toEqual([
      {
        path: ['spec', 'ipam'],
        json: ['range'],
        before: '10.0.0.0/24',
        after: '10.0.1.0/24',
      },
    ]);
  });
});

describe('rebase', () => {
  it('merges changes to other fields and keeps the comments of the edit', () => {
    const theirs = {
      ...base,
      metadata: { ...base.metadata, resourceVersion: '12', labels: { a: '1', b: '2' } },
      spec: { ...base.spec, resourceName: 'ib_rdma' },
    };
    const result = rebase(base, theirs, mineText);
    expect(result.conflicts).toEqual([]);
    expect(result.merged.map((c) => c.path.join('.'))).toEqual([
      'metadata.labels.b',
      'spec.resourceName',
    ]);
    const out = js(result.text);
    expect(out.metadata.resourceVersion).toBe('12');
    expect(out.metadata.labels).toEqual({ a: '1', b: '2' });
    expect(out.spec.resourceName).toBe('ib_rdma');
    expect(out.spec.linkState).toBe('enable');
    expect(JSON.parse(out.spec.ipam).network_name).toBe('tenant-a');
    expect(result.text).toContain('# my edit');
    expect(result.text).toContain('# I want it up');
  });

  it('merges inside the ipam JSON when each side changed a different key', () => {
    const theirs = {
      ...base,
      metadata: { ...base.metadata, resourceVersion: '12' },
      spec: {
        ...base.spec,
        ipam: '{"type": "whereabouts", "range": "10.0.0.0/24", "exclude": ["10.0.0.1"]}',
      },
    };
    const result = rebase(base, theirs, mineText);
    expect(result.conflicts).toEqual([]);
    const ipam = JSON.parse(js(result.text).spec.ipam);
    expect(ipam).toEqual({
      type: 'whereabouts',
      range: '10.0.0.0/24',
      network_name: 'tenant-a',
      exclude: ['10.0.0.1'],
    });
  });

  it('reports a value both changed differently, takes theirs, and lets the user pick', () => {
    const theirs = {
      ...base,
      metadata: { ...base.metadata, resourceVersion: '12' },
      spec: { ...base.spec, linkState: 'disable' },
    };
    const result = rebase(base, theirs, mineText);
    expect(result.conflicts).toEqual([
      { path: ['spec', 'linkState'], base: 'auto', theirs: 'disable', mine: 'enable' },
    ]);
    expect(js(result.text).spec.linkState).toBe('disable');
    const conflict = result.conflicts[0];
    if (!conflict) throw new Error('expected a conflict');
    const mine = resolveConflict(result.text, conflict, 'mine');
    expect(js(mine).spec.linkState).toBe('enable');
    expect(js(mine).metadata.resourceVersion).toBe('12');
  });

  it('merges labels added on both sides key by key', () => {
    const theirs = {
      ...base,
      metadata: { ...base.metadata, resourceVersion: '12', annotations: { owner: 'ops' } },
    };
    const mine = mineText.replace('  labels:\n', '  annotations:\n    ticket: "42"\n  labels:\n');
    const result = rebase(base, theirs, mine);
    expect(result.conflicts).toEqual([]);
    expect(result.merged.map((c) => c.path.join('.'))).toEqual(['metadata.annotations.owner']);
    expect(js(result.text).metadata.annotations).toEqual({ ticket: '42', owner: 'ops' });
  });

  it('counts the same change made on both sides as no conflict', () => {
    const theirs = {
      ...base,
      metadata: { ...base.metadata, resourceVersion: '12' },
      spec: { ...base.spec, linkState: 'enable' },
    };
    const result = rebase(base, theirs, mineText);
    expect(result.conflicts).toEqual([]);
    expect(result.same.map((c) => c.path.join('.'))).toEqual(['spec.linkState']);
  });

  it('refuses an edit with YAML syntax errors', () => {
    expect(() => rebase(base, base, 'spec: [')).toThrow(/syntax/);
  });
});
