import type { NetworkAttachmentDefinition, SriovNetworkLike } from '../model';
import { parseJsonText } from '../render/embedded-json';
import { renderNad, targetNamespace, ownerRefValue } from '../render/nad';
import { eventsFor } from './events';
import { type ClusterSnapshot, canSeeNamespace } from './kube';
import { NETWORK_PLURALS, pageHref } from './paths';
import { analyzePod } from './pod-analysis';
import { usageOf, whereaboutsOf } from './pools';
import { type SnapshotIndex, indexSnapshot, nadOwner } from './snapshot-index';
import { DETAIL_POD_LIMIT } from './types';
import type {
  Health,
  IpamSummary,
  NadPresence,
  NetworkCapabilities,
  NetworkDetail,
  NetworkRow,
  Problem,
  ReadyView,
} from './types';

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Capabilities declared by a network's `capabilities` text or by a NAD's CNI config (top level,
 * or its first plugin). Unreadable text declares nothing.
 */
export function capabilitiesOf(text: string | undefined): NetworkCapabilities {
  const parsed = text ? parseJsonText<unknown>(text) : undefined;
  let root = parsed?.ok ? asObject(parsed.value) : undefined;
  const plugins = root?.plugins;
  if (Array.isArray(plugins)) root = asObject(plugins[0]);
  const caps = asObject(root?.capabilities) ?? (root && !root.type && !root.cniVersion ? root : {});
  return {
    infinibandGUID: caps.infinibandGUID === true,
    ips: caps.ips === true,
    mac: caps.mac === true,
  };
}

function readyOf(net: SriovNetworkLike): ReadyView {
  const c = net.status?.conditions?.find((x) => x.type === 'Ready');
  return c ? { status: c.status, reason: c.reason, message: c.message } : { status: 'Unknown' };
}

function nadPresence(
  net: SriovNetworkLike,
  snapshot: ClusterSnapshot,
  index: SnapshotIndex,
): NadPresence {
  const namespace = targetNamespace(net);
  const name = net.metadata.name ?? '';
  const nad = index.nads.get(`${namespace}/${name}`);
  if (!nad) {
    return {
      namespace,
      name,
      state: canSeeNamespace(snapshot.nadNamespaces, namespace) ? 'missing' : 'unknown',
    };
  }
  const owner = nadOwner(nad);
  if (owner && owner !== ownerRefValue(net)) return { namespace, name, state: 'foreign', owner };
  return { namespace, name, state: 'present' };
}

function ipamSummary(net: SriovNetworkLike, snapshot: ClusterSnapshot): IpamSummary {
  if (!net.spec.ipam?.trim()) return { type: 'none', ranges: [] };
  const parsed = parseJsonText<Record<string, unknown>>(net.spec.ipam);
  if (!parsed.ok) return { type: 'invalid', ranges: [] };
  const type = typeof parsed.value?.type === 'string' ? parsed.value.type : 'none';
  const cfg = whereaboutsOf(net.spec.ipam);
  return { type, ranges: cfg ? usageOf(cfg, snapshot) : [] };
}

function problemsOf(row: Omit<NetworkRow, 'health' | 'problems'>): Problem[] {
  const object = { kind: row.kind, namespace: row.namespace, name: row.name };
  const href = pageHref.network(row.kind, row.namespace, row.name);
  const out: Problem[] = [];
  const at = `${row.kind} ${row.namespace}/${row.name}`;
  if (row.ready.status === 'False') {
    out.push({
      severity: 'error',
      code: `network/${row.ready.reason ?? 'not-ready'}`,
      title: `${at} is not ready`,
      detail: row.ready.message ?? row.ready.reason ?? 'The Ready condition is False.',
      href,
      object,
    });
  }
  if (row.nad.state === 'missing') {
    out.push({
      severity: 'error',
      code: 'network/nad-missing',
      title: `${at} has no NAD in ${row.nad.namespace}`,
      detail: `Pods in ${row.nad.namespace} cannot attach to it until the NetworkAttachmentDefinition ${row.nad.name} exists.`,
      href,
      object,
    });
  }
  if (row.nad.state === 'foreign') {
    out.push({
      severity: 'error',
      code: 'network/nad-foreign',
      title: `The NAD ${row.nad.namespace}/${row.nad.name} belongs to someone else`,
      detail: `Its owner-ref names ${row.nad.owner}; rename this network or delete that NAD.`,
      href,
      object,
    });
  }
  if (row.ipam.type === 'invalid') {
    out.push({
      severity: 'error',
      code: 'network/ipam-invalid',
      title: `The IPAM of ${at} is not valid JSON`,
      detail: 'Pods fail at attach time; open the network in the editor to see where.',
      href,
      object,
    });
  }
  for (const r of row.ipam.ranges) {
    if (r.free === '0') {
      out.push({
        severity: 'error',
        code: 'network/pool-exhausted',
        title: `Range ${r.range} of ${at} is exhausted`,
        detail: `All ${r.size} addresses are allocated${r.stale ? `, ${r.stale} of them stale` : ''}.`,
        href: r.pool ? pageHref.pool(r.poolNamespace ?? '', r.pool) : href,
        object,
      });
    } else if (r.stale > 0) {
      out.push({
        severity: 'warning',
        code: 'network/stale-allocations',
        title: `${r.stale} stale allocation(s) in ${r.range}`,
        detail: 'Addresses held for pods that are gone; release them on the pool page.',
        href: r.pool ? pageHref.pool(r.poolNamespace ?? '', r.pool) : href,
        object,
      });
    }
  }
  return out;
}

function healthOf(problems: Problem[], ready: ReadyView): Health {
  if (problems.some((p) => p.severity === 'error')) return 'error';
  if (problems.some((p) => p.severity === 'warning')) return 'warning';
  return ready.status === 'True' ? 'ok' : 'unknown';
}

export function networkRow(net: SriovNetworkLike, snapshot: ClusterSnapshot): NetworkRow {
  const index = indexSnapshot(snapshot);
  const nad = nadPresence(net, snapshot, index);
  const ready = readyOf(net);
  const base = {
    kind: net.kind,
    plural: NETWORK_PLURALS[net.kind],
    namespace: net.metadata.namespace ?? '',
    name: net.metadata.name ?? '',
    uid: net.metadata.uid,
    resourceVersion: net.metadata.resourceVersion,
    createdAt: net.metadata.creationTimestamp ?? undefined,
    resourceName: net.spec.resourceName,
    targetNamespace: nad.namespace,
    linkState: net.spec.linkState,
    capabilities: capabilitiesOf(net.spec.capabilities),
    ready,
    nad,
    podCount: index.podsByNetwork.get(`${nad.namespace}/${nad.name}`)?.length ?? 0,
    ipam: ipamSummary(net, snapshot),
  };
  const problems = problemsOf(base);
  return { ...base, health: healthOf(problems, ready), problems };
}

/** Rows of every network the user can see, sorted by namespace and name. */
export function networkRows(snapshot: ClusterSnapshot): NetworkRow[] {
  return snapshot.networks
    .map((n) => networkRow(n, snapshot))
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/** One network with its NAD (as found and as rendered), its pods and its events. */
export function networkDetail(net: SriovNetworkLike, snapshot: ClusterSnapshot): NetworkDetail {
  const index = indexSnapshot(snapshot);
  const row = networkRow(net, snapshot);
  const nadObject: NetworkAttachmentDefinition | undefined =
    row.nad.state === 'present' || row.nad.state === 'foreign'
      ? index.nads.get(`${row.nad.namespace}/${row.nad.name}`)
      : undefined;
  const rendered = renderNad(net, { resourcePrefix: snapshot.resourcePrefix });
  const users = index.podsByNetwork.get(`${row.nad.namespace}/${row.nad.name}`) ?? [];
  const pods = users.slice(0, DETAIL_POD_LIMIT).map((pod) => {
    const a = analyzePod(pod);
    const pair = a.pairs.find((p) => p.request.network === `${row.nad.namespace}/${row.nad.name}`);
    return {
      namespace: a.row.namespace,
      name: a.row.name,
      interface: pair?.status?.interface ?? pair?.request.interface,
      ips: pair?.status?.ips ?? [],
      node: a.row.node,
      phase: a.row.phase,
      attached: pair?.status !== undefined,
    };
  });
  return {
    ...row,
    object: net,
    nadObject,
    renderedNad: rendered.ok ? rendered.nad : undefined,
    pods,
    events: eventsFor(index, net.kind, row.namespace, row.name),
  };
}
