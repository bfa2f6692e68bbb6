import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ResourceRegistry } from './resources';
import type { StoreCore } from './store-core';

/** The labels kube-apiserver puts on its request metrics. */
export interface RequestLabels {
  /** GET, LIST, WATCH, POST, PUT, PATCH, APPLY, DELETE, DELETECOLLECTION. */
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  /** resource, namespace or cluster; empty for non-resource paths. */
  scope: string;
  code: string;
}

/** kube-apiserver's metric names, in a registry of this cluster's own. */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<string>;
  private readonly duration: Histogram<string>;

  constructor(core: StoreCore, resources: ResourceRegistry) {
    this.requests = new Counter({
      name: 'apiserver_request_total',
      help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
      labelNames: [
        'verb',
        'dry_run',
        'group',
        'version',
        'resource',
        'subresource',
        'scope',
        'component',
        'code',
      ],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
      labelNames: [
        'verb',
        'dry_run',
        'group',
        'version',
        'resource',
        'subresource',
        'scope',
        'component',
      ],
      buckets: [
        0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30,
        45, 60,
      ],
      registers: [this.registry],
    });
    new Gauge({
      name: 'apiserver_registered_watchers',
      help: 'Number of currently registered watchers for a given resources',
      labelNames: ['group', 'version', 'kind'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [key, n] of core.cache.watcherCounts()) {
          const t = resources.storageType(key);
          if (t) this.set({ group: t.group, version: t.version, kind: t.kind }, n);
        }
      },
    });
    new Gauge({
      name: 'apiserver_storage_objects',
      help: 'Number of stored objects at the time of last check split by kind.',
      labelNames: ['resource'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [key, n] of core.counts()) this.set({ resource: key }, n);
      },
    });
  }

  /** Records one finished request. WATCH requests count but stay out of the latency histogram. */
  observe(labels: RequestLabels, seconds: number, dryRun: boolean): void {
    const common = {
      verb: labels.verb,
      dry_run: dryRun ? 'All' : '',
      group: labels.group,
      version: labels.version,
      resource: labels.resource,
      subresource: labels.subresource,
      scope: labels.scope,
      component: 'apiserver',
    };
    this.requests.inc({ ...common, code: labels.code });
    if (labels.verb !== 'WATCH') this.duration.observe(common, seconds);
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** kube's metric verb for a request: LIST vs GET, APPLY for apply patches, WATCH. */
export function metricVerb(
  method: string,
  rbacVerb: string,
  contentType: string | undefined,
): string {
  if (rbacVerb === 'list') return 'LIST';
  if (rbacVerb === 'watch') return 'WATCH';
  if (rbacVerb === 'deletecollection') return 'DELETECOLLECTION';
  if (method === 'PATCH' && contentType?.startsWith('application/apply-patch')) return 'APPLY';
  return method;
}
