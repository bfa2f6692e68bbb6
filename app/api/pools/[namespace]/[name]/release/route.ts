import { z } from 'zod';
import { parseBody, userRoute } from '@/app/_server/http';
import { releaseStaleAllocation } from '@/app/_server/pool-release';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { namespace: string; name: string };

const ReleaseSchema = z
  .object({ offset: z.string().regex(/^\d{1,20}$/), resourceVersion: z.string().min(1).max(64) })
  .strict();

/** Frees one stale allocation, only if it is still stale and the pool is as the user saw it. */
export const POST = userRoute<Params>(
  async ({ params, body, client, console, hub }) => {
    const request = parseBody(ReleaseSchema, body);
    return releaseStaleAllocation(client, console, hub, params.namespace, params.name, request);
  },
  { maxBody: 4 * 1024 },
);
