import type { NetworkSelectionElement } from '../model';
import { INTERFACE_NAME_MAX } from '../model';
import type { Severity } from '../diagnostics/types';
import type { Span } from './json-text';

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

export function checkInterfaceName(name: string, span: Span, problems: AnnotationProblem[]): void {
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
