import { SRIOV_GROUP } from '../../lib/model';

/** The two network kinds the controller renders; they share the template. */
export type NetworkKind = 'SriovIBNetwork' | 'SriovNetwork';
export const NETWORK_KINDS: readonly NetworkKind[] = ['SriovIBNetwork', 'SriovNetwork'];

/** A queue key names one network: `SriovIBNetwork/<namespace>/<name>`. */
export interface NetworkRef {
  kind: NetworkKind;
  namespace: string;
  name: string;
}

export function networkKey(ref: NetworkRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

export function parseNetworkKey(key: string): NetworkRef | undefined {
  const [kind, namespace, name, ...rest] = key.split('/');
  if (rest.length > 0 || !namespace || !name) return undefined;
  if (kind !== 'SriovIBNetwork' && kind !== 'SriovNetwork') return undefined;
  return { kind, namespace, name };
}

/**
 * The network an owner-ref annotation names
 * (`SriovIBNetwork.sriovnetwork.openshift.io/<namespace>/<name>`), or undefined when the value
 * names something else.
 */
export function networkFromOwnerRef(value: string | undefined): NetworkRef | undefined {
  if (!value) return undefined;
  const [kindGroup, namespace, name, ...rest] = value.split('/');
  if (rest.length > 0 || !kindGroup || !namespace || !name) return undefined;
  const suffix = `.${SRIOV_GROUP}`;
  if (!kindGroup.endsWith(suffix)) return undefined;
  const kind = kindGroup.slice(0, -suffix.length);
  if (kind !== 'SriovIBNetwork' && kind !== 'SriovNetwork') return undefined;
  return { kind, namespace, name };
}

/** `namespace/name`, the informer cache key of a namespaced object. */
export function cacheKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
