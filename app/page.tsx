import type { Metadata } from 'next';
import { OverviewPage } from '@/components/overview/OverviewPage';

export const metadata: Metadata = { title: 'Overview · ibnet' };

export default function HomePage() {
  return <OverviewPage />;
}
