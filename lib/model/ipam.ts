import { z } from 'zod';

/** CNI route: `dst` is a CIDR, `gw` an address (the default gateway when left out). */
export const RouteSchema = z
  .object({
    dst: z.string().describe('Destination CIDR, e.g. 0.0.0.0/0.'),
    gw: z.string().optional().describe('Next hop address.'),
    mtu: z.number().int().optional(),
    advmss: z.number().int().optional(),
    priority: z.number().int().optional(),
    table: z.number().int().optional(),
    scope: z.number().int().optional(),
  })
  .strict();

export const DnsSchema = z
  .object({
    nameservers: z.array(z.string()).optional(),
    domain: z.string().optional(),
    search: z.array(z.string()).optional(),
    options: z.array(z.string()).optional(),
  })
  .strict();

export const WhereaboutsRangeSchema = z
  .object({
    range: z
      .string()
      .describe('CIDR (192.168.10.0/24) or first-last/prefix (192.168.10.10-192.168.10.50/24).'),
    range_start: z.string().optional().describe('First address handed out; must lie in the range.'),
    range_end: z.string().optional().describe('Last address handed out; must lie in the range.'),
    exclude: z.array(z.string()).optional().describe('CIDRs or addresses never handed out.'),
  })
  .strict();

export const WhereaboutsIpamSchema = z
  .object({
    type: z.literal('whereabouts'),
    range: z.string().optional().describe('CIDR (or first-last/prefix) to allocate from.'),
    range_start: z.string().optional(),
    range_end: z.string().optional(),
    exclude: z.array(z.string()).optional(),
    ipRanges: z
      .array(WhereaboutsRangeSchema)
      .optional()
      .describe('Several ranges, one address from each (dual stack: one IPv4 and one IPv6 range).'),
    network_name: z
      .string()
      .optional()
      .describe('Keeps a separate pool for this network even when another uses the same CIDR.'),
    enable_overlapping_ranges: z.boolean().optional(),
    gateway: z.string().optional(),
    routes: z.array(RouteSchema).optional(),
    dns: DnsSchema.optional(),
    node_slice_size: z.string().optional(),
    log_file: z.string().optional(),
    log_level: z.string().optional(),
    reconciler_cron_expression: z.string().optional(),
    sleep_for_race: z.number().int().optional(),
    leader_lease_duration: z.number().int().optional(),
    leader_renew_deadline: z.number().int().optional(),
    leader_retry_period: z.number().int().optional(),
    configuration_path: z.string().optional(),
    datastore: z.string().optional(),
    kubernetes: z.object({ kubeconfig: z.string().optional() }).strict().optional(),
    etcd_host: z.string().optional(),
    etcd_username: z.string().optional(),
    etcd_password: z.string().optional(),
    etcd_key_file: z.string().optional(),
    etcd_cert_file: z.string().optional(),
    etcd_ca_cert_file: z.string().optional(),
  })
  .strict();
export type WhereaboutsIpam = z.infer<typeof WhereaboutsIpamSchema>;

export const StaticIpamSchema = z
  .object({
    type: z.literal('static'),
    addresses: z
      .array(
        z
          .object({
            address: z.string().describe('Address with its prefix length, e.g. 10.56.217.2/24.'),
            gateway: z.string().optional(),
          })
          .strict(),
      )
      .optional()
      .describe('Addresses for the interface; per-pod `ips` (capability ips) replace this list.'),
    routes: z.array(RouteSchema).optional(),
    dns: DnsSchema.optional(),
  })
  .strict();
export type StaticIpam = z.infer<typeof StaticIpamSchema>;

export const HostLocalRangeSchema = z
  .object({
    subnet: z.string().describe('CIDR with no host bits set.'),
    rangeStart: z.string().optional(),
    rangeEnd: z.string().optional(),
    gateway: z.string().optional(),
  })
  .strict();

export const HostLocalIpamSchema = z
  .object({
    type: z.literal('host-local'),
    subnet: z.string().optional(),
    rangeStart: z.string().optional(),
    rangeEnd: z.string().optional(),
    gateway: z.string().optional(),
    ranges: z
      .array(z.array(HostLocalRangeSchema))
      .optional()
      .describe('Range sets; one address is allocated from each set.'),
    routes: z.array(RouteSchema).optional(),
    dataDir: z.string().optional(),
    resolvConf: z.string().optional(),
  })
  .strict();
export type HostLocalIpam = z.infer<typeof HostLocalIpamSchema>;

export const DhcpIpamSchema = z
  .object({
    type: z.literal('dhcp'),
    daemonSocketPath: z.string().optional(),
    request: z.array(z.record(z.string(), z.unknown())).optional(),
    provide: z.array(z.record(z.string(), z.unknown())).optional(),
    timeout: z.number().optional(),
    resendMax: z.number().optional(),
  })
  .strict();
export type DhcpIpam = z.infer<typeof DhcpIpamSchema>;

export const IPAM_SCHEMAS = {
  whereabouts: WhereaboutsIpamSchema,
  static: StaticIpamSchema,
  'host-local': HostLocalIpamSchema,
  dhcp: DhcpIpamSchema,
} as const;
export type IpamType = keyof typeof IPAM_SCHEMAS;
export type IpamConfig = WhereaboutsIpam | StaticIpam | HostLocalIpam | DhcpIpam;

export function isKnownIpamType(type: unknown): type is IpamType {
  return typeof type === 'string' && Object.hasOwn(IPAM_SCHEMAS, type);
}

/**
 * Capability keys a NAD can declare. `infinibandGUID` and `ips` are the two ib-sriov reads; the
 * others belong to other plugins and do nothing on an InfiniBand network.
 */
export const CAPABILITY_KEYS = [
  'infinibandGUID',
  'ips',
  'mac',
  'portMappings',
  'bandwidth',
  'ipRanges',
  'dns',
  'aliases',
  'cgroupPath',
  'deviceID',
] as const;
export type CapabilityKey = (typeof CAPABILITY_KEYS)[number];

export const CapabilitiesSchema = z.record(z.string(), z.boolean());
export type Capabilities = Partial<Record<CapabilityKey, boolean>>;
