import { z } from 'zod';
import { parseNetworksAnnotation } from '@/lib/annotations/networks';
import { DNS1123_LABEL } from '@/lib/model';
import type { PodLike } from '@/lib/views/kube';
import { DEFAULT_TEST_POD_IMAGE, TEST_POD_LABEL, testPodManifest } from '@/lib/views/test-pod';
import type { ConsoleConfig } from './config';
import { badRequest } from './problems';

export { TEST_POD_LABEL };

/** The image of the wizard's test pod; any image with `sleep` works. */
export const TEST_POD_IMAGE = process.env.IBNET_TEST_POD_IMAGE || DEFAULT_TEST_POD_IMAGE;

export const TestPodSchema = z
  .object({
    namespace: z.string().regex(DNS1123_LABEL).max(63),
    name: z.string().regex(DNS1123_LABEL).max(63).optional(),
    networks: z.string().min(1).max(4096),
    node: z.string().max(253).optional(),
    resources: z.record(z.string().max(253), z.number().int().min(1).max(8)).optional(),
  })
  .strict();

/** The test pod for a checked request: only the console's own resource prefix may be asked for. */
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
  return testPodManifest({
    name: input.name ?? `ibnet-test-${Math.random().toString(36).slice(2, 7)}`,
    namespace: input.namespace,
    networks: input.networks,
    node: input.node,
    resources,
    image: TEST_POD_IMAGE,
  }) as unknown as PodLike;
}
