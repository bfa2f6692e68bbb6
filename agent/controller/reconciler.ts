import {
  type Informer,
  type KubeClient,
  KubeError,
  RESOURCES,
  type ResourceRef,
  isConflict,
  isNotFound,
  isTransient,
} from '../../lib/kube';
import {
  LAST_NETWORK_NAMESPACE_ANNOTATION,
  NAD_FINALIZER,
  type NetworkAttachmentDefinition,
  type SriovNetworkLike,
} from '../../lib/model';
import { targetNamespace } from '../../lib/render';
import type { Logger } from '../common/logger';
import type { AgentMetrics } from '../common/metrics';
import { RecentWrites } from '../common/recent-writes';
import type { ReconcileResult } from '../common/work-queue';
import { type DesiredReady, REASONS, nextConditions } from './conditions';
import { type NetworkKind, cacheKey, parseNetworkKey } from './keys';
import { type NetworkPlan, type PlanContext, planNetwork, planWrites } from './plan';
import { upstreamRenderingHazards } from './upstream-hazards';

/** A Namespace as the controller reads it. */
export interface NamespaceObject {
  apiVersion: string;
  kind: string;
  metadata: SriovNetworkLike['metadata'];
  status?: { phase?: string };
}

export interface ReconcilerCaches {
  networks: Record<NetworkKind, Informer<SriovNetworkLike>>;
  nads: Informer<NetworkAttachmentDefinition>;
  namespaces: Informer<NamespaceObject>;
}

export interface ReconcilerOptions {
  client: KubeClient;
  caches: ReconcilerCaches;
  operatorNamespace: string;
  resourcePrefix: string;
  fieldManager: string;
  logger: Logger;
  metrics: AgentMetrics;
  /** Observe-only: plan and report, never write (the upstream operator is in charge). */
  observeOnly(): boolean;
}

const NETWORK_REFS: Record<NetworkKind, ResourceRef> = {
  SriovIBNetwork: RESOURCES.sriovibnetworks,
  SriovNetwork: RESOURCES.sriovnetworks,
};
const NAD_REF = RESOURCES['network-attachment-definitions'];

type Outcome = 'ready' | 'not_ready' | 'finalized' | 'absent' | 'observed';

/**
 * Brings one network and its NAD to the planned state with as few requests as possible: reads come
 * from the informer caches (plus our own recent writes), and each write happens only when the
 * plan needs it. A failed write throws so that the work queue retries it with backoff.
 */
export class NetworkReconciler {
  readonly networkWrites = new RecentWrites<SriovNetworkLike>();
  readonly nadWrites = new RecentWrites<NetworkAttachmentDefinition>();
  private readonly observed = new Map<string, string>();
  private readonly context: PlanContext;

  constructor(private readonly opts: ReconcilerOptions) {
    this.context = {
      operatorNamespace: opts.operatorNamespace,
      resourcePrefix: opts.resourcePrefix,
      nad: (namespace, name) => {
        const key = cacheKey(namespace, name);
        return this.nadWrites.resolve(key, opts.caches.nads.get(key));
      },
      namespace: (name) => {
        const ns = opts.caches.namespaces.get(name);
        if (!ns) return undefined;
        return ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating'
          ? 'Terminating'
          : 'Active';
      },
    };
  }

  /** The freshest known state of a network: the cache, or our last write if that is newer. */
  network(kind: NetworkKind, namespace: string, name: string): SriovNetworkLike | undefined {
    const key = `${kind}/${namespace}/${name}`;
    return this.networkWrites.resolve(
      key,
      this.opts.caches.networks[kind].get(cacheKey(namespace, name)),
    );
  }

  /** The work queue's reconcile function. */
  readonly reconcile = async (
    key: string,
    signal: AbortSignal,
  ): Promise<ReconcileResult | undefined> => {
    const ref = parseNetworkKey(key);
    if (!ref) return undefined;
    const started = performance.now();
    const labels = { kind: ref.kind };
    try {
      const outcome = await this.reconcileNetwork(key, ref.kind, ref.namespace, ref.name, signal);
      this.opts.metrics.reconcileTotal.inc({ ...labels, result: outcome });
      return undefined;
    } catch (err) {
      this.opts.metrics.reconcileTotal.inc({ ...labels, result: 'error' });
      this.opts.metrics.reconcileErrors.inc(labels);
      throw err;
    } finally {
      this.opts.metrics.reconcileDuration.observe(labels, (performance.now() - started) / 1000);
    }
  };

  private async reconcileNetwork(
    key: string,
    kind: NetworkKind,
    namespace: string,
    name: string,
    signal: AbortSignal,
  ): Promise<Outcome> {
    let network = this.network(kind, namespace, name);
    if (!network) {
      this.observed.delete(key);
      return 'absent';
    }
    const plan = planNetwork(network, await this.contextFor(network));
    const log = this.opts.logger.child({ network: key });

    if (this.opts.observeOnly()) {
      this.report(key, network, plan, log);
      return 'observed';
    }

    for (const nad of plan.deletes) {
      signal.throwIfAborted();
      await this.deleteNad(nad, log);
    }

    if (plan.metadata) {
      signal.throwIfAborted();
      network = await this.patchMetadata(kind, network, plan.metadata);
      this.networkWrites.wrote(key, network);
      if (network.metadata.deletionTimestamp && !network.metadata.finalizers?.length) {
        log.info({}, 'NAD cleaned up, finalizer removed');
        return 'finalized';
      }
    }
    if (!plan.ready) return network.metadata.deletionTimestamp ? 'finalized' : 'ready';

    if (plan.nad) {
      signal.throwIfAborted();
      try {
        await this.writeNad(
          plan.nad.verb,
          plan.nad.nad,
          log,
          plan.nad.verb === 'replace' && plan.nad.adopt,
        );
      } catch (err) {
        if (isRejected(err)) {
          const nad = plan.nad.nad.metadata;
          await this.writeReady(key, kind, network, {
            status: 'False',
            reason: REASONS.invalid,
            message: `the API server refused to ${plan.nad.verb === 'create' ? 'create' : 'update'} NetworkAttachmentDefinition ${nad.namespace}/${nad.name}: ${err instanceof Error ? err.message : String(err)}; ibnet keeps retrying with backoff`,
          }).catch(() => {});
        }
        throw err;
      }
    }

    signal.throwIfAborted();
    await this.writeReady(key, kind, network, plan.ready);
    return plan.ready.status === 'True' ? 'ready' : 'not_ready';
  }

  /**
   * Where a NAD is about to be given up for good (the network is being deleted, or moved to
   * another namespace), it is read from the API rather than the cache: a NAD the cache missed
   * would otherwise be left behind forever. Everywhere else the cache is enough.
   */
  private async contextFor(network: SriovNetworkLike): Promise<PlanContext> {
    const name = network.metadata.name ?? '';
    const target = targetNamespace(network);
    const last = network.metadata.annotations?.[LAST_NETWORK_NAMESPACE_ANNOTATION];
    const finalizing =
      network.metadata.deletionTimestamp && network.metadata.finalizers?.includes(NAD_FINALIZER);
    const namespaces = finalizing ? [target, last] : last && last !== target ? [last] : [];
    const live = new Map<string, NetworkAttachmentDefinition | undefined>();
    for (const ns of new Set(namespaces)) {
      if (!ns) continue;
      const key = cacheKey(ns, name);
      try {
        live.set(key, await this.opts.client.get<NetworkAttachmentDefinition>(NAD_REF, name, ns));
      } catch (err) {
        if (!isNotFound(err)) throw err;
        live.set(key, undefined);
      }
    }
    if (live.size === 0) return this.context;
    return {
      ...this.context,
      nad: (ns, n) => {
        const key = cacheKey(ns, n);
        return live.has(key) ? live.get(key) : this.context.nad(ns, n);
      },
    };
  }

  private async deleteNad(nad: NetworkAttachmentDefinition, log: Logger): Promise<void> {
    const { namespace = '', name = '' } = nad.metadata;
    const key = cacheKey(namespace, name);
    try {
      // The precondition makes sure what we delete is the NAD we judged to be ours.
      await this.opts.client.delete(NAD_REF, name, namespace, {
        preconditions: { resourceVersion: nad.metadata.resourceVersion },
      });
      log.info({ nad: key }, 'deleted NetworkAttachmentDefinition');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    this.nadWrites.deleted(key, nad);
  }

  private async patchMetadata(
    kind: NetworkKind,
    network: SriovNetworkLike,
    metadata: NonNullable<NetworkPlan['metadata']>,
  ): Promise<SriovNetworkLike> {
    const patch = {
      metadata: {
        // Optimistic concurrency: the finalizer list is replaced whole, so it must be current.
        resourceVersion: network.metadata.resourceVersion,
        finalizers: metadata.finalizers,
        ...(metadata.lastNetworkNamespace
          ? { annotations: { [LAST_NETWORK_NAMESPACE_ANNOTATION]: metadata.lastNetworkNamespace } }
          : {}),
      },
    };
    return this.opts.client.patch<SriovNetworkLike>(
      NETWORK_REFS[kind],
      network.metadata.name ?? '',
      network.metadata.namespace,
      patch,
      'merge',
      { fieldManager: this.opts.fieldManager },
    );
  }

  private async writeNad(
    verb: 'create' | 'replace',
    nad: NetworkAttachmentDefinition,
    log: Logger,
    adopt: boolean,
  ): Promise<void> {
    const key = cacheKey(nad.metadata.namespace ?? '', nad.metadata.name ?? '');
    const opts = { fieldManager: this.opts.fieldManager };
    const written =
      verb === 'create'
        ? await this.opts.client.create(NAD_REF, nad, opts)
        : await this.opts.client.replace(NAD_REF, nad, opts);
    this.nadWrites.wrote(key, written);
    const what = verb === 'create' ? 'created' : adopt ? 'adopted' : 'updated';
    log.info({ nad: key }, `${what} NetworkAttachmentDefinition`);
  }

  private async writeReady(
    key: string,
    kind: NetworkKind,
    network: SriovNetworkLike,
    ready: DesiredReady,
  ): Promise<void> {
    const conditions = nextConditions(
      network.status?.conditions,
      ready,
      network.metadata.generation,
    );
    if (!conditions) return;
    try {
      const updated = await this.opts.client.patch<SriovNetworkLike>(
        NETWORK_REFS[kind],
        network.metadata.name ?? '',
        network.metadata.namespace,
        { status: { conditions } },
        'merge',
        { fieldManager: this.opts.fieldManager, subresource: 'status' },
      );
      this.networkWrites.wrote(key, updated);
    } catch (err) {
      // Deleted meanwhile: nothing left to report on.
      if (isNotFound(err)) return;
      throw err;
    }
    if (ready.status === 'False') {
      this.opts.logger.info(
        { network: key, reason: ready.reason, message: ready.message },
        'not ready',
      );
    }
  }

  /** Observe-only: say once per change what would be written, and warn about upstream pitfalls. */
  private report(key: string, network: SriovNetworkLike, plan: NetworkPlan, log: Logger): void {
    const hazards = upstreamRenderingHazards(network);
    const statusChange =
      plan.ready &&
      nextConditions(network.status?.conditions, plan.ready, network.metadata.generation);
    const digest = JSON.stringify([
      network.metadata.resourceVersion,
      plan.deletes.length,
      plan.metadata,
      plan.nad?.verb,
      plan.ready,
    ]);
    if (this.observed.get(key) === digest) return;
    this.observed.set(key, digest);
    for (const hazard of hazards)
      log.warn({ hazard }, 'the SR-IOV Network Operator renders this network differently');
    const fields = {
      wouldDelete: plan.deletes.map((n) =>
        cacheKey(n.metadata.namespace ?? '', n.metadata.name ?? ''),
      ),
      wouldWriteNad: plan.nad?.verb,
      wouldSetReady: plan.ready,
    };
    // A NAD or finalizer ibnet would write differently is news; a condition it would add is not.
    if (planWrites(plan))
      log.info(fields, 'observe-only: the upstream operator is in charge, not writing');
    else if (statusChange) log.debug(fields, 'observe-only: would only update the Ready condition');
  }
}

/** An answer that retrying as-is will not change: the user must act (RBAC, validation). */
function isRejected(err: unknown): boolean {
  return err instanceof KubeError && !isTransient(err) && !isConflict(err) && !isNotFound(err);
}
