import type { NetworkKind, NetworkPlural } from './types';

export const NETWORK_PLURALS: Record<NetworkKind, NetworkPlural> = {
  SriovIBNetwork: 'sriovibnetworks',
  SriovNetwork: 'sriovnetworks',
};

export const NETWORK_KINDS: Record<NetworkPlural, NetworkKind> = {
  sriovibnetworks: 'SriovIBNetwork',
  sriovnetworks: 'SriovNetwork',
};

export function isNetworkPlural(value: string): value is NetworkPlural {
  return value === 'sriovibnetworks' || value === 'sriovnetworks';
}

const seg = encodeURIComponent;

/** Console pages, so that views can link problems to where they are fixed. */
export const pageHref = {
  network: (kind: NetworkKind, namespace: string, name: string) =>
    `/networks/${NETWORK_PLURALS[kind]}/${seg(namespace)}/${seg(name)}`,
  pod: (namespace: string, name: string) => `/pods/${seg(namespace)}/${seg(name)}`,
  pool: (namespace: string, name: string) => `/pools/${seg(namespace)}/${seg(name)}`,
  node: (name: string) => `/fabric#${seg(name)}`,
  policy: (namespace: string, name: string) => `/policies/${seg(namespace)}/${seg(name)}`,
  policies: () => '/policies',
  wizard: () => '/wizard',
};
