import type { InterfaceExt, SriovNetworkNodePolicy } from '../model/sriov';

/** A `pfNames` entry split into the interface name and its optional `#first-last` VF range. */
export interface PfNameSelector {
  name: string;
  range?: { first: number; last: number };
}

/**
 * Parses `ib0` or `ib0#2-7`. Returns undefined for a malformed range so callers can report it;
 * the validator explains the mistake, the node configurator refuses the policy.
 */
export function parsePfName(entry: string): PfNameSelector | undefined {
  const hash = entry.indexOf('#');
  if (hash < 0) return entry ? { name: entry } : undefined;
  const name = entry.slice(0, hash);
  const match = /^(\d+)-(\d+)$/.exec(entry.slice(hash + 1));
  if (!name || !match) return undefined;
  const first = Number(match[1]);
  const last = Number(match[2]);
  return first <= last ? { name, range: { first, last } } : undefined;
}

/** Whether every label the policy's nodeSelector asks for is on the node. */
export function selectsNode(
  policy: SriovNetworkNodePolicy,
  nodeLabels: Record<string, string>,
): boolean {
  return Object.entries(policy.spec.nodeSelector).every(([k, v]) => nodeLabels[k] === v);
}

function sameHex(a: string | undefined, b: string | undefined): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/^0x/, '');
  return a !== undefined && b !== undefined && norm(a) === norm(b);
}

/**
 * Whether the policy's nicSelector picks this PF. Every field that is set must match, as the
 * operator does; a selector with nothing set picks nothing.
 */
export function selectsPf(policy: SriovNetworkNodePolicy, pf: InterfaceExt): boolean {
  const sel = policy.spec.nicSelector;
  const anySet =
    sel.vendor || sel.deviceID || sel.rootDevices?.length || sel.pfNames?.length || sel.netFilter;
  if (!anySet) return false;
  if (sel.vendor && !sameHex(sel.vendor, pf.vendor)) return false;
  if (sel.deviceID && !sameHex(sel.deviceID, pf.deviceID)) return false;
  if (sel.rootDevices?.length && !sel.rootDevices.includes(pf.pciAddress)) return false;
  if (sel.pfNames?.length && !sel.pfNames.some((n) => parsePfName(n)?.name === pf.name))
    return false;
  if (sel.netFilter && sel.netFilter !== pf.netFilter) return false;
  return true;
}

/** The VF range a policy claims on a PF: its `#first-last`, or all of numVfs. */
export function vfRangeFor(
  policy: SriovNetworkNodePolicy,
  pf: InterfaceExt,
): { first: number; last: number } | undefined {
  const named = policy.spec.nicSelector.pfNames
    ?.map(parsePfName)
    .find((s) => s?.name === pf.name && s?.range !== undefined);
  if (named?.range) return named.range;
  return policy.spec.numVfs > 0 ? { first: 0, last: policy.spec.numVfs - 1 } : undefined;
}
