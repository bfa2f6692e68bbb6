'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { NetworkPlural } from '@/lib/views/types';
import { ApiError, useDeleteNetwork } from '@/components/api';
import { Button, ConfirmDialog, ErrorBanner } from '@/components/common/ui';
import { usePermission } from '@/components/common/usePermission';

type Stage =
  | { step: 'closed' }
  | { step: 'confirm' }
  | { step: 'in-use'; pods: { namespace: string; name: string }[] };

/**
 * Deletes a network after a confirmation. The server refuses while pods use it (409 `in-use`);
 * the dialog then names every pod and deletes only when the user confirms them by name.
 */
export function DeleteNetworkButton({
  plural,
  namespace,
  name,
  targetNamespace,
  resourceVersion,
}: {
  plural: NetworkPlural;
  namespace: string;
  name: string;
  targetNamespace: string;
  resourceVersion?: string;
}) {
  const router = useRouter();
  const permission = usePermission('delete', plural, namespace);
  const remove = useDeleteNetwork();
  const [stage, setStage] = useState<Stage>({ step: 'closed' });
  const [error, setError] = useState<unknown>(null);

  const run = (confirmPods?: string[]) => {
    setError(null);
    remove.mutate(
      {
        plural,
        namespace,
        name,
        ...(resourceVersion ? { resourceVersion } : {}),
        ...(confirmPods ? { confirmPods } : {}),
      },
      {
        onSuccess: () => {
          setStage({ step: 'closed' });
          router.push('/networks');
        },
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'in-use' && err.body.pods) {
            setStage({ step: 'in-use', pods: err.body.pods });
          } else {
            setError(err);
          }
        },
      },
    );
  };

  const denied = permission.allowed
    ? undefined
    : (permission.reason ?? (permission.loading ? 'Checking your permissions…' : undefined));
  const pods = stage.step === 'in-use' ? stage.pods : [];

  return (
    <>
      <Button
        variant="danger"
        disabledReason={denied}
        onClick={() => setStage({ step: 'confirm' })}
      >
        Delete…
      </Button>
      <ConfirmDialog
        open={stage.step !== 'closed'}
        title={
          stage.step === 'in-use'
            ? `${pods.length} pod${pods.length === 1 ? '' : 's'} use ${name}`
            : `Delete ${name}?`
        }
        confirmLabel={
          stage.step === 'in-use'
            ? `Delete while ${pods.length} pod${pods.length === 1 ? '' : 's'} use it`
            : 'Delete network'
        }
        busy={remove.isPending}
        onCancel={() => {
          setStage({ step: 'closed' });
          setError(null);
        }}
        onConfirm={() =>
          run(
            stage.step === 'in-use' ? stage.pods.map((p) => `${p.namespace}/${p.name}`) : undefined,
          )
        }
      >
        <ErrorBanner error={error} title="Not deleted" />
        {stage.step === 'in-use' ? (
          <div data-testid="delete-in-use">
            <p>
              The cluster kept the network because these pods request it. They keep their interface
              until they restart; then they fail to start, because the NAD in {targetNamespace} is
              deleted with the network.
            </p>
            <ul
              className="mt-2 max-h-48 list-disc overflow-y-auto pl-5 font-mono text-xs"
              aria-label="Pods using the network"
            >
              {pods.map((p) => (
                <li key={`${p.namespace}/${p.name}`}>
                  {p.namespace}/{p.name}
                </li>
              ))}
            </ul>
            <p className="mt-2">Delete it anyway, naming these pods as acknowledged?</p>
          </div>
        ) : (
          <p>
            {namespace}/{name} and its NetworkAttachmentDefinition in {targetNamespace} will be
            deleted. Pods can no longer request it.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
