'use client';

import { useRouter } from 'next/navigation';
import { useSession, useSignIn, useSignInOptions, useSignOut } from '@/components/api';
import { Button } from '@/components/common/ui';

/** Who is signed in, the kubeconfig context switcher (kubeconfig mode) and sign-out. */
export function UserMenu() {
  const router = useRouter();
  const session = useSession();
  const options = useSignInOptions();
  const signIn = useSignIn();
  const signOut = useSignOut();

  if (!session.data) {
    return (
      <Button variant="primary" onClick={() => router.push('/signin')}>
        Sign in
      </Button>
    );
  }

  const { user, mode, context } = session.data;
  const contexts = mode === 'kubeconfig' ? (options.data?.contexts ?? []) : [];

  return (
    <div className="flex items-center gap-3 text-sm">
      {contexts.length > 1 && (
        <label className="flex items-center gap-1.5">
          <span className="text-slate-500 dark:text-slate-400">Context</span>
          <select
            className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
            value={context}
            disabled={signIn.isPending}
            onChange={(e) => signIn.mutate({ method: 'context', context: e.target.value })}
          >
            {contexts.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <span title={user.groups.join(', ')} className="font-medium">
        {user.username}
      </span>
      <Button
        variant="ghost"
        disabled={signOut.isPending}
        onClick={() => signOut.mutate(undefined, { onSuccess: () => router.push('/signin') })}
      >
        Sign out
      </Button>
    </div>
  );
}
