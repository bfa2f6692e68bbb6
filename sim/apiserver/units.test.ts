import { describe, expect, it } from 'vitest';
import { serverSideApply, trackUpdate, type FieldContext } from './apply';
import { ApiError } from './errors';
import { builtinListTypes, fieldsOf, printablePath, toFieldsV1 } from './fieldset';
import { evaluateJsonPath } from './jsonpath';
import type { KubeObject } from './object';
import { mergePatch, strategicMergePatch } from './patch';
import { humanDuration } from './printers';
import { decodeProtobuf } from './protobuf';
import { defaultAndPrune, validateSchema } from './schema';
import { matchFields, matchLabels, parseFieldSelector, parseLabelSelector } from './selectors';

describe('label and field selectors', () => {
  it('parses and matches every operator kube supports', () => {
    const labels = { app: 'web', tier: 'db', count: '5' };
    const yes = [
      'app=web',
      'app==web',
      'app!=api',
      'tier in (db,cache)',
      'tier notin (web)',
      'app',
      '!missing',
      'count>3',
      'count<9',
      'app=web,tier=db',
    ];
    const no = ['app=api', 'tier in (web)', 'missing', '!app', 'count>5', 'tier notin (db)'];
    for (const s of yes) expect(matchLabels(parseLabelSelector(s), labels), s).toBe(true);
    for (const s of no) expect(matchLabels(parseLabelSelector(s), labels), s).toBe(false);
    expect(() => parseLabelSelector('a b')).toThrow(ApiError);
  });

  it('checks field selectors per resource, with escapes', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'a,b', namespace: 'x' },
      spec: { nodeName: 'n1' },
      status: { phase: 'Running' },
    };
    expect(
      matchFields(
        parseFieldSelector('spec.nodeName=n1,status.phase!=Pending', 'pods', false),
        'pods',
        pod,
      ),
    ).toBe(true);
    expect(matchFields(parseFieldSelector('metadata.name=a\\,b', 'pods', false), 'pods', pod)).toBe(
      true,
    );
    expect(() => parseFieldSelector('spec.nodeName=n1', 'configmaps', false)).toThrow(
      'field label not supported: spec.nodeName',
    );
    expect(() => parseFieldSelector('spec.x=1', 'ippools.whereabouts.cni.cncf.io', true)).toThrow(
      '"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });
});

describe('JSONPath for printer columns', () => {
  const obj = {
    status: {
      conditions: [
        { type: 'Synced', status: 'False' },
        { type: 'Ready', status: 'True', reason: 'NetworkReady' },
      ],
    },
    spec: { items: [{ n: 1 }, { n: 2 }, { n: 3 }] },
  };
  it('evaluates filters, indexes, wildcards, slices and recursive descent', () => {
    expect(evaluateJsonPath('.status.conditions[?(@.type=="Ready")].status', obj)).toEqual([
      'True',
    ]);
    expect(evaluateJsonPath('{.status.conditions[?(@.type!="Ready")].type}', obj)).toEqual([
      'Synced',
    ]);
    expect(evaluateJsonPath('.spec.items[-1].n', obj)).toEqual([3]);
    expect(evaluateJsonPath('.spec.items[*].n', obj)).toEqual([1, 2, 3]);
    expect(evaluateJsonPath('.spec.items[0:2].n', obj)).toEqual([1, 2]);
    expect(evaluateJsonPath('..reason', obj)).toEqual(['NetworkReady']);
    expect(evaluateJsonPath('.spec.items[?(@.n>1)].n', obj)).toEqual([2, 3]);
    expect(evaluateJsonPath('.missing.path', obj)).toEqual([]);
  });
});

describe('structural schema handling', () => {
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', maxLength: 5, pattern: '^[a-z]+$' },
          mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
          count: { type: 'integer', minimum: 1, maximum: 3 },
          ratio: { type: 'number', nullable: true },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        },
      },
    },
  };

  it('defaults, prunes unknown fields and drops non-nullable nulls', () => {
    const obj = {
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: {},
      spec: { name: 'ok', extra: 1, free: { any: { thing: true } }, count: null, ratio: null },
      other: 2,
    };
    const unknown = defaultAndPrune(obj, schema);
    expect(unknown.sort()).toEqual(['other', 'spec.extra']);
    expect(obj.spec).toEqual({
      name: 'ok',
      mode: 'a',
      free: { any: { thing: true } },
      ratio: null,
    });
    expect(validateSchema(obj, schema)).toEqual([]);
  });

  it('reports kube-worded errors per field', () => {
    const obj = { spec: { name: 'TooLong', mode: 'c', count: 7, tags: ['x', 'x'] } };
    const errors = validateSchema(obj, schema).map((e) => `${e.field}: ${e.detail}`);
    expect(errors).toEqual([
      'spec.name: Too long: may not be more than 5 bytes',
      `spec.name: Invalid value: "TooLong": spec.name in body should match '^[a-z]+$'`,
      'spec.mode: Unsupported value: "c": supported values: "a", "b"',
      'spec.count: Invalid value: 7: spec.count in body should be less than or equal to 3',
      'spec.tags[1]: Duplicate value: "x"',
    ]);
    expect(validateSchema({ spec: { count: 'x' } }, schema).map((e) => e.detail)).toEqual([
      'Required value',
      'Invalid value: "string": spec.count in body must be of type integer: "string"',
    ]);
  });
});

describe('patches', () => {
  it('merges JSON merge patches (RFC 7386)', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 }, f: [1] })).toEqual({
      a: 1,
      b: { d: 3, e: 4 },
      f: [1],
    });
  });

  it('merges strategic patches by merge key with kube directives', () => {
    const pod = {
      spec: {
        containers: [
          { name: 'a', image: 'x', env: [{ name: 'A', value: '1' }] },
          { name: 'b', image: 'y' },
        ],
      },
      metadata: { finalizers: ['f1'] },
    };
    const out = strategicMergePatch(
      pod,
      {
        spec: {
          $setElementOrder: undefined,
          '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }],
          containers: [
            { name: 'a', env: [{ name: 'B', value: '2' }] },
            { name: 'b', $patch: 'delete' },
            { name: 'c', image: 'z' },
          ],
        },
        metadata: { finalizers: ['f2'], '$deleteFromPrimitiveList/finalizers': ['f1'] },
      },
      'pods',
    ) as typeof pod;
    expect(out.spec.containers.map((c) => c.name)).toEqual(['a', 'c']);
    expect(out.spec.containers[0]?.env?.map((e) => e.name)).toEqual(['A', 'B']);
    expect(out.metadata.finalizers).toEqual(['f2']);
    const replaced = strategicMergePatch(
      pod,
      { spec: { containers: [{ name: 'only', image: 'i' }, { $patch: 'replace' }] } },
      'pods',
    ) as typeof pod;
    expect(replaced.spec.containers.map((c) => c.name)).toEqual(['only']);
  });
});

describe('managed fields and server-side apply', () => {
  const ctx: FieldContext = {
    gr: { group: '', resource: 'pods' },
    apiVersion: 'v1',
    listTypes: builtinListTypes('pods'),
    scope: 'main',
  };
  const pod = (image: string, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'n' },
    spec: { containers: [{ name: 'c', image, ...extra }] },
  });

  it('renders field sets as fieldsV1 with keyed list items', () => {
    const set = fieldsOf(pod('x'), builtinListTypes('pods'), 'main');
    expect(toFieldsV1(set)).toEqual({
      'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
    });
    expect([...set].map(printablePath).sort()).toEqual([
      '.spec.containers[name="c"]',
      '.spec.containers[name="c"].image',
      '.spec.containers[name="c"].name',
    ]);
  });

  it('tracks updates, detects conflicts and forces them', () => {
    const created = pod('x');
    created.metadata.managedFields = trackUpdate(undefined, created, 'kubectl-create', ctx);
    let err: unknown;
    try {
      serverSideApply(created, pod('y'), 'ci', false, ctx);
    } catch (e) {
      err = e;
    }
    expect((err as ApiError).message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-create" using v1: .spec.containers[name="c"].image',
    );
    const forced = serverSideApply(created, pod('y', { args: ['a'] }), 'ci', true, ctx);
    expect(
      (forced.spec as { containers: { image: string; args: string[] }[] }).containers[0],
    ).toMatchObject({ image: 'y', args: ['a'] });
    expect(forced.metadata.managedFields?.map((m) => m.manager).sort()).toEqual([
      'ci',
      'kubectl-create',
    ]);
    const shrunk = serverSideApply(forced, pod('y'), 'ci', false, ctx);
    expect(
      (shrunk.spec as { containers: Record<string, unknown>[] }).containers[0]?.args,
    ).toBeUndefined();
  });
});

describe('odds and ends', () => {
  it('formats ages as kube does', () => {
    expect(
      [5_000, 125_000, 600_000, 4 * 3600_000 + 60_000, 50 * 3600_000, 400 * 86400_000].map(
        humanDuration,
      ),
    ).toEqual(['5s', '2m5s', '10m', '4h1m', '2d2h', '400d']);
  });

  it('decodes kube protobuf envelopes of the review kinds', () => {
    const str = (field: number, text: string) =>
      Buffer.concat([Buffer.from([(field << 3) | 2, Buffer.byteLength(text)]), Buffer.from(text)]);
    const msg = (field: number, body: Buffer) =>
      Buffer.concat([Buffer.from([(field << 3) | 2, body.length]), body]);
    const attrs = Buffer.concat([str(1, 'ib-team'), str(2, 'create'), str(5, 'pods')]);
    const raw = msg(2, msg(1, attrs));
    const typeMeta = Buffer.concat([
      str(1, 'authorization.k8s.io/v1'),
      str(2, 'SelfSubjectAccessReview'),
    ]);
    const body = Buffer.concat([Buffer.from('k8s\0'), msg(1, typeMeta), msg(2, raw)]);
    expect(decodeProtobuf(body)).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: 'ib-team', verb: 'create', resource: 'pods' } },
    });
  });
});
