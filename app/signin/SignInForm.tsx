'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { useSignIn, useSignInOptions } from '@/components/api';
import { Button, ErrorBanner } from '@/components/common/ui';
import type { SignInRequest } from '@/lib/views/types';

/** Only paths inside the console are followed after sign-in. */
function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

/** The ways to sign in this console's mode offers: demo users, a token, a context, or the proxy. */
export function SignInForm() {
  const router = useRouter();
  const next = safeNext(useSearchParams().get('next'));
  const options = useSignInOptions();
  const signIn = useSignIn();
  const [token, setToken] = useState('');

  const go = (request: SignInRequest) =>
    signIn.mutate(request, { onSuccess: () => router.replace(next) });

  const onToken = (e: FormEvent) => {
    e.preventDefault();
    if (token.trim()) go({ method: 'token', token: token.trim() });
  };

  if (options.isLoading) return <p className="mt-6 text-slate-600">Loading…</p>;
  if (options.error)
    return <ErrorBanner error={options.error} title="The console is not reachable" />;
  const methods = options.data?.methods ?? [];

  return (
    <div className="mt-6 space-y-6">
      <ErrorBanner error={signIn.error} title="Not signed in" />

      {methods.includes('demo') && (options.data?.demoUsers.length ?? 0) > 0 && (
        <section aria-labelledby="demo-users">
          <h2 id="demo-users" className="text-sm font-semibold text-slate-700 dark:text-slate-300">
            Demo cluster identities
          </h2>
          <div className="mt-2 grid gap-2">
            {options.data?.demoUsers.map((u) => (
              <Button
                key={u.id}
                variant="secondary"
                className="justify-between"
                disabled={signIn.isPending}
                onClick={() => go({ method: 'demo', user: u.id })}
              >
                <span className="font-semibold">{u.label}</span>
                <span className="text-xs text-slate-500 dark:text-slate-400">{u.description}</span>
              </Button>
            ))}
          </div>
        </section>
      )}

      {methods.includes('context') && (
        <section aria-labelledby="contexts">
          <h2 id="contexts" className="text-sm font-semibold text-slate-700 dark:text-slate-300">
            Kubeconfig contexts
          </h2>
          <div className="mt-2 grid gap-2">
            {options.data?.contexts.map((c) => (
              <Button
                key={c.name}
                variant={c.current ? 'primary' : 'secondary'}
                className="justify-between"
                disabled={signIn.isPending}
                onClick={() => go({ method: 'context', context: c.name })}
              >
                <span className="font-semibold">{c.name}</span>
                <span className="text-xs opacity-80">
                  {c.user} @ {c.cluster}
                </span>
              </Button>
            ))}
          </div>
        </section>
      )}

      {methods.includes('proxy') && (
        <Button
          variant="primary"
          disabled={signIn.isPending}
          onClick={() => go({ method: 'proxy' })}
        >
          Continue as the signed-in user
        </Button>
      )}

      {methods.includes('token') && (
        <form onSubmit={onToken} className="space-y-2" aria-labelledby="token-label">
          <label
            id="token-label"
            htmlFor="token"
            className="block text-sm font-semibold text-slate-700 dark:text-slate-300"
          >
            Bearer token
          </label>
          <textarea
            id="token"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            rows={3}
            autoComplete="off"
            spellCheck={false}
            className="w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
            placeholder="Paste a service-account or user token"
          />
          <p className="text-xs text-slate-500 dark:text-slate-400">
            The token is checked with the cluster and kept only in an encrypted, HttpOnly cookie.
          </p>
          <Button type="submit" variant="primary" disabled={signIn.isPending || !token.trim()}>
            Sign in with token
          </Button>
        </form>
      )}
    </div>
  );
}
