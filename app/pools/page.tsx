import type { Metadata } from 'next';
import { PoolsPage } from '@/components/pools/PoolsPage';

export const metadata: Metadata = { title: 'IP pools · ibnet' };

export default function Page() {
  return <PoolsPage />;
}
