import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '@/components/common/ui';
import { NewNetworkPage } from '@/components/networks/NetworkEditorPages';

export const metadata: Metadata = { title: 'New network · ibnet' };

export default function Page() {
  return (
    <Suspense fallback={<Loading label="Loading the editor…" />}>
      <NewNetworkPage />
    </Suspense>
  );
}
