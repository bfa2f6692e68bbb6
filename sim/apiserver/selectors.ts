import { badRequest } from './errors';
import type { KubeObject } from './object';

/** One parsed label requirement, as kube's labels.Requirement. */
export interface LabelRequirement {
  key: string;
  operator: 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';
  values: string[];
}

export type LabelSelector = LabelRequirement[];

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkKey(key: string): void {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? '' : key.slice(0, slash);
  const ok =
    name.length > 0 &&
    name.length <= 63 &&
    NAME.test(name) &&
    (slash < 0 || (prefix.length > 0 && prefix.length <= 253 && PREFIX.test(prefix)));
  if (!ok) {
    throw badRequest(
      `unable to parse requirement: invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

function checkValue(value: string): void {
  if (value !== '' && (value.length > 63 || !NAME.test(value))) {
    throw badRequest(
      `unable to parse requirement: invalid label value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

/** Splits on commas that are not inside parentheses. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

const SET_FORM = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/;
const EQUALITY_FORM = /^([^\s=!<>]+)\s*(==|!=|=|<|>)\s*(.*)$/;

/** Parses a label selector string (`a=b,c in (x,y),!d`); throws 400 BadRequest when malformed. */
export function parseLabelSelector(text: string | undefined): LabelSelector {
  if (!text || text.trim() === '') return [];
  return splitTop(text).map((raw) => {
    const part = raw.trim();
    if (part === '')
      throw badRequest(`unable to parse requirement: found '', expected: identifier`);
    if (part.startsWith('!')) {
      const key = part.slice(1).trim();
      checkKey(key);
      return { key, operator: '!', values: [] };
    }
    const set = SET_FORM.exec(part);
    if (set) {
      const [, key = '', op, list = ''] = set;
      checkKey(key);
      const values = list.split(',').map((v) => v.trim());
      values.forEach(checkValue);
      return { key, operator: op === 'in' ? 'in' : 'notin', values };
    }
    const eq = EQUALITY_FORM.exec(part);
    if (eq) {
      const [, key = '', op, value = ''] = eq;
      checkKey(key);
      if (op === '<' || op === '>') {
        if (!/^-?\d+$/.test(value.trim())) {
          throw badRequest(
            `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`,
          );
        }
        return { key, operator: op === '<' ? 'lt' : 'gt', values: [value.trim()] };
      }
      checkValue(value.trim());
      return { key, operator: op === '!=' ? 'notin' : 'in', values: [value.trim()] };
    }
    checkKey(part);
    return { key: part, operator: 'exists', values: [] };
  });
}

/** Whether labels satisfy every requirement of the selector. */
export function matchLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  for (const r of selector) {
    const value = labels?.[r.key];
    switch (r.operator) {
      case 'in':
        if (value === undefined || !r.values.includes(value)) return false;
        break;
      case 'notin':
        if (value !== undefined && r.values.includes(value)) return false;
        break;
      case 'exists':
        if (value === undefined) return false;
        break;
      case '!':
        if (value !== undefined) return false;
        break;
      case 'gt':
      case 'lt': {
        if (value === undefined || !/^-?\d+$/.test(value)) return false;
        const n = Number(value);
        const bound = Number(r.values[0]);
        if (r.operator === 'gt' ? !(n > bound) : !(n < bound)) return false;
      }
    }
  }
  return true;
}

/** One field requirement: `field=value` or `field!=value`. */
export interface FieldRequirement {
  field: string;
  value: string;
  negate: boolean;
}

export type FieldSelector = FieldRequirement[];

type FieldGetter = (obj: KubeObject) => string | undefined;

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const at =
  (...path: string[]): FieldGetter =>
  (obj) => {
    let node: unknown = obj;
    for (const p of path) node = (node as Record<string, unknown> | undefined)?.[p];
    return typeof node === 'boolean' ? String(node) : str(node);
  };

const COMMON: Record<string, FieldGetter> = {
  'metadata.name': at('metadata', 'name'),
  'metadata.namespace': at('metadata', 'namespace'),
};

/** Field selectors each built-in supports, keyed by storage key; custom resources get COMMON only. */
const BY_RESOURCE: Record<string, Record<string, FieldGetter>> = {
  pods: {
    'spec.nodeName': at('spec', 'nodeName'),
    'spec.restartPolicy': at('spec', 'restartPolicy'),
    'spec.schedulerName': at('spec', 'schedulerName'),
    'spec.serviceAccountName': at('spec', 'serviceAccountName'),
    'spec.hostNetwork': (o) => at('spec', 'hostNetwork')(o) || 'false',
    'status.phase': at('status', 'phase'),
    'status.podIP': at('status', 'podIP'),
    'status.nominatedNodeName': at('status', 'nominatedNodeName'),
  },
  events: {
    'involvedObject.kind': at('involvedObject', 'kind'),
    'involvedObject.namespace': at('involvedObject', 'namespace'),
    'involvedObject.name': at('involvedObject', 'name'),
    'involvedObject.uid': at('involvedObject', 'uid'),
    'involvedObject.apiVersion': at('involvedObject', 'apiVersion'),
    'involvedObject.resourceVersion': at('involvedObject', 'resourceVersion'),
    'involvedObject.fieldPath': at('involvedObject', 'fieldPath'),
    reason: at('reason'),
    reportingComponent: at('reportingComponent'),
    source: at('source', 'component'),
    type: at('type'),
  },
  secrets: { type: at('type') },
  nodes: { 'spec.unschedulable': (o) => at('spec', 'unschedulable')(o) || 'false' },
  namespaces: { 'status.phase': at('status', 'phase') },
};

/** Unescapes a field selector value (`\,`, `\=`, `\\`). */
function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/** Splits on separators not preceded by a backslash. */
function splitUnescaped(text: string, sep: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + (text[i + 1] ?? '');
      i++;
    } else if (ch === sep) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

/**
 * Parses a field selector and checks each field is supported for the resource. Unsupported fields
 * get the same 400 BadRequest kube-apiserver gives.
 */
export function parseFieldSelector(
  text: string | undefined,
  storageKey: string,
  custom: boolean,
): FieldSelector {
  if (!text || text.trim() === '') return [];
  const supported = { ...COMMON, ...(BY_RESOURCE[storageKey] ?? {}) };
  return splitUnescaped(text, ',').map((raw) => {
    const m = /^([^=!]+?)\s*(==|!=|=)(.*)$/s.exec(raw.trim());
    if (!m) throw badRequest(`invalid selector: '${raw}'; can't understand '${raw}'`);
    const [, field = '', op, value = ''] = m;
    if (!supported[field]) {
      throw badRequest(
        custom
          ? `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`
          : `field label not supported: ${field}`,
      );
    }
    return { field, value: unescape(value), negate: op === '!=' };
  });
}

/** Whether an object satisfies every field requirement. */
export function matchFields(selector: FieldSelector, storageKey: string, obj: KubeObject): boolean {
  if (selector.length === 0) return true;
  const getters = BY_RESOURCE[storageKey];
  for (const r of selector) {
    const getter = COMMON[r.field] ?? getters?.[r.field];
    const value = getter ? (getter(obj) ?? '') : '';
    if (r.negate ? value === r.value : value !== r.value) return false;
  }
  return true;
}

/** The single object name a field selector pins, for `metadata.name=x` watches. */
export function pinnedName(selector: FieldSelector): string | undefined {
  return selector.find((r) => r.field === 'metadata.name' && !r.negate)?.value;
}
