import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '@/components/common/ui';
import { NetworksList } from '@/components/networks/NetworksList';

export const metadata: Metadata = { title: 'Networks · ibnet' };

export default function Page() {
  return (
    <Suspense fallback={<Loading label="Loading networks…" />}>
      <NetworksList />
    </Suspense>
  );
}
