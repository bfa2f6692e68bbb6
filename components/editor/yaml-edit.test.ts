import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { YamlEditError, detectStyle, setYamlValue } from './yaml-edit';

const BASE = `# team storage network
apiVersion: sriovnetwork.openshift.io/v1
kind: SriovIBNetwork
metadata:
    name: "ib1"   # quoted on purpose
    namespace: ib-team
    labels: {tier: storage}
spec:
    resourceName: ib_vfs

    # addresses come from whereabouts
    ipam: |
        {
          "type": "whereabouts",
          "range": "192.168.0.0/24"
        }
    capabilities: '{"infinibandGUID": true}'
    futureField:
    - x
    - y
`;

function lines(text: string): string[] {
  return text.split('\n');
}

/** Lines of `after` that are not in `before`, and the other way round. */
function changed(before: string, after: string) {
  const a = lines(before);
  const b = lines(after);
  return { added: b.filter((l) => !a.includes(l)), removed: a.filter((l) => !b.includes(l)) };
}

describe('setYamlValue', () => {
  it('replaces a scalar and leaves every other byte alone', () => {
    const out = setYamlValue(BASE, ['spec', 'resourceName'], 'ib_rdma');
    expect(changed(BASE, out)).toEqual({
      added: ['    resourceName: ib_rdma'],
      removed: ['    resourceName: ib_vfs'],
    });
  });

  it('keeps the quoting style and the trailing comment of a replaced value', () => {
    const out = setYamlValue(BASE, ['metadata', 'name'], 'ib2');
    expect(out).toContain('name: "ib2"   # quoted on purpose');
  });

  it('drops the quotes of an empty placeholder once it holds a plain word', () => {
    const out = setYamlValue('metadata:\n  name: ""\n', ['metadata', 'name'], 'ib1');
    expect(out).toBe('metadata:\n  name: ib1\n');
  });

  it('quotes a string that would otherwise read as another type', () => {
    const out = setYamlValue(BASE, ['spec', 'resourceName'], 'true');
    expect(parseDocument(out).getIn(['spec', 'resourceName'])).toBe('true');
  });

  it('rewrites the ipam block scalar in place, keeping the comment above it', () => {
    const json = '{\n  "type": "static"\n}';
    const out = setYamlValue(BASE, ['spec', 'ipam'], json);
    expect(out).toContain('    # addresses come from whereabouts\n    ipam: |');
    expect(String(parseDocument(out).getIn(['spec', 'ipam'])).trim()).toBe(json);
    expect(out).toContain('futureField:\n    - x');
  });

  it('adds a missing key at the indentation of its siblings', () => {
    const out = setYamlValue(BASE, ['spec', 'linkState'], 'enable');
    expect(changed(BASE, out)).toEqual({ added: ['    linkState: enable'], removed: [] });
    expect(parseDocument(out).getIn(['spec', 'linkState'])).toBe('enable');
  });

  it('creates missing parents', () => {
    const out = setYamlValue(BASE, ['metadata', 'annotations', 'owner'], 'team-a');
    expect(parseDocument(out).getIn(['metadata', 'annotations', 'owner'])).toBe('team-a');
    expect(out).toContain('# team storage network');
    expect(out).toContain('labels: {tier: storage}');
  });

  it('fills a key that has no value yet', () => {
    const text = 'apiVersion: v1\nspec:\nkind: X\n';
    const out = setYamlValue(text, ['spec', 'resourceName'], 'ib_vfs');
    expect(parseDocument(out).toJS()).toEqual({
      apiVersion: 'v1',
      spec: { resourceName: 'ib_vfs' },
      kind: 'X',
    });
  });

  it('writes multi-line strings as literal blocks when inserting', () => {
    const out = setYamlValue(BASE, ['spec', 'metaPlugins'], '{\n  "type": "tuning"\n}');
    expect(out).toMatch(/metaPlugins: \|-?\n {8}\{/);
  });

  it('removes a key and only its lines', () => {
    const out = setYamlValue(BASE, ['spec', 'capabilities'], undefined);
    expect(changed(BASE, out)).toEqual({
      added: [],
      removed: [`    capabilities: '{"infinibandGUID": true}'`],
    });
  });

  it('removes a block value with all its lines', () => {
    const out = setYamlValue(BASE, ['spec', 'ipam'], undefined);
    expect(out).not.toContain('"type": "whereabouts"');
    expect(out).toContain('# addresses come from whereabouts');
    expect(out).toContain('capabilities:');
    expect(parseDocument(out).toJS().spec.futureField).toEqual(['x', 'y']);
  });

  it('edits inside a flow map through the document model and still keeps comments', () => {
    const out = setYamlValue(BASE, ['metadata', 'labels', 'owner'], 'a');
    expect(parseDocument(out).getIn(['metadata', 'labels'])).toMatchObject({});
    expect(parseDocument(out).toJS().metadata.labels).toEqual({ tier: 'storage', owner: 'a' });
    expect(out).toContain('# team storage network');
    expect(out).toContain('# addresses come from whereabouts');
  });

  it('starts an empty text', () => {
    const out = setYamlValue('', ['spec', 'resourceName'], 'ib_vfs');
    expect(parseDocument(out).toJS()).toEqual({ spec: { resourceName: 'ib_vfs' } });
  });

  it('returns the text unchanged when the value is already there', () => {
    expect(setYamlValue(BASE, ['spec', 'resourceName'], 'ib_vfs')).toBe(BASE);
    expect(setYamlValue(BASE, ['spec', 'nothing'], undefined)).toBe(BASE);
  });

  it('refuses to edit text with syntax errors, naming the line', () => {
    const broken = 'spec:\n  resourceName: [ib\n  ipam: x\n';
    expect(() => setYamlValue(broken, ['spec', 'linkState'], 'auto')).toThrow(YamlEditError);
  });

  it('round-trips numbers and booleans', () => {
    const text = 'kind: SriovNetwork\nspec:\n  vlan: 100\n';
    expect(parseDocument(setYamlValue(text, ['spec', 'vlan'], 200)).getIn(['spec', 'vlan'])).toBe(
      200,
    );
    const added = setYamlValue(text, ['spec', 'vlanQoS'], 3);
    expect(parseDocument(added).getIn(['spec', 'vlanQoS'])).toBe(3);
  });
});

describe('detectStyle', () => {
  it('reads four-space indentation and unindented sequences', () => {
    expect(detectStyle(BASE)).toEqual({ indent: 4, indentSeq: false });
  });

  it('defaults to two spaces', () => {
    expect(detectStyle('a: 1\n')).toEqual({ indent: 2, indentSeq: true });
  });
});
