import { userRoute } from '@/app/_server/http';
import { openStream, parseTopics } from '@/app/_server/stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * The tab's live updates: Server-Sent Events multiplexing the user's watches of `topics`
 * (`change` and `resync` events), resuming from `Last-Event-ID` (or `?lastEventId=`).
 */
export const GET = userRoute(async ({ request, url, hub }) => {
  const topics = parseTopics(url.searchParams.get('topics'));
  const lastEventId = request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId');
  return openStream(hub, topics, lastEventId, request.signal);
});
