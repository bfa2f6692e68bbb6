import { publicRoute } from '@/app/_server/http';
import { DEMO_USERS } from '@/app/_server/clusters';
import type { SignInOptions } from '@/lib/views/types';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** What the sign-in page offers in this mode; needs no session and reveals no credential. */
export const GET = publicRoute(async ({ console }): Promise<SignInOptions> => {
  const { mode } = console.config;
  return {
    mode,
    methods: console.authenticator.methods,
    demoUsers:
      mode === 'embedded' ? DEMO_USERS.filter((u) => console.clusters.demoIdentity(u.id)) : [],
    contexts: mode === 'kubeconfig' ? console.clusters.contexts() : [],
  };
});
