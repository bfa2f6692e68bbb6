import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { RULE_CASES, ibNetwork, pod, policy } from './fixtures/cases';
import type { Diagnostic } from './types';
import { validate } from './validate';

const at = (ds: Diagnostic[], code: string) => ds.find((d) => d.code === code);

describe('embedded JSON is placed in the outer file', () => {
  const trailing = (ipam: string) => at(validate(ibNetwork(ipam)), 'json/trailing-comma');

  it('for single-quoted, double-quoted and plain-looking strings', () => {
    expect(trailing(`  ipam: '{"type": "static",}'`)).toMatchObject({
      line: 8,
      column: 27,
      endColumn: 28,
    });
    expect(trailing(`  ipam: "{\\"type\\": \\"static\\",}"`)).toMatchObject({
      line: 8,
      column: 31,
      endColumn: 32,
    });
  });

  it('for literal and folded block scalars', () => {
    const literal = `  ipam: |\n    {\n      "type": "static",\n      "addresses": [],\n    }`;
    expect(trailing(literal)).toMatchObject({ line: 11, column: 22, endLine: 11, endColumn: 23 });
    const folded = `  ipam: >\n    {"type": "static",\n     "addresses": [],}`;
    expect(trailing(folded)).toMatchObject({ line: 10, column: 21 });
  });

  it('for a string spread over several lines in double quotes', () => {
    const text = ibNetwork(
      `  ipam: "{\\"type\\": \\"whereabouts\\",\n    \\"range\\": \\"192.168.10.0/24\\", \\"rnage_end\\": \\"x\\"}"`,
    );
    expect(at(validate(text), 'ipam/unknown-field')).toMatchObject({ line: 9, column: 37 });
  });

  it('keeps checking the fields around a syntax error', () => {
    const ds = validate(
      ibNetwork(`  ipam: '{"type": "dhcp", "range": "192.168.10.0/24",}'\n  linkState: enabled`),
    );
    expect(ds.map((d) => d.code)).toEqual(
      expect.arrayContaining(['json/trailing-comma', 'ipam/dhcp-unsupported', 'schema/enum']),
    );
  });
});

describe('documents', () => {
  it('checks every --- document and the items of a List, with the document index', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n${ibNetwork(`  linkState: up`)
      .split('\n')
      .map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))
      .join('\n')}`;
    const ds = validate(
      `${policy('  numVfs: 8\n  nicSelector:\n    vendor: "15b3"')}\n---\n${list}`,
    );
    const enumError = at(ds, 'schema/enum');
    expect(enumError).toMatchObject({ document: 1, path: ['items', 0, 'spec', 'linkState'] });
  });

  it('reads JSON files, with trailing commas fixed in place', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'sriovnetwork.openshift.io/v1',
        kind: 'SriovIBNetwork',
        metadata: { name: 'ib1', namespace: 'x' },
        spec: { resourceName: 'mlnx_ib', ipam: '{"type": "whereabouts", "range": "10.0.0.0/24"}' },
      },
      null,
      2,
    );
    expect(validate(json).filter((d) => d.severity !== 'info')).toEqual([]);
    const broken = json.replace('"mlnx_ib"', '"mlnx_ib",').replace(/\n {2}\}\n\}$/, ',\n  }\n}');
    expect(validate(broken).map((d) => d.code)).toContain('json/trailing-comma');
  });

  it("leaves objects that are not ibnet's alone", () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n---\napiVersion: config.openshift.io/v1\nkind: Network\nmetadata:\n  name: cluster\nspec:\n  networkType: OVNKubernetes\n';
    expect(validate(text)).toEqual([]);
  });
});

describe('the examples of the product documentation', () => {
  it('the dual-stack whereabouts network is clean', () => {
    const text = ibNetwork(
      `  ipam: '{"type": "whereabouts", "ipRanges": [{"range": "192.168.10.0/24"}, {"range": "2001:db8::/64"}]}'`,
    );
    expect(validate(text).filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('infiniband_guid gets infinibandGUID suggested', () => {
    const d = at(
      validate(
        ibNetwork(
          `  ipam: '{"type": "whereabouts", "range": "10.0.0.0/24"}'\n  capabilities: '{"infiniband_guid": true}'`,
        ),
      ),
      'capabilities/unknown-key',
    );
    expect(d?.message).toContain('infinibandGUID');
    expect(d?.fixes?.[0]?.edits[0]?.newText).toBe('"infinibandGUID"');
  });

  it('a cron expression with spaces gets the upstream corruption warning naming the result', () => {
    const d = at(
      validate(
        ibNetwork(
          `  ipam: '{"type": "whereabouts", "range": "10.0.0.0/24", "reconciler_cron_expression": "30 4 * * *"}'`,
        ),
      ),
      'network/upstream-whitespace',
    );
    expect(d?.severity).toBe('warning');
    expect(d?.message).toContain('"304***"');
  });
});

function expectSane(text: string, ds: Diagnostic[]): void {
  const lines = text.split('\n').length;
  for (const d of ds) {
    expect(d.code).not.toBe('internal/error');
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines);
    expect(d.endLine).toBeLessThanOrEqual(lines);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.endColumn).toBeGreaterThanOrEqual(1);
    expect(d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column)).toBe(true);
  }
}

describe('robustness', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => expectSane(text, validate(text))),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary YAML of arbitrary objects, ours included', () => {
    const kinds = fc.constantFrom(
      'SriovIBNetwork',
      'SriovNetworkNodePolicy',
      'NetworkAttachmentDefinition',
      'Pod',
      'Network',
      'SriovNetworkNodeState',
    );
    const object = fc.record({
      apiVersion: fc.constantFrom(
        'sriovnetwork.openshift.io/v1',
        'k8s.cni.cncf.io/v1',
        'v1',
        'operator.openshift.io/v1',
      ),
      kind: kinds,
      metadata: fc.anything(),
      spec: fc.anything(),
    });
    fc.assert(
      fc.property(fc.oneof(object, fc.anything()), (value) => {
        const text = stringify(value) ?? '';
        expectSane(text, validate(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated examples and arbitrary annotation strings', () => {
    const texts = RULE_CASES.map((c) => c.bad);
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.nat(),
        fc.string({ maxLength: 6 }),
        (text, where, insert) => {
          const i = where % (text.length + 1);
          const mutated = text.slice(0, i) + insert + text.slice(i + insert.length);
          expectSane(mutated, validate(mutated));
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (annotation) => {
        const text = pod(JSON.stringify(annotation));
        expectSane(text, validate(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('speed', () => {
  it('checks a 300-line file in a few milliseconds', () => {
    const parts: string[] = [];
    for (let i = 0; parts.join('\n---\n').split('\n').length < 300; i++) {
      parts.push(
        ibNetwork(
          `  ipam: '{"type": "whereabouts", "range": "10.${i}.0.0/24"}'\n  capabilities: '{"infinibandGUID": true}'`,
        ).replace('name: ib1', `name: ib${i}`),
      );
      parts.push(
        pod(
          `'[{"name": "ib${i}", "interface": "ib1", "infiniband-guid": "02:00:00:00:00:00:00:0${i % 10}"}]'`,
        ),
      );
      parts.push(
        policy('  numVfs: 8\n  nicSelector:\n    vendor: "15b3"').replace('ib-policy', `p${i}`),
      );
    }
    const text = parts.join('\n---\n');
    validate(text);
    const times: number[] = [];
    for (let run = 0; run < 15; run++) {
      const start = performance.now();
      validate(text);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? Infinity;
    console.log(
      `validate: ${text.split('\n').length} lines in ${median.toFixed(2)} ms (median of 15)`,
    );
    // Generous bound for a loaded 2-core CI machine; the figure printed above is the real measure.
    expect(median).toBeLessThan(150);
  });
});
