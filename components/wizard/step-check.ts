import type { Diagnostic } from '@/lib/diagnostics';
import { isGoCidr, isValidGuid } from '@/lib/annotations';
import { DNS1123_LABEL, INTERFACE_NAME_MAX } from '@/lib/model';
import { readEmbeddedJson } from '@/components/networks/json-text';
import { requestedIps } from './objects';
import type { StepId, WizardState } from './state';

/** Where in the network YAML each step's fields live: its diagnostics are the step's. */
const STEP_PATHS: Partial<Record<StepId, (string | number)[][]>> = {
  network: [
    ['metadata', 'name'],
    ['metadata', 'namespace'],
    ['spec', 'resourceName'],
    ['spec', 'networkNamespace'],
  ],
  ipam: [['spec', 'ipam']],
  link: [
    ['spec', 'linkState'],
    ['spec', 'capabilities'],
  ],
};

function under(d: Diagnostic, prefix: readonly (string | number)[]): boolean {
  return (
    d.path !== undefined &&
    d.path.length >= prefix.length &&
    prefix.every((p, i) => d.path?.[i] === p)
  );
}

/** The diagnostics of the network YAML that concern one step's fields. */
export function stepDiagnostics(step: StepId, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const paths = STEP_PATHS[step];
  if (!paths) return step === 'review' ? [...diagnostics] : [];
  return diagnostics.filter((d) => paths.some((p) => under(d, p)));
}

/** Problems of the pod's request fields (interface, GUID, addresses), in words. */
export function podRequestProblems(state: Pick<WizardState, 'network' | 'pod'>): string[] {
  const { pod, network } = state;
  const problems: string[] = [];
  if (pod.interface) {
    if (pod.interface.length > INTERFACE_NAME_MAX) {
      problems.push(
        `The interface name "${pod.interface}" is longer than ${INTERFACE_NAME_MAX} characters, the kernel's limit.`,
      );
    } else if (/[\s/:]/.test(pod.interface)) {
      problems.push(`The interface name "${pod.interface}" may not contain spaces, '/' or ':'.`);
    }
  }
  if (pod.form === 'json' && network.guid && pod.guid && !isValidGuid(pod.guid.toLowerCase())) {
    problems.push(
      `"${pod.guid}" is not a usable GUID: eight bytes in hex like 02:00:00:00:00:00:00:01, neither all zeros nor all ff.`,
    );
  }
  if (pod.form === 'json' && network.ips) {
    for (const ip of requestedIps(pod)) {
      if (!isGoCidr(ip)) {
        problems.push(`"${ip}" is not an address with its prefix length, like 192.168.10.50/24.`);
      }
    }
  }
  return problems;
}

/**
 * Why the user cannot go on from a step yet: each entry one sentence; empty when Next is free.
 * Warnings never block, errors in the step's own fields do.
 */
export function stepBlockers(
  step: StepId,
  state: WizardState,
  diagnostics: readonly Diagnostic[],
): string[] {
  const blockers: string[] = [];
  // Fields this function words itself; the validator's findings on them would say it twice.
  const worded: (string | number)[][] = [];
  const n = state.network;
  switch (step) {
    case 'network':
      if (!n.name || !DNS1123_LABEL.test(n.name) || n.name.length > 63) {
        worded.push(['metadata', 'name']);
        blockers.push(
          n.name
            ? `"${n.name}" cannot name a network: lower-case letters, digits and '-', at most 63 characters (pods refer to it by this name).`
            : 'Name the network.',
        );
      }
      if (!n.namespace) {
        worded.push(['spec', 'networkNamespace'], ['metadata', 'namespace']);
        blockers.push('Choose the namespace whose pods use the network.');
      }
      if (!n.resourceName) {
        worded.push(['spec', 'resourceName']);
        blockers.push('Choose the resource the VFs come from.');
      }
      break;
    case 'ipam': {
      const ipam = n.ipam === null ? { state: 'absent' as const } : readEmbeddedJson(n.ipam);
      if (ipam.state === 'broken') {
        blockers.push(
          `The IPAM JSON is broken at line ${ipam.line}, column ${ipam.column} (${ipam.message}).`,
        );
      }
      break;
    }
    case 'pod':
      blockers.push(...podRequestProblems(state));
      break;
    default:
      break;
  }
  const errors = stepDiagnostics(step, diagnostics).filter(
    (d) => d.severity === 'error' && !worded.some((p) => under(d, p)),
  );
  const seen = new Set(blockers);
  for (const e of errors) {
    if (!seen.has(e.message)) blockers.push(e.message);
    seen.add(e.message);
  }
  return blockers;
}
