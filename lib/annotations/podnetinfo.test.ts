import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPodNetInfo, goQuote, goUnquote, parsePodNetInfo } from './podnetinfo';

describe('downward-API annotations file', () => {
  it('quotes values as Go %q does', () => {
    expect(goQuote('[{"name":"ib1"}]')).toBe('"[{\\"name\\":\\"ib1\\"}]"');
    expect(goQuote('a\nb\tc\\')).toBe('"a\\nb\\tc\\\\"');
    expect(goQuote('\x01é\u200b')).toBe('"\\x01é\\u200b"');
    expect(goQuote('😀')).toBe('"😀"');
  });

  it('writes sorted key="value" lines and reads them back', () => {
    const text = formatPodNetInfo({
      'k8s.v1.cni.cncf.io/networks': 'ib1@ib1',
      'k8s.v1.cni.cncf.io/network-status': '[{"name": "default/ib1",\n"interface": "ib1"}]',
    });
    expect(text).toBe(
      'k8s.v1.cni.cncf.io/network-status="[{\\"name\\": \\"default/ib1\\",\\n\\"interface\\": \\"ib1\\"}]"\n' +
        'k8s.v1.cni.cncf.io/networks="ib1@ib1"\n',
    );
    expect(parsePodNetInfo(text).annotations['k8s.v1.cni.cncf.io/networks']).toBe('ib1@ib1');
  });

  it('reports lines that are not key="value" and keeps the rest', () => {
    const { annotations, problems } = parsePodNetInfo('a="1"\nbroken line\nb="2\n');
    expect(annotations).toEqual({ a: '1' });
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
    expect(goUnquote('"\\x41\\101\\u00e9"')).toBe('AAé');
    expect(goUnquote('"\\q"')).toBeUndefined();
  });

  it('round-trips any annotations', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z0-9./-]{1,20}$/), fc.string({ unit: 'grapheme' })),
        (annotations) => {
          expect(parsePodNetInfo(formatPodNetInfo(annotations)).annotations).toEqual(annotations);
        },
      ),
    );
  });
});
