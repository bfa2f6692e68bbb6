import type { StepId } from './state';

/** A page of upstream documentation about the fields a step sets (only linked, never fetched). */
export interface DocLink {
  label: string;
  href: string;
}

const OPERATOR = 'https://github.com/k8snetworkplumbingwg/sriov-network-operator/blob/master';
const IB_SRIOV_CNI = 'https://github.com/k8snetworkplumbingwg/ib-sriov-cni/blob/master/README.md';
const WHEREABOUTS = 'https://github.com/k8snetworkplumbingwg/whereabouts/blob/master/README.md';
const MULTUS_HOWTO =
  'https://github.com/k8snetworkplumbingwg/multus-cni/blob/master/docs/how-to-use.md';
const NET_SPEC = 'https://github.com/k8snetworkplumbingwg/multi-net-spec';

/** The documentation of the fields each step sets. */
export const STEP_DOCS: Record<StepId, DocLink[]> = {
  cluster: [
    { label: 'SR-IOV Network Operator: overview', href: `${OPERATOR}/README.md` },
    {
      label: 'SriovNetworkNodePolicy fields (numVfs, nicSelector, linkType, isRdma)',
      href: `${OPERATOR}/api/v1/sriovnetworknodepolicy_types.go`,
    },
  ],
  network: [
    {
      label: 'SriovIBNetwork fields (resourceName, networkNamespace)',
      href: `${OPERATOR}/api/v1/sriovibnetwork_types.go`,
    },
    { label: 'SR-IOV Network Operator: networks and namespaces', href: `${OPERATOR}/README.md` },
  ],
  ipam: [
    { label: 'whereabouts: range, ipRanges, network_name', href: WHEREABOUTS },
    { label: 'static IPAM: addresses', href: 'https://www.cni.dev/plugins/current/ipam/static/' },
    { label: 'ib-sriov CNI: supported IPAM (no DHCP)', href: IB_SRIOV_CNI },
  ],
  link: [
    { label: 'ib-sriov CNI: link_state and capabilities', href: IB_SRIOV_CNI },
    {
      label: 'SriovIBNetwork fields (linkState, capabilities)',
      href: `${OPERATOR}/api/v1/sriovibnetwork_types.go`,
    },
  ],
  review: [
    {
      label: 'SriovIBNetwork fields',
      href: `${OPERATOR}/api/v1/sriovibnetwork_types.go`,
    },
    { label: 'NetworkAttachmentDefinition specification', href: NET_SPEC },
  ],
  pod: [
    { label: 'Multus: requesting networks in a pod annotation', href: MULTUS_HOWTO },
    { label: 'Network selection (infiniband-guid, ips, interface)', href: NET_SPEC },
  ],
  verify: [
    { label: 'Multus: the network-status annotation', href: MULTUS_HOWTO },
    { label: 'network-status fields (ips, mtu, device-info)', href: NET_SPEC },
  ],
};
