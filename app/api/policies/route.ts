import { userRoute } from '@/app/_server/http';
import { createPolicy, readPolicy } from '@/app/_server/object-writes';
import { policyRow } from '@/lib/views/lists';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** SriovNetworkNodePolicies with the nodes each one selects. */
export const GET = userRoute(async ({ console, hub }) => {
  const snapshot = await console.snapshot(hub, ['policies', 'nodes']);
  return { items: snapshot.policies.map((p) => policyRow(p, snapshot)) };
});

/** Creates a policy in the operator namespace (schema-checked, dry-run, then applied). */
export const POST = userRoute(async ({ body, client, console, hub }) => {
  const created = await createPolicy(client, readPolicy(body, console.config));
  const snapshot = await console.snapshot(hub, ['nodes']);
  return policyRow(created, snapshot);
});
