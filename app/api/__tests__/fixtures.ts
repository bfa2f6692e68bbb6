import type { Cluster } from '@/sim';
import type { SriovIBNetwork } from '@/lib/model';
import { renderNad } from '@/lib/render';

const WRITER = { fieldManager: 'test-fixture' };

export function ibNetwork(
  namespace: string,
  name: string,
  extra: Partial<SriovIBNetwork['spec']> = {},
): SriovIBNetwork {
  return {
    apiVersion: 'sriovnetwork.openshift.io/v1',
    kind: 'SriovIBNetwork',
    metadata: { name, namespace },
    spec: {
      resourceName: 'ib_vfs',
      ipam: '{"type": "whereabouts", "range": "192.168.10.0/24"}',
      capabilities: '{"infinibandGUID": true}',
      ...extra,
    },
  };
}

/** A network with its NAD, as the agent would have rendered it. */
export async function seedNetwork(
  cluster: Cluster,
  network: SriovIBNetwork,
): Promise<SriovIBNetwork> {
  const created = await cluster.store.create(network as never, WRITER);
  const rendered = renderNad(network);
  if (!rendered.ok) throw new Error('fixture network does not render');
  await cluster.store.create(rendered.nad as never, WRITER);
  return created as SriovIBNetwork;
}

export async function seedPod(
  cluster: Cluster,
  namespace: string,
  name: string,
  annotations: Record<string, string>,
  labels: Record<string, string> = {},
): Promise<void> {
  await cluster.store.create(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, annotations, labels },
      spec: { containers: [{ name: 'main', image: 'example/app:1' }] },
    } as never,
    WRITER,
  );
}

export async function seedSecret(
  cluster: Cluster,
  namespace: string,
  name: string,
  marker: string,
): Promise<void> {
  await cluster.store.create(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace },
      stringData: { password: marker },
      data: { password: Buffer.from(marker).toString('base64') },
    } as never,
    WRITER,
  );
}
