import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { setYamlValue } from '@/components/editor/yaml-edit';
import { addRange, rangeRows, removeRange, setRangeField } from './ipam-model';
import { setJsonValue } from './json-text';
import { FIELD_PATHS, newNetworkYaml, readNetworkForm } from './network-form';

const EDITED = `# owned by the storage team
apiVersion: sriovnetwork.openshift.io/v1
kind: SriovIBNetwork
metadata:
  name: storage # do not rename: pods refer to it
  namespace: ib-team
  annotations:
    team.example.com/ticket-queue: storage
spec:
  resourceName: ib_vfs
  linkState: auto
  # one pool per tenant
  ipam: |
    {
      "type": "whereabouts",
      "range": "10.20.0.0/24",
      "network_name": "tenant-a",
      "reconciler_cron_expression": "30 4 * * *"
    }
  someFutureField: keep-me
`;

/** What a form edit does: read the field's JSON, change it, write it back into the YAML. */
function editIpam(text: string, change: (json: string) => string): string {
  const form = readNetworkForm(text);
  if (form.ipam.state !== 'object') throw new Error(`ipam is ${form.ipam.state}`);
  return setYamlValue(text, FIELD_PATHS.ipam, change(form.ipam.text));
}

describe('form and YAML stay in sync', () => {
  it('reads every field the form shows', () => {
    const form = readNetworkForm(EDITED);
    expect(form).toMatchObject({
      kind: 'SriovIBNetwork',
      name: 'storage',
      namespace: 'ib-team',
      resourceName: 'ib_vfs',
      linkState: 'auto',
      capabilities: { state: 'absent' },
      documents: 1,
    });
    expect(form.ipam.state).toBe('object');
  });

  it('keeps comments, unknown fields and untouched IPAM keys through form edits', () => {
    let text = setYamlValue(EDITED, FIELD_PATHS.linkState, 'enable');
    text = setYamlValue(text, FIELD_PATHS.capabilities, '{"infinibandGUID": true}');
    text = editIpam(text, (json) => addRange(json, '2001:db8:20::/64'));
    text = editIpam(text, (json) => setRangeField(json, { path: [] }, 'exclude', ['10.20.0.1']));

    for (const kept of [
      '# owned by the storage team',
      'name: storage # do not rename: pods refer to it',
      'team.example.com/ticket-queue: storage',
      '# one pool per tenant',
      'someFutureField: keep-me',
      '"reconciler_cron_expression": "30 4 * * *"',
    ]) {
      expect(text).toContain(kept);
    }
    const spec = parseDocument(text).toJS().spec;
    expect(spec.linkState).toBe('enable');
    expect(JSON.parse(spec.capabilities)).toEqual({ infinibandGUID: true });
    expect(JSON.parse(spec.ipam)).toEqual({
      type: 'whereabouts',
      range: '10.20.0.0/24',
      network_name: 'tenant-a',
      reconciler_cron_expression: '30 4 * * *',
      ipRanges: [{ range: '2001:db8:20::/64' }],
      exclude: ['10.20.0.1'],
    });
    expect(readNetworkForm(text).linkState).toBe('enable');
  });

  it('lists whereabouts ranges top-level first and removes them one by one', () => {
    let json =
      '{"type": "whereabouts", "range": "10.0.0.0/24", "ipRanges": [{"range": "fd00::/64"}]}';
    const cfg = JSON.parse(json);
    expect(rangeRows(cfg).map((r) => [r.path, r.range])).toEqual([
      [[], '10.0.0.0/24'],
      [['ipRanges', 0], 'fd00::/64'],
    ]);
    json = removeRange(json, { path: ['ipRanges', 0] });
    expect(JSON.parse(json)).toEqual({ type: 'whereabouts', range: '10.0.0.0/24' });
    json = removeRange(json, { path: [] });
    expect(JSON.parse(json)).toEqual({ type: 'whereabouts' });
  });

  it('marks broken IPAM JSON instead of treating it as empty, with its position', () => {
    const broken = setYamlValue(
      EDITED,
      FIELD_PATHS.ipam,
      '{\n  "type": "whereabouts",\n  "range": }\n',
    );
    const form = readNetworkForm(broken);
    expect(form.ipam).toMatchObject({ state: 'broken', line: 3 });
    expect(() =>
      setJsonValue(form.ipam.state === 'broken' ? form.ipam.text : '', ['range'], 'x'),
    ).toThrow(/broken/);
  });

  it('says when ipam is written as a YAML object instead of JSON text', () => {
    const form = readNetworkForm('kind: SriovIBNetwork\nspec:\n  ipam:\n    type: static\n');
    expect(form.ipam).toEqual({ state: 'not-text', found: 'a YAML object or list' });
  });

  it('reports YAML syntax errors with their line and keeps reading what it can', () => {
    const form = readNetworkForm('kind: SriovIBNetwork\nspec:\n  resourceName: [ib\n');
    expect(form.yamlError?.line).toBeGreaterThanOrEqual(3);
  });

  it('fills a new network from the form alone', () => {
    let text = newNetworkYaml('SriovIBNetwork', 'ib-team');
    text = setYamlValue(text, FIELD_PATHS.name, 'ib-new');
    text = setYamlValue(text, FIELD_PATHS.resourceName, 'ib_vfs');
    text = setYamlValue(
      text,
      FIELD_PATHS.ipam,
      '{\n  "type": "whereabouts",\n  "range": "10.1.0.0/24"\n}',
    );
    const value = parseDocument(text).toJS();
    expect(value).toEqual({
      apiVersion: 'sriovnetwork.openshift.io/v1',
      kind: 'SriovIBNetwork',
      metadata: { name: 'ib-new', namespace: 'ib-team' },
      spec: {
        resourceName: 'ib_vfs',
        linkState: 'auto',
        ipam: '{\n  "type": "whereabouts",\n  "range": "10.1.0.0/24"\n}',
      },
    });
  });

  it('never loses a comment or an unknown field whatever the form writes', () => {
    const fields = [
      'name',
      'resourceName',
      'linkState',
      'networkNamespace',
      'capabilities',
    ] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(...fields),
            fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
          ),
          { maxLength: 8 },
        ),
        (edits) => {
          let text = EDITED;
          for (const [field, value] of edits) {
            text = setYamlValue(text, FIELD_PATHS[field], value);
            expect(parseDocument(text).getIn(FIELD_PATHS[field])).toBe(value);
          }
          expect(text).toContain('# owned by the storage team');
          expect(text).toContain('# one pool per tenant');
          expect(parseDocument(text).getIn(['spec', 'someFutureField'])).toBe('keep-me');
          expect(
            parseDocument(text).getIn(['metadata', 'annotations', 'team.example.com/ticket-queue']),
          ).toBe('storage');
        },
      ),
      { numRuns: 100 },
    );
  });
});
