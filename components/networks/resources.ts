import type { NetworkKind, NodeRow, PolicyRow } from '@/lib/views/types';

/** A device-plugin resource a network can take its VFs from, with what is free right now. */
export interface ResourceOption {
  /** As written in `spec.resourceName` (no prefix). */
  resourceName: string;
  /** Full name on nodes, e.g. `openshift.io/ib_vfs`, once a node advertises it. */
  fullName?: string;
  /** `ib`, `eth` or unknown (policies without linkType configure Ethernet). */
  linkType: 'ib' | 'eth';
  policies: string[];
  /** Nodes advertising the resource. */
  nodes: number;
  allocatable: number;
  /** VFs already requested by running or pending pods. */
  requested: number;
  free: number;
}

function linkTypeOf(policy: PolicyRow): 'ib' | 'eth' {
  return policy.linkType?.toLowerCase() === 'ib' ? 'ib' : 'eth';
}

/**
 * The resources the node policies define, with free VFs summed over the nodes that advertise
 * them (allocatable minus requested, per node). Sorted with the kind's own link type first:
 * InfiniBand policies for a SriovIBNetwork, Ethernet ones for a SriovNetwork.
 */
export function resourceOptions(
  policies: readonly PolicyRow[],
  nodes: readonly NodeRow[],
  kind: NetworkKind,
): ResourceOption[] {
  const byName = new Map<string, ResourceOption>();
  for (const policy of policies) {
    const existing = byName.get(policy.resourceName);
    if (existing) {
      existing.policies.push(policy.name);
      continue;
    }
    byName.set(policy.resourceName, {
      resourceName: policy.resourceName,
      linkType: linkTypeOf(policy),
      policies: [policy.name],
      nodes: 0,
      allocatable: 0,
      requested: 0,
      free: 0,
    });
  }
  for (const node of nodes) {
    for (const r of node.resources) {
      const short = r.resource.slice(r.resource.indexOf('/') + 1);
      const option = byName.get(short);
      if (!option) continue;
      option.fullName = r.resource;
      option.nodes++;
      option.allocatable += r.allocatable;
      option.requested += r.requested;
      option.free += Math.max(0, r.allocatable - r.requested);
    }
  }
  const wanted = kind === 'SriovIBNetwork' ? 'ib' : 'eth';
  return [...byName.values()].sort(
    (a, b) =>
      Number(b.linkType === wanted) - Number(a.linkType === wanted) ||
      a.resourceName.localeCompare(b.resourceName),
  );
}

/** One line about a resource for a picker: "ib_vfs — 12 of 16 VFs free on 2 nodes". */
export function describeResource(option: ResourceOption): string {
  if (option.nodes === 0) return `${option.resourceName} — no node advertises it yet`;
  const nodes = `${option.nodes} node${option.nodes === 1 ? '' : 's'}`;
  return `${option.resourceName} — ${option.free} of ${option.allocatable} VFs free on ${nodes}`;
}
