import { parseGuid } from '../../lib/annotations/guid';
import type { Condition, InterfaceExt, SriovNetworkNodeState } from '../../lib/model';

/** The condition type the agent keeps on its SriovNetworkNodeState. */
export const GUIDS_UNIQUE = 'GUIDsUnique';

/** One VF somewhere in the cluster, as a node state reports it. */
export interface VfAt {
  node: string;
  pf: string;
  vfID: number;
  pciAddress: string;
}

/** A GUID this node uses that some other VF (here or on another node) uses too. */
export interface GuidClash {
  guid: string;
  mine: VfAt;
  others: VfAt[];
}

function vfsOf(node: string, interfaces: InterfaceExt[] | undefined): (VfAt & { guid: string })[] {
  return (interfaces ?? []).flatMap((pf) =>
    (pf.Vfs ?? []).flatMap((vf) => {
      const parsed = vf.guid ? parseGuid(vf.guid) : undefined;
      // Zero GUIDs are "unconfigured", not a shared identity; they are reported elsewhere.
      if (!parsed?.ok) return [];
      return [
        {
          node,
          pf: pf.name ?? pf.pciAddress,
          vfID: vf.vfID,
          pciAddress: vf.pciAddress,
          guid: parsed.guid,
        },
      ];
    }),
  );
}

/**
 * GUIDs of this node's VFs that another VF also reports: on another node (from the other
 * SriovNetworkNodeStates' status) or on this one. The subnet manager cannot tell such VFs apart.
 */
export function findGuidClashes(
  node: string,
  mine: InterfaceExt[],
  states: SriovNetworkNodeState[],
): GuidClash[] {
  const all = vfsOf(node, mine);
  for (const s of states) {
    const name = s.metadata.name ?? '';
    if (name !== node) all.push(...vfsOf(name, s.status?.interfaces));
  }
  const byGuid = new Map<string, (VfAt & { guid: string })[]>();
  for (const vf of all) byGuid.set(vf.guid, [...(byGuid.get(vf.guid) ?? []), vf]);

  const clashes: GuidClash[] = [];
  for (const [guid, vfs] of byGuid) {
    if (vfs.length < 2) continue;
    for (const m of vfs.filter((v) => v.node === node)) {
      const others = vfs.filter((v) => v !== m);
      clashes.push({ guid, mine: strip(m), others: others.map(strip) });
    }
  }
  return clashes.sort((a, b) => a.guid.localeCompare(b.guid) || a.mine.vfID - b.mine.vfID);
}

function strip(v: VfAt & { guid?: string }): VfAt {
  return { node: v.node, pf: v.pf, vfID: v.vfID, pciAddress: v.pciAddress };
}

const at = (v: VfAt) => `${v.node} ${v.pf} VF ${v.vfID} (${v.pciAddress})`;

/** The text of the condition: each shared GUID, who shares it, and the fix. */
export function clashesText(clashes: GuidClash[]): string {
  const items = clashes.map(
    (c) => `GUID ${c.guid} of ${at(c.mine)} is also used by ${c.others.map(at).join(', ')}`,
  );
  return `${items.join('; ')}. The subnet manager cannot tell these VFs apart (PKey membership and routing break): give every VF a GUID of its own, e.g. a separate range per node in the --guid-pool files.`;
}

/**
 * The `GUIDsUnique` condition: True (`NoDuplicateGUIDs`) or False (`DuplicateGUID`, message from
 * clashesText). The transition time is kept while the status stays the same.
 */
export function guidsUniqueCondition(
  clashes: GuidClash[],
  previous: Condition | undefined,
  now: () => string = () => new Date().toISOString(),
): Condition {
  const next: Condition =
    clashes.length === 0
      ? {
          type: GUIDS_UNIQUE,
          status: 'True',
          reason: 'NoDuplicateGUIDs',
          message: 'No other VF in the cluster reports a GUID of this node.',
        }
      : {
          type: GUIDS_UNIQUE,
          status: 'False',
          reason: 'DuplicateGUID',
          message: clashesText(clashes),
        };
  next.lastTransitionTime =
    previous?.status === next.status && previous.lastTransitionTime
      ? previous.lastTransitionTime
      : now().replace(/\.\d{3}Z$/, 'Z');
  return next;
}
