import { describe, expect, it } from 'vitest';
import { ipamJsonDiagnostics } from './json-markers';

describe('ipamJsonDiagnostics', () => {
  it('places an IPAM rule on the offending value of the JSON text', () => {
    const text = '{\n  "type": "whereabouts",\n  "range": "10.99.0.0/31"\n}';
    const [found] = ipamJsonDiagnostics(text);
    expect(found).toMatchObject({
      code: 'ipam/range-no-usable',
      severity: 'error',
      line: 3,
      column: 12,
      endLine: 3,
      endColumn: 26,
    });
  });

  it('marks the object when the offending key is missing, and leaves syntax errors alone', () => {
    const missing = ipamJsonDiagnostics('{"type": "static"}');
    expect(missing[0]).toMatchObject({ code: 'ipam/static-no-addresses', line: 1, column: 1 });
    expect(ipamJsonDiagnostics('{"type": "whereabouts",')).toEqual([]);
  });
});
