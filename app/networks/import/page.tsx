import type { Metadata } from 'next';
import { ImportPage } from '@/components/networks/ImportPage';

export const metadata: Metadata = { title: 'Import YAML · ibnet' };

export default function Page() {
  return <ImportPage />;
}
