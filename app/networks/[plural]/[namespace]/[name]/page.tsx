import type { Metadata } from 'next';
import { NetworkDetails } from '@/components/networks/NetworkDetails';
import { type NetworkParams, networkParams } from './params';

export async function generateMetadata({
  params,
}: {
  params: Promise<NetworkParams>;
}): Promise<Metadata> {
  const { namespace, name } = await networkParams(params);
  return { title: `${namespace}/${name} · ibnet` };
}

export default async function Page({ params }: { params: Promise<NetworkParams> }) {
  const network = await networkParams(params);
  return <NetworkDetails {...network} />;
}
