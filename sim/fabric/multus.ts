import { parseNetworksAnnotation, type NetworkRequest } from '../../lib/annotations';
import {
  NETWORKS_ANNOTATION,
  RESOURCE_NAME_ANNOTATION,
  type NetworkAttachmentDefinition,
  type NetworkStatus,
} from '../../lib/model';
import type { PluginConf, PluginResult } from './cni';
import type { PodObject } from './pod-status';

/** The name Multus reports for the cluster's default network on OpenShift. */
export const DEFAULT_NETWORK = 'ovn-kubernetes';

/** One requested attachment, with the NAD it resolves to. */
export interface Delegate {
  request: NetworkRequest;
  /** `namespace/name` of the NAD, as network-status names it. */
  network: string;
  ifname: string;
  nad: NetworkAttachmentDefinition;
  /** The CNI network name (the config's `name`, normally the NAD's name). */
  cniName: string;
  conf: PluginConf;
  /** `prefix/name` device resource the NAD asks for, if any. */
  resource?: string;
}

/** A failure Multus reports for the whole pod. */
export class MultusError extends Error {
  override name = 'MultusError';

  constructor(
    message: string,
    /** Set when a NAD is missing: Multus also records a NoNetworkFound event. */
    readonly noNetworkFound?: string,
  ) {
    super(message);
  }
}

function podTag(pod: PodObject): string {
  const m = pod.metadata;
  return `[${m.namespace ?? ''}/${m.name ?? ''}/${m.uid ?? ''}]`;
}

/** The pod's requests in Multus' order; an annotation Multus cannot read fails the pod. */
export function podRequests(pod: PodObject): NetworkRequest[] {
  const value = pod.metadata.annotations?.[NETWORKS_ANNOTATION];
  if (value === undefined || value.trim() === '') return [];
  const parsed = parseNetworksAnnotation(value);
  const error = parsed.problems.find(
    (p) => p.severity === 'error' && p.code !== 'annotation/duplicate-interface',
  );
  if (error) {
    throw new MultusError(
      `Multus: ${podTag(pod)}: error loading k8s delegates k8s args: TryLoadPodDelegates: error in getting k8s network for pod: parsePodNetworkAnnotation: failed to parse pod Network Attachment Selection Annotation JSON format: ${error.message}`,
    );
  }
  return parsed.requests;
}

/** Reads a NAD's config as Multus does: the plugin that does the work and its name. */
export function parseNadConfig(nad: NetworkAttachmentDefinition): {
  name: string;
  conf: PluginConf;
} {
  const text = nad.spec?.config ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`GetCNIConfig: err in GetCNIConfigFromSpec: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('GetCNIConfig: err in GetCNIConfigFromSpec: config is not a JSON object');
  }
  const top = parsed as Record<string, unknown>;
  const main = Array.isArray(top.plugins)
    ? (top.plugins[0] as PluginConf | undefined)
    : (top as PluginConf);
  if (!main || typeof main !== 'object') {
    throw new Error('GetCNIConfig: err in GetCNIConfigFromSpec: the plugins list is empty');
  }
  return { name: typeof top.name === 'string' ? top.name : (nad.metadata.name ?? ''), conf: main };
}

/**
 * Resolves every request to its NAD (in the pod's namespace unless the request names another),
 * with the interface Multus gives it: the requested name or net1, net2… by position.
 */
export function resolveDelegates(
  pod: PodObject,
  requests: NetworkRequest[],
  nadOf: (namespace: string, name: string) => NetworkAttachmentDefinition | undefined,
): Delegate[] {
  const podNamespace = pod.metadata.namespace ?? '';
  return requests.map((request, i) => {
    const namespace = request.namespace || podNamespace;
    const nad = nadOf(namespace, request.name);
    const prefix = `Multus: ${podTag(pod)}: error loading k8s delegates k8s args: TryLoadPodDelegates: error in getting k8s network for pod: GetNetworkDelegates: failed getting the delegate: getKubernetesDelegate: `;
    if (!nad) {
      const short = `cannot find a network-attachment-definition (${request.name}) in namespace (${namespace}): network-attachment-definitions.k8s.cni.cncf.io "${request.name}" not found`;
      throw new MultusError(`${prefix}${short}`, short);
    }
    let config;
    try {
      config = parseNadConfig(nad);
    } catch (err) {
      throw new MultusError(`${prefix}${(err as Error).message}`);
    }
    const resource = nad.metadata.annotations?.[RESOURCE_NAME_ANNOTATION];
    return {
      request,
      network: `${namespace}/${request.name}`,
      ifname: request.interface || `net${i + 1}`,
      nad,
      cniName: config.name,
      conf: config.conf,
      ...(resource ? { resource } : {}),
    };
  });
}

/** The capabilities a plugin declares, and so which per-pod values reach it. */
export function runtimeConfig(delegate: Delegate): {
  infinibandGUID?: string;
  ips?: string[];
  mac?: string;
} {
  const caps = delegate.conf.capabilities ?? {};
  const r = delegate.request;
  return {
    ...(caps.infinibandGUID === true && r.infinibandGuid !== undefined
      ? { infinibandGUID: r.infinibandGuid }
      : {}),
    ...(caps.ips === true && r.ips !== undefined ? { ips: r.ips } : {}),
    ...(caps.mac === true && r.mac !== undefined ? { mac: r.mac } : {}),
  };
}

/** A wrapped plugin failure, as Multus reports it for one delegate. */
export function delegateError(pod: PodObject, delegate: Delegate, message: string): MultusError {
  const { namespace = '', name = '', uid = '' } = pod.metadata;
  const network = delegate.request.name;
  return new MultusError(
    `[${namespace}/${name}/${uid}:${network}]: error adding container to network "${network}": ${message}`,
  );
}

/** The network-status entry of one attachment, as Multus writes it from the plugin's result. */
export function statusEntry(delegate: Delegate, result: PluginResult): NetworkStatus {
  const entry: NetworkStatus = {
    name: delegate.network,
    interface: delegate.ifname,
    ips: result.ips.map((a) => a.ip),
  };
  if (result.mac) entry.mac = result.mac;
  if (result.mtu !== undefined) entry.mtu = result.mtu;
  entry.dns = {};
  if (result.deviceInfo) entry['device-info'] = result.deviceInfo;
  return entry;
}

/** The default network's entry: eth0 with the pod IP and OVN's IP-derived MAC. */
export function defaultEntry(podIP: string): NetworkStatus {
  const mac = ['0a', '58', ...podIP.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))];
  return {
    name: DEFAULT_NETWORK,
    interface: 'eth0',
    ips: [podIP],
    mac: mac.join(':'),
    default: true,
    dns: {},
  };
}
