import { describe, expect, it } from 'vitest';
import { RULE_CASES } from './fixtures/cases';
import { validate } from './validate';

describe('every rule has a failing and a passing example', () => {
  for (const rule of RULE_CASES) {
    it(rule.code, () => {
      const bad = validate(rule.bad, rule.options);
      const found = bad.filter((d) => d.code === rule.code);
      expect(
        found,
        `no ${rule.code} in:\n${rule.bad}\ngot ${JSON.stringify(bad.map((d) => d.code))}`,
      ).not.toHaveLength(0);
      for (const d of found) {
        expect(d.message.length).toBeGreaterThan(20);
      }

      const good = validate(rule.good, rule.options);
      expect(good.map((d) => d.code)).not.toContain(rule.code);
      const errors = good.filter((d) => d.severity === 'error');
      expect(errors, `errors in the passing example:\n${rule.good}`).toEqual([]);
    });
  }
});
