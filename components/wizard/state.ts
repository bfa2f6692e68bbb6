import { LINK_STATES, type LinkState } from '@/lib/model';
import { ipamTemplate } from '@/components/networks/ipam-model';

/** The seven steps, in order; the URL names a step by its number (1-based). */
export const STEPS = [
  { id: 'cluster', title: 'Check the cluster' },
  { id: 'network', title: 'Name and namespace' },
  { id: 'ipam', title: 'IP addresses (IPAM)' },
  { id: 'link', title: 'Link state and capabilities' },
  { id: 'review', title: 'Review and create' },
  { id: 'pod', title: 'Attach a test pod' },
  { id: 'verify', title: 'Verify' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];
export const STEP_COUNT = STEPS.length;

/** Where the SriovIBNetwork object is stored: the operator namespace, or the pods' own. */
export type NetworkHome = 'operator' | 'pods';
/** The two spellings of the pod's `k8s.v1.cni.cncf.io/networks` request. */
export type AnnotationForm = 'short' | 'json';

/** The InfiniBand node policy the wizard offers to create when the cluster has none. */
export interface PolicyDraft {
  name: string;
  /** A node name, or `*` for every node carrying the SR-IOV capable label. */
  node: string;
  /** Name of the PF (port) on the node, as its node state reports it. */
  pf: string;
  /** VFs per PF; undefined until chosen. */
  numVfs?: number;
  resourceName: string;
  /** The wizard created this policy (so it belongs in the download). */
  made: boolean;
}

/** The SriovIBNetwork being built. */
export interface NetworkDraft {
  name: string;
  /** Namespace whose pods use the network: where the NAD is created. */
  namespace: string;
  home: NetworkHome;
  resourceName: string;
  /** The IPAM JSON text, or null for no IPAM (the interface gets no address). */
  ipam: string | null;
  linkState: LinkState;
  /** Capabilities: per-pod GUIDs (`infinibandGUID`) and per-pod addresses (`ips`). */
  guid: boolean;
  ips: boolean;
  made: boolean;
}

/** The test pod of step 6. */
export interface PodDraft {
  form: AnnotationForm;
  /** Interface name in the pod; empty lets Multus pick (net1, net2, …). */
  interface: string;
  /** `infiniband-guid` request (JSON form only, needs the infinibandGUID capability). */
  guid: string;
  /** `ips` request, comma separated CIDRs (JSON form only, needs the ips capability). */
  ips: string;
  /** Node to run on; empty lets the scheduler pick one with a free VF. */
  node: string;
  name: string;
  made: boolean;
}

/** Every choice of the wizard: what the URL's query string carries. */
export interface WizardState {
  step: number;
  policy: PolicyDraft;
  network: NetworkDraft;
  pod: PodDraft;
}

/** The IPAM a new network starts with: whereabouts, the choice when there is no DHCP server. */
export const DEFAULT_IPAM = ipamTemplate('whereabouts') ?? '';

export const DEFAULT_STATE: WizardState = {
  step: 1,
  policy: { name: 'ib-vfs', node: '*', pf: '', resourceName: 'ib_vfs', made: false },
  network: {
    name: '',
    namespace: '',
    home: 'operator',
    resourceName: '',
    ipam: DEFAULT_IPAM,
    linkState: 'auto',
    guid: false,
    ips: false,
    made: false,
  },
  pod: { form: 'short', interface: '', guid: '', ips: '', node: '', name: '', made: false },
};

/** Query-string keys, one per choice. Values equal to the default are left out of the URL. */
const KEYS = {
  step: 'step',
  policyName: 'policy',
  policyNode: 'policyNode',
  policyPf: 'policyPf',
  policyVfs: 'policyVfs',
  policyResource: 'policyResource',
  policyMade: 'policyMade',
  name: 'name',
  namespace: 'namespace',
  home: 'home',
  resourceName: 'resource',
  ipam: 'ipam',
  linkState: 'linkState',
  guid: 'guid',
  ips: 'ips',
  networkMade: 'networkMade',
  form: 'form',
  interface: 'interface',
  podGuid: 'podGuid',
  podIps: 'podIps',
  podNode: 'podNode',
  pod: 'pod',
  podMade: 'podMade',
} as const;

/** How "no IPAM" is written in the URL (an empty value could be a half-typed text). */
const NO_IPAM = 'none';

/** IPAM text as it travels in the URL: valid JSON compacted to one line, anything else as typed. */
export function compactIpam(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

function flag(params: URLSearchParams, key: string): boolean {
  return params.get(key) === '1';
}

function text(params: URLSearchParams, key: string, fallback: string): string {
  return params.get(key) ?? fallback;
}

function positiveInt(value: string | null): number | undefined {
  if (value === null || !/^\d{1,4}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

/**
 * Reads the wizard's choices from a query string. Never throws: a missing or unreadable value
 * falls back to its default, so any saved or hand-edited URL opens the wizard.
 */
export function decodeWizardState(params: URLSearchParams): WizardState {
  const d = DEFAULT_STATE;
  const step = positiveInt(params.get(KEYS.step)) ?? 1;
  const linkState = params.get(KEYS.linkState);
  const ipam = params.get(KEYS.ipam);
  return {
    step: Math.min(Math.max(step, 1), STEP_COUNT),
    policy: {
      name: text(params, KEYS.policyName, d.policy.name),
      node: text(params, KEYS.policyNode, d.policy.node),
      pf: text(params, KEYS.policyPf, d.policy.pf),
      ...(positiveInt(params.get(KEYS.policyVfs)) !== undefined
        ? { numVfs: positiveInt(params.get(KEYS.policyVfs)) }
        : {}),
      resourceName: text(params, KEYS.policyResource, d.policy.resourceName),
      made: flag(params, KEYS.policyMade),
    },
    network: {
      name: text(params, KEYS.name, d.network.name),
      namespace: text(params, KEYS.namespace, d.network.namespace),
      home: params.get(KEYS.home) === 'pods' ? 'pods' : 'operator',
      resourceName: text(params, KEYS.resourceName, d.network.resourceName),
      ipam: ipam === null ? d.network.ipam : ipam === NO_IPAM ? null : ipam,
      linkState: (LINK_STATES as readonly string[]).includes(linkState ?? '')
        ? (linkState as LinkState)
        : d.network.linkState,
      guid: flag(params, KEYS.guid),
      ips: flag(params, KEYS.ips),
      made: flag(params, KEYS.networkMade),
    },
    pod: {
      form: params.get(KEYS.form) === 'json' ? 'json' : 'short',
      interface: text(params, KEYS.interface, d.pod.interface),
      guid: text(params, KEYS.podGuid, d.pod.guid),
      ips: text(params, KEYS.podIps, d.pod.ips),
      node: text(params, KEYS.podNode, d.pod.node),
      name: text(params, KEYS.pod, d.pod.name),
      made: flag(params, KEYS.podMade),
    },
  };
}

/** Writes the wizard's choices as a query string, leaving out values equal to their defaults. */
export function encodeWizardState(state: WizardState): URLSearchParams {
  const d = DEFAULT_STATE;
  const out = new URLSearchParams();
  const put = (key: string, value: string, fallback: string) => {
    if (value !== fallback) out.set(key, value);
  };
  const putFlag = (key: string, value: boolean) => {
    if (value) out.set(key, '1');
  };

  put(KEYS.step, String(state.step), String(d.step));

  const p = state.policy;
  put(KEYS.policyName, p.name, d.policy.name);
  put(KEYS.policyNode, p.node, d.policy.node);
  put(KEYS.policyPf, p.pf, d.policy.pf);
  if (p.numVfs !== undefined) out.set(KEYS.policyVfs, String(p.numVfs));
  put(KEYS.policyResource, p.resourceName, d.policy.resourceName);
  putFlag(KEYS.policyMade, p.made);

  const n = state.network;
  put(KEYS.name, n.name, d.network.name);
  put(KEYS.namespace, n.namespace, d.network.namespace);
  put(KEYS.home, n.home, d.network.home);
  put(KEYS.resourceName, n.resourceName, d.network.resourceName);
  const ipam = n.ipam === null ? NO_IPAM : compactIpam(n.ipam);
  put(KEYS.ipam, ipam, compactIpam(d.network.ipam ?? ''));
  put(KEYS.linkState, n.linkState, d.network.linkState);
  putFlag(KEYS.guid, n.guid);
  putFlag(KEYS.ips, n.ips);
  putFlag(KEYS.networkMade, n.made);

  const pod = state.pod;
  put(KEYS.form, pod.form, d.pod.form);
  put(KEYS.interface, pod.interface, d.pod.interface);
  put(KEYS.podGuid, pod.guid, d.pod.guid);
  put(KEYS.podIps, pod.ips, d.pod.ips);
  put(KEYS.podNode, pod.node, d.pod.node);
  put(KEYS.pod, pod.name, d.pod.name);
  putFlag(KEYS.podMade, pod.made);
  return out;
}
