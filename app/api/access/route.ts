import { userRoute } from '@/app/_server/http';
import { badRequest } from '@/app/_server/problems';
import { DNS1123_LABEL } from '@/lib/model';
import type { AccessView } from '@/lib/views/types';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** What the user may do, cluster-wide and per namespace, from SelfSubjectAccessReviews (30 s cache). */
export const GET = userRoute(async ({ url, session, hub, console }): Promise<AccessView> => {
  const asked = url.searchParams.get('namespace') ?? undefined;
  if (asked !== undefined && !DNS1123_LABEL.test(asked))
    throw badRequest(`"${asked}" is not a namespace name.`);

  const cluster = await hub.access.verbSet();
  const pods = await hub.access.allowed('list', {
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    namespaced: true,
  });
  const visible: string[] | 'all' = pods ? 'all' : await visibleNamespaces(hub);
  const names = new Set<string>();
  if (asked) names.add(asked);
  if (session.defaultNamespace) names.add(session.defaultNamespace);
  if (visible !== 'all') for (const n of visible) names.add(n);
  names.add(console.config.operatorNamespace);

  const namespaces: AccessView['namespaces'] = {};
  await Promise.all([...names].map(async (n) => (namespaces[n] = await hub.access.verbSet(n))));
  return {
    user: session.user,
    cluster,
    namespaces,
    visibleNamespaces: visible,
    operatorNamespace: console.config.operatorNamespace,
    checkedAt: new Date().toISOString(),
  };
});

async function visibleNamespaces(hub: import('@/app/_server/hub').IdentityHub): Promise<string[]> {
  await hub.ready(['pods']);
  const scope = hub.scopeOf('pods');
  return scope === 'all' ? [] : scope;
}
