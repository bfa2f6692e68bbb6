import {
  Informer,
  type KubeClient,
  RESOURCES,
  type ResourceRef,
  isForbidden,
  isNotFound,
} from '../../lib/kube';
import type { KubeObject } from '../../lib/model';
import type { Lease } from '../common/leader-election';
import type { Logger } from '../common/logger';

/** The SR-IOV Network Operator's Deployment, as its manifests and Helm chart name it. */
export const UPSTREAM_DEPLOYMENT = 'sriov-network-operator';
/** The Lease the operator's controller manager holds when it runs with `--leader-elect`. */
export const UPSTREAM_LEASE = 'a56def2a.openshift.io';
/** Where the controller publishes its mode, for people and tools: `kubectl get cm … -o yaml`. */
export const STATUS_CONFIGMAP = 'ibnet-network-controller';

const DEPLOYMENTS: ResourceRef = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  namespaced: true,
};

interface Deployment extends KubeObject {
  spec?: { replicas?: number };
  status?: { availableReplicas?: number; readyReplicas?: number };
}

export interface UpstreamPresence {
  present: boolean;
  /** What was seen, in words, e.g. `Deployment sriov-network-operator (1 replica)`. */
  evidence: string;
}

/** Slack for clock differences when judging whether the operator's Lease is still renewed. */
const CLOCK_SLACK_MS = 5_000;

/**
 * Watches the operator namespace for signs that the SR-IOV Network Operator runs there: its
 * Deployment scaled above zero, or its leader Lease renewed within its duration. Either is enough;
 * an operator scaled to zero (the documented way to pause it) counts as absent. Watches cost no
 * request while nothing changes; a type the cluster does not serve, or may not be read, is skipped.
 */
export class UpstreamDetector {
  private deployments?: Informer<Deployment>;
  private leases?: Informer<Lease>;
  private expiry?: NodeJS.Timeout;
  private last?: boolean;

  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string,
    private readonly log: Logger,
    private readonly onChange: (presence: UpstreamPresence) => void,
  ) {}

  async start(): Promise<void> {
    const notify = () => this.evaluate();
    const handlers = { onAdd: notify, onUpdate: notify, onDelete: notify };
    this.deployments = await this.watchOne<Deployment>(DEPLOYMENTS, UPSTREAM_DEPLOYMENT, handlers);
    this.leases = await this.watchOne<Lease>(RESOURCES.leases, UPSTREAM_LEASE, handlers);
    this.evaluate();
  }

  stop(): void {
    clearTimeout(this.expiry);
    this.deployments?.stop();
    this.leases?.stop();
  }

  presence(): UpstreamPresence {
    const deployment = this.deployments?.get(`${this.namespace}/${UPSTREAM_DEPLOYMENT}`);
    if (deployment && !deployment.metadata.deletionTimestamp) {
      const replicas = deployment.spec?.replicas ?? 1;
      if (replicas > 0) {
        return {
          present: true,
          evidence: `Deployment ${this.namespace}/${UPSTREAM_DEPLOYMENT} (${replicas} replica${replicas === 1 ? '' : 's'})`,
        };
      }
    }
    const lease = this.leases?.get(`${this.namespace}/${UPSTREAM_LEASE}`);
    const holder = lease?.spec?.holderIdentity;
    const expiresAt = leaseExpiry(lease);
    if (holder && expiresAt !== undefined && expiresAt > Date.now()) {
      return {
        present: true,
        evidence: `Lease ${this.namespace}/${UPSTREAM_LEASE} held by ${holder}`,
      };
    }
    return { present: false, evidence: 'no SR-IOV Network Operator Deployment or live Lease' };
  }

  private evaluate(): void {
    const presence = this.presence();
    // The Lease stops counting when it expires, which no event announces: check again then.
    clearTimeout(this.expiry);
    const expiresAt = leaseExpiry(this.leases?.get(`${this.namespace}/${UPSTREAM_LEASE}`));
    if (expiresAt !== undefined && expiresAt > Date.now()) {
      this.expiry = setTimeout(() => this.evaluate(), expiresAt - Date.now() + 10);
      this.expiry.unref();
    }
    if (presence.present === this.last) return;
    this.last = presence.present;
    this.onChange(presence);
  }

  private async watchOne<T extends KubeObject>(
    ref: ResourceRef,
    name: string,
    handlers: { onAdd(): void; onUpdate(): void; onDelete(): void },
  ): Promise<Informer<T> | undefined> {
    const fieldSelector = `metadata.name=${name}`;
    try {
      await this.client.list(ref, { namespace: this.namespace, fieldSelector, limit: 1 });
    } catch (err) {
      if (isNotFound(err) || isForbidden(err)) {
        this.log.warn(
          { resource: `${ref.plural}.${ref.group}`, namespace: this.namespace, err: String(err) },
          'cannot watch for the SR-IOV Network Operator through this resource; skipping it',
        );
        return undefined;
      }
      // Anything else is passing trouble: the informer below keeps retrying.
    }
    const informer = new Informer<T>(this.client, ref, {
      namespace: this.namespace,
      fieldSelector,
    });
    informer.on(handlers);
    await informer.start();
    return informer;
  }
}

function leaseExpiry(lease: Lease | undefined): number | undefined {
  const renew = lease?.spec?.renewTime ? Date.parse(lease.spec.renewTime) : Number.NaN;
  if (Number.isNaN(renew)) return undefined;
  return renew + (lease?.spec?.leaseDurationSeconds ?? 15) * 1000 + CLOCK_SLACK_MS;
}

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

/**
 * Publishes the controller's mode in the ConfigMap `ibnet-network-controller` of the operator
 * namespace (keys `mode`, `reason`, `leader`), written only when it changes. Failures are
 * returned, not thrown: the mode is also in the log, and the next change publishes again.
 */
export async function publishMode(
  client: KubeClient,
  namespace: string,
  data: Record<string, string>,
  fieldManager: string,
): Promise<Error | undefined> {
  try {
    let current: ConfigMap | undefined;
    try {
      current = await client.get<ConfigMap>(RESOURCES.configmaps, STATUS_CONFIGMAP, namespace);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const labels = { 'app.kubernetes.io/managed-by': 'ibnet' };
    if (!current) {
      await client.create<ConfigMap>(
        RESOURCES.configmaps,
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: STATUS_CONFIGMAP, namespace, labels },
          data,
        },
        { fieldManager },
      );
      return undefined;
    }
    if (JSON.stringify(current.data ?? {}) === JSON.stringify(data)) return undefined;
    await client.replace<ConfigMap>(RESOURCES.configmaps, { ...current, data }, { fieldManager });
    return undefined;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}
