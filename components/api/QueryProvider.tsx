'use client';

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type ReactNode, useEffect, useState } from 'react';
import { ApiError } from './client';
import { LiveUpdatesContext, useSession } from './hooks';
import { LiveUpdates } from './live';

type Listener = () => void;

function makeClient(onUnauthenticated: Listener): QueryClient {
  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) onUnauthenticated();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        // Live updates keep data fresh; refetch on focus only as a safety net.
        staleTime: 15_000,
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      },
    },
  });
}

/** Turns the stream on while someone is signed in. */
function LiveSwitch({ live }: { live: LiveUpdates }) {
  const session = useSession();
  const signedIn = session.isSuccess;
  useEffect(() => live.setEnabled(signedIn), [live, signedIn]);
  return null;
}

/** React Query plus the tab's one live-update stream. Wrap the app in it once. */
export function QueryProvider({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [client] = useState(() =>
    makeClient(() => {
      // An expired session anywhere sends the user to sign in, then back where they were.
      const { pathname, search } = window.location;
      if (pathname.startsWith('/signin')) return;
      router.push(`/signin?next=${encodeURIComponent(pathname + search)}`);
    }),
  );
  const [live] = useState(() => new LiveUpdates(client));
  useEffect(() => () => live.close(), [live]);
  return (
    <QueryClientProvider client={client}>
      <LiveUpdatesContext.Provider value={live}>
        <LiveSwitch live={live} />
        {children}
      </LiveUpdatesContext.Provider>
    </QueryClientProvider>
  );
}
