import { isPlainObject } from './object';

/**
 * The JSONPath subset kube uses for printer columns: `.a.b`, `['a']`, `[0]`, `[*]`, `[1:3]`,
 * `..a` (recursive descent) and filters like `[?(@.type=="Ready")]` with == != < > <= >=.
 */

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'recursive'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start?: number; end?: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; path: Step[]; op?: string; value?: unknown };

/** A JSONPath that failed to parse; kube rejects such printer columns when a CRD is created. */
export class JsonPathError extends Error {
  override name = 'JsonPathError';
}

const cache = new Map<string, Step[]>();

export function parseJsonPath(expression: string): Step[] {
  const cached = cache.get(expression);
  if (cached) return cached;
  let text = expression.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1);
  if (text.startsWith('$')) text = text.slice(1);
  const steps = parseSteps(text);
  cache.set(expression, steps);
  return steps;
}

function parseSteps(text: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const readName = (): string => {
    const m = /^[^.[\]()\s=!<>]+/.exec(text.slice(i));
    const name = m?.[0] ?? '';
    i += name.length;
    return name;
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '@') {
      i++;
      continue;
    }
    if (text.startsWith('..', i)) {
      i += 2;
      steps.push({ kind: 'recursive', name: readName() });
      continue;
    }
    if (ch === '.') {
      i++;
      const name = readName();
      if (name === '*') steps.push({ kind: 'wildcard' });
      else if (name) steps.push({ kind: 'field', name });
      continue;
    }
    if (ch === '[') {
      const close = findClose(text, i);
      const inner = text.slice(i + 1, close).trim();
      i = close + 1;
      steps.push(parseBracket(inner));
      continue;
    }
    throw new JsonPathError(`unrecognized character in JSONPath "${text}" at ${i}`);
  }
  return steps;
}

function findClose(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[') depth++;
    else if (ch === ']' && --depth === 0) return i;
  }
  throw new JsonPathError(`unclosed [ in JSONPath "${text}"`);
}

function parseLiteral(text: string): unknown {
  const t = text.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))
    return t.slice(1, -1);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t !== '' && !Number.isNaN(Number(t))) return Number(t);
  throw new JsonPathError(`unsupported literal ${t} in JSONPath filter`);
}

function parseBracket(inner: string): Step {
  if (inner === '*') return { kind: 'wildcard' };
  if (inner.startsWith('?(') && inner.endsWith(')')) {
    const body = inner.slice(2, -1).trim();
    const m = /^(@[^=!<>\s]*)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(body);
    if (!m) return { kind: 'filter', path: parseSteps(body) };
    return {
      kind: 'filter',
      path: parseSteps(m[1] ?? '@'),
      op: m[2],
      value: parseLiteral(m[3] ?? ''),
    };
  }
  if (
    (inner.startsWith("'") && inner.endsWith("'")) ||
    (inner.startsWith('"') && inner.endsWith('"'))
  ) {
    return { kind: 'field', name: inner.slice(1, -1) };
  }
  if (/^-?\d*:-?\d*(:\d+)?$/.test(inner)) {
    const [start, end] = inner.split(':');
    return {
      kind: 'slice',
      ...(start ? { start: Number(start) } : {}),
      ...(end ? { end: Number(end) } : {}),
    };
  }
  if (/^-?\d+$/.test(inner)) return { kind: 'index', index: Number(inner) };
  throw new JsonPathError(`unsupported JSONPath subscript [${inner}]`);
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==':
      return a === b || (typeof a === 'number' && typeof b === 'string' && String(a) === b);
    case '!=':
      return a !== b;
    case '<':
      return (a as number) < (b as number);
    case '>':
      return (a as number) > (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>=':
      return (a as number) >= (b as number);
    default:
      return false;
  }
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isPlainObject(v)) return Object.values(v);
  return [];
}

function recurse(v: unknown, name: string, out: unknown[]): void {
  if (isPlainObject(v)) {
    if (name && v[name] !== undefined) out.push(v[name]);
    for (const c of Object.values(v)) recurse(c, name, out);
  } else if (Array.isArray(v)) for (const c of v) recurse(c, name, out);
}

function apply(steps: Step[], roots: unknown[]): unknown[] {
  let current = roots;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      switch (step.kind) {
        case 'field':
          if (isPlainObject(v) && v[step.name] !== undefined) next.push(v[step.name]);
          break;
        case 'recursive':
          recurse(v, step.name, next);
          break;
        case 'index':
          if (Array.isArray(v)) {
            const item = v[step.index < 0 ? v.length + step.index : step.index];
            if (item !== undefined) next.push(item);
          }
          break;
        case 'slice':
          if (Array.isArray(v)) next.push(...v.slice(step.start, step.end));
          break;
        case 'wildcard':
          next.push(...children(v));
          break;
        case 'filter':
          for (const item of children(v)) {
            const found = apply(step.path, [item]);
            if (
              step.op === undefined
                ? found.length > 0
                : found.some((f) => compare(f, step.op ?? '', step.value))
            ) {
              next.push(item);
            }
          }
          break;
      }
    }
    current = next;
  }
  return current;
}

/** All values a JSONPath selects from an object. */
export function evaluateJsonPath(expression: string, obj: unknown): unknown[] {
  return apply(parseJsonPath(expression), [obj]);
}
