import type { Metadata } from 'next';
import { EditNetworkPage } from '@/components/networks/NetworkEditorPages';
import { type NetworkParams, networkParams } from '../params';

export async function generateMetadata({
  params,
}: {
  params: Promise<NetworkParams>;
}): Promise<Metadata> {
  const { namespace, name } = await networkParams(params);
  return { title: `Edit ${namespace}/${name} · ibnet` };
}

export default async function Page({ params }: { params: Promise<NetworkParams> }) {
  const network = await networkParams(params);
  return <EditNetworkPage {...network} />;
}
