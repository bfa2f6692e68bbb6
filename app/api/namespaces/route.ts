import { userRoute } from '@/app/_server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Namespace names the user can list; else the namespaces the console watches for them. */
export const GET = userRoute(async ({ hub }) => {
  await hub.ready(['namespaces', 'pods']);
  const listed = hub.items('namespaces').map((n) => n.metadata.name ?? '');
  const scope = hub.scopeOf('pods');
  const names = listed.length > 0 ? listed : scope === 'all' ? [] : scope;
  return { items: [...new Set(names)].filter(Boolean).sort() };
});
