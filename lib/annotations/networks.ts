import { DNS1123_LABEL } from '../model';
import { parseJsonForm } from './networks-json';
import {
  checkInterfaceName,
  type AnnotationProblem,
  type NetworkRequest,
  type NetworksAnnotation,
  type Span,
} from './networks-types';

export type { AnnotationProblem, NetworkRequest, NetworksAnnotation, Span };

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
