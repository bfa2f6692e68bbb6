import type { Condition } from '../../lib/model';

export const READY = 'Ready';

/**
 * Reasons of the `Ready` condition. The first three are the SR-IOV Network Operator's own;
 * `NetworkNamespaceNotAllowed` is ibnet's, for what the operator's admission webhook would have
 * rejected: `spec.networkNamespace` on a network outside the operator namespace.
 */
export const REASONS = {
  ready: 'NetworkReady',
  invalid: 'NetworkAttachmentDefinitionInvalid',
  namespaceNotFound: 'NamespaceNotFound',
  namespaceNotAllowed: 'NetworkNamespaceNotAllowed',
} as const;

export type ReadyReason = (typeof REASONS)[keyof typeof REASONS];

/** The Ready condition the controller wants on a network, before timestamps. */
export interface DesiredReady {
  status: 'True' | 'False';
  reason: ReadyReason;
  message: string;
}

export function readyOf(conditions: Condition[] | undefined): Condition | undefined {
  return conditions?.find((c) => c.type === READY);
}

/**
 * The conditions to write so that Ready says `desired` for `generation`, or undefined when they
 * already do (no write needed). Other condition types are kept as they are; the transition time
 * moves only when the status flips.
 */
export function nextConditions(
  current: Condition[] | undefined,
  desired: DesiredReady,
  generation: number | undefined,
  now = new Date(),
): Condition[] | undefined {
  const existing = readyOf(current);
  const same =
    existing?.status === desired.status &&
    existing.reason === desired.reason &&
    existing.message === desired.message &&
    existing.observedGeneration === generation;
  if (same) return undefined;

  const ready: Condition = {
    type: READY,
    status: desired.status,
    reason: desired.reason,
    message: desired.message,
    lastTransitionTime:
      existing?.status === desired.status && existing.lastTransitionTime
        ? existing.lastTransitionTime
        : now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
  return [...(current ?? []).filter((c) => c.type !== READY), ready];
}
