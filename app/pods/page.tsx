import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '@/components/common/ui';
import { PodsPage } from '@/components/pods/PodsPage';

export const metadata: Metadata = { title: 'Pods · ibnet' };

export default function Page() {
  return (
    <Suspense fallback={<Loading label="Loading pods…" />}>
      <PodsPage />
    </Suspense>
  );
}
