import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scalar, stringify } from 'yaml';
import { parseYamlDocuments } from './yaml-tree';
import { scalarEdit, type ScalarStyle } from './scalar-map';

const STYLES: ScalarStyle[] = [
  'PLAIN',
  'QUOTE_SINGLE',
  'QUOTE_DOUBLE',
  'BLOCK_LITERAL',
  'BLOCK_FOLDED',
];

/** Writes `value` under `key` in the requested style (the library falls back when it must). */
function written(value: string, style: ScalarStyle, lineWidth: number): string {
  const scalar = new Scalar(value);
  scalar.type = style;
  return stringify({ spec: { ipam: scalar } }, { lineWidth, minContentWidth: 0 });
}

function mapOf(text: string) {
  const docs = parseYamlDocuments(text);
  const spec = docs[0]?.root?.type === 'object' ? docs[0].root.entries[0]?.value : undefined;
  const node = spec?.type === 'object' ? spec.entries[0]?.value : undefined;
  return node?.type === 'scalar' ? node.stringMap?.() : undefined;
}

describe('decoded string offsets map back to the source', () => {
  it('exactly for every style, folding and escapes included', () => {
    const json = fc.oneof(
      fc.json(),
      fc.string({
        unit: fc.constantFrom('{', '}', '"', "'", ' ', 'a', '\\', ':', ',', '\n', '\t', 'é', '#'),
      }),
    );
    fc.assert(
      fc.property(
        json,
        fc.constantFrom(...STYLES),
        fc.constantFrom(20, 80),
        (value, style, width) => {
          const text = written(value, style, width);
          const map = mapOf(text);
          if (!map) return;
          // Compared with what the YAML library reads back, which is not always `value` (a
          // whitespace-only block scalar does not survive its own round trip).
          const decoded = map.decoded;
          expect(map.exact, `${style}:\n${text}`).toBe(true);
          for (let i = 0; i < decoded.length; i++) {
            const start = map.starts[i] ?? -1;
            const end = map.ends[i] ?? -1;
            expect(start).toBeGreaterThanOrEqual(map.from);
            expect(end).toBeGreaterThanOrEqual(start);
            // A character written as itself is found at its offset; escapes and folds span more.
            if (end - start === 1 && decoded[i] !== ' ' && decoded[i] !== '\n')
              expect(text[start]).toBe(decoded[i]);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('turns edits into the quoting of the string', () => {
    const single = mapOf(`spec:\n  ipam: '{"a": "it''s"}'\n`);
    expect(
      single && scalarEdit(`spec:\n  ipam: '{"a": "it''s"}'\n`, single, 6, 14, '"o\'k"'),
    ).toMatchObject({ newText: `"o''k"` });
    const text = `spec:\n  ipam: "{\\"a\\": 1}"\n`;
    const double = mapOf(text);
    expect(double && scalarEdit(text, double, 1, 4, '"b"')).toMatchObject({ newText: '\\"b\\"' });
  });
});
