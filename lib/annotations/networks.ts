import { closest, distance } from 'fastest-levenshtein';
import {
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  INTERFACE_NAME_MAX,
  NetworkSelectionElementSchema,
  type NetworkSelectionElement,
} from '../model';
import type { Severity } from '../diagnostics/types';
import { goMacLength, isGoCidr, isGoIp } from './addresses';
import { parseGuid } from './guid';
import {
  jsonProperties,
  jsonValue,
  parseJsonText,
  spanOf,
  type JsonNode,
  type Span,
} from './json-text';

export type { Span };

/** A problem found in an annotation value; `span` is in offsets of that value. */
export interface AnnotationProblem {
  severity: Severity;
  code: string;
  message: string;
  span: Span;
  /** Text that fixes the problem when it replaces `span`. */
  replacement?: string;
  /** Title of that fix. */
  fixTitle?: string;
}

/** One requested attachment, normalized from either form of the `networks` annotation. */
export interface NetworkRequest {
  name: string;
  namespace?: string;
  interface?: string;
  ips?: string[];
  mac?: string;
  infinibandGuid?: string;
  defaultRoute?: string[];
  cniArgs?: Record<string, unknown>;
  portMappings?: NetworkSelectionElement['portMappings'];
  bandwidth?: NetworkSelectionElement['bandwidth'];
  gatewayIp?: string[];
  ipamClaimReference?: string;
  /** Where the request sits in the annotation value. */
  span: Span;
  /** Where each field's key sits (JSON form), by its annotation key (`infiniband-guid`, `ips`…). */
  keys: Record<string, Span>;
  /** Where each field's value sits, by the same keys (short form: name, namespace, interface). */
  values: Record<string, Span>;
}

export interface NetworksAnnotation {
  /** `empty` when the value is empty: Multus then attaches nothing. */
  form: 'short' | 'json' | 'empty';
  requests: NetworkRequest[];
  problems: AnnotationProblem[];
}

/** Multus decides the form by these characters alone. */
const JSON_FORM_MARKERS = /[[{"]/;

/**
 * Parses the `k8s.v1.cni.cncf.io/networks` annotation as Multus does, keeping offsets so problems
 * can be shown where they are. Never throws: every mistake comes back as a problem, and whatever
 * could be read comes back as requests.
 */
export function parseNetworksAnnotation(value: string): NetworksAnnotation {
  if (value === '') return { form: 'empty', requests: [], problems: [] };
  const result = JSON_FORM_MARKERS.test(value) ? parseJsonForm(value) : parseShortForm(value);
  checkInterfaceCollisions(result);
  return result;
}

function parseShortForm(value: string): NetworksAnnotation {
  const requests: NetworkRequest[] = [];
  const problems: AnnotationProblem[] = [];
  let offset = 0;

  for (const raw of value.split(',')) {
    const itemStart = offset;
    offset += raw.length + 1;
    const lead = raw.length - raw.trimStart().length;
    const item = raw.trim();
    const span = { start: itemStart + lead, end: itemStart + lead + item.length };

    if (item === '') {
      // Multus looks up a network with an empty name and fails the pod.
      const commaBefore = itemStart > 0;
      const removal = commaBefore
        ? { start: itemStart - 1, end: itemStart + raw.length }
        : { start: itemStart, end: Math.min(value.length, itemStart + raw.length + 1) };
      problems.push({
        severity: 'error',
        code: 'annotation/empty-item',
        message:
          'empty network name in the list (a stray comma?): Multus looks for a network named "" and the pod fails to start; remove it',
        span: removal,
        replacement: '',
        fixTitle: 'Remove the empty item',
      });
      continue;
    }

    const compact = item.replace(/\s+/g, '');
    if (raw !== item || compact !== item) {
      problems.push({
        severity: 'warning',
        code: 'annotation/whitespace',
        message:
          raw.trim() === compact
            ? `whitespace around "${item}": Multus trims it, but other tools may not; write the list without spaces`
            : `whitespace inside "${item}": Multus trims it around '/' and '@' only, and names cannot contain it; write "${compact}"`,
        span: { start: itemStart, end: itemStart + raw.length },
        replacement: compact,
        fixTitle: 'Remove the whitespace',
      });
    }

    const request = parseShortItem(item, span.start, problems);
    if (request) requests.push(request);
  }
  return { form: 'short', requests, problems };
}

/** One `ns/name@ifname` item; `base` is its offset in the annotation value. */
function parseShortItem(
  item: string,
  base: number,
  problems: AnnotationProblem[],
): NetworkRequest | undefined {
  const span = { start: base, end: base + item.length };
  const slashes = item.split('/');
  if (slashes.length > 2) {
    problems.push({
      severity: 'error',
      code: 'annotation/format',
      message: `"${item}" has more than one '/': write namespace/name (Multus: "Invalid network object (failed at '/')")`,
      span,
    });
    return undefined;
  }
  const nsPart = slashes.length === 2 ? (slashes[0] ?? '') : undefined;
  const rest = slashes.length === 2 ? (slashes[1] ?? '') : item;
  const restStart = base + (nsPart === undefined ? 0 : nsPart.length + 1);
  const ats = rest.split('@');
  if (ats.length > 2) {
    problems.push({
      severity: 'error',
      code: 'annotation/format',
      message: `"${item}" has more than one '@': write name@interface (Multus: "Invalid network object (failed at '@')")`,
      span,
    });
    return undefined;
  }

  const namePart = ats[0] ?? '';
  const ifPart = ats.length === 2 ? (ats[1] ?? '') : undefined;
  const request: NetworkRequest = { name: namePart.trim(), span, keys: {}, values: {} };
  request.values.name = trimmedSpan(namePart, restStart);
  if (nsPart !== undefined) {
    request.namespace = nsPart.trim();
    request.values.namespace = trimmedSpan(nsPart, base);
  }
  if (ifPart !== undefined) {
    request.interface = ifPart.trim();
    request.values.interface = trimmedSpan(ifPart, restStart + namePart.length + 1);
  }

  for (const part of ['namespace', 'name'] as const) {
    const text = request[part];
    const where = request.values[part];
    if (text === undefined || where === undefined || text === '' || DNS1123_LABEL.test(text))
      continue;
    const lower = text
      .toLowerCase()
      .replace(/[^-a-z0-9]/g, '-')
      .replace(/^-+|-+$/g, '');
    problems.push({
      severity: 'error',
      code: 'annotation/name',
      message: `${part} "${text}" is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit); Multus fails the pod with "one or more items did not match comma-delimited format … mismatch @ '${text}'"`,
      span: where,
      ...(lower !== '' && DNS1123_LABEL.test(lower)
        ? { replacement: lower, fixTitle: `Use "${lower}"` }
        : {}),
    });
  }
  if (nsPart !== undefined && request.namespace === '') {
    problems.push({
      severity: 'error',
      code: 'annotation/name',
      message: `"${item}" has an empty namespace before '/': write namespace/name or just name`,
      span,
    });
  }
  if (request.name === '') {
    problems.push({
      severity: 'error',
      code: 'annotation/missing-name',
      message: `"${item}" has no network name: Multus looks for a network named "" and the pod fails; write the NetworkAttachmentDefinition's name`,
      span,
    });
  }
  if (request.interface !== undefined) {
    checkInterfaceName(request.interface, request.values.interface ?? span, problems);
  }
  return request;
}

function trimmedSpan(part: string, start: number): Span {
  const lead = part.length - part.trimStart().length;
  return { start: start + lead, end: start + lead + part.trim().length };
}

function checkInterfaceName(name: string, span: Span, problems: AnnotationProblem[]): void {
  const tooLong = [...name].length > INTERFACE_NAME_MAX;
  const bad = /[\s/]/.test(name);
  if (name === '') {
    problems.push({
      severity: 'error',
      code: 'annotation/interface',
      message: 'empty interface name after "@": write name@net1 or leave out the "@"',
      span,
    });
  } else if (tooLong || bad || name === '.' || name === '..') {
    problems.push({
      severity: 'error',
      code: 'annotation/interface',
      message: `interface name "${name}" ${tooLong ? `is longer than ${INTERFACE_NAME_MAX} characters` : 'contains "/" or whitespace'}; Linux refuses it (Multus: "must be less than 15 chars and not contain '/' or spaces"); use a short name such as ib1`,
      span,
    });
  }
}

const KNOWN_KEYS = Object.keys(NetworkSelectionElementSchema.shape);
/** Multus still reads the pre-3.2 spelling of `interface`. */
const DEPRECATED_KEYS: Record<string, string> = { interfaceRequest: 'interface' };

function parseJsonForm(value: string): NetworksAnnotation {
  const requests: NetworkRequest[] = [];
  const problems: AnnotationProblem[] = [];
  const parsed = parseJsonText(value);
  for (const p of parsed.problems) {
    problems.push({
      severity: 'error',
      code: p.trailingComma ? 'annotation/trailing-comma' : 'annotation/json',
      message: `${p.message} (Multus: "failed to parse pod Network Attachment Selection Annotation JSON format")`,
      span: p.span,
      ...(p.trailingComma ? { replacement: '', fixTitle: 'Remove the trailing comma' } : {}),
    });
  }

  const root = parsed.root;
  if (!root) return { form: 'json', requests, problems };
  if (root.type === 'object') {
    problems.push({
      severity: 'error',
      code: 'annotation/not-list',
      message:
        'the JSON form is a list of objects: wrap the object in [ ] (Multus cannot unmarshal an object into a list)',
      span: spanOf(root),
      replacement: `[${value.slice(root.offset, root.offset + root.length)}]`,
      fixTitle: 'Wrap it in a list',
    });
    const request = parseElement(root, problems);
    if (request) requests.push(request);
  } else if (root.type !== 'array') {
    problems.push({
      severity: 'error',
      code: 'annotation/not-list',
      message:
        'the JSON form must be a list of objects such as [{"name": "ib1", "interface": "ib1"}]; for plain names write them comma-separated without quotes',
      span: spanOf(root),
    });
  } else {
    for (const element of root.children ?? []) {
      const request = parseElement(element, problems);
      if (request) requests.push(request);
    }
  }
  return { form: 'json', requests, problems };
}

function parseElement(node: JsonNode, problems: AnnotationProblem[]): NetworkRequest | undefined {
  const span = spanOf(node);
  if (node.type !== 'object') {
    const text = node.type === 'string' ? String(node.value) : undefined;
    problems.push({
      severity: 'error',
      code: 'annotation/type',
      message: `each element of the list must be an object with a "name"${text !== undefined ? `: write {"name": "${text}"}` : ''}`,
      span,
      ...(text !== undefined
        ? { replacement: JSON.stringify({ name: text }), fixTitle: 'Make it an object' }
        : {}),
    });
    return undefined;
  }

  const keys: Record<string, Span> = {};
  const values: Record<string, Span> = {};
  const plain: Record<string, unknown> = {};
  const valueNodes: Record<string, JsonNode> = {};
  for (const { key, value } of jsonProperties(node)) {
    const name = String(key.value);
    const canonical = canonicalKey(name, spanOf(key), problems);
    if (canonical === undefined) continue;
    keys[canonical] = spanOf(key);
    if (value) {
      values[canonical] = spanOf(value);
      valueNodes[canonical] = value;
      plain[canonical] = jsonValue(value);
    }
  }

  const checked = NetworkSelectionElementSchema.safeParse(plain);
  const bad = new Set<string>();
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (field === 'name' && !('name' in plain)) continue;
      bad.add(field);
      problems.push({
        severity: 'error',
        code: 'annotation/type',
        message: `"${field}" ${describeIssue(issue)}: Multus cannot read the annotation and the pod fails`,
        span: pathSpan(valueNodes[field], issue.path.slice(1)) ?? keys[field] ?? span,
      });
    }
  }

  const request: NetworkRequest = { name: '', span, keys, values };
  const str = (k: string) =>
    !bad.has(k) && typeof plain[k] === 'string' ? (plain[k] as string) : undefined;
  const list = (k: string) =>
    !bad.has(k) && Array.isArray(plain[k]) ? (plain[k] as unknown[]).map(String) : undefined;
  request.name = str('name') ?? '';
  assign(request, 'namespace', str('namespace'));
  assign(request, 'interface', str('interface'));
  assign(request, 'mac', str('mac'));
  assign(request, 'infinibandGuid', str('infiniband-guid'));
  assign(request, 'ips', list('ips'));
  assign(request, 'defaultRoute', list('default-route'));
  assign(request, 'gatewayIp', list('gateway-ip'));
  assign(request, 'ipamClaimReference', str('ipam-claim-reference'));
  if (!bad.has('cni-args'))
    assign(request, 'cniArgs', plain['cni-args'] as Record<string, unknown>);
  if (!bad.has('portMappings')) assign(request, 'portMappings', checked.data?.portMappings);
  if (!bad.has('bandwidth')) assign(request, 'bandwidth', checked.data?.bandwidth);

  checkJsonFields(request, valueNodes, problems);
  return request;
}

function assign<K extends keyof NetworkRequest>(
  request: NetworkRequest,
  key: K,
  value: NetworkRequest[K] | undefined,
): void {
  if (value !== undefined) request[key] = value;
}

/** Maps a key to the field Multus fills from it (Go matches keys case-insensitively). */
function canonicalKey(name: string, span: Span, problems: AnnotationProblem[]): string | undefined {
  if (KNOWN_KEYS.includes(name)) return name;
  const deprecated = DEPRECATED_KEYS[name];
  if (deprecated) {
    problems.push({
      severity: 'warning',
      code: 'annotation/deprecated-field',
      message: `"${name}" is the pre-3.2 spelling that Multus still reads; write "${deprecated}"`,
      span,
      replacement: JSON.stringify(deprecated),
      fixTitle: `Rename to "${deprecated}"`,
    });
    return deprecated;
  }
  const sameLetters = KNOWN_KEYS.find((k) => k.toLowerCase() === name.toLowerCase());
  if (sameLetters) {
    problems.push({
      severity: 'warning',
      code: 'annotation/field-case',
      message: `"${name}" is read by Multus as "${sameLetters}" (Go ignores case), but other tools do not; write "${sameLetters}"`,
      span,
      replacement: JSON.stringify(sameLetters),
      fixTitle: `Rename to "${sameLetters}"`,
    });
    return sameLetters;
  }
  const guess = closest(name.toLowerCase(), KNOWN_KEYS);
  const near = guess !== undefined && distance(name.toLowerCase(), guess.toLowerCase()) <= 3;
  problems.push({
    severity: 'warning',
    code: 'annotation/unknown-field',
    message: `unknown field "${name}" is silently ignored by Multus${near ? `; did you mean "${guess}"?` : `; known fields: ${KNOWN_KEYS.join(', ')}`}`,
    span,
    ...(near ? { replacement: JSON.stringify(guess), fixTitle: `Rename to "${guess}"` } : {}),
  });
  return undefined;
}

function describeIssue(issue: { code: string; expected?: unknown; message: string }): string {
  if (issue.code === 'invalid_type' && typeof issue.expected === 'string') {
    return `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
  }
  return issue.message.toLowerCase();
}

function pathSpan(node: JsonNode | undefined, path: PropertyKey[]): Span | undefined {
  let current = node;
  for (const step of path) {
    if (!current) return undefined;
    if (typeof step === 'number') current = current.children?.[step];
    else current = jsonProperties(current).find((p) => p.key.value === step)?.value;
  }
  return current ? spanOf(current) : undefined;
}

function checkJsonFields(
  request: NetworkRequest,
  nodes: Record<string, JsonNode>,
  problems: AnnotationProblem[],
): void {
  const at = (key: string) => request.values[key] ?? request.span;
  if (request.name === '' && !('name' in nodes)) {
    problems.push({
      severity: 'error',
      code: 'annotation/missing-name',
      message:
        'this request has no "name": Multus looks for a network named "" and the pod fails; add "name": "<NetworkAttachmentDefinition name>"',
      span: request.span,
    });
  } else if (!DNS1123_SUBDOMAIN.test(request.name)) {
    problems.push({
      severity: 'error',
      code: 'annotation/name',
      message: `"${request.name}" cannot be the name of a NetworkAttachmentDefinition (lower-case letters, digits, '-' and '.'); use the NAD's exact name`,
      span: at('name'),
    });
  }
  if (
    request.namespace !== undefined &&
    request.namespace !== '' &&
    !DNS1123_LABEL.test(request.namespace)
  ) {
    problems.push({
      severity: 'error',
      code: 'annotation/name',
      message: `namespace "${request.namespace}" is not a valid namespace name (a DNS-1123 label: lower-case letters, digits and '-')`,
      span: at('namespace'),
    });
  }
  if (request.interface !== undefined)
    checkInterfaceName(request.interface, at('interface'), problems);
  if (request.mac !== undefined && goMacLength(request.mac) === undefined) {
    problems.push({
      severity: 'error',
      code: 'annotation/mac',
      message: `"${request.mac}" is not a MAC address (Multus: "failed to mac"); write six hex pairs such as 02:00:00:00:00:01`,
      span: at('mac'),
    });
  }
  if (request.infinibandGuid !== undefined)
    checkGuidRequest(request.infinibandGuid, at('infiniband-guid'), problems);
  checkAddressList(request.ips, nodes.ips, 'ips', true, problems);
  checkAddressList(request.defaultRoute, nodes['default-route'], 'default-route', false, problems);
}

function checkGuidRequest(guid: string, span: Span, problems: AnnotationProblem[]): void {
  const goLength = goMacLength(guid);
  const parsed = parseGuid(guid);
  if (goLength !== 8) {
    problems.push({
      severity: 'error',
      code: 'guid/format',
      message: `infiniband-guid "${guid}" is not an 8-byte GUID (Multus: "failed to validate infiniband GUID"); write it as 02:00:00:00:00:00:00:01`,
      span,
      ...(parsed.ok
        ? { replacement: JSON.stringify(parsed.guid), fixTitle: `Use ${parsed.guid}` }
        : {}),
    });
    return;
  }
  const hex = guid.replace(/[:.-]/g, '').toLowerCase();
  const canonical = (hex.match(/../g) ?? []).join(':');
  const checked = parseGuid(canonical);
  if (!checked.ok) {
    problems.push({
      severity: 'error',
      code: checked.problem === 'all-zero' ? 'guid/all-zero' : 'guid/all-ones',
      message: checked.message,
      span,
    });
  }
}

function checkAddressList(
  list: string[] | undefined,
  node: JsonNode | undefined,
  key: string,
  allowCidr: boolean,
  problems: AnnotationProblem[],
): void {
  if (!list) return;
  list.forEach((text, i) => {
    const ok = isGoIp(text) || (allowCidr && text.includes('/') && isGoCidr(text));
    if (ok) return;
    const itemNode = node?.children?.[i];
    problems.push({
      severity: 'error',
      code: `annotation/${key === 'ips' ? 'ips' : 'default-route'}`,
      message: `"${text}" in "${key}" is not an IP address${allowCidr ? ' or CIDR' : ''} (Multus: "failed to parse ${text.includes('/') ? 'CIDR' : 'IP address'} \\"${text}\\""); write e.g. 192.168.10.5/24`,
      span: itemNode ? spanOf(itemNode) : { start: 0, end: 0 },
    });
  });
}

/**
 * Two requests for the same interface name fail the second attachment. Multus names unnamed
 * requests net1, net2… by their position, so an explicit name can collide with those too.
 */
function checkInterfaceCollisions(result: NetworksAnnotation): void {
  const used = new Map<string, number>();
  result.requests.forEach((r, i) => {
    const name = r.interface || `net${i + 1}`;
    const first = used.get(name);
    if (first === undefined) {
      used.set(name, i);
      return;
    }
    result.problems.push({
      severity: 'error',
      code: 'annotation/duplicate-interface',
      message: `requests ${first + 1} and ${i + 1} both get interface "${name}"${r.interface ? '' : ' (Multus names unnamed requests net1, net2… by position)'}; the second attachment fails: give each request its own interface name`,
      span: r.values.interface ?? r.span,
    });
  });
  const eth0 = result.requests.find((r) => r.interface === 'eth0');
  if (eth0) {
    result.problems.push({
      severity: 'error',
      code: 'annotation/duplicate-interface',
      message: 'interface "eth0" is the pod\'s primary interface; choose another name such as ib1',
      span: eth0.values.interface ?? eth0.span,
    });
  }
}
