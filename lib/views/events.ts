import type { EventLike } from './kube';
import type { SnapshotIndex } from './snapshot-index';
import type { EventView } from './types';

export function eventView(e: EventLike): EventView {
  const o = e.involvedObject ?? {};
  return {
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? '',
    count: e.series?.count ?? e.count ?? 1,
    lastSeen:
      e.series?.lastObservedTime ??
      e.lastTimestamp ??
      e.eventTime ??
      e.firstTimestamp ??
      e.metadata.creationTimestamp ??
      undefined,
    object: { kind: o.kind ?? '', namespace: o.namespace, name: o.name ?? '' },
    source: e.source?.component,
  };
}

/** Events about one object, newest first. */
export function eventsFor(
  index: SnapshotIndex,
  kind: string,
  namespace: string | undefined,
  name: string,
): EventView[] {
  const list = index.eventsByObject.get(`${kind}/${namespace ?? ''}/${name}`) ?? [];
  return list.map(eventView).sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''));
}
