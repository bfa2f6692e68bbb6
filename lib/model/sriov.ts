import { z } from 'zod';
import { ConditionSchema, ObjectMetaSchema } from './meta';

export const SRIOV_GROUP = 'sriovnetwork.openshift.io';
export const SRIOV_API_VERSION = `${SRIOV_GROUP}/v1`;

/** Where the product documentation installs the operator; upstream Helm uses `sriov-network-operator`. */
export const DEFAULT_OPERATOR_NAMESPACE = 'openshift-sriov-network-operator';
export const DEFAULT_RESOURCE_PREFIX = 'openshift.io';

export const NAD_FINALIZER = 'netattdef.finalizers.sriovnetwork.openshift.io';
export const OWNER_REF_ANNOTATION = 'sriovnetwork.openshift.io/owner-ref';
export const LAST_NETWORK_NAMESPACE_ANNOTATION =
  'operator.sriovnetwork.openshift.io/last-network-namespace';

export const MELLANOX_VENDOR = '15b3';
/** Mellanox firmware caps SR-IOV at 128 VFs per PF whatever sriov_totalvfs says. */
export const MELLANOX_MAX_VFS = 128;

/** Device-plugin resource names: letters, digits, `_` and `-`, starting and ending alphanumeric. */
export const RESOURCE_NAME_PATTERN = /^[a-zA-Z0-9]([a-zA-Z0-9_-]*[a-zA-Z0-9])?$/;
export const RESOURCE_NAME_MAX = 63;

export const LINK_STATES = ['auto', 'enable', 'disable'] as const;
export type LinkState = (typeof LINK_STATES)[number];

const jsonText = (what: string) =>
  z.string().describe(`${what}, as JSON text inside a string (not a YAML object).`);

const networkSpecCommon = {
  resourceName: z
    .string()
    .describe(
      'Device-plugin resource the VFs come from, without the prefix (the resourceName of a SriovNetworkNodePolicy).',
    ),
  networkNamespace: z
    .string()
    .optional()
    .describe(
      'Namespace where the NetworkAttachmentDefinition is created; pods must live there. Empty means the namespace of this object. Only allowed when this object is in the operator namespace.',
    ),
  ipam: jsonText(
    'IPAM configuration for the interface, e.g. {"type": "whereabouts", "range": "192.168.10.0/24"}',
  ).optional(),
  capabilities: jsonText(
    'CNI capabilities the NAD declares, e.g. {"infinibandGUID": true, "ips": true}; without them per-pod GUID and IP requests are dropped',
  ).optional(),
  metaPlugins: jsonText(
    'One or more CNI plugin objects chained after the SR-IOV plugin',
  ).optional(),
};

export const SriovIBNetworkSpecSchema = z
  .object({
    ...networkSpecCommon,
    linkState: z
      .enum(LINK_STATES)
      .optional()
      .describe(
        'VF link state applied when a pod attaches: auto follows the PF, enable forces it up, disable forces it down.',
      ),
  })
  .strict();

export const SriovNetworkStatusSchema = z
  .object({ conditions: z.array(ConditionSchema).optional() })
  .loose();

export const SriovIBNetworkSchema = z
  .object({
    apiVersion: z.literal(SRIOV_API_VERSION),
    kind: z.literal('SriovIBNetwork'),
    metadata: ObjectMetaSchema,
    spec: SriovIBNetworkSpecSchema,
    status: SriovNetworkStatusSchema.optional(),
  })
  .describe(
    'An InfiniBand SR-IOV network: ibnet (or the SR-IOV Network Operator) renders it into a NetworkAttachmentDefinition with the ib-sriov CNI.',
  );
export type SriovIBNetwork = z.infer<typeof SriovIBNetworkSchema>;

export const SriovNetworkSpecSchema = z
  .object({
    ...networkSpecCommon,
    vlan: z.number().int().min(0).max(4094).optional().describe('VLAN ID, 0 for none.'),
    vlanQoS: z.number().int().min(0).max(7).optional().describe('VLAN priority (0-7).'),
    vlanProto: z.string().optional().describe('VLAN protocol, 802.1q (default) or 802.1ad.'),
    spoofChk: z.enum(['on', 'off']).optional().describe('MAC spoof checking on the VF.'),
    trust: z.enum(['on', 'off']).optional().describe('VF trust mode.'),
    linkState: z.enum(LINK_STATES).optional().describe('VF link state applied at attach time.'),
    minTxRate: z.number().int().min(0).optional().describe('Minimum transmit rate in Mbps.'),
    maxTxRate: z.number().int().min(0).optional().describe('Maximum transmit rate in Mbps.'),
    logLevel: z.enum(['panic', 'error', 'warning', 'info', 'debug', '']).optional(),
    logFile: z.string().optional(),
  })
  .strict();

export const SriovNetworkSchema = z
  .object({
    apiVersion: z.literal(SRIOV_API_VERSION),
    kind: z.literal('SriovNetwork'),
    metadata: ObjectMetaSchema,
    spec: SriovNetworkSpecSchema,
    status: SriovNetworkStatusSchema.optional(),
  })
  .describe(
    'An Ethernet SR-IOV network, rendered into a NetworkAttachmentDefinition with the sriov CNI.',
  );
export type SriovNetwork = z.infer<typeof SriovNetworkSchema>;

/** Either kind of SR-IOV network: they share the template apart from the CNI type and a few fields. */
export type SriovNetworkLike = SriovIBNetwork | SriovNetwork;

export const NicSelectorSchema = z
  .object({
    vendor: z.string().optional().describe('PCI vendor ID in hex, e.g. 15b3 for Mellanox.'),
    deviceID: z
      .string()
      .optional()
      .describe('PCI device ID of the PF in hex, e.g. 1021 for ConnectX-7.'),
    rootDevices: z.array(z.string()).optional().describe('PCI addresses of the PFs.'),
    pfNames: z
      .array(z.string())
      .optional()
      .describe('PF interface names, optionally with a VF range: ib0#0-7.'),
    netFilter: z
      .string()
      .optional()
      .describe('Infrastructure network filter, e.g. an OpenStack network ID.'),
  })
  .strict();

export const SriovNetworkNodePolicySpecSchema = z
  .object({
    resourceName: z
      .string()
      .describe('Name of the device-plugin resource the VFs are advertised as.'),
    nodeSelector: z
      .record(z.string(), z.string())
      .describe('Labels a node must have for this policy to apply to it.'),
    priority: z
      .number()
      .int()
      .min(0)
      .max(99)
      .optional()
      .describe('0 (highest) to 99 (lowest, default): which policy wins when several select a PF.'),
    mtu: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('MTU of the VFs; only ever raises the PF MTU.'),
    needVhostNet: z.boolean().optional(),
    numVfs: z.number().int().min(0).describe('Number of VFs to create on each selected PF.'),
    nicSelector: NicSelectorSchema.describe('Which PFs on the node this policy configures.'),
    deviceType: z
      .enum(['netdevice', 'vfio-pci'])
      .optional()
      .describe('Driver the VFs are bound to: netdevice (default) or vfio-pci.'),
    isRdma: z.boolean().optional().describe('Expose the RDMA device; always true for linkType ib.'),
    linkType: z
      .enum(['eth', 'ETH', 'ib', 'IB'])
      .optional()
      .describe('Link type of the PF: ib for InfiniBand, eth for Ethernet.'),
    eSwitchMode: z.enum(['legacy', 'switchdev']).optional(),
    vdpaType: z.enum(['virtio', 'vhost']).optional(),
    excludeTopology: z.boolean().optional(),
    externallyManaged: z
      .boolean()
      .optional()
      .describe('VFs are created by someone else; the node configurator only reports them.'),
    bridge: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const SriovNetworkNodePolicySchema = z
  .object({
    apiVersion: z.literal(SRIOV_API_VERSION),
    kind: z.literal('SriovNetworkNodePolicy'),
    metadata: ObjectMetaSchema,
    spec: SriovNetworkNodePolicySpecSchema,
    status: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('Carves virtual functions out of the selected PFs on the selected nodes.');
export type SriovNetworkNodePolicy = z.infer<typeof SriovNetworkNodePolicySchema>;

export const VfGroupSchema = z
  .object({
    resourceName: z.string(),
    deviceType: z.string().optional(),
    vfRange: z.string().describe('VF indexes of the group, e.g. 0-7.'),
    policyName: z.string().optional(),
    mtu: z.number().int().optional(),
    isRdma: z.boolean().optional(),
    vdpaType: z.string().optional(),
  })
  .strict();

export const NodeStateSpecInterfaceSchema = z
  .object({
    pciAddress: z.string(),
    numVfs: z.number().int().optional(),
    mtu: z.number().int().optional(),
    name: z.string().optional(),
    linkType: z.string().optional(),
    eSwitchMode: z.string().optional(),
    externallyManaged: z.boolean().optional(),
    vfGroups: z.array(VfGroupSchema).optional(),
  })
  .strict();

export const VirtualFunctionSchema = z
  .object({
    name: z.string().optional(),
    mac: z.string().optional(),
    assigned: z.string().optional(),
    driver: z.string().optional(),
    pciAddress: z.string(),
    vendor: z.string().optional(),
    deviceID: z.string().optional(),
    Vlan: z.number().int().optional(),
    mtu: z.number().int().optional(),
    vfID: z.number().int(),
    vdpaType: z.string().optional(),
    vdpaDevice: z.string().optional(),
    representorName: z.string().optional(),
    guid: z
      .string()
      .optional()
      .describe('InfiniBand GUID of the VF; all zeros means unconfigured.'),
  })
  .strict();
export type VirtualFunction = z.infer<typeof VirtualFunctionSchema>;

export const InterfaceExtSchema = z
  .object({
    name: z.string().optional(),
    mac: z.string().optional(),
    driver: z.string().optional(),
    pciAddress: z.string(),
    vendor: z.string().optional(),
    deviceID: z.string().optional(),
    netFilter: z.string().optional(),
    mtu: z.number().int().optional(),
    numVfs: z.number().int().optional(),
    linkSpeed: z.string().optional(),
    linkType: z.string().optional().describe('IB or ETH.'),
    linkAdminState: z.string().optional(),
    eSwitchMode: z.string().optional(),
    externallyManaged: z.boolean().optional(),
    totalvfs: z.number().int().optional().describe('Most VFs the PF supports (sriov_totalvfs).'),
    Vfs: z.array(VirtualFunctionSchema).optional(),
  })
  .strict();
export type InterfaceExt = z.infer<typeof InterfaceExtSchema>;

export const SYNC_STATUSES = ['InProgress', 'Succeeded', 'Failed'] as const;

export const SriovNetworkNodeStateSchema = z
  .object({
    apiVersion: z.literal(SRIOV_API_VERSION),
    kind: z.literal('SriovNetworkNodeState'),
    metadata: ObjectMetaSchema,
    spec: z
      .object({
        interfaces: z.array(NodeStateSpecInterfaceSchema).optional(),
        bridges: z.record(z.string(), z.unknown()).optional(),
        system: z.record(z.string(), z.unknown()).optional(),
      })
      .strict()
      .optional(),
    status: z
      .object({
        interfaces: z.array(InterfaceExtSchema).optional(),
        bridges: z.record(z.string(), z.unknown()).optional(),
        system: z.record(z.string(), z.unknown()).optional(),
        syncStatus: z.enum([...SYNC_STATUSES, '']).optional(),
        lastSyncError: z.string().optional(),
        conditions: z.array(ConditionSchema).optional(),
      })
      .strict()
      .optional(),
  })
  .describe('Desired and observed SR-IOV state of one node, named after the node.');
export type SriovNetworkNodeState = z.infer<typeof SriovNetworkNodeStateSchema>;
