import { z } from 'zod';
import { ObjectMetaSchema } from './meta';

export const OPENSHIFT_OPERATOR_GROUP = 'operator.openshift.io';
export const OPENSHIFT_OPERATOR_API_VERSION = `${OPENSHIFT_OPERATOR_GROUP}/v1`;
/** The one Network operator config object; it is cluster-scoped. */
export const OPENSHIFT_NETWORK_NAME = 'cluster';

export const AdditionalNetworkSchema = z
  .object({
    name: z.string().describe('Name of the NetworkAttachmentDefinition the operator creates.'),
    namespace: z.string().optional().describe('Namespace of that NetworkAttachmentDefinition.'),
    type: z
      .enum(['Raw', 'SimpleMacvlan', 'OVNKubernetes'])
      .describe('Raw takes the CNI configuration verbatim from rawCNIConfig.'),
    rawCNIConfig: z.string().optional().describe('CNI configuration as JSON text (type Raw).'),
    simpleMacvlanConfig: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type AdditionalNetwork = z.infer<typeof AdditionalNetworkSchema>;

export const OpenShiftNetworkSchema = z
  .object({
    apiVersion: z.literal(OPENSHIFT_OPERATOR_API_VERSION),
    kind: z.literal('Network'),
    metadata: ObjectMetaSchema,
    spec: z
      .object({
        additionalNetworks: z.array(AdditionalNetworkSchema).optional(),
      })
      // The cluster network operator config has many more fields that ibnet neither reads nor checks.
      .loose(),
    status: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('OpenShift cluster network operator configuration.');
export type OpenShiftNetwork = z.infer<typeof OpenShiftNetworkSchema>;
