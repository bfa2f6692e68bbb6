'use client';

import { ApiError } from '@/components/api';

/** One sentence for any error the console API can answer with. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const { code, verb, resource, namespace, message } = error.body;
    if (code === 'forbidden' && verb && resource) {
      const where = namespace ? ` in namespace ${namespace}` : '';
      return `You may not ${verb} ${resource}${where}. Ask a cluster administrator for that permission.`;
    }
    return message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Shows an error in words a person can act on; never a stack trace. */
export function ErrorBanner({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100"
    >
      {title && <p className="font-semibold">{title}</p>}
      <p>{describeError(error)}</p>
    </div>
  );
}
