import type { Metadata } from 'next';
import { FabricPage } from '@/components/fabric/FabricPage';

export const metadata: Metadata = { title: 'Fabric · ibnet' };

export default function Page() {
  return <FabricPage />;
}
