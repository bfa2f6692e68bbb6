import {
  LEGACY_NETWORKS_STATUS_ANNOTATION,
  NETWORK_STATUS_ANNOTATION,
  NetworkStatusSchema,
  type NetworkStatus,
} from '../model';
import type { AnnotationProblem } from './networks';
import { jsonValue, parseJsonText, spanOf } from './json-text';

export interface NetworkStatusAnnotation {
  /** Entries that could be read; `mac` and `mtu` stay absent when Multus left them out. */
  statuses: NetworkStatus[];
  problems: AnnotationProblem[];
}

/**
 * Parses the `network-status` annotation Multus writes. Tolerant: a broken entry is reported and
 * skipped, the others are kept. Values are never invented: ib-sriov reports neither `mac` nor
 * `mtu`, and they stay missing here.
 */
export function parseNetworkStatus(value: string): NetworkStatusAnnotation {
  const problems: AnnotationProblem[] = [];
  if (value.trim() === '') return { statuses: [], problems };

  const parsed = parseJsonText(value);
  for (const p of parsed.problems) {
    problems.push({ severity: 'error', code: 'annotation/json', message: p.message, span: p.span });
  }
  const root = parsed.root;
  if (!root) return { statuses: [], problems };
  if (root.type !== 'array') {
    problems.push({
      severity: 'error',
      code: 'annotation/not-list',
      message: 'network-status must be a JSON list of attachment entries',
      span: spanOf(root),
    });
    return { statuses: [], problems };
  }

  const statuses: NetworkStatus[] = [];
  for (const element of root.children ?? []) {
    const checked = NetworkStatusSchema.safeParse(jsonValue(element));
    if (checked.success) {
      statuses.push(checked.data);
      continue;
    }
    const issue = checked.error.issues[0];
    problems.push({
      severity: 'warning',
      code: 'annotation/status-entry',
      message: `entry skipped: ${issue ? `${issue.path.join('.') || 'entry'}: ${issue.message}` : 'not an attachment entry'}`,
      span: spanOf(element),
    });
  }
  return { statuses, problems };
}

/**
 * The attachment status of a pod from its annotations: `network-status`, or the `networks-status`
 * that Multus wrote before it. `source` says which one was read.
 */
export function networkStatusOf(
  annotations: Record<string, string> | undefined,
): NetworkStatusAnnotation & {
  source?: typeof NETWORK_STATUS_ANNOTATION | typeof LEGACY_NETWORKS_STATUS_ANNOTATION;
} {
  const current = annotations?.[NETWORK_STATUS_ANNOTATION];
  if (current !== undefined)
    return { ...parseNetworkStatus(current), source: NETWORK_STATUS_ANNOTATION };
  const legacy = annotations?.[LEGACY_NETWORKS_STATUS_ANNOTATION];
  if (legacy !== undefined) {
    return { ...parseNetworkStatus(legacy), source: LEGACY_NETWORKS_STATUS_ANNOTATION };
  }
  return { statuses: [], problems: [] };
}
