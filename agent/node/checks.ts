import type { DesiredInterface, PolicyProblem } from '../../lib/policy';
import { type GuidPool, type GuidSource, guidSourceFor } from './guids';
import type { SysfsPf } from './sysfs';

/** Why a PF cannot be brought to what the policies ask; nothing is changed on that PF. */
export interface NodeProblem {
  /** The policy at fault, when one is. */
  policy?: string;
  pciAddress: string;
  message: string;
}

/** The desired state after every check, split into what can be applied and what cannot. */
export interface CheckedState {
  /** PFs to configure: desired, and nothing wrong with them. */
  apply: DesiredInterface[];
  /** PFs with a problem: left exactly as they are until the problem is fixed. */
  frozen: Set<string>;
  problems: NodeProblem[];
  /** Where each IB PF's VF GUIDs come from. */
  guidSources: Map<string, GuidSource>;
}

function pfLabel(pf: SysfsPf | undefined, pci: string): string {
  return pf?.netdev ? `${pf.netdev} (${pci})` : pci;
}

function policiesOf(want: DesiredInterface): string | undefined {
  const names = [...new Set(want.vfGroups.map((g) => g.policyName).filter(Boolean))];
  return names.length > 0 ? names.join(', ') : undefined;
}

/** The checks that need the hardware's view, for one desired PF; returns what is wrong. */
function checkInterface(
  want: DesiredInterface,
  pf: SysfsPf,
  source: GuidSource | undefined,
): string[] {
  const where = pfLabel(pf, pf.pciAddress);
  const wrong: string[] = [];
  if (!pf.netdev) {
    wrong.push(
      `${where} has no network interface, so its VFs cannot be configured through it; bind the PF to its driver (${pf.driver ?? 'mlx5_core'})`,
    );
  }
  const wantType = want.linkType?.toUpperCase();
  if (wantType && pf.linkType && wantType !== pf.linkType) {
    wrong.push(
      `the policy asks for linkType ${want.linkType} but ${where} runs ${pf.linkType === 'IB' ? 'InfiniBand' : 'Ethernet'}; the port type is a firmware setting (mlxconfig LINK_TYPE_P1) that needs a reboot, which ibnet does not do: fix linkType or the firmware`,
    );
  }
  const vfio = want.vfGroups.find((g) => g.deviceType === 'vfio-pci');
  if (vfio) {
    wrong.push(
      `policy ${vfio.policyName} asks for deviceType vfio-pci, which ibnet's node configurator does not bind; use deviceType netdevice (InfiniBand RDMA needs it)`,
    );
  }
  if (want.externallyManaged && pf.numVfs < want.numVfs) {
    wrong.push(
      `${where} is externallyManaged and has ${pf.numVfs} VFs, fewer than numVfs ${want.numVfs}; create the VFs first or lower numVfs`,
    );
  }
  if (want.externallyManaged && want.mtu !== undefined && (pf.mtu ?? 0) < want.mtu) {
    wrong.push(
      `${where} is externallyManaged and its MTU ${pf.mtu ?? 'unknown'} is below the policy's ${want.mtu}; raise it yourself or lower mtu`,
    );
  }
  if (pf.linkType === 'IB' && want.numVfs > 0) {
    if (source?.kind === 'none') wrong.push(source.why);
    if (source?.kind === 'pool' && source.guids.count < BigInt(want.numVfs)) {
      wrong.push(
        `the GUID pool's ${source.guids.entry} has ${source.guids.count} GUIDs but ${where} needs ${want.numVfs} (numVfs); add GUIDs to the entry or lower numVfs`,
      );
    }
  }
  return wrong;
}

/**
 * Validates the whole desired state before anything is touched. A PF named by any problem (a
 * policy `lib/policy` refused, or something the hardware cannot do) is frozen: it is neither
 * configured nor reset, so nothing on it is half applied. The other PFs go ahead.
 */
export function checkDesired(
  pfs: SysfsPf[],
  desired: { interfaces: DesiredInterface[]; problems: PolicyProblem[] },
  pool: GuidPool | undefined,
): CheckedState {
  const byPci = new Map(pfs.map((pf) => [pf.pciAddress, pf]));
  const problems: NodeProblem[] = desired.problems.map((p) => ({
    policy: p.policy,
    pciAddress: p.pciAddress,
    message: p.message,
  }));
  const guidSources = new Map<string, GuidSource>();
  for (const pf of pfs) {
    if (pf.linkType === 'IB') guidSources.set(pf.pciAddress, guidSourceFor(pf, pool));
  }

  for (const want of desired.interfaces) {
    const pf = byPci.get(want.pciAddress);
    if (!pf) continue;
    for (const message of checkInterface(want, pf, guidSources.get(pf.pciAddress))) {
      problems.push({ policy: policiesOf(want), pciAddress: want.pciAddress, message });
    }
  }

  const frozen = new Set(problems.map((p) => p.pciAddress));
  return {
    apply: desired.interfaces.filter((i) => !frozen.has(i.pciAddress)),
    frozen,
    problems,
    guidSources,
  };
}

/**
 * The text for `status.lastSyncError`: every problem with the policy it comes from and the PF it
 * froze, then what was left alone.
 */
export function problemsText(problems: NodeProblem[], pfs: SysfsPf[]): string {
  const byPci = new Map(pfs.map((pf) => [pf.pciAddress, pf]));
  const ordered = [...problems].sort(
    (a, b) =>
      a.pciAddress.localeCompare(b.pciAddress) || (a.policy ?? '').localeCompare(b.policy ?? ''),
  );
  const lines = ordered.map((p) => {
    const who = p.policy ? `policy ${p.policy}` : 'configuration';
    return `${who} refused on ${pfLabel(byPci.get(p.pciAddress), p.pciAddress)}: ${p.message}`;
  });
  const untouched = [
    ...new Set(ordered.map((p) => pfLabel(byPci.get(p.pciAddress), p.pciAddress))),
  ];
  return `${lines.join('; ')}. Nothing was changed on ${untouched.join(', ')} until this is fixed.`;
}
