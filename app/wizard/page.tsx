import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '@/components/common/ui';
import { WizardPage } from '@/components/wizard/WizardPage';

export const metadata: Metadata = { title: 'Set up an InfiniBand network · ibnet' };

export default function Page() {
  return (
    <Suspense fallback={<Loading label="Loading the wizard…" />}>
      <WizardPage />
    </Suspense>
  );
}
