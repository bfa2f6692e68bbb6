import { z } from 'zod';

export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';
export const NETWORK_STATUS_ANNOTATION = 'k8s.v1.cni.cncf.io/network-status';
/** Written by Multus before network-status existed; still read for old clusters. */
export const LEGACY_NETWORKS_STATUS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks-status';

/** Linux IFNAMSIZ minus the terminating NUL. */
export const INTERFACE_NAME_MAX = 15;

export const PortMappingSchema = z
  .object({
    hostPort: z.number().int(),
    containerPort: z.number().int(),
    protocol: z.string().optional(),
    hostIP: z.string().optional(),
  })
  .strict();

export const BandwidthSchema = z
  .object({
    ingressRate: z.number().int().optional(),
    ingressBurst: z.number().int().optional(),
    egressRate: z.number().int().optional(),
    egressBurst: z.number().int().optional(),
  })
  .strict();

/** One element of the JSON form of the `networks` request annotation. */
export const NetworkSelectionElementSchema = z
  .object({
    name: z.string().describe('Name of the NetworkAttachmentDefinition.'),
    namespace: z.string().optional().describe('Its namespace; the pod namespace when left out.'),
    interface: z
      .string()
      .optional()
      .describe('Interface name inside the pod (at most 15 characters).'),
    ips: z.array(z.string()).optional().describe('Addresses to request; needs the ips capability.'),
    mac: z.string().optional(),
    'infiniband-guid': z
      .string()
      .optional()
      .describe('GUID for the VF; needs the infinibandGUID capability.'),
    'default-route': z.array(z.string()).optional(),
    'cni-args': z.record(z.string(), z.unknown()).optional(),
    portMappings: z.array(PortMappingSchema).optional(),
    bandwidth: BandwidthSchema.optional(),
    'gateway-ip': z.array(z.string()).optional(),
    'ipam-claim-reference': z.string().optional(),
  })
  .strict();
export type NetworkSelectionElement = z.infer<typeof NetworkSelectionElementSchema>;

export const DeviceInfoSchema = z
  .object({
    type: z.enum(['pci', 'vdpa', 'vhost-user', 'memif']),
    version: z.string().optional(),
    pci: z
      .object({
        'pci-address': z.string().optional(),
        'vhost-net': z.string().optional(),
        'rdma-device': z.string().optional(),
        'pf-pci-address': z.string().optional(),
        'representor-device': z.string().optional(),
      })
      .loose()
      .optional(),
    vdpa: z.record(z.string(), z.unknown()).optional(),
    'vhost-user': z.record(z.string(), z.unknown()).optional(),
    memif: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
export type DeviceInfo = z.infer<typeof DeviceInfoSchema>;

/** One element of the `network-status` annotation, as Multus writes it. */
export const NetworkStatusSchema = z
  .object({
    name: z.string().describe('namespace/name of the NAD, or the default network name.'),
    interface: z.string().optional(),
    ips: z.array(z.string()).optional(),
    mac: z.string().optional(),
    mtu: z.number().int().optional(),
    default: z.boolean().optional(),
    dns: z.record(z.string(), z.unknown()).optional(),
    gateway: z.array(z.string()).optional(),
    'device-info': DeviceInfoSchema.optional(),
  })
  .loose();
export type NetworkStatus = z.infer<typeof NetworkStatusSchema>;
