import type { Metadata } from 'next';
import { PodDetailPage } from '@/components/pods/detail/PodDetailPage';

type Params = { namespace: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { namespace, name } = await params;
  return { title: `${decodeURIComponent(namespace)}/${decodeURIComponent(name)} · Pods · ibnet` };
}

export default async function Page({ params }: { params: Promise<Params> }) {
  const { namespace, name } = await params;
  return (
    <PodDetailPage namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} />
  );
}
