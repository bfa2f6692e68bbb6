import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The metrics every agent process exposes. Each process (and each controller started in-process,
 * e.g. two in one test) gets its own registry, so figures never mix.
 *
 * - `ibnet_reconcile_total{kind,result}`: reconciles finished, by object kind and outcome.
 * - `ibnet_reconcile_errors_total{kind}`: reconciles that failed and were queued for a retry.
 * - `ibnet_reconcile_duration_seconds{kind}`: how long one reconcile took, API calls included.
 * - `ibnet_workqueue_depth{name}`: keys waiting to be processed (not counting delayed retries).
 * - `ibnet_workqueue_retries_total{name}`: keys re-queued with a backoff after a failure.
 * - `ibnet_leader`: 1 while this process holds the leader Lease, else 0.
 */
export interface AgentMetrics {
  readonly registry: Registry;
  readonly reconcileTotal: Counter<'kind' | 'result'>;
  readonly reconcileErrors: Counter<'kind'>;
  readonly reconcileDuration: Histogram<'kind'>;
  readonly workqueueDepth: Gauge<'name'>;
  readonly workqueueRetries: Counter<'name'>;
  readonly leader: Gauge;
}

export interface AgentMetricsOptions {
  /** Also export the process figures (`process_resident_memory_bytes`, heap, event loop lag…). */
  processMetrics?: boolean;
}

export function createAgentMetrics(options: AgentMetricsOptions = {}): AgentMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    reconcileTotal: new Counter({
      name: 'ibnet_reconcile_total',
      help: 'Reconciles finished, by kind of object and result.',
      labelNames: ['kind', 'result'],
      registers,
    }),
    reconcileErrors: new Counter({
      name: 'ibnet_reconcile_errors_total',
      help: 'Reconciles that failed and were queued for a retry with backoff.',
      labelNames: ['kind'],
      registers,
    }),
    reconcileDuration: new Histogram({
      name: 'ibnet_reconcile_duration_seconds',
      help: 'Time one reconcile took, API requests included.',
      labelNames: ['kind'],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    workqueueDepth: new Gauge({
      name: 'ibnet_workqueue_depth',
      help: 'Keys waiting in the work queue, not counting retries still in their backoff.',
      labelNames: ['name'],
      registers,
    }),
    workqueueRetries: new Counter({
      name: 'ibnet_workqueue_retries_total',
      help: 'Keys put back in the work queue with a backoff after a failed reconcile.',
      labelNames: ['name'],
      registers,
    }),
    leader: new Gauge({
      name: 'ibnet_leader',
      help: '1 while this process holds the leader Lease and reconciles, 0 otherwise.',
      registers,
    }),
  };
}
