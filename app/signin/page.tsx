import { Suspense } from 'react';
import { SignInForm } from './SignInForm';

export const metadata = { title: 'Sign in · ibnet' };

export default function SignInPage() {
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <h1 className="text-2xl font-semibold">Sign in to ibnet</h1>
      <Suspense>
        <SignInForm />
      </Suspense>
    </main>
  );
}
