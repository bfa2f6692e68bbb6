import { describe, expect, it } from 'vitest';
import { applyQuickFix } from './apply';
import { RULE_CASES } from './fixtures/cases';
import type { Diagnostic } from './types';
import { validate } from './validate';

const syntaxErrors = (ds: Diagnostic[]) =>
  ds.filter((d) => /^(yaml|json)\//.test(d.code) && d.severity === 'error').length;

describe('quick fixes apply cleanly and remove what they fix', () => {
  for (const rule of RULE_CASES) {
    const before = validate(rule.bad, rule.options);
    const fixable = before.filter((d) => d.fixes && d.fixes.length > 0);
    if (fixable.length === 0) continue;
    it(`fixes in the ${rule.code} example`, () => {
      for (const d of fixable) {
        for (const fix of d.fixes ?? []) {
          const fixed = applyQuickFix(rule.bad, fix);
          expect(fixed).not.toBe(rule.bad);
          const after = validate(fixed, rule.options);
          const context = `${d.code} "${fix.title}" turned\n${rule.bad}\ninto\n${fixed}\n${JSON.stringify(after.map((a) => a.code))}`;
          expect(syntaxErrors(after), context).toBeLessThanOrEqual(
            syntaxErrors(before) -
              (/^(yaml|json)\//.test(d.code) && d.severity === 'error' ? 1 : 0),
          );
          const left = after.filter((a) => a.code === d.code).length;
          expect(left, context).toBeLessThan(before.filter((b) => b.code === d.code).length);
        }
      }
    });
  }

  it('fixes edit inside embedded JSON in every YAML quoting style', () => {
    const styles = [
      `  capabilities: '{"infiniband_guid": true}'`,
      `  capabilities: "{\\"infiniband_guid\\": true}"`,
      `  capabilities: |\n    {"infiniband_guid": true}`,
      `  capabilities: >\n    {"infiniband_guid": true}`,
    ];
    for (const style of styles) {
      const text = `apiVersion: sriovnetwork.openshift.io/v1\nkind: SriovIBNetwork\nmetadata:\n  name: ib1\n  namespace: tenant\nspec:\n  resourceName: mlnx_ib\n  ipam: '{"type": "whereabouts", "range": "10.1.0.0/16"}'\n${style}\n`;
      const d = validate(text).find((x) => x.code === 'capabilities/unknown-key');
      expect(d?.line, style).toBe(9 + (style.includes('\n') ? 1 : 0));
      const fix = d?.fixes?.[0];
      expect(fix, style).toBeDefined();
      const fixed = applyQuickFix(text, fix as NonNullable<typeof fix>);
      expect(
        validate(fixed).filter((x) => x.severity !== 'info'),
        fixed,
      ).toEqual([]);
    }
  });
});
