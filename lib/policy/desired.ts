import {
  MELLANOX_MAX_VFS,
  MELLANOX_VENDOR,
  type InterfaceExt,
  type SriovNetworkNodePolicy,
} from '../model/sriov';
import { parsePfName, selectsNode, selectsPf, vfRangeFor } from './selectors';

export interface VfGroup {
  resourceName: string;
  deviceType: string;
  vfRange: string;
  policyName: string;
  mtu?: number;
  isRdma: boolean;
}

/** What one PF should look like: the SriovNetworkNodeState `spec.interfaces[]` entry. */
export interface DesiredInterface {
  pciAddress: string;
  name?: string;
  numVfs: number;
  mtu?: number;
  linkType?: string;
  externallyManaged?: boolean;
  vfGroups: VfGroup[];
}

/** A policy that cannot be applied as written; nothing of it is applied. */
export interface PolicyProblem {
  policy: string;
  pciAddress: string;
  message: string;
}

interface Claim {
  priority: number;
  numVfs: number;
  mtu?: number;
  linkType?: string;
  externallyManaged?: boolean;
  groups: (VfGroup & { first: number; last: number })[];
}

const priorityOf = (p: SriovNetworkNodePolicy) => p.spec.priority ?? 99;

/**
 * Works out, for one node, what each PF should become under the policies that select it, the way
 * the SR-IOV operator merges them: the lowest priority number wins a PF; policies of equal
 * priority share it when their VF ranges do not overlap, and the PF gets the largest numVfs among
 * them. Policies that break the hardware's limits or overlap are reported and left out whole.
 */
export function desiredInterfaces(
  policies: SriovNetworkNodePolicy[],
  pfs: InterfaceExt[],
  nodeLabels: Record<string, string>,
): { interfaces: DesiredInterface[]; problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  const claims = new Map<string, Claim>();
  const applicable = policies
    .filter((p) => !p.metadata.deletionTimestamp && selectsNode(p, nodeLabels))
    // Higher numbers first, so that the most important policy is applied last and wins.
    .sort(
      (a, b) =>
        priorityOf(b) - priorityOf(a) ||
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    );

  for (const policy of applicable) {
    for (const pf of pfs) {
      if (!selectsPf(policy, pf)) continue;
      const problem = checkLimits(policy, pf);
      if (problem) {
        problems.push({
          policy: policy.metadata.name ?? '',
          pciAddress: pf.pciAddress,
          message: problem,
        });
        continue;
      }
      const range = vfRangeFor(policy, pf);
      const group = range && {
        resourceName: policy.spec.resourceName,
        deviceType: policy.spec.deviceType ?? 'netdevice',
        vfRange: `${range.first}-${range.last}`,
        policyName: policy.metadata.name ?? '',
        mtu: policy.spec.mtu,
        // The operator forces RDMA on for InfiniBand unless the VFs go to vfio-pci.
        isRdma: policy.spec.isRdma ?? (isIb(policy) && policy.spec.deviceType !== 'vfio-pci'),
        ...range,
      };
      const existing = claims.get(pf.pciAddress);
      if (existing && existing.priority === priorityOf(policy)) {
        const clash =
          group && existing.groups.find((g) => g.first <= group.last && group.first <= g.last);
        if (clash) {
          problems.push({
            policy: policy.metadata.name ?? '',
            pciAddress: pf.pciAddress,
            message: `VF range ${group.vfRange} overlaps range ${clash.vfRange} of policy ${clash.policyName} on ${pf.name ?? pf.pciAddress}; give each policy its own range with pfNames: ["${pf.name ?? 'pf'}#first-last"]`,
          });
          continue;
        }
        existing.numVfs = Math.max(existing.numVfs, policy.spec.numVfs);
        existing.mtu = maxDefined(existing.mtu, policy.spec.mtu);
        if (group) existing.groups.push(group);
        continue;
      }
      claims.set(pf.pciAddress, {
        priority: priorityOf(policy),
        numVfs: policy.spec.numVfs,
        mtu: policy.spec.mtu,
        linkType: policy.spec.linkType?.toLowerCase(),
        externallyManaged: policy.spec.externallyManaged,
        groups: group ? [group] : [],
      });
    }
  }

  const interfaces = pfs
    .filter((pf) => claims.has(pf.pciAddress))
    .map((pf) => {
      const claim = claims.get(pf.pciAddress) as Claim;
      return {
        pciAddress: pf.pciAddress,
        name: pf.name,
        numVfs: claim.numVfs,
        mtu: claim.mtu,
        linkType: claim.linkType,
        externallyManaged: claim.externallyManaged,
        vfGroups: claim.groups
          .sort((a, b) => a.first - b.first)
          .map(({ first: _f, last: _l, ...g }) => g),
      };
    });
  return { interfaces, problems };
}

function isIb(policy: SriovNetworkNodePolicy): boolean {
  return policy.spec.linkType?.toLowerCase() === 'ib';
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

/** Why the hardware cannot do what the policy asks, or undefined. */
function checkLimits(policy: SriovNetworkNodePolicy, pf: InterfaceExt): string | undefined {
  const { numVfs } = policy.spec;
  const where = pf.name ?? pf.pciAddress;
  if (pf.totalvfs !== undefined && numVfs > pf.totalvfs) {
    return `numVfs ${numVfs} is more than ${where} supports (sriov_totalvfs ${pf.totalvfs}); lower numVfs to at most ${pf.totalvfs}`;
  }
  if (pf.vendor?.toLowerCase() === MELLANOX_VENDOR && numVfs > MELLANOX_MAX_VFS) {
    return `numVfs ${numVfs} is more than the ${MELLANOX_MAX_VFS} VFs a Mellanox card allows on ${where}; lower numVfs to at most ${MELLANOX_MAX_VFS}`;
  }
  const malformed = policy.spec.nicSelector.pfNames?.find(
    (n) => n.startsWith(`${pf.name ?? ''}#`) && parsePfName(n) === undefined,
  );
  if (malformed) return `pfNames entry "${malformed}" is not NAME#first-last with first ≤ last`;
  const range = vfRangeFor(policy, pf);
  if (range && range.last >= numVfs) {
    return `VF range ${range.first}-${range.last} on ${where} goes past numVfs ${numVfs} (the last VF index is ${numVfs - 1}); shrink the range or raise numVfs`;
  }
  return undefined;
}
