import type { PodLike } from './kube';
import { type NadContext, analyzePod, effectiveRow } from './pod-analysis';
import type { PodFilter, PodPage, PodRow } from './types';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

const PHASES = new Set(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']);

function matches(row: PodRow, filter: PodFilter, q: string): boolean {
  if (filter.namespace && row.namespace !== filter.namespace) return false;
  if (filter.node && row.node !== filter.node) return false;
  if (filter.network && !row.networks.includes(filter.network)) return false;
  if (filter.status) {
    if (PHASES.has(filter.status) ? row.phase !== filter.status : row.state !== filter.status)
      return false;
  }
  if (q) {
    const hay = `${row.namespace}/${row.name} ${row.node ?? ''} ${row.networks.join(' ')}`;
    if (!hay.toLowerCase().includes(q)) return false;
  }
  return true;
}

/** Encodes the position after `row` in the (namespace, name) order. */
export function encodeCursor(row: Pick<PodRow, 'namespace' | 'name'>): string {
  return `${row.namespace}/${row.name}`;
}

function decodeCursor(cursor: string): string | undefined {
  return /^[a-z0-9.-]*\/[a-z0-9.-]+$/.test(cursor) ? cursor : undefined;
}

/**
 * One page of pods matching `filter`, sorted by `namespace/name`. The cursor is the last key
 * of the previous page, so a page stays correct while pods come and go between requests. With a
 * NAD context, pods waiting for a NAD that does not exist count as problems.
 */
export function queryPods(
  pods: readonly PodLike[],
  filter: PodFilter,
  context?: NadContext,
): PodPage {
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, filter.limit ?? DEFAULT_PAGE_SIZE));
  const q = filter.q?.trim().toLowerCase() ?? '';
  const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;

  const keyed: { key: string; row: PodRow }[] = [];
  for (const pod of pods) {
    const row = effectiveRow(analyzePod(pod), context);
    if (matches(row, filter, q)) keyed.push({ key: `${row.namespace}/${row.name}`, row });
  }
  // Names cannot contain '/', so the joined key orders pods totally and matches the cursor.
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rows = keyed.map((k) => k.row);

  let start = 0;
  if (after) {
    start = keyed.findIndex((k) => k.key > after);
    if (start < 0) start = rows.length;
  }
  const items = rows.slice(start, start + limit);
  const last = items[items.length - 1];
  const more = start + limit < rows.length;
  return { items, total: rows.length, nextCursor: more && last ? encodeCursor(last) : undefined };
}
