import { closest, distance } from 'fastest-levenshtein';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, NetworkSelectionElementSchema } from '../model';
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
import {
  checkInterfaceName,
  type AnnotationProblem,
  type NetworkRequest,
  type NetworksAnnotation,
} from './networks-types';

const KNOWN_KEYS = Object.keys(NetworkSelectionElementSchema.shape);
/** Multus still reads the pre-3.2 spelling of `interface`. */
const DEPRECATED_KEYS: Record<string, string> = { interfaceRequest: 'interface' };

/** The JSON form: a list of NetworkSelectionElement objects. */
export function parseJsonForm(value: string): NetworksAnnotation {
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
