import { notFound } from 'next/navigation';
import { isNetworkPlural } from '@/lib/views/paths';
import type { NetworkPlural } from '@/lib/views/types';

export interface NetworkParams {
  plural: string;
  namespace: string;
  name: string;
}

/** The route's network identity; an unknown kind in the URL is a 404. */
export async function networkParams(
  params: Promise<NetworkParams>,
): Promise<{ plural: NetworkPlural; namespace: string; name: string }> {
  const { plural, namespace, name } = await params;
  if (!isNetworkPlural(plural)) notFound();
  return { plural, namespace: decodeURIComponent(namespace), name: decodeURIComponent(name) };
}
