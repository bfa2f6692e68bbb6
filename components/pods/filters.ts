import type { PodFilter, PodNetworkState } from '@/lib/views/types';

/** The filter fields a user sets on the pods page; paging fields stay out of the URL. */
export type PodListFilter = Omit<PodFilter, 'cursor' | 'limit'>;

const FIELDS = ['namespace', 'network', 'node', 'status', 'q'] as const;

export const NETWORK_STATES: PodNetworkState[] = ['ok', 'pending', 'problem', 'none'];
export const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;

const STATUSES = new Set<string>([...NETWORK_STATES, ...POD_PHASES]);

/** Longest search text the API accepts; longer text is cut rather than refused. */
const MAX_QUERY = 200;

/**
 * Reads the pods page filter from a URL query. Unknown statuses are dropped (a shared link with
 * an old status word still opens the list), and empty values mean "any".
 */
export function filterFromSearch(search: URLSearchParams): PodListFilter {
  const filter: PodListFilter = {};
  for (const field of FIELDS) {
    const value = search.get(field)?.trim();
    if (!value) continue;
    if (field === 'status') {
      if (STATUSES.has(value)) filter.status = value as PodListFilter['status'];
    } else if (field === 'q') {
      filter.q = value.slice(0, MAX_QUERY);
    } else {
      filter[field] = value;
    }
  }
  return filter;
}

/** Writes the filter as a URL query in a stable field order, so equal filters share one URL. */
export function searchFromFilter(filter: PodListFilter): string {
  const out = new URLSearchParams();
  for (const field of FIELDS) {
    const value = filter[field];
    if (value) out.set(field, value);
  }
  return out.toString();
}

/** Whether any field narrows the list. */
export function isFiltered(filter: PodListFilter): boolean {
  return FIELDS.some((f) => Boolean(filter[f]));
}

/** What a network state means, in the words the list shows next to it. */
export const STATE_LABELS: Record<PodNetworkState, string> = {
  ok: 'Attached',
  pending: 'Pending',
  problem: 'Failing',
  none: 'No secondary network',
};

/** The label of a status filter value (a network state or a pod phase). */
export function statusLabel(status: NonNullable<PodFilter['status']>): string {
  return status in STATE_LABELS
    ? STATE_LABELS[status as PodNetworkState]
    : `Phase ${status.toLowerCase()}`;
}
