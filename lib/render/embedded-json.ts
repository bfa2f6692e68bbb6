import type { Issue } from '../diagnostics/types';

export type JsonParse<T> = { ok: true; value: T } | { ok: false; message: string };

/** JSON.parse without the throw: embedded JSON comes from users and is often broken. */
export function parseJsonText<T = unknown>(text: string): JsonParse<T> {
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `spec.<field>` as a JSON object. Empty text counts as absent; anything that is not a JSON
 * object is an issue, never an empty object.
 */
export function readJsonObjectField(
  text: string | undefined,
  field: string,
  example: string,
): { value?: Record<string, unknown>; issue?: Issue } {
  if (text === undefined || text.trim() === '') return {};
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    return {
      issue: {
        severity: 'error',
        code: `render/${field}-invalid-json`,
        message: `spec.${field} is not valid JSON (${parsed.message}); write it as a JSON object such as ${example}`,
        path: ['spec', field],
      },
    };
  }
  if (!isPlainObject(parsed.value)) {
    return {
      issue: {
        severity: 'error',
        code: `render/${field}-not-object`,
        message: `spec.${field} must be a JSON object such as ${example}, not ${describeJson(parsed.value)}`,
        path: ['spec', field],
      },
    };
  }
  return { value: parsed.value };
}

export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
