/** Digits up to which a count is shown exactly; beyond, it is rounded (an IPv6 /64 has 2^63). */
const EXACT_DIGITS = 9;

/**
 * An address count (a decimal string, possibly huge) for people: exact with digit grouping up to
 * nine digits, else rounded to three significant digits with a power of ten.
 */
export function formatCount(decimal: string): string {
  if (!/^\d+$/.test(decimal)) return decimal;
  const digits = decimal.replace(/^0+(?=\d)/, '');
  if (digits.length <= EXACT_DIGITS) return Number(digits).toLocaleString('en-US');
  const mantissa = `${digits[0]}.${digits.slice(1, 3)}`;
  return `≈ ${mantissa} × 10^${digits.length - 1}`;
}
