import { describe, expect, it } from 'vitest';
import { lineChanges, minimalReplacement } from './text-diff';

function apply(text: string, r: { start: number; end: number; text: string } | undefined) {
  return r ? text.slice(0, r.start) + r.text + text.slice(r.end) : text;
}

describe('minimalReplacement', () => {
  it('replaces only the changed middle', () => {
    const r = minimalReplacement('name: ib1\nspec: {}\n', 'name: ib22\nspec: {}\n');
    expect(r).toEqual({ start: 8, end: 9, text: '22' });
  });

  it('handles insertions, deletions and identical texts', () => {
    for (const [a, b] of [
      ['abc', 'abXc'],
      ['abXc', 'abc'],
      ['', 'new'],
      ['old', ''],
      ['aaa', 'aaaa'],
    ] as const) {
      expect(apply(a, minimalReplacement(a, b))).toBe(b);
    }
    expect(minimalReplacement('same', 'same')).toBeUndefined();
  });
});

describe('lineChanges', () => {
  it('counts added and removed lines', () => {
    expect(lineChanges('a\nb\nc', 'a\nB\nc\nd')).toEqual({ added: 2, removed: 1 });
    expect(lineChanges('a', 'a')).toEqual({ added: 0, removed: 0 });
  });
});
