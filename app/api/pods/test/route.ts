import { RESOURCES } from '@/lib/kube';
import { parseBody, userRoute } from '@/app/_server/http';
import { TestPodSchema, testPod } from '@/app/_server/test-pods';
import { FIELD_MANAGER } from '@/app/_server/network-writes';
import type { PodLike } from '@/lib/views/kube';
import { podDetail } from '@/lib/views/pod-detail';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Creates the wizard's test pod: a fixed, unprivileged shape; only networks and VFs vary. */
export const POST = userRoute(
  async ({ body, client, console, hub }) => {
    const input = parseBody(TestPodSchema, body);
    const pod = testPod(input, console.config);
    const created = await client.create<PodLike>(RESOURCES.pods, pod, {
      fieldManager: FIELD_MANAGER,
    });
    const snapshot = await console.snapshot(hub, ['nads', 'networks', 'nodes', 'nodestates']);
    return podDetail(created, snapshot);
  },
  { maxBody: 16 * 1024 },
);
