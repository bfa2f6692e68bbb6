import type { NetworkRow } from '@/lib/views/types';

export type SortKey =
  'name' | 'namespace' | 'target' | 'resource' | 'ipam' | 'ready' | 'pods' | 'utilization';

export interface ListQuery {
  /** Words that must all appear in the name, namespaces, resource, IPAM type or ranges. */
  search: string;
  namespace: string;
  kind: '' | 'SriovIBNetwork' | 'SriovNetwork';
  /** `ready`, `not-ready`, or '' for all. */
  ready: '' | 'ready' | 'not-ready';
  sort: SortKey;
  descending: boolean;
}

export const DEFAULT_QUERY: ListQuery = {
  search: '',
  namespace: '',
  kind: '',
  ready: '',
  sort: 'name',
  descending: false,
};

/** Highest pool use of a network, 0..100 (0 when it has no pool). */
export function utilization(row: NetworkRow): number {
  return Math.max(0, ...row.ipam.ranges.map((r) => r.usedPercent));
}

function haystack(row: NetworkRow): string {
  return [
    row.name,
    row.namespace,
    row.targetNamespace,
    row.resourceName,
    row.ipam.type,
    ...row.ipam.ranges.map((r) => r.range),
    row.ready.reason ?? '',
    row.kind,
  ]
    .join(' ')
    .toLowerCase();
}

function compare(a: NetworkRow, b: NetworkRow, key: SortKey): number {
  switch (key) {
    case 'namespace':
      return a.namespace.localeCompare(b.namespace);
    case 'target':
      return a.targetNamespace.localeCompare(b.targetNamespace);
    case 'resource':
      return a.resourceName.localeCompare(b.resourceName);
    case 'ipam':
      return a.ipam.type.localeCompare(b.ipam.type);
    case 'ready':
      return a.ready.status.localeCompare(b.ready.status);
    case 'pods':
      return a.podCount - b.podCount;
    case 'utilization':
      return utilization(a) - utilization(b);
    default:
      return a.name.localeCompare(b.name);
  }
}

/** Filters, searches and sorts the rows; ties fall back to namespace/name so the order is stable. */
export function queryRows(rows: readonly NetworkRow[], query: ListQuery): NetworkRow[] {
  const words = query.search.toLowerCase().split(/\s+/).filter(Boolean);
  const out = rows.filter(
    (row) =>
      (!query.namespace ||
        row.namespace === query.namespace ||
        row.targetNamespace === query.namespace) &&
      (!query.kind || row.kind === query.kind) &&
      (!query.ready || (query.ready === 'ready') === (row.ready.status === 'True')) &&
      words.every((w) => haystack(row).includes(w)),
  );
  const sign = query.descending ? -1 : 1;
  return out.sort(
    (a, b) =>
      sign * compare(a, b, query.sort) ||
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name),
  );
}

/** The query as URL search parameters (only what differs from the default). */
export function queryToParams(query: ListQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.search) params.set('q', query.search);
  if (query.namespace) params.set('namespace', query.namespace);
  if (query.kind) params.set('kind', query.kind);
  if (query.ready) params.set('ready', query.ready);
  if (query.sort !== 'name') params.set('sort', query.sort);
  if (query.descending) params.set('desc', '1');
  return params;
}

const SORT_KEYS: SortKey[] = [
  'name',
  'namespace',
  'target',
  'resource',
  'ipam',
  'ready',
  'pods',
  'utilization',
];

/** Reads a query back from URL search parameters, ignoring values it does not know. */
export function queryFromParams(params: URLSearchParams): ListQuery {
  const kind = params.get('kind');
  const ready = params.get('ready');
  const sort = params.get('sort') as SortKey | null;
  return {
    search: params.get('q') ?? '',
    namespace: params.get('namespace') ?? '',
    kind: kind === 'SriovIBNetwork' || kind === 'SriovNetwork' ? kind : '',
    ready: ready === 'ready' || ready === 'not-ready' ? ready : '',
    sort: sort && SORT_KEYS.includes(sort) ? sort : 'name',
    descending: params.get('desc') === '1',
  };
}
