import { z } from 'zod';
import { parseBody, userRoute } from '@/app/_server/http';
import { nadContext } from '@/lib/views/pod-analysis';
import { MAX_PAGE_SIZE, queryPods } from '@/lib/views/pod-query';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const FilterSchema = z
  .object({
    namespace: z.string().max(63).optional(),
    network: z.string().max(320).optional(),
    node: z.string().max(253).optional(),
    status: z
      .enum([
        'ok',
        'pending',
        'problem',
        'none',
        'Pending',
        'Running',
        'Succeeded',
        'Failed',
        'Unknown',
      ])
      .optional(),
    q: z.string().max(200).optional(),
    cursor: z.string().max(400).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  })
  .strict();

/** Pods filtered and paged on the server (namespace, network, node, status, text; by cursor). */
export const GET = userRoute(async ({ url, console, hub }) => {
  const filter = parseBody(FilterSchema, Object.fromEntries(url.searchParams));
  const snapshot = await console.snapshot(hub, ['pods', 'nads']);
  return queryPods(snapshot.pods, filter, nadContext(snapshot.nads, snapshot.nadNamespaces));
});
