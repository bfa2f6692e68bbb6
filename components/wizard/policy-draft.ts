import {
  DNS1123_SUBDOMAIN,
  MELLANOX_MAX_VFS,
  MELLANOX_VENDOR,
  RESOURCE_NAME_MAX,
  RESOURCE_NAME_PATTERN,
} from '@/lib/model';
import type { FabricNode, PolicyRow } from '@/lib/views/types';
import { isInfiniBand } from './cluster-check';
import type { PolicyDraft } from './state';

/** One port (PF name) on the nodes a policy would select, as the node states report it. */
export interface PortChoice {
  name: string;
  vendor?: string;
  deviceID?: string;
  linkType?: string;
  /** The smallest `totalvfs` among the nodes that have the port (what the policy can ask for). */
  totalvfs?: number;
  /** Nodes that have a port of this name. */
  nodes: string[];
  /** Resources already carved out of this port on any of those nodes. */
  resourceNames: string[];
}

/** The nodes a policy for `node` (a name, or `*` for every SR-IOV capable node) would select. */
export function selectedNodes(fabric: readonly FabricNode[], node: string): FabricNode[] {
  if (node === '*') return fabric.filter((n) => n.pfs.some((pf) => isInfiniBand(pf.linkType)));
  return fabric.filter((n) => n.name === node);
}

/** The ports of the selected nodes, grouped by name, InfiniBand ones first. */
export function portChoices(fabric: readonly FabricNode[], node: string): PortChoice[] {
  const byName = new Map<string, PortChoice>();
  for (const n of selectedNodes(fabric, node)) {
    for (const pf of n.pfs) {
      if (!pf.name) continue;
      const choice = byName.get(pf.name) ?? {
        name: pf.name,
        vendor: pf.vendor,
        deviceID: pf.deviceID,
        linkType: pf.linkType,
        nodes: [],
        resourceNames: [],
      };
      choice.nodes.push(n.name);
      if (pf.totalvfs !== undefined) {
        choice.totalvfs =
          choice.totalvfs === undefined ? pf.totalvfs : Math.min(choice.totalvfs, pf.totalvfs);
      }
      for (const r of pf.resourceNames) {
        if (!choice.resourceNames.includes(r)) choice.resourceNames.push(r);
      }
      byName.set(pf.name, choice);
    }
  }
  return [...byName.values()].sort(
    (a, b) =>
      Number(isInfiniBand(b.linkType)) - Number(isInfiniBand(a.linkType)) ||
      a.name.localeCompare(b.name),
  );
}

/** The most VFs a policy may ask of a port, and why that is the bound. */
export function vfLimit(port: PortChoice | undefined): { max: number; why: string } {
  const mellanox = (port?.vendor ?? MELLANOX_VENDOR).toLowerCase() === MELLANOX_VENDOR;
  const total = port?.totalvfs;
  if (total !== undefined && (!mellanox || total <= MELLANOX_MAX_VFS)) {
    return {
      max: total,
      why: `the port reports sriov_totalvfs = ${total}${port && port.nodes.length > 1 ? ' (the smallest on the selected nodes)' : ''}`,
    };
  }
  return {
    max: MELLANOX_MAX_VFS,
    why: `Mellanox firmware allows at most ${MELLANOX_MAX_VFS} VFs per port`,
  };
}

export type PolicyField = 'name' | 'node' | 'pf' | 'numVfs' | 'resourceName';

export interface PolicyProblem {
  field: PolicyField;
  message: string;
}

/** Another policy that already carves VFs out of the same port on one of the same nodes. */
function overlapping(
  draft: PolicyDraft,
  port: PortChoice,
  policies: readonly PolicyRow[],
): PolicyRow | undefined {
  return policies.find((p) => {
    if (p.name === draft.name) return false;
    const names = p.object.spec.nicSelector.pfNames ?? [];
    const samePort = names.some((n) => n.split('#')[0] === port.name);
    const selectsAll = names.length === 0 && p.object.spec.nicSelector.vendor !== undefined;
    return (samePort || selectsAll) && p.nodes.some((n) => port.nodes.includes(n));
  });
}

/**
 * What is wrong with the policy the wizard would create, field by field, in the order the form
 * shows the fields. Empty when it can be created.
 */
export function policyProblems(
  draft: PolicyDraft,
  fabric: readonly FabricNode[],
  policies: readonly PolicyRow[],
): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const add = (field: PolicyField, message: string) => problems.push({ field, message });

  if (!draft.name) add('name', 'Name the policy.');
  else if (!DNS1123_SUBDOMAIN.test(draft.name) || draft.name.length > 253) {
    add('name', `"${draft.name}" is not an object name: lower-case letters, digits, '-' and '.'.`);
  } else if (policies.some((p) => p.name === draft.name)) {
    add('name', `A policy named ${draft.name} exists already: choose another name.`);
  }

  if (selectedNodes(fabric, draft.node).length === 0) {
    add('node', 'Choose the nodes: none of the selected nodes reports an InfiniBand port.');
  }

  const ports = portChoices(fabric, draft.node);
  const port = ports.find((p) => p.name === draft.pf);
  if (!draft.pf) add('pf', 'Choose the port the VFs are carved out of.');
  else if (!port) add('pf', `No selected node has a port named ${draft.pf}.`);
  else if (!isInfiniBand(port.linkType)) {
    add(
      'pf',
      `${port.name} runs as ${port.linkType ?? 'an unknown link type'}; an InfiniBand policy needs a port in IB mode.`,
    );
  } else {
    const other = overlapping(draft, port, policies);
    if (other) {
      add(
        'pf',
        `Policy ${other.name} already carves VFs out of ${port.name} on ${other.nodes.filter((n) => port.nodes.includes(n)).join(', ')}: policies on one port must not overlap. Use its resource ${other.resourceName} (step 2), or choose another port.`,
      );
    }
  }

  const { max, why } = vfLimit(port);
  if (draft.numVfs === undefined) add('numVfs', 'Choose how many VFs each port gets.');
  else if (!Number.isInteger(draft.numVfs) || draft.numVfs < 1) {
    add('numVfs', 'The number of VFs is a whole number of at least 1.');
  } else if (draft.numVfs > max) {
    add('numVfs', `At most ${max} VFs: ${why}.`);
  }

  if (!draft.resourceName) add('resourceName', 'Name the resource pods will request.');
  else if (
    !RESOURCE_NAME_PATTERN.test(draft.resourceName) ||
    draft.resourceName.length > RESOURCE_NAME_MAX
  ) {
    add(
      'resourceName',
      `"${draft.resourceName}" is not a resource name: letters, digits, '_' and '-', starting and ending with a letter or digit, at most ${RESOURCE_NAME_MAX} characters.`,
    );
  } else if (policies.some((p) => p.resourceName === draft.resourceName)) {
    add(
      'resourceName',
      `Resource ${draft.resourceName} comes from another policy already; pick a new name so the two sets of VFs stay apart.`,
    );
  }
  return problems;
}
