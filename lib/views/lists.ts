import type { NetworkAttachmentDefinition, SriovNetworkNodePolicy } from '../model';
import { resourceCounts } from './fabric';
import { type ClusterSnapshot, type NodeLike, nodeReady } from './kube';
import { indexSnapshot, nadOwner, nadResource } from './snapshot-index';
import type { NadRow, NodeRow, PolicyRow } from './types';

/** Does `node` carry every label of the selector? */
export function selects(selector: Record<string, string>, node: NodeLike): boolean {
  const labels = node.metadata.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function policyRow(policy: SriovNetworkNodePolicy, snapshot: ClusterSnapshot): PolicyRow {
  return {
    namespace: policy.metadata.namespace ?? '',
    name: policy.metadata.name ?? '',
    resourceVersion: policy.metadata.resourceVersion,
    resourceName: policy.spec.resourceName,
    numVfs: policy.spec.numVfs,
    linkType: policy.spec.linkType,
    priority: policy.spec.priority ?? 99,
    deviceType: policy.spec.deviceType ?? 'netdevice',
    nodeSelector: policy.spec.nodeSelector,
    nodes: snapshot.nodes
      .filter((n) => selects(policy.spec.nodeSelector, n))
      .map((n) => n.metadata.name ?? ''),
    object: policy,
  };
}

export function nodeRow(node: NodeLike, snapshot: ClusterSnapshot): NodeRow {
  return {
    name: node.metadata.name ?? '',
    ready: nodeReady(node),
    labels: node.metadata.labels ?? {},
    resources: resourceCounts(node, snapshot),
  };
}

const SRIOV_OWNER =
  /^(SriovIBNetwork|SriovNetwork)\.sriovnetwork\.openshift\.io\/([^/]*)\/([^/]+)$/;

/**
 * Is the NAD an orphan: its owner-ref names a network that no longer exists? NADs without an
 * owner-ref, or owned by a kind the console does not watch, are never orphans.
 */
export function isOrphan(nad: NetworkAttachmentDefinition, snapshot: ClusterSnapshot): boolean {
  const owner = nadOwner(nad);
  if (!owner || !SRIOV_OWNER.test(owner)) return false;
  return !indexSnapshot(snapshot).networksByOwnerRef.has(owner);
}

export function nadRow(nad: NetworkAttachmentDefinition, snapshot: ClusterSnapshot): NadRow {
  let cniType: string | undefined;
  try {
    const config = JSON.parse(nad.spec?.config ?? '{}') as {
      type?: string;
      plugins?: { type?: string }[];
    };
    cniType = config.type ?? config.plugins?.[0]?.type;
  } catch {
    cniType = undefined;
  }
  return {
    namespace: nad.metadata.namespace ?? '',
    name: nad.metadata.name ?? '',
    resourceVersion: nad.metadata.resourceVersion,
    resourceName: nadResource(nad),
    owner: nadOwner(nad),
    orphan: isOrphan(nad, snapshot),
    cniType,
  };
}
