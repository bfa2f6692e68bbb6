import { describe, expect, it } from 'vitest';
import { formatCount } from './count';

describe('formatCount', () => {
  it('shows small counts exactly', () => {
    expect(formatCount('14')).toBe('14');
    expect(formatCount('65534')).toBe('65,534');
  });

  it('rounds IPv6-sized counts to a power of ten without losing the magnitude', () => {
    expect(formatCount('9223372036854775807')).toBe('≈ 9.22 × 10^18');
  });

  it('leaves text that is not a count alone', () => {
    expect(formatCount('n/a')).toBe('n/a');
  });
});
