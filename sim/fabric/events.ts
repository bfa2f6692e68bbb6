import type { KubeObject } from '../../lib/model';
import { ApiError } from '../apiserver/errors';
import type { Store } from '../apiserver/store';

export type EventSource = 'default-scheduler' | 'kubelet' | 'multus';

export interface EventInput {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  source: EventSource;
  /** The node, for kubelet and multus events. */
  host?: string;
}

/** Kubernetes timestamps: seconds, no fraction. */
export function kubeNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Records core/v1 Events about pods the way client-go's recorder does: the same reason, message
 * and source for the same object bumps `count` and `lastTimestamp` of the existing Event instead
 * of creating another (kubectl shows "(x5 over 2m)").
 */
export class EventRecorder {
  private readonly seen = new Map<string, { name: string; count: number }>();
  private sequence = 0;

  constructor(private readonly store: Store) {}

  async record(pod: KubeObject, e: EventInput): Promise<void> {
    const { namespace = '', name = '', uid = '' } = pod.metadata;
    const key = `${uid}|${e.source}|${e.reason}|${e.message}`;
    const now = kubeNow();
    const known = this.seen.get(key);
    if (known) {
      known.count++;
      const bumped = await this.store
        .patch(
          'events',
          known.name,
          { count: known.count, lastTimestamp: now },
          { namespace, type: 'merge', fieldManager: e.source },
        )
        .then(
          () => true,
          () => false,
        );
      if (bumped) return;
    }

    // client-go names events after the object and the time in nanoseconds, in hex.
    const stamp = (BigInt(Date.now()) * 1_000_000n + BigInt(this.sequence++ % 1_000_000)).toString(
      16,
    );
    const eventName = `${name}.${stamp}`;
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName, namespace },
      involvedObject: {
        kind: 'Pod',
        namespace,
        name,
        uid,
        apiVersion: 'v1',
        resourceVersion: pod.metadata.resourceVersion,
      },
      reason: e.reason,
      message: e.message,
      source: { component: e.source, ...(e.host ? { host: e.host } : {}) },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type: e.type,
      eventTime: null,
      reportingComponent: e.source,
      reportingInstance: e.host ?? '',
    };
    try {
      await this.store.create(event as KubeObject, { fieldManager: e.source });
      this.seen.set(key, { name: eventName, count: 1 });
    } catch (err) {
      // The namespace is going away; the event has nowhere to live.
      if (!(err instanceof ApiError)) throw err;
    }
  }

  /** Forgets the events of a pod that is gone. */
  forget(uid: string): void {
    for (const key of this.seen.keys()) if (key.startsWith(`${uid}|`)) this.seen.delete(key);
  }
}
