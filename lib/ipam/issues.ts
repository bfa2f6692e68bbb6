import type { Issue, Severity } from '../diagnostics/types';

/** Builds an Issue; `replacement` is left out when there is no obvious corrected value. */
export function issue(
  severity: Severity,
  code: string,
  path: (string | number)[],
  message: string,
  replacement?: unknown,
): Issue {
  const found: Issue = { severity, code, message, path };
  if (replacement !== undefined) found.replacement = replacement;
  return found;
}

/** The value when it is a non-empty string, otherwise undefined (the schemas report wrong types). */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The value when it is an array, otherwise an empty one. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is a plain object, otherwise undefined. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
