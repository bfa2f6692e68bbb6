'use client';

import { useId } from 'react';
import type { AccessResource, AccessVerb } from '@/lib/views/types';
import { Button, ErrorBanner } from '@/components/common/ui';
import { usePermission } from '@/components/common/usePermission';

/**
 * The button of a write the wizard makes (policy, network, test pod). Before anything is sent it
 * says, in words, the exact permission the user lacks; a refusal from the server is shown the same
 * way, with the verb, resource and namespace it names.
 */
export function WriteButton({
  verb,
  resource,
  namespace,
  label,
  busyLabel,
  busy = false,
  blockers = [],
  error,
  onClick,
}: {
  verb: AccessVerb;
  resource: AccessResource;
  namespace: string;
  label: string;
  busyLabel: string;
  busy?: boolean;
  /** Why the object cannot be written yet (first one shown). */
  blockers?: readonly string[];
  error?: unknown;
  onClick: () => void;
}) {
  const id = useId();
  const permission = usePermission(verb, resource, namespace || undefined);
  const denied =
    !permission.loading && !permission.allowed && permission.reason
      ? `${permission.reason} Ask a cluster administrator for that permission, or hand the YAML to someone who has it.`
      : undefined;
  const reason =
    denied ??
    blockers[0] ??
    (permission.loading ? 'Checking your permissions…' : undefined) ??
    (busy ? busyLabel : undefined);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="primary"
          disabledReason={reason}
          aria-describedby={denied ? `${id}-denied` : undefined}
          onClick={onClick}
        >
          {busy ? busyLabel : label}
        </Button>
        {!denied && reason && !busy && (
          <span className="text-xs text-slate-600 dark:text-slate-400">{reason}</span>
        )}
      </div>
      {denied && (
        <p
          id={`${id}-denied`}
          role="note"
          data-testid="permission-missing"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
        >
          <span className="font-semibold">Permission missing: </span>
          {denied}
        </p>
      )}
      {error ? <ErrorBanner error={error} title={`${label}: the cluster refused`} /> : null}
    </div>
  );
}
