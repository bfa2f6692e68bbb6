import type { z } from 'zod';
import type { CheckContext, PendingFix } from './context';
import { removeEntry, renameKey, replaceValue } from './edits';
import { listWords, suggestName } from './suggest';
import {
  entryOf,
  nodeAt,
  spanAt,
  toPlain,
  type ObjectNode,
  type PathStep,
  type TreeNode,
} from './tree';
import type { Severity } from './types';

/** How the findings of one schema check are worded and coded. */
export interface SchemaCheck {
  schema: z.ZodType;
  root: TreeNode;
  /** Code namespace: `schema` for objects, `ipam` for IPAM configs. */
  namespace: string;
  /** What the root is, for messages ("SriovIBNetwork", "whereabouts IPAM"). */
  what: string;
  /** Path of the root in its document, for the diagnostics' `path`. */
  prefix: PathStep[];
  document?: number;
  /** What happens to an unknown field, e.g. "the API server rejects it". */
  unknownConsequence: string;
  unknownSeverity: Severity;
  /** Per dotted path: a domain code to use instead of the generic one. */
  codes?: Record<string, string>;
  /** YAML errors nearby: missing-field findings would be noise. */
  damaged?: boolean;
  /** Paths another rule reports on. */
  ignore?: (path: readonly PathStep[]) => boolean;
}

/** The plain value at `path`, and whether the last key is there at all (even with no value). */
function plainAt(plain: unknown, path: readonly PathStep[]): { present: boolean; actual: unknown } {
  let current = plain;
  for (const step of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, step)) {
      return { present: false, actual: undefined };
    }
    current = (current as Record<PathStep, unknown>)[step];
  }
  return { present: true, actual: current };
}

type AnyDef = { type: string; [key: string]: unknown };

function defOf(schema: unknown): AnyDef | undefined {
  return (schema as { _zod?: { def?: AnyDef } } | undefined)?._zod?.def;
}

/** The schema that validates the value at `path` below `schema`, when it can be followed. */
export function schemaAt(schema: z.ZodType, path: readonly PathStep[]): z.ZodType | undefined {
  let current: unknown = schema;
  for (const step of [...path, null]) {
    // Unwrap wrappers first, then take the step.
    for (let guard = 0; guard < 10; guard++) {
      const def = defOf(current);
      if (!def) return undefined;
      if (
        ['optional', 'nullable', 'default', 'readonly', 'catch', 'nonoptional'].includes(def.type)
      ) {
        current = def.innerType;
      } else if (def.type === 'pipe') current = def.in;
      else if (def.type === 'lazy') current = (def.getter as () => unknown)();
      else break;
    }
    if (step === null) break;
    const def = defOf(current);
    if (!def) return undefined;
    if (def.type === 'object' && typeof step === 'string')
      current = (def.shape as Record<string, unknown>)[step];
    else if (def.type === 'array' && typeof step === 'number') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
    if (current === undefined) return undefined;
  }
  return current as z.ZodType;
}

/** Field names an object schema knows. */
export function knownKeys(schema: z.ZodType | undefined): string[] {
  const def = defOf(schema);
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

function pathText(path: readonly PathStep[]): string {
  return path.reduce<string>(
    (acc, step) => (typeof step === 'number' ? `${acc}[${step}]` : acc ? `${acc}.${step}` : step),
    '',
  );
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'a map of keys to values',
};

/** Runs a schema over a tree and reports each issue where it is, with a fix when one is clear. */
export function checkSchema(ctx: CheckContext, check: SchemaCheck): void {
  const plain = toPlain(check.root);
  const result = check.schema.safeParse(plain);
  if (result.success) return;

  const report = (
    severity: Severity,
    path: PathStep[],
    code: string,
    message: string,
    fixes?: PendingFix[],
    preferKey = false,
  ) => {
    ctx.report({
      severity,
      code: check.codes?.[path.join('.')] ?? `${check.namespace}/${code}`,
      message,
      span: spanAt(check.root, path, preferKey),
      path: [...check.prefix, ...path],
      ...(check.document !== undefined ? { document: check.document } : {}),
      ...(fixes && fixes.length > 0 ? { fixes } : {}),
    });
  };

  // Unknown keys first: a misspelled required field should be reported once, as the misspelling.
  const renamed = new Set<string>();
  const issues = result.error.issues;
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const parentPath = issue.path as PathStep[];
    if (check.ignore?.(parentPath)) continue;
    const parent = nodeAt(check.root, parentPath);
    const known = knownKeys(schemaAt(check.schema, parentPath));
    for (const key of issue.keys) {
      const suggestion = suggestName(key, known);
      const entry = entryOf(parent, key);
      const where = parentPath.length ? pathText(parentPath) : check.what;
      const fixes: PendingFix[] = [];
      if (parent?.type === 'object' && entry) {
        if (suggestion && !entryOf(parent, suggestion)) {
          const edit = renameKey(ctx.text, parent, entry, suggestion);
          if (edit) fixes.push({ title: `Rename to ${suggestion}`, edits: [edit] });
          renamed.add(pathText([...parentPath, suggestion]));
        } else {
          const edit = removeEntry(ctx.text, parent as ObjectNode, entry);
          if (edit) fixes.push({ title: `Remove ${key}`, edits: [edit] });
        }
      }
      const hint = suggestion
        ? `did you mean "${suggestion}"?`
        : `known fields: ${listWords(known)}`;
      report(
        check.unknownSeverity,
        [...parentPath, key],
        'unknown-field',
        `unknown field "${key}" in ${where}: ${check.unknownConsequence}; ${hint}`,
        fixes,
        true,
      );
    }
  }

  for (const issue of issues) {
    const path = issue.path as PathStep[];
    if (check.ignore?.(path)) continue;
    const value = nodeAt(check.root, path);
    const { present, actual } = plainAt(plain, path);
    const name = pathText(path) || check.what;
    const description = schemaAt(check.schema, path)?.description;

    switch (issue.code) {
      case 'unrecognized_keys':
        break;
      case 'invalid_type': {
        if (!present) {
          if (check.damaged || renamed.has(name)) break;
          report(
            'error',
            path,
            'required',
            `${name} is required${description ? `: ${description}` : ''}`,
          );
          break;
        }
        const expected = EXPECTED[String(issue.expected)] ?? String(issue.expected);
        const fixes: PendingFix[] = [];
        let hint = '';
        if (issue.expected === 'string' && actual !== null && typeof actual === 'object' && value) {
          hint = '; this field holds JSON as text: quote it as a string';
          const edit = replaceValue(ctx.text, value, JSON.stringify(actual));
          if (edit) fixes.push({ title: 'Write it as a JSON string', edits: [edit] });
        } else if (
          issue.expected === 'string' &&
          (typeof actual === 'number' || typeof actual === 'boolean') &&
          value
        ) {
          hint = '; quote it';
          const edit = replaceValue(ctx.text, value, String(actual));
          if (edit) fixes.push({ title: `Quote ${String(actual)}`, edits: [edit] });
        } else if (issue.expected === 'int' && typeof actual === 'number' && value) {
          const edit = replaceValue(ctx.text, value, Math.round(actual));
          if (edit) fixes.push({ title: `Use ${Math.round(actual)}`, edits: [edit] });
        } else if (
          issue.expected === 'boolean' &&
          (actual === 'true' || actual === 'false') &&
          value
        ) {
          const edit = replaceValue(ctx.text, value, actual === 'true');
          if (edit) fixes.push({ title: `Use ${actual} without quotes`, edits: [edit] });
        }
        report(
          'error',
          path,
          'type',
          `${name} must be ${expected}, found ${describeValue(actual)}${hint}`,
          fixes,
        );
        break;
      }
      case 'invalid_value': {
        const values = issue.values.map(String);
        const suggestion = typeof actual === 'string' ? suggestName(actual, values) : undefined;
        const fixes: PendingFix[] = [];
        if (suggestion && value) {
          const edit = replaceValue(ctx.text, value, suggestion);
          if (edit) fixes.push({ title: `Use ${suggestion}`, edits: [edit] });
        }
        report(
          'error',
          path,
          'enum',
          `${name} must be ${listWords(values.map((v) => JSON.stringify(v)))}, found ${describeValue(actual)}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
          fixes,
        );
        break;
      }
      case 'too_small':
      case 'too_big': {
        const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        const word = issue.code === 'too_small' ? 'at least' : 'at most';
        const unit =
          issue.origin === 'string' ? ' characters long' : issue.origin === 'array' ? ' items' : '';
        report(
          'error',
          path,
          'range',
          `${name} must be ${word} ${String(bound)}${unit}, found ${describeValue(actual)}${description ? ` (${description})` : ''}`,
        );
        break;
      }
      default:
        report('error', path, 'invalid', `${name}: ${issue.message}`);
    }
  }
}
