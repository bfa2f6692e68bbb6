import { type FieldError, fieldInvalid, fieldNotSupported, fieldRequired, goValue } from './errors';
import { clone, deepEqual, isPlainObject, removeKey } from './object';
import type { JsonSchema } from './resources';

/**
 * Structural-schema handling for custom resources, in kube-apiserver's order: drop nulls that are
 * not nullable, apply defaults, prune unknown fields (remembering them for fieldValidation), then
 * validate what is left.
 */

const patternCache = new Map<string, RegExp | null>();

function compiled(pattern: string): RegExp | null {
  if (!patternCache.has(pattern)) {
    try {
      patternCache.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      patternCache.set(pattern, null);
    }
  }
  return patternCache.get(pattern) ?? null;
}

const preserves = (s: JsonSchema): boolean => s['x-kubernetes-preserve-unknown-fields'] === true;
const properties = (s: JsonSchema): Record<string, JsonSchema> | undefined =>
  s.properties as Record<string, JsonSchema> | undefined;

function fieldPath(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

/**
 * Drops non-nullable nulls, fills defaults and prunes fields the schema does not declare, in
 * place. Returns the paths of the pruned fields, as kube reports them for fieldValidation.
 */
export function defaultAndPrune(value: unknown, schema: JsonSchema, path = ''): string[] {
  const unknown: string[] = [];
  walk(value, schema, path, unknown, path === '');
  return unknown;
}

function walk(
  value: unknown,
  schema: JsonSchema,
  path: string,
  unknown: string[],
  root: boolean,
): void {
  if (Array.isArray(value)) {
    const items = schema.items as JsonSchema | undefined;
    if (items) value.forEach((v, i) => walk(v, items, `${path}[${i}]`, unknown, false));
    return;
  }
  if (!isPlainObject(value)) return;
  const props = properties(schema);
  const additional = schema.additionalProperties;

  for (const [key, child] of Object.entries(value)) {
    if (root && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
    const childSchema =
      props?.[key] ?? (isPlainObject(additional) ? (additional as JsonSchema) : undefined);
    if (!childSchema) {
      if (!preserves(schema) && additional !== true && !schema['x-kubernetes-int-or-string']) {
        unknown.push(fieldPath(path, key));
        removeKey(value, key);
      }
      continue;
    }
    if (child === null && childSchema.nullable !== true) {
      removeKey(value, key);
      continue;
    }
    walk(child, childSchema, fieldPath(path, key), unknown, false);
  }

  for (const [key, childSchema] of Object.entries(props ?? {})) {
    if (value[key] === undefined && childSchema.default !== undefined) {
      value[key] = clone(childSchema.default);
      walk(value[key], childSchema, fieldPath(path, key), unknown, false);
    }
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return true;
  }
}

/** Validates a (defaulted, pruned) value against a structural schema; returns kube-style field errors. */
export function validateSchema(value: unknown, schema: JsonSchema, path = ''): FieldError[] {
  const errors: FieldError[] = [];
  check(value, schema, path, errors, path === '');
  return errors;
}

function check(v: unknown, s: JsonSchema, path: string, errors: FieldError[], root: boolean): void {
  if (v === null) {
    if (s.nullable !== true && s.type !== undefined) {
      errors.push({
        type: 'FieldValueTypeInvalid',
        field: path,
        detail: `Invalid value: "null": ${path} in body must be of type ${String(s.type)}: "null"`,
      });
    }
    return;
  }

  const intOrString = s['x-kubernetes-int-or-string'] === true;
  if (intOrString) {
    if (!(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)))) {
      errors.push({
        type: 'FieldValueTypeInvalid',
        field: path,
        detail: `Invalid value: "${typeName(v)}": ${path} in body must be of type integer,string: "${typeName(v)}"`,
      });
      return;
    }
  } else if (typeof s.type === 'string' && !typeMatches(s.type, v)) {
    errors.push({
      type: 'FieldValueTypeInvalid',
      field: path,
      detail: `Invalid value: "${typeName(v)}": ${path} in body must be of type ${s.type}: "${typeName(v)}"`,
    });
    return;
  }

  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) {
    errors.push(fieldNotSupported(path, v, s.enum as unknown[]));
  }

  if (typeof v === 'number') checkNumber(v, s, path, errors);
  if (typeof v === 'string') checkString(v, s, path, errors);
  if (Array.isArray(v)) checkArray(v, s, path, errors);
  if (isPlainObject(v)) checkObject(v, s, path, errors, root);

  for (const sub of (s.allOf as JsonSchema[] | undefined) ?? []) check(v, sub, path, errors, root);
  const anyOf = s.anyOf as JsonSchema[] | undefined;
  if (anyOf && !anyOf.some((sub) => validateSchemaQuiet(v, sub, path))) {
    errors.push(fieldInvalid(path, v, 'must validate at least one schema (anyOf)'));
  }
  const oneOf = s.oneOf as JsonSchema[] | undefined;
  if (oneOf && oneOf.filter((sub) => validateSchemaQuiet(v, sub, path)).length !== 1) {
    errors.push(fieldInvalid(path, v, 'must validate one and only one schema (oneOf)'));
  }
  const not = s.not as JsonSchema | undefined;
  if (not && validateSchemaQuiet(v, not, path)) {
    errors.push(fieldInvalid(path, v, 'must not validate the schema (not)'));
  }
}

function validateSchemaQuiet(v: unknown, s: JsonSchema, path: string): boolean {
  const errors: FieldError[] = [];
  check(v, s, path, errors, false);
  return errors.length === 0;
}

function checkNumber(v: number, s: JsonSchema, path: string, errors: FieldError[]): void {
  const min = s.minimum as number | undefined;
  const max = s.maximum as number | undefined;
  if (min !== undefined) {
    const exclusive = s.exclusiveMinimum === true;
    if (exclusive ? v <= min : v < min) {
      const rel = exclusive ? 'greater than' : 'greater than or equal to';
      errors.push(fieldInvalid(path, v, `${path} in body should be ${rel} ${min}`));
    }
  }
  if (max !== undefined) {
    const exclusive = s.exclusiveMaximum === true;
    if (exclusive ? v >= max : v > max) {
      const rel = exclusive ? 'less than' : 'less than or equal to';
      errors.push(fieldInvalid(path, v, `${path} in body should be ${rel} ${max}`));
    }
  }
  const multiple = s.multipleOf as number | undefined;
  if (multiple !== undefined && multiple > 0 && !Number.isInteger(v / multiple)) {
    errors.push(fieldInvalid(path, v, `${path} in body should be a multiple of ${multiple}`));
  }
}

function checkString(v: string, s: JsonSchema, path: string, errors: FieldError[]): void {
  const maxLength = s.maxLength as number | undefined;
  const minLength = s.minLength as number | undefined;
  const length = [...v].length;
  if (maxLength !== undefined && length > maxLength) {
    errors.push({
      type: 'FieldValueTooLong',
      field: path,
      detail: `Too long: may not be more than ${maxLength} bytes`,
    });
  }
  if (minLength !== undefined && length < minLength) {
    errors.push(
      fieldInvalid(path, v, `${path} in body should be at least ${minLength} chars long`),
    );
  }
  if (typeof s.pattern === 'string') {
    const re = compiled(s.pattern);
    if (re && !re.test(v)) {
      errors.push(fieldInvalid(path, v, `${path} in body should match '${s.pattern}'`));
    }
  }
  if (s.format === 'date-time' && v !== '' && Number.isNaN(Date.parse(v))) {
    errors.push(fieldInvalid(path, v, `${path} in body must be of type date-time: ${goValue(v)}`));
  }
}

function checkArray(v: unknown[], s: JsonSchema, path: string, errors: FieldError[]): void {
  const maxItems = s.maxItems as number | undefined;
  const minItems = s.minItems as number | undefined;
  if (maxItems !== undefined && v.length > maxItems) {
    errors.push({
      type: 'FieldValueTooMany',
      field: path,
      detail: `Too many: ${v.length}: must have at most ${maxItems} items`,
    });
  }
  if (minItems !== undefined && v.length < minItems) {
    errors.push(fieldInvalid(path, v, `${path} in body should have at least ${minItems} items`));
  }
  const items = s.items as JsonSchema | undefined;
  if (items) v.forEach((item, i) => check(item, items, `${path}[${i}]`, errors, false));

  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'] as string[] | undefined;
  if (listType === 'set' || s.uniqueItems === true) {
    v.forEach((item, i) => {
      if (v.findIndex((other) => deepEqual(other, item)) < i) {
        errors.push({
          type: 'FieldValueDuplicate',
          field: `${path}[${i}]`,
          detail: `Duplicate value: ${JSON.stringify(item)}`,
        });
      }
    });
  } else if (listType === 'map' && keys) {
    const seen = new Set<string>();
    v.forEach((item, i) => {
      if (!isPlainObject(item)) return;
      const id = JSON.stringify(Object.fromEntries(keys.map((k) => [k, item[k]])));
      if (seen.has(id)) {
        errors.push({
          type: 'FieldValueDuplicate',
          field: `${path}[${i}]`,
          detail: `Duplicate value: ${id}`,
        });
      }
      seen.add(id);
    });
  }
}

function checkObject(
  v: Record<string, unknown>,
  s: JsonSchema,
  path: string,
  errors: FieldError[],
  root: boolean,
): void {
  for (const name of (s.required as string[] | undefined) ?? []) {
    if (root && (name === 'apiVersion' || name === 'kind' || name === 'metadata')) continue;
    if (v[name] === undefined) errors.push(fieldRequired(fieldPath(path, name)));
  }
  const count = Object.keys(v).length;
  if (typeof s.maxProperties === 'number' && count > s.maxProperties) {
    errors.push({
      type: 'FieldValueTooMany',
      field: path,
      detail: `Too many: ${count}: must have at most ${s.maxProperties} items`,
    });
  }
  if (typeof s.minProperties === 'number' && count < s.minProperties) {
    errors.push(
      fieldInvalid(
        path,
        count,
        `${path} in body should have at least ${s.minProperties} properties`,
      ),
    );
  }
  const props = properties(s);
  const additional = isPlainObject(s.additionalProperties)
    ? (s.additionalProperties as JsonSchema)
    : undefined;
  for (const [key, child] of Object.entries(v)) {
    if (root && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
    const childSchema = props?.[key] ?? additional;
    if (childSchema) check(child, childSchema, fieldPath(path, key), errors, false);
  }
}
