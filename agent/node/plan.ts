import type { DesiredInterface } from '../../lib/policy';
import { type GuidSource, vfGuid } from './guids';
import type { SysfsPf, SysfsVf } from './sysfs';

/** One VF that must be given its GUID (and re-probed so that the GUID takes effect). */
export interface GuidStep {
  index: number;
  guid: string;
}

/** One netdev whose MTU must change. */
export interface MtuStep {
  netdev: string;
  mtu: number;
}

/**
 * What has to change on one PF, worked out from what sysfs shows now. Empty lists and absent
 * fields mean nothing to do; a PF whose plan is empty is not touched at all.
 */
export interface PfPlan {
  pciAddress: string;
  /** `ibp59s0 (0000:3b:00.0)`, for messages. */
  label: string;
  netdev?: string;
  /** Raise the PF's MTU to this (the policy MTU only ever raises it). */
  pfMtu?: number;
  /** Change the VF count (write 0, then the new count). */
  numVfs?: { from: number; to: number };
  guids: GuidStep[];
  vfMtus: MtuStep[];
}

export function pfLabel(pf: Pick<SysfsPf, 'netdev' | 'pciAddress'>): string {
  return pf.netdev ? `${pf.netdev} (${pf.pciAddress})` : pf.pciAddress;
}

/** The MTU a VF should have: its group's, else the interface's; undefined leaves it alone. */
export function vfMtuFor(want: DesiredInterface, index: number): number | undefined {
  const group = want.vfGroups.find((g) => {
    const m = /^(\d+)-(\d+)$/.exec(g.vfRange);
    return m !== null && index >= Number(m[1]) && index <= Number(m[2]);
  });
  return group?.mtu ?? want.mtu;
}

/**
 * A VF bound to its netdevice driver whose netdev the host does not see: a CNI moved it into a
 * pod's network namespace. Its GUID and MTU are the pod's business now (ib-sriov-cni sets a
 * per-pod GUID and puts the previous one back on release), so the configurator leaves it alone;
 * re-probing it would pull the interface out of the running pod.
 */
export function attachedToPod(vf: SysfsVf): boolean {
  return vf.driver !== undefined && vf.driver !== 'vfio-pci' && vf.netdev === undefined;
}

/** VFs whose GUID in effect is not the one they should have (unbound VFs show none). */
export function guidSteps(
  want: DesiredInterface,
  vfs: SysfsVf[],
  source: GuidSource | undefined,
): GuidStep[] {
  if (!source) return [];
  const steps: GuidStep[] = [];
  for (const vf of vfs) {
    if (vf.index >= want.numVfs || attachedToPod(vf)) continue;
    const guid = vfGuid(source, vf.index);
    if (guid && vf.guid !== guid) steps.push({ index: vf.index, guid });
  }
  return steps;
}

/** VF netdevs whose MTU differs from what the policy says. */
export function vfMtuSteps(want: DesiredInterface, vfs: SysfsVf[]): MtuStep[] {
  const steps: MtuStep[] = [];
  for (const vf of vfs) {
    const mtu = vfMtuFor(want, vf.index);
    if (mtu !== undefined && vf.netdev && vf.mtu !== mtu) steps.push({ netdev: vf.netdev, mtu });
  }
  return steps;
}

/**
 * Plans one PF toward `want`, or back to 0 VFs when `want` is undefined (a PF ibnet configured
 * that no policy selects any more). `source` gives the VF GUIDs of an InfiniBand PF.
 */
export function planPf(
  pf: SysfsPf,
  want: DesiredInterface | undefined,
  source: GuidSource | undefined,
): PfPlan {
  const plan: PfPlan = {
    pciAddress: pf.pciAddress,
    label: pfLabel(pf),
    netdev: pf.netdev,
    guids: [],
    vfMtus: [],
  };
  if (!want) {
    if (pf.numVfs > 0) plan.numVfs = { from: pf.numVfs, to: 0 };
    return plan;
  }

  if (!want.externallyManaged && want.mtu !== undefined && (pf.mtu ?? 0) < want.mtu) {
    plan.pfMtu = want.mtu;
  }
  const countChanges = !want.externallyManaged && pf.numVfs !== want.numVfs;
  // A VF without its virtfn link yet (or one that went missing) also needs the count rewritten.
  const vfsMissing = !want.externallyManaged && pf.vfs.length !== pf.numVfs;
  if (countChanges || vfsMissing) plan.numVfs = { from: pf.numVfs, to: want.numVfs };

  // After a count change every VF is new: it will need its GUID and its MTU.
  const vfsAfter: SysfsVf[] = plan.numVfs
    ? Array.from({ length: want.numVfs }, (_, index) => ({ index, pciAddress: '' }))
    : pf.vfs;
  plan.guids = pf.linkType === 'IB' ? guidSteps(want, vfsAfter, source) : [];
  plan.vfMtus = plan.numVfs
    ? vfsAfter.flatMap((vf) => {
        const mtu = vfMtuFor(want, vf.index);
        return mtu === undefined ? [] : [{ netdev: `vf${vf.index}`, mtu }];
      })
    : vfMtuSteps(want, pf.vfs);
  return plan;
}

export function isEmptyPlan(plan: PfPlan): boolean {
  return (
    plan.pfMtu === undefined &&
    plan.numVfs === undefined &&
    plan.guids.length === 0 &&
    plan.vfMtus.length === 0
  );
}

/** One line per PF, for the log: what will change. */
export function describePlan(plan: PfPlan): string {
  const parts: string[] = [];
  if (plan.pfMtu !== undefined) parts.push(`PF MTU → ${plan.pfMtu}`);
  if (plan.numVfs) parts.push(`VFs ${plan.numVfs.from} → ${plan.numVfs.to}`);
  if (plan.guids.length > 0) parts.push(`${plan.guids.length} VF GUID(s)`);
  if (plan.vfMtus.length > 0) parts.push(`${plan.vfMtus.length} VF MTU(s)`);
  return `${plan.label}: ${parts.join(', ')}`;
}
