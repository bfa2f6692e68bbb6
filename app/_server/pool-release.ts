import { type KubeClient, RESOURCES, isConflict, isNotFound } from '@/lib/kube';
import type { IPPool } from '@/lib/model';
import type { PodLike } from '@/lib/views/kube';
import { analyzePod } from '@/lib/views/pod-analysis';
import { isStale, poolViews } from '@/lib/views/pools';
import type { PoolView } from '@/lib/views/types';
import type { ConsoleServer } from './console';
import { FIELD_MANAGER } from './network-writes';
import type { IdentityHub } from './hub';
import { ApiProblem } from './problems';

/**
 * Removes one allocation from an IPPool. Guarded twice: the pool must still have the
 * resourceVersion the user looked at (the PUT carries it, so a concurrent whereabouts write wins),
 * and the allocation must still be stale, judged against a fresh read of the pod it names.
 */
export async function releaseStaleAllocation(
  client: KubeClient,
  console: ConsoleServer,
  hub: IdentityHub,
  namespace: string,
  name: string,
  request: { offset: string; resourceVersion: string },
): Promise<PoolView> {
  const pool = await client.get<IPPool>(RESOURCES.ippools, name, namespace);
  const current = async () => view(console, hub, namespace, name);
  if (pool.metadata.resourceVersion !== request.resourceVersion) {
    throw new ApiProblem(
      409,
      'conflict',
      `The pool ${namespace}/${name} changed since you looked at it; review it again before releasing.`,
      'Conflict',
      {
        verb: 'update',
        resource: 'ippools.whereabouts.cni.cncf.io',
        namespace,
        name,
        current: await current(),
      },
    );
  }
  const allocation = pool.spec.allocations[request.offset];
  if (!allocation) {
    throw new ApiProblem(
      404,
      'not-found',
      `The pool ${namespace}/${name} has no allocation at offset ${request.offset}.`,
      'NotFound',
    );
  }

  // The cache may lag: ask the cluster about the pod right now.
  const snapshot = await console.snapshot(hub, ['pods', 'pools']);
  const pods = await freshPods(client, allocation.podref, snapshot.pods);
  if (!isStale({ ...snapshot, pods, pools: [pool] }, pool, request.offset)) {
    throw new ApiProblem(
      409,
      'conflict',
      `The address at offset ${request.offset} is in use by ${allocation.podref ?? 'a pod'} again (or never was stale); it was not released.`,
      'NotStale',
      { namespace, name, current: await current() },
    );
  }

  const { [request.offset]: _released, ...rest } = pool.spec.allocations;
  let updated: IPPool;
  try {
    updated = await client.replace<IPPool>(
      RESOURCES.ippools,
      { ...pool, spec: { ...pool.spec, allocations: rest } },
      { fieldManager: FIELD_MANAGER },
    );
  } catch (err) {
    if (!isConflict(err)) throw err;
    throw new ApiProblem(
      409,
      'conflict',
      `The pool ${namespace}/${name} changed while releasing; nothing was released. Review it again.`,
      'Conflict',
      {
        namespace,
        name,
        current: await current(),
      },
    );
  }
  // Answer from the written pool: the watch may not have delivered it yet.
  const after = await console.snapshot(hub, ['pools', 'pods', 'networks']);
  const pools = [...after.pools.filter((p) => p.metadata.uid !== updated.metadata.uid), updated];
  const result = poolViews({ ...after, pools }).find(
    (p) => p.namespace === namespace && p.name === name,
  );
  if (!result) throw new Error('the released pool vanished from its own view');
  return result;
}

async function freshPods(
  client: KubeClient,
  podref: string | undefined,
  cached: PodLike[],
): Promise<PodLike[]> {
  const [ns, podName] = (podref ?? '').split('/');
  const others = cached.filter((p) => `${p.metadata.namespace}/${p.metadata.name}` !== podref);
  if (!ns || !podName) return others;
  try {
    const pod = await client.get<PodLike>(RESOURCES.pods, podName, ns);
    analyzePod(pod);
    return [...others, pod];
  } catch (err) {
    if (isNotFound(err)) return others;
    throw err;
  }
}

async function view(console: ConsoleServer, hub: IdentityHub, namespace: string, name: string) {
  const snapshot = await console.snapshot(hub, ['pools', 'pods', 'networks']);
  return poolViews(snapshot).find((p) => p.namespace === namespace && p.name === name);
}
