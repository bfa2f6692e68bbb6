import { z } from 'zod';
import { ObjectMetaSchema } from './meta';

export const WHEREABOUTS_GROUP = 'whereabouts.cni.cncf.io';
export const WHEREABOUTS_API_VERSION = `${WHEREABOUTS_GROUP}/v1alpha1`;
/** Whereabouts keeps its pools in the namespace it runs in, `kube-system` by default. */
export const DEFAULT_WHEREABOUTS_NAMESPACE = 'kube-system';

export const IPAllocationSchema = z
  .object({
    id: z.string().describe('Container ID that holds the address.'),
    podref: z.string().optional().describe('namespace/name of the pod.'),
    ifname: z.string().optional(),
  })
  .strict();
export type IPAllocation = z.infer<typeof IPAllocationSchema>;

export const IPPoolSchema = z
  .object({
    apiVersion: z.literal(WHEREABOUTS_API_VERSION),
    kind: z.literal('IPPool'),
    metadata: ObjectMetaSchema,
    spec: z
      .object({
        range: z.string().describe('The range this pool allocates from, as a CIDR.'),
        allocations: z
          .record(z.string(), IPAllocationSchema)
          .describe('Allocated addresses keyed by their decimal offset from the network address.'),
      })
      .strict(),
  })
  .describe('A whereabouts pool: the allocations of one range (per network_name).');
export type IPPool = z.infer<typeof IPPoolSchema>;

export const OverlappingRangeIPReservationSchema = z
  .object({
    apiVersion: z.literal(WHEREABOUTS_API_VERSION),
    kind: z.literal('OverlappingRangeIPReservation'),
    metadata: ObjectMetaSchema,
    spec: z
      .object({
        containerid: z.string().optional(),
        podref: z.string().describe('namespace/name of the pod holding the address.'),
        ifname: z.string().optional(),
      })
      .strict(),
  })
  .describe('Reserves one address across all pools whose ranges overlap.');
export type OverlappingRangeIPReservation = z.infer<typeof OverlappingRangeIPReservationSchema>;
