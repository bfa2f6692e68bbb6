import {
  OWNER_REF_ANNOTATION,
  RESOURCE_NAME_ANNOTATION,
  type NetworkAttachmentDefinition,
  type SriovNetworkLike,
} from '../model';
import { ownerRefValue, targetNamespace } from '../render/nad';
import {
  type ClusterSnapshot,
  type EventLike,
  type PodLike,
  holdsDevices,
  podRequest,
  quantity,
} from './kube';
import { analyzePod } from './pod-analysis';

/** Lookups over one snapshot, built once per snapshot and shared by the views computed from it. */
export interface SnapshotIndex {
  nads: Map<string, NetworkAttachmentDefinition>;
  /** Networks by the `namespace/name` of the NAD they render. */
  networksByNad: Map<string, SriovNetworkLike>;
  /** Networks by their owner-ref value (`Kind.group/ns/name`). */
  networksByOwnerRef: Map<string, SriovNetworkLike>;
  podsByNetwork: Map<string, PodLike[]>;
  podsByKey: Map<string, PodLike>;
  eventsByObject: Map<string, EventLike[]>;
}

const indexes = new WeakMap<ClusterSnapshot, SnapshotIndex>();

export function indexSnapshot(snapshot: ClusterSnapshot): SnapshotIndex {
  const hit = indexes.get(snapshot);
  if (hit) return hit;

  const nads = new Map(snapshot.nads.map((n) => [`${n.metadata.namespace}/${n.metadata.name}`, n]));
  const networksByNad = new Map<string, SriovNetworkLike>();
  const networksByOwnerRef = new Map<string, SriovNetworkLike>();
  for (const net of snapshot.networks) {
    networksByNad.set(`${targetNamespace(net)}/${net.metadata.name}`, net);
    networksByOwnerRef.set(ownerRefValue(net), net);
  }
  const podsByNetwork = new Map<string, PodLike[]>();
  const podsByKey = new Map<string, PodLike>();
  for (const pod of snapshot.pods) {
    podsByKey.set(`${pod.metadata.namespace}/${pod.metadata.name}`, pod);
    for (const network of analyzePod(pod).row.networks) {
      const list = podsByNetwork.get(network);
      if (list) list.push(pod);
      else podsByNetwork.set(network, [pod]);
    }
  }
  const eventsByObject = new Map<string, EventLike[]>();
  for (const e of snapshot.events) {
    const o = e.involvedObject;
    if (!o?.name) continue;
    const key = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
    const list = eventsByObject.get(key);
    if (list) list.push(e);
    else eventsByObject.set(key, [e]);
  }

  const index = {
    nads,
    networksByNad,
    networksByOwnerRef,
    podsByNetwork,
    podsByKey,
    eventsByObject,
  };
  indexes.set(snapshot, index);
  return index;
}

/** The owner a NAD names in its owner-ref annotation, if any. */
export function nadOwner(nad: NetworkAttachmentDefinition): string | undefined {
  return nad.metadata.annotations?.[OWNER_REF_ANNOTATION];
}

/** The device-plugin resource a NAD draws VFs from (`openshift.io/ib_vfs`). */
export function nadResource(nad: NetworkAttachmentDefinition): string | undefined {
  return nad.metadata.annotations?.[RESOURCE_NAME_ANNOTATION];
}

export interface ResourceAvailability {
  resource: string;
  allocatable: number;
  inUse: number;
  /** Nodes that advertise the resource at all. */
  nodes: number;
}

/** How many VFs of a resource are advertised and held by pods, cluster-wide. */
export function resourceAvailability(
  snapshot: ClusterSnapshot,
  resource: string,
): ResourceAvailability {
  let allocatable = 0;
  let nodes = 0;
  for (const node of snapshot.nodes) {
    const n = quantity(node.status?.allocatable?.[resource]);
    if (n > 0) nodes++;
    allocatable += n;
  }
  let inUse = 0;
  for (const pod of snapshot.pods) {
    if (pod.spec?.nodeName && holdsDevices(pod)) inUse += podRequest(pod, resource);
  }
  return { resource, allocatable, inUse, nodes };
}
