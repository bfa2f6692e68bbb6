import { userRoute } from '@/app/_server/http';
import { overviewView } from '@/lib/views/overview';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Counts, health and problems of everything the user can see. */
export const GET = userRoute(async ({ console, hub }) => {
  const snapshot = await console.snapshot(hub, [
    'networks',
    'nads',
    'pods',
    'pools',
    'nodes',
    'nodestates',
    'policies',
  ]);
  return overviewView(snapshot);
});
