import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNetworksAnnotation } from './networks';

const codes = (value: string) => parseNetworksAnnotation(value).problems.map((p) => p.code);

describe('networks annotation, short form', () => {
  it('reads name, ns/name, name@if and ns/name@if with offsets', () => {
    const value = 'ib1,tenant/ib2@net5,ib1@ib9';
    const { form, requests, problems } = parseNetworksAnnotation(value);
    expect(form).toBe('short');
    expect(problems).toEqual([]);
    expect(requests.map((r) => [r.name, r.namespace, r.interface])).toEqual([
      ['ib1', undefined, undefined],
      ['ib2', 'tenant', 'net5'],
      ['ib1', undefined, 'ib9'],
    ]);
    const second = requests[1];
    expect(value.slice(second?.values.namespace?.start, second?.values.namespace?.end)).toBe(
      'tenant',
    );
    expect(value.slice(second?.values.interface?.start, second?.values.interface?.end)).toBe(
      'net5',
    );
  });

  it('asks the same network twice as two interfaces', () => {
    expect(parseNetworksAnnotation('ib1,ib1').requests).toHaveLength(2);
  });

  it('warns about whitespace that Multus trims, with the compact text as the fix', () => {
    const { requests, problems } = parseNetworksAnnotation('ib1, ib2');
    expect(requests.map((r) => r.name)).toEqual(['ib1', 'ib2']);
    expect(problems).toMatchObject([
      { code: 'annotation/whitespace', severity: 'warning', replacement: 'ib2' },
    ]);
  });

  it('rejects what Multus rejects, quoting its error', () => {
    const upper = parseNetworksAnnotation('IB1').problems[0];
    expect(upper).toMatchObject({ code: 'annotation/name', replacement: 'ib1' });
    expect(upper?.message).toContain("mismatch @ 'IB1'");
    expect(codes('a/b/c')).toEqual(['annotation/format']);
    expect(codes('a@b@c')).toEqual(['annotation/format']);
    expect(codes('ib1@averyverylongifname')).toEqual(['annotation/interface']);
    expect(codes('ib1,,ib2')).toEqual(['annotation/empty-item']);
    expect(codes('ib1')).toEqual([]);
  });

  it('finds interface names that collide, including Multus defaults net1, net2…', () => {
    expect(codes('ib1@ib,ib2@ib')).toEqual(['annotation/duplicate-interface']);
    expect(codes('ib1,ib2@net1')).toEqual(['annotation/duplicate-interface']);
    expect(codes('ib1@eth0')).toEqual(['annotation/duplicate-interface']);
  });
});

describe('networks annotation, JSON form', () => {
  it('reads every field of a request', () => {
    const value =
      '[{"name":"ib1","namespace":"tenant","interface":"ib1","ips":["192.168.10.5/24"],"infiniband-guid":"02:00:00:00:00:00:00:01","mac":"02:00:00:00:00:01","default-route":["192.168.10.1"]}]';
    const { form, requests, problems } = parseNetworksAnnotation(value);
    expect(form).toBe('json');
    expect(problems).toEqual([]);
    expect(requests[0]).toMatchObject({
      name: 'ib1',
      namespace: 'tenant',
      interface: 'ib1',
      ips: ['192.168.10.5/24'],
      infinibandGuid: '02:00:00:00:00:00:00:01',
      mac: '02:00:00:00:00:01',
      defaultRoute: ['192.168.10.1'],
    });
    const guid = requests[0]?.values['infiniband-guid'];
    expect(value.slice(guid?.start, guid?.end)).toBe('"02:00:00:00:00:00:00:01"');
  });

  it('checks formats as Multus does', () => {
    expect(codes('[{"name":"ib1","ips":["10.0.0.300"]}]')).toEqual(['annotation/ips']);
    expect(codes('[{"name":"ib1","mac":"zz"}]')).toEqual(['annotation/mac']);
    expect(codes('[{"name":"ib1","infiniband-guid":"02:00:00:00:00:01"}]')).toEqual([
      'guid/format',
    ]);
    expect(codes('[{"name":"ib1","infiniband-guid":"00:00:00:00:00:00:00:00"}]')).toEqual([
      'guid/all-zero',
    ]);
    expect(codes('[{"name":"ib1","ips":"10.0.0.1"}]')).toEqual(['annotation/type']);
    expect(codes('[{"namespace":"x"}]')).toEqual(['annotation/missing-name']);
  });

  it('suggests the right key for a misspelled one and keeps reading', () => {
    const { requests, problems } = parseNetworksAnnotation(
      '[{"name":"ib1","infiniband_guid":"02:00:00:00:00:00:00:01"}]',
    );
    expect(problems).toMatchObject([
      { code: 'annotation/unknown-field', replacement: '"infiniband-guid"' },
    ]);
    expect(requests[0]?.name).toBe('ib1');
    expect(codes('[{"name":"ib1","interfaceRequest":"ib1"}]')).toEqual([
      'annotation/deprecated-field',
    ]);
  });

  it('reports a trailing comma with its fix and still reads the requests', () => {
    const value = '[{"name":"ib1"},{"name":"ib2"},]';
    const { requests, problems } = parseNetworksAnnotation(value);
    expect(requests.map((r) => r.name)).toEqual(['ib1', 'ib2']);
    expect(problems).toMatchObject([{ code: 'annotation/trailing-comma', replacement: '' }]);
    const comma = problems[0]?.span;
    expect(value.slice(comma?.start, comma?.end)).toBe(',');
  });

  it('wants a list: an object gets wrapped by the fix', () => {
    const { problems, requests } = parseNetworksAnnotation('{"name":"ib1"}');
    expect(problems[0]).toMatchObject({
      code: 'annotation/not-list',
      replacement: '[{"name":"ib1"}]',
    });
    expect(requests[0]?.name).toBe('ib1');
  });

  it('never throws, and every span stays inside the value', () => {
    const pieces = fc.constantFrom(
      '[',
      ']',
      '{',
      '}',
      '"',
      ',',
      ':',
      '/',
      '@',
      ' ',
      'name',
      'ib1',
      'ips',
      '1',
      'null',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces).map((p) => p.join('')),
        ),
        (value) => {
          const result = parseNetworksAnnotation(value);
          for (const p of result.problems) {
            expect(p.span.start).toBeGreaterThanOrEqual(0);
            expect(p.span.end).toBeGreaterThanOrEqual(p.span.start);
            expect(p.span.end).toBeLessThanOrEqual(value.length);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
