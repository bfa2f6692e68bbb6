/**
 * The JSON shapes the console API answers with. Shared by the server (which computes them) and the
 * browser (which renders them), so they hold plain data only: no classes, no bigint, no Dates.
 */
import type { Diagnostic } from '../diagnostics/types';
import type {
  NetworkAttachmentDefinition,
  SriovIBNetwork,
  SriovNetwork,
  SriovNetworkLike,
  SriovNetworkNodePolicy,
  SriovNetworkNodeState,
} from '../model';

export type { Diagnostic };

/** The two network kinds the console edits. */
export type NetworkKind = 'SriovIBNetwork' | 'SriovNetwork';
/** How a network kind is spelled in console URLs: its plural resource name. */
export type NetworkPlural = 'sriovibnetworks' | 'sriovnetworks';

export type Health = 'ok' | 'warning' | 'error' | 'unknown';
export type Severity = 'error' | 'warning' | 'info';

/** Points at one object, as the UI links to it. */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** Something wrong, said so a person can act: what, why, and where it is fixed. */
export interface Problem {
  severity: Severity;
  /** Stable identifier, e.g. `network/nad-missing`. */
  code: string;
  title: string;
  detail: string;
  /** Console page where it is fixed, e.g. `/networks/sriovibnetworks/ib-team/ib1`. */
  href?: string;
  object?: ObjectRef;
}

// ---------------------------------------------------------------------------------------------
// Session and access

export type ConsoleMode = 'embedded' | 'kubeconfig' | 'in-cluster';
export type SignInMethod = 'token' | 'demo' | 'context' | 'proxy';

export interface UserInfo {
  username: string;
  groups: string[];
}

/** `GET /api/session`: who is signed in, and the token every mutating request must echo. */
export interface SessionView {
  mode: ConsoleMode;
  method: SignInMethod;
  user: UserInfo;
  /** Kubeconfig context (kubeconfig and embedded modes). */
  context?: string;
  /** Namespace the console opens in (the context's, or the first the user may list). */
  defaultNamespace?: string;
  expiresAt: string;
  /** Send as `X-IBNet-CSRF` on every POST/PUT/PATCH/DELETE. */
  csrfToken: string;
  /** The image the console's test pods run (shown in the pod YAML before it is created). */
  testPodImage: string;
}

export interface DemoUser {
  id: 'admin' | 'editor' | 'viewer';
  label: string;
  description: string;
}

export interface ContextOption {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  current: boolean;
}

/** `GET /api/session/options`: what the sign-in page offers (no session needed). */
export interface SignInOptions {
  mode: ConsoleMode;
  methods: SignInMethod[];
  demoUsers: DemoUser[];
  contexts: ContextOption[];
}

/** `POST /api/session`. */
export type SignInRequest =
  | { method: 'token'; token: string; context?: string }
  | { method: 'demo'; user: DemoUser['id'] }
  | { method: 'context'; context: string }
  | { method: 'proxy' };

export type AccessVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

/** The resources whose permissions the UI asks about (plural names; `networks` is OpenShift's). */
export type AccessResource =
  | 'sriovibnetworks'
  | 'sriovnetworks'
  | 'sriovnetworknodepolicies'
  | 'sriovnetworknodestates'
  | 'network-attachment-definitions'
  | 'pods'
  | 'nodes'
  | 'namespaces'
  | 'events'
  | 'ippools'
  | 'networks';

export type VerbSet = Partial<Record<AccessResource, AccessVerb[]>>;

/** `GET /api/access[?namespace=x]`: what the signed-in user may do, from SelfSubjectAccessReviews. */
export interface AccessView {
  user: UserInfo;
  /** Allowed verbs at cluster scope (all namespaces, or cluster-scoped kinds). */
  cluster: VerbSet;
  /** Allowed verbs per namespace asked about. */
  namespaces: Record<string, VerbSet>;
  /** Namespaces the console watches for this user (all of them when it may list cluster-wide). */
  visibleNamespaces: string[] | 'all';
  operatorNamespace: string;
  checkedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Networks

export interface ReadyView {
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/** Is the NAD where the network renders it? `foreign` = a NAD of that name owned by someone else. */
export interface NadPresence {
  namespace: string;
  name: string;
  state: 'present' | 'missing' | 'foreign' | 'unknown';
  /** The owner-ref annotation of a foreign NAD. */
  owner?: string;
}

/** Address usage of one range of a network's IPAM. Sizes are decimal strings: IPv6 is huge. */
export interface RangeUsage {
  range: string;
  /** whereabouts pool name, when the IPAM is whereabouts. */
  pool?: string;
  poolNamespace?: string;
  size: string;
  used: number;
  free: string;
  stale: number;
  /** 0..100, rounded; 0 for huge ranges. */
  usedPercent: number;
}

export interface IpamSummary {
  /** `whereabouts`, `static`, `host-local`, `dhcp`, `none` (no ipam) or `invalid` (unreadable JSON). */
  type: string;
  ranges: RangeUsage[];
}

export interface NetworkCapabilities {
  infinibandGUID: boolean;
  ips: boolean;
  mac: boolean;
}

/** One row of `GET /api/networks`. */
export interface NetworkRow {
  kind: NetworkKind;
  plural: NetworkPlural;
  namespace: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
  createdAt?: string;
  resourceName: string;
  targetNamespace: string;
  linkState?: string;
  capabilities: NetworkCapabilities;
  ready: ReadyView;
  nad: NadPresence;
  podCount: number;
  ipam: IpamSummary;
  health: Health;
  problems: Problem[];
}

export interface PodUse {
  namespace: string;
  name: string;
  interface?: string;
  ips: string[];
  node?: string;
  phase: string;
  attached: boolean;
}

export interface EventView {
  type: 'Normal' | 'Warning' | string;
  reason: string;
  message: string;
  count: number;
  lastSeen?: string;
  object: ObjectRef;
  source?: string;
}

/** `GET /api/networks/:plural/:namespace/:name`. */
export interface NetworkDetail extends NetworkRow {
  object: SriovNetworkLike;
  /** The NAD in the cluster, when present. */
  nadObject?: NetworkAttachmentDefinition;
  /** What ibnet renders from the current spec (for a diff with nadObject). */
  renderedNad?: NetworkAttachmentDefinition;
  /** Pods using the network, at most DETAIL_POD_LIMIT (see `podCount` for all of them). */
  pods: PodUse[];
  events: EventView[];
}

/** The network detail lists at most this many pods; the pod list filters by network for all. */
export const DETAIL_POD_LIMIT = 200;

/** Body of create, update and dry run: the object as JSON, or the editor's YAML text. */
export interface NetworkWriteRequest {
  object?: SriovIBNetwork | SriovNetwork;
  yaml?: string;
}

/** Body of `DELETE /api/networks/:plural/:namespace/:name`. */
export interface NetworkDeleteRequest {
  /** Only delete if the network still has this resourceVersion. */
  resourceVersion?: string;
  /** `namespace/name` of every pod that uses the network: the explicit confirmation. */
  confirmPods?: string[];
}

/** Answer of create/update/dry run. */
export interface NetworkWriteResult {
  object: SriovNetworkLike;
  dryRun: boolean;
  /** The NAD ibnet renders from it. */
  nad?: NetworkAttachmentDefinition;
  /** Warnings and infos (errors refuse the write with code `invalid`). */
  diagnostics: Diagnostic[];
}

export interface DryRunRequest extends NetworkWriteRequest {
  operation: 'create' | 'update';
}

// ---------------------------------------------------------------------------------------------
// Pods

export type PodNetworkState = 'ok' | 'pending' | 'problem' | 'none';

/** One row of `GET /api/pods`. */
export interface PodRow {
  namespace: string;
  name: string;
  uid?: string;
  node?: string;
  phase: string;
  createdAt?: string;
  /** `namespace/name` of each requested network. */
  networks: string[];
  requested: number;
  attached: number;
  state: PodNetworkState;
  testPod: boolean;
}

export interface PodFilter {
  namespace?: string;
  /** `namespace/name` of a NAD. */
  network?: string;
  node?: string;
  /** A network state or a pod phase. */
  status?: PodNetworkState | 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  /** Substring of name, namespace, node or network. */
  q?: string;
  /** Opaque cursor from the previous page. */
  cursor?: string;
  /** Page size, 1..500 (default 100). */
  limit?: number;
}

export interface PodPage {
  items: PodRow[];
  /** Pods matching the filter, across all pages. */
  total: number;
  nextCursor?: string;
}

export type DiagnosisCode =
  | 'attached'
  | 'pending'
  | 'nad-missing'
  | 'capability-missing'
  | 'no-free-vf'
  | 'invalid-guid'
  | 'attach-failed'
  | 'invalid-request'
  | 'not-requested';

export interface Diagnosis {
  code: DiagnosisCode;
  severity: 'ok' | Severity;
  title: string;
  /** Plain words: what happened. */
  detail: string;
  /** What to do about it. */
  action?: string;
  href?: string;
}

export interface RequestedInterface {
  /** `namespace/name` of the NAD the pod asks for. */
  network: string;
  namespace: string;
  name: string;
  interface?: string;
  ips?: string[];
  guid?: string;
  mac?: string;
}

export interface AttachedInterface {
  network: string;
  interface?: string;
  ips: string[];
  mac?: string;
  /** As Multus reported it; `unknown` when absent (ib-sriov reports none), never guessed. */
  mtu: number | 'unknown';
  pciAddress?: string;
  rdmaDevice?: string;
  pfPciAddress?: string;
  guid?: string;
}

/** One requested or attached interface of a pod, side by side. */
export interface InterfaceView {
  requested?: RequestedInterface;
  attached?: AttachedInterface;
  status: 'attached' | 'pending' | 'failed' | 'problem';
  diagnoses: Diagnosis[];
}

/** `GET /api/pods/:namespace/:name`. */
export interface PodDetail extends PodRow {
  interfaces: InterfaceView[];
  /** Problems of the `networks` annotation itself (unreadable, bad names). */
  requestProblems: Diagnosis[];
  annotations: { networks?: string; networkStatus?: string };
  events: EventView[];
  resourceVersion?: string;
}

/** The one test pod shape the wizard may create (`POST /api/pods/test`). */
export interface TestPodRequest {
  namespace: string;
  /** Optional; generated as `ibnet-test-xxxxx` otherwise. */
  name?: string;
  /** The networks annotation value (short or JSON form). */
  networks: string;
  node?: string;
  /** Resource requests for the VFs, e.g. { "openshift.io/ib_vfs": 1 }. */
  resources?: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------
// Pools

export interface AllocationView {
  address: string;
  /** Key in spec.allocations: decimal offset from the network address. */
  offset: string;
  containerId: string;
  podref?: string;
  ifname?: string;
  stale: boolean;
  staleReason?: 'pod-gone' | 'address-not-in-status';
}

/** One whereabouts pool (`GET /api/pools`, `GET /api/pools/:namespace/:name`). */
export interface PoolView {
  namespace: string;
  name: string;
  range: string;
  resourceVersion?: string;
  /** Networks whose IPAM allocates from this pool. */
  networks: ObjectRef[];
  size: string;
  used: number;
  free: string;
  stale: number;
  usedPercent: number;
  allocations: AllocationView[];
}

/** Body of `POST /api/pools/:namespace/:name/release`. */
export interface ReleaseRequest {
  offset: string;
  /** The pool's resourceVersion the user looked at. */
  resourceVersion: string;
}

// ---------------------------------------------------------------------------------------------
// Fabric

export interface FabricVf {
  vfID: number;
  pciAddress: string;
  name?: string;
  driver?: string;
  mtu?: number;
  guid?: string;
  guidState: 'ok' | 'zero' | 'duplicate' | 'invalid' | 'none';
  pod?: { namespace: string; name: string; interface?: string; network?: string };
}

export interface FabricPf {
  name?: string;
  pciAddress: string;
  vendor?: string;
  deviceID?: string;
  linkType?: string;
  linkSpeed?: string;
  mtu?: number;
  numVfs: number;
  totalvfs?: number;
  resourceNames: string[];
  vfs: FabricVf[];
}

export interface ResourceCount {
  /** Full resource name, e.g. `openshift.io/ib_vfs`. */
  resource: string;
  capacity: number;
  allocatable: number;
  /** VFs requested by pods on the node that are not finished. */
  requested: number;
}

export interface FabricNode {
  name: string;
  ready: boolean | 'unknown';
  syncStatus?: string;
  lastSyncError?: string;
  resources: ResourceCount[];
  pfs: FabricPf[];
}

/** `GET /api/fabric`: node → PF → VF → pod. */
export interface FabricView {
  nodes: FabricNode[];
  duplicateGuids: { guid: string; vfs: { node: string; pciAddress: string }[] }[];
  problems: Problem[];
}

// ---------------------------------------------------------------------------------------------
// Overview, lists of other kinds

/** `GET /api/overview`. */
export interface OverviewView {
  counts: {
    networks: number;
    networksReady: number;
    pods: number;
    podsWithNetworks: number;
    podsWithProblems: number;
    nodes: number;
    nodesWithVfs: number;
    pools: number;
    staleAllocations: number;
    policies: number;
  };
  health: Health;
  problems: Problem[];
}

export interface PolicyRow {
  namespace: string;
  name: string;
  resourceVersion?: string;
  resourceName: string;
  numVfs: number;
  linkType?: string;
  priority: number;
  deviceType: string;
  nodeSelector: Record<string, string>;
  /** Nodes the selector matches. */
  nodes: string[];
  object: SriovNetworkNodePolicy;
}

export interface NodeRow {
  name: string;
  ready: boolean | 'unknown';
  labels: Record<string, string>;
  resources: ResourceCount[];
}

export interface NadRow {
  namespace: string;
  name: string;
  resourceVersion?: string;
  resourceName?: string;
  owner?: string;
  /** The owner-ref names a network that no longer exists: it may be deleted. */
  orphan: boolean;
  cniType?: string;
}

export type NodeStateView = SriovNetworkNodeState;

/** `{ items }` wrapper of list routes that need no pagination. */
export interface ListResponse<T> {
  items: T[];
}

// ---------------------------------------------------------------------------------------------
// Errors and the event stream

export type ApiErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'already-exists'
  | 'in-use'
  | 'invalid'
  | 'bad-request'
  | 'not-allowed'
  | 'csrf'
  | 'too-large'
  | 'rate-limited'
  | 'unavailable'
  | 'internal';

/** The one error shape of every route. */
export interface ApiErrorBody {
  error: {
    code: ApiErrorCode;
    /** What went wrong and what to do, for a person. */
    message: string;
    /** The Kubernetes reason (Forbidden, Conflict, …) or ours. */
    reason: string;
    verb?: string;
    resource?: string;
    namespace?: string;
    name?: string;
    /** The object as it is now (conflicts), for a diff and a rebase. */
    current?: unknown;
    /** Pods that block the action (`in-use`). */
    pods?: { namespace: string; name: string }[];
    diagnostics?: Diagnostic[];
    retryAfterSeconds?: number;
  };
}

/** What `GET /api/stream?topics=` can watch. */
export const STREAM_TOPICS = [
  'networks',
  'nads',
  'pods',
  'pools',
  'nodes',
  'nodestates',
  'policies',
  'events',
  'namespaces',
] as const;
export type StreamTopic = (typeof STREAM_TOPICS)[number];

/** One SSE `change` event: an object of a topic changed. */
export interface StreamChange {
  topic: StreamTopic;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  kind: string;
  namespace?: string;
  name: string;
  resourceVersion?: string;
}

/** SSE `resync` event: the topic's cache was rebuilt (first sync, relist, lost resume): refetch. */
export interface StreamResync {
  topics: StreamTopic[];
}
