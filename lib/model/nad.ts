import { z } from 'zod';
import { ObjectMetaSchema } from './meta';

export const NAD_GROUP = 'k8s.cni.cncf.io';
export const NAD_API_VERSION = `${NAD_GROUP}/v1`;
export const RESOURCE_NAME_ANNOTATION = 'k8s.v1.cni.cncf.io/resourceName';

export const NetworkAttachmentDefinitionSchema = z
  .object({
    apiVersion: z.literal(NAD_API_VERSION),
    kind: z.literal('NetworkAttachmentDefinition'),
    metadata: ObjectMetaSchema,
    spec: z
      .object({
        config: z.string().optional().describe('CNI configuration as JSON text.'),
      })
      .strict()
      .optional(),
  })
  .describe('A CNI configuration that pods in its namespace can attach to through Multus.');
export type NetworkAttachmentDefinition = z.infer<typeof NetworkAttachmentDefinitionSchema>;
