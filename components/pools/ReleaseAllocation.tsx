'use client';

import { useState } from 'react';
import { useReleaseAllocation } from '@/components/api';
import { usePermission } from '@/components/common/usePermission';
import { Button, ConfirmDialog, ErrorBanner } from '@/components/common/ui';
import type { AllocationView, PoolView } from '@/lib/views/types';
import { STALE_REASONS } from './stale-reasons';

/**
 * "Release" for one stale allocation, behind a confirmation that names the address and the
 * podref. The request carries the pool's resourceVersion, so the server refuses if it changed.
 */
export function ReleaseAllocation({
  pool,
  allocation,
}: {
  pool: PoolView;
  allocation: AllocationView;
}) {
  const permission = usePermission('update', 'ippools', pool.namespace);
  const release = useReleaseAllocation();
  const [open, setOpen] = useState(false);
  const who = allocation.podref ?? 'an unnamed pod';

  return (
    <>
      <Button
        variant="secondary"
        aria-label={`Release ${allocation.address} held for ${who}`}
        disabledReason={
          permission.allowed ? undefined : (permission.reason ?? 'Checking your permissions…')
        }
        onClick={() => {
          release.reset();
          setOpen(true);
        }}
      >
        Release
      </Button>
      <ConfirmDialog
        open={open}
        title={`Release ${allocation.address}?`}
        confirmLabel={release.isPending ? 'Releasing…' : `Release ${allocation.address}`}
        busy={release.isPending}
        onCancel={() => setOpen(false)}
        onConfirm={() =>
          release.mutate(
            {
              namespace: pool.namespace,
              name: pool.name,
              offset: allocation.offset,
              resourceVersion: pool.resourceVersion ?? '',
            },
            { onSuccess: () => setOpen(false) },
          )
        }
      >
        <p>
          The address <span className="font-mono font-semibold">{allocation.address}</span> in pool{' '}
          <span className="font-mono">{pool.range}</span> is held for pod{' '}
          <span className="font-mono font-semibold">{who}</span>
          {allocation.ifname && <> ({allocation.ifname})</>}.{' '}
          {allocation.staleReason && STALE_REASONS[allocation.staleReason]}
        </p>
        <p className="mt-2">
          Releasing removes the allocation from the IPPool, so whereabouts can hand the address to a
          new pod. If the pool changed since this page loaded, nothing is released.
        </p>
        {release.error && (
          <div className="mt-3">
            <ErrorBanner error={release.error} title="Not released" />
          </div>
        )}
      </ConfirmDialog>
    </>
  );
}
