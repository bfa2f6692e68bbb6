import { z } from 'zod';
import { parseBody, userRoute } from '@/app/_server/http';
import { eventView } from '@/lib/views/events';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const EVENT_LIMIT = 200;

const FilterSchema = z
  .object({
    namespace: z.string().max(63).optional(),
    kind: z.string().max(63).optional(),
    name: z.string().max(253).optional(),
  })
  .strict();

/** Recent events, newest first, filtered by involved object. */
export const GET = userRoute(async ({ url, console, hub }) => {
  const filter = parseBody(FilterSchema, Object.fromEntries(url.searchParams));
  const snapshot = await console.snapshot(hub, ['events']);
  const items = snapshot.events
    .filter((e) => {
      const o = e.involvedObject ?? {};
      if (filter.namespace && (o.namespace ?? e.metadata.namespace) !== filter.namespace)
        return false;
      if (filter.kind && o.kind !== filter.kind) return false;
      return !filter.name || o.name === filter.name;
    })
    .map(eventView)
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
    .slice(0, EVENT_LIMIT);
  return { items };
});
