import { z } from 'zod';
import { parseNetworksAnnotation } from '@/lib/annotations/networks';
import { DNS1123_LABEL, NETWORKS_ANNOTATION } from '@/lib/model';
import type { PodLike } from '@/lib/views/kube';
import { TEST_POD_LABEL } from '@/lib/views/pod-analysis';
import type { ConsoleConfig } from './config';
import { badRequest } from './problems';

export { TEST_POD_LABEL };

/** The image of the wizard's test pod; any image with `sleep` works. */
export const TEST_POD_IMAGE =
  process.env.IBNET_TEST_POD_IMAGE ?? 'registry.access.redhat.com/ubi9/ubi-minimal:latest';

export const TestPodSchema = z
  .object({
    namespace: z.string().regex(DNS1123_LABEL).max(63),
    name: z.string().regex(DNS1123_LABEL).max(63).optional(),
    networks: z.string().min(1).max(4096),
    node: z.string().max(253).optional(),
    resources: z.record(z.string().max(253), z.number().int().min(1).max(8)).optional(),
  })
  .strict();

/**
 * The one pod shape the console creates: labelled as a test pod, unprivileged, no service account
 * token, no host access, gone within an hour. Only the networks, node and VF counts vary.
 */
export function testPod(input: z.infer<typeof TestPodSchema>, config: ConsoleConfig): PodLike {
  const parsed = parseNetworksAnnotation(input.networks);
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0)
    throw badRequest(`The networks request has a mistake: ${errors[0]?.message}`);
  const resources: Record<string, string> = {};
  for (const [name, count] of Object.entries(input.resources ?? {})) {
    if (!name.startsWith(`${config.resourcePrefix}/`)) {
      throw badRequest(
        `A test pod may only request ${config.resourcePrefix}/… device resources, not ${name}.`,
      );
    }
    resources[name] = String(count);
  }
  const name = input.name ?? `ibnet-test-${Math.random().toString(36).slice(2, 7)}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: input.namespace,
      labels: { [TEST_POD_LABEL]: 'true', 'app.kubernetes.io/managed-by': 'ibnet-console' },
      annotations: { [NETWORKS_ANNOTATION]: input.networks },
    },
    spec: {
      restartPolicy: 'Never',
      activeDeadlineSeconds: 3600,
      terminationGracePeriodSeconds: 1,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      ...(input.node ? { nodeSelector: { 'kubernetes.io/hostname': input.node } } : {}),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 65534,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'probe',
          image: TEST_POD_IMAGE,
          command: ['sleep', '3600'],
          resources: { requests: resources, limits: resources },
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          },
        },
      ],
    },
  } as unknown as PodLike;
}
