import type { Metadata } from 'next';
import { PoolDetailPage } from '@/components/pools/PoolDetailPage';

type Params = { namespace: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { name } = await params;
  return { title: `${decodeURIComponent(name)} · IP pools · ibnet` };
}

export default async function Page({ params }: { params: Promise<Params> }) {
  const { namespace, name } = await params;
  return (
    <PoolDetailPage namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} />
  );
}
