import { parseGuid } from '../annotations/guid';
import {
  type ClusterSnapshot,
  holdsDevices,
  nodeReady,
  podRequest,
  quantity,
  type NodeLike,
} from './kube';
import { pageHref } from './paths';
import { analyzePod } from './pod-analysis';
import type { FabricNode, FabricPf, FabricView, FabricVf, Problem, ResourceCount } from './types';

/** Device resources on a node: names under the resource prefix, or any a policy names. */
export function resourceCounts(node: NodeLike, snapshot: ClusterSnapshot): ResourceCount[] {
  const names = new Set(
    snapshot.policies.map((p) => `${snapshot.resourcePrefix}/${p.spec.resourceName}`),
  );
  const capacity = node.status?.capacity ?? {};
  const allocatable = node.status?.allocatable ?? {};
  for (const key of Object.keys(allocatable)) {
    if (key.startsWith(`${snapshot.resourcePrefix}/`)) names.add(key);
  }
  const name = node.metadata.name;
  const pods = snapshot.pods.filter((p) => p.spec?.nodeName === name && holdsDevices(p));
  return [...names]
    .filter((r) => r in allocatable || r in capacity)
    .sort()
    .map((resource) => ({
      resource,
      capacity: quantity(capacity[resource]),
      allocatable: quantity(allocatable[resource]),
      requested: pods.reduce((n, p) => n + podRequest(p, resource), 0),
    }));
}

function guidState(guid: string | undefined): FabricVf['guidState'] {
  if (!guid) return 'none';
  const parsed = parseGuid(guid);
  if (parsed.ok) return 'ok';
  return parsed.problem === 'all-zero' ? 'zero' : 'invalid';
}

/**
 * The fabric as nodes report it: node → PF → VF → the pod using the VF (from the pods'
 * device-info), with duplicate and zero GUIDs flagged.
 */
export function fabricView(snapshot: ClusterSnapshot): FabricView {
  // Which pod holds each VF, by node and PCI address, from network-status device-info.
  const holders = new Map<string, FabricVf['pod']>();
  for (const pod of snapshot.pods) {
    const a = analyzePod(pod);
    const statuses = [...a.pairs.flatMap((p) => (p.status ? [p.status] : [])), ...a.unrequested];
    for (const s of statuses) {
      const pci = s['device-info']?.pci?.['pci-address'];
      if (!pci || !a.row.node) continue;
      holders.set(`${a.row.node}/${pci}`, {
        namespace: a.row.namespace,
        name: a.row.name,
        interface: s.interface,
        network: s.name,
      });
    }
  }

  const byGuid = new Map<string, { node: string; pciAddress: string }[]>();
  const nodes: FabricNode[] = [];
  const nodeObjects = new Map(snapshot.nodes.map((n) => [n.metadata.name ?? '', n]));
  const names = new Set([
    ...nodeObjects.keys(),
    ...snapshot.nodeStates.map((s) => s.metadata.name ?? ''),
  ]);

  for (const name of [...names].sort()) {
    const node = nodeObjects.get(name);
    const state = snapshot.nodeStates.find((s) => s.metadata.name === name);
    const groups = state?.spec?.interfaces ?? [];
    const pfs: FabricPf[] = (state?.status?.interfaces ?? []).map((pf) => {
      const spec = groups.find((g) => g.pciAddress === pf.pciAddress);
      const vfs: FabricVf[] = (pf.Vfs ?? [])
        .map((vf) => {
          const guid = vf.guid;
          const state = guidState(guid);
          if (state === 'ok' && guid) {
            const key = parseGuid(guid).ok ? guid.toLowerCase() : guid;
            const list = byGuid.get(key);
            const at = { node: name, pciAddress: vf.pciAddress };
            if (list) list.push(at);
            else byGuid.set(key, [at]);
          }
          return {
            vfID: vf.vfID,
            pciAddress: vf.pciAddress,
            name: vf.name,
            driver: vf.driver,
            mtu: vf.mtu,
            guid,
            guidState: state,
            pod: holders.get(`${name}/${vf.pciAddress}`),
          };
        })
        .sort((a, b) => a.vfID - b.vfID);
      return {
        name: pf.name,
        pciAddress: pf.pciAddress,
        vendor: pf.vendor,
        deviceID: pf.deviceID,
        linkType: pf.linkType,
        linkSpeed: pf.linkSpeed,
        mtu: pf.mtu,
        numVfs: pf.numVfs ?? vfs.length,
        totalvfs: pf.totalvfs,
        resourceNames: [...new Set((spec?.vfGroups ?? []).map((g) => g.resourceName))],
        vfs,
      };
    });
    nodes.push({
      name,
      ready: node ? nodeReady(node) : 'unknown',
      syncStatus: state?.status?.syncStatus || undefined,
      lastSyncError: state?.status?.lastSyncError || undefined,
      resources: node ? resourceCounts(node, snapshot) : [],
      pfs,
    });
  }

  const duplicateGuids = [...byGuid]
    .filter(([, at]) => at.length > 1)
    .map(([guid, vfs]) => ({ guid, vfs }));
  const duplicated = new Set(
    duplicateGuids.flatMap((d) => d.vfs.map((v) => `${v.node}/${v.pciAddress}`)),
  );
  for (const n of nodes) {
    for (const pf of n.pfs) {
      for (const vf of pf.vfs)
        if (duplicated.has(`${n.name}/${vf.pciAddress}`)) vf.guidState = 'duplicate';
    }
  }

  return { nodes, duplicateGuids, problems: fabricProblems(nodes, duplicateGuids) };
}

function fabricProblems(nodes: FabricNode[], duplicates: FabricView['duplicateGuids']): Problem[] {
  const problems: Problem[] = [];
  for (const d of duplicates) {
    problems.push({
      severity: 'error',
      code: 'fabric/duplicate-guid',
      title: `GUID ${d.guid} is used by ${d.vfs.length} VFs`,
      detail: `${d.vfs.map((v) => `${v.node} ${v.pciAddress}`).join(', ')}: the subnet manager cannot tell them apart; give each VF a unique GUID.`,
      href: pageHref.node(d.vfs[0]?.node ?? ''),
    });
  }
  for (const n of nodes) {
    const zero = n.pfs.flatMap((pf) => pf.vfs.filter((v) => v.guidState === 'zero' && v.pod));
    if (zero.length > 0) {
      problems.push({
        severity: 'error',
        code: 'fabric/zero-guid',
        title: `${zero.length} VF(s) on ${n.name} in use with an all-zero GUID`,
        detail: 'ib-sriov-cni fails pods on a VF whose GUID is zero; configure GUIDs for the VFs.',
        href: pageHref.node(n.name),
        object: { kind: 'Node', name: n.name },
      });
    }
    if (n.syncStatus === 'Failed') {
      problems.push({
        severity: 'error',
        code: 'fabric/sync-failed',
        title: `Node ${n.name} failed to apply its SR-IOV configuration`,
        detail: n.lastSyncError ?? 'The node state reports syncStatus Failed.',
        href: pageHref.node(n.name),
        object: { kind: 'Node', name: n.name },
      });
    }
  }
  return problems;
}
