import {
  DEFAULT_RESOURCE_PREFIX,
  MELLANOX_VENDOR,
  SRIOV_API_VERSION,
  type SriovIBNetwork,
  type SriovNetworkNodePolicy,
} from '@/lib/model';
import { DEFAULT_TEST_POD_IMAGE, testPodManifest } from '@/lib/views/test-pod';
import { toYaml } from '@/components/editor/yaml-edit';
import type { NetworkDraft, PodDraft, PolicyDraft, WizardState } from './state';

/** Label node feature discovery puts on nodes with SR-IOV capable NICs. */
export const SRIOV_CAPABLE_LABEL = 'feature.node.kubernetes.io/network-sriov.capable';
/** Label every kubelet sets to its node's name. */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** The node selector of the policy: every SR-IOV capable node, or one node by its name. */
export function policyNodeSelector(node: string): Record<string, string> {
  return node === '*' ? { [SRIOV_CAPABLE_LABEL]: 'true' } : { [HOSTNAME_LABEL]: node };
}

/**
 * The InfiniBand node policy: VFs on one port of the selected nodes, exposed with their RDMA
 * device (`isRdma`, forced for `linkType: ib` anyway) through the netdevice driver.
 */
export function policyObject(
  draft: PolicyDraft,
  operatorNamespace: string,
): SriovNetworkNodePolicy {
  return {
    apiVersion: SRIOV_API_VERSION,
    kind: 'SriovNetworkNodePolicy',
    metadata: { name: draft.name, namespace: operatorNamespace },
    spec: {
      resourceName: draft.resourceName,
      nodeSelector: policyNodeSelector(draft.node),
      numVfs: draft.numVfs ?? 0,
      nicSelector: { vendor: MELLANOX_VENDOR, pfNames: draft.pf ? [draft.pf] : [] },
      deviceType: 'netdevice',
      linkType: 'ib',
      isRdma: true,
    },
  };
}

/** Namespace the SriovIBNetwork object itself is stored in. */
export function objectNamespace(draft: NetworkDraft, operatorNamespace: string): string {
  return draft.home === 'operator' ? operatorNamespace : draft.namespace;
}

/** IPAM text as the YAML shows it: valid JSON indented by two spaces, anything else as typed. */
export function formatIpam(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The capabilities JSON text for the chosen capabilities, or undefined when none is chosen. */
export function capabilitiesText(draft: Pick<NetworkDraft, 'guid' | 'ips'>): string | undefined {
  const keys = [draft.guid ? 'infinibandGUID' : '', draft.ips ? 'ips' : ''].filter(Boolean);
  if (keys.length === 0) return undefined;
  return `{${keys.map((k) => `"${k}": true`).join(', ')}}`;
}

/** The SriovIBNetwork the wizard builds from its choices. */
export function networkObject(draft: NetworkDraft, operatorNamespace: string): SriovIBNetwork {
  const home = objectNamespace(draft, operatorNamespace);
  const capabilities = capabilitiesText(draft);
  return {
    apiVersion: SRIOV_API_VERSION,
    kind: 'SriovIBNetwork',
    metadata: { name: draft.name, namespace: home },
    spec: {
      resourceName: draft.resourceName,
      // Only a network in the operator namespace may point its NAD elsewhere.
      ...(draft.home === 'operator' && draft.namespace && draft.namespace !== home
        ? { networkNamespace: draft.namespace }
        : {}),
      ...(draft.ipam !== null ? { ipam: formatIpam(draft.ipam) } : {}),
      linkState: draft.linkState,
      ...(capabilities ? { capabilities } : {}),
    },
  };
}

/** The addresses a pod asks for, split from the comma- or space-separated field. */
export function requestedIps(draft: Pick<PodDraft, 'ips'>): string[] {
  return draft.ips.split(/[\s,]+/).filter(Boolean);
}

/**
 * The value of the pod's `k8s.v1.cni.cncf.io/networks` annotation. The short form names the
 * network (and interface); only the JSON form can carry a GUID or addresses, and only for
 * capabilities the network declares (Multus drops the others silently).
 */
export function networksAnnotation(network: NetworkDraft, pod: PodDraft): string {
  if (pod.form === 'short') {
    return pod.interface ? `${network.name}@${pod.interface}` : network.name;
  }
  const ips = network.ips ? requestedIps(pod) : [];
  const request: Record<string, unknown> = { name: network.name };
  if (pod.interface) request.interface = pod.interface;
  if (network.guid && pod.guid) request['infiniband-guid'] = pod.guid.toLowerCase();
  if (ips.length > 0) request.ips = ips;
  return JSON.stringify([request]);
}

/** Full device-plugin resource name of the network's VFs, e.g. `openshift.io/ib_vfs`. */
export function fullResourceName(resourceName: string, prefix = DEFAULT_RESOURCE_PREFIX): string {
  return resourceName.includes('/') ? resourceName : `${prefix}/${resourceName}`;
}

/** A fresh name for a test pod: `ibnet-test-` and five random letters or digits. */
export function testPodName(random: () => number = Math.random): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += alphabet[Math.floor(random() * alphabet.length)] ?? 'x';
  return `ibnet-test-${suffix}`;
}

/**
 * The test pod as YAML shows it: exactly what the console creates (lib/views/test-pod), asking for
 * one VF of the network's resource. `image` is the console's (the session says which).
 */
export function testPodObject(
  state: Pick<WizardState, 'network' | 'pod'>,
  resource: string,
  opts: { name?: string; image?: string } = {},
): Record<string, unknown> {
  return testPodManifest({
    name: opts.name ?? (state.pod.name || 'ibnet-test'),
    namespace: state.network.namespace,
    networks: networksAnnotation(state.network, state.pod),
    node: state.pod.node || undefined,
    resources: { [resource]: '1' },
    image: opts.image ?? DEFAULT_TEST_POD_IMAGE,
  });
}

/** Objects as one multi-document YAML text, in the order given (apply order). */
export function bundleYaml(objects: readonly unknown[]): string {
  return objects.map((o) => toYaml(o)).join('---\n');
}
