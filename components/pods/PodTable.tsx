'use client';

import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { api, queryKeys } from '@/components/api';
import { StatusMark } from '@/components/common/StatusMark';
import { ErrorBanner, Loading, toneOf } from '@/components/common/ui';
import { pageHref } from '@/lib/views/paths';
import type { PodRow } from '@/lib/views/types';
import { STATE_LABELS } from './filters';
import { InterfaceFacts } from './InterfaceFacts';
import { PodRowSummary } from './PodRowSummary';

/** Height of a collapsed row; expanded rows are measured. */
const ROW_HEIGHT = 44;
/** Start loading the next page this many rows before the end of what is loaded. */
const PREFETCH_ROWS = 40;

const COLUMNS =
  'grid grid-cols-[2.25rem_8.5rem_minmax(9rem,1.2fr)_6.5rem_minmax(7rem,1fr)_minmax(11rem,1.6fr)] items-center gap-x-3';

const keyOf = (row: Pick<PodRow, 'namespace' | 'name'>) => `${row.namespace}/${row.name}`;

function ExpandedPod({ row }: { row: PodRow }) {
  const detail = useQuery({
    queryKey: queryKeys.pod(row.namespace, row.name),
    queryFn: () => api.pod(row.namespace, row.name),
  });
  if (detail.isLoading) return <Loading label={`Loading the interfaces of ${keyOf(row)}…`} />;
  if (detail.error) return <ErrorBanner error={detail.error} />;
  const pod = detail.data;
  if (!pod) return null;
  return (
    <div className="space-y-4 py-3 pr-3 pl-12">
      {pod.requestProblems.length > 0 && (
        <p className="text-sm font-medium text-red-800 dark:text-red-300">
          The networks annotation has {pod.requestProblems.length} mistake(s): open the pod for
          details.
        </p>
      )}
      {pod.interfaces.length === 0 && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          No interface requested or attached.
        </p>
      )}
      {pod.interfaces.map((view, i) => (
        <InterfaceFacts key={i} view={view} node={pod.node} />
      ))}
    </div>
  );
}

/**
 * One pod row (and its interfaces when open). Memoized: while scrolling, rows already on screen
 * keep their props, so only rows coming into view render.
 */
const PodRowView = memo(function PodRowView({
  row,
  index,
  start,
  open,
  settled,
  onToggle,
  measure,
}: {
  row: PodRow;
  index: number;
  start: number;
  open: boolean;
  settled: boolean;
  onToggle: (key: string) => void;
  measure: (element: Element | null) => void;
}) {
  const key = keyOf(row);
  const panelId = `pod-panel-${index}`;
  const style = {
    position: 'absolute' as const,
    top: 0,
    left: 0,
    width: '100%',
    transform: `translateY(${start}px)`,
  };
  return (
    <div ref={measure} data-index={index} style={style}>
      <div
        role="row"
        aria-rowindex={index + 2}
        data-pod={key}
        className={`${COLUMNS} min-h-[44px] border-b border-slate-100 px-2 py-1.5 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/60`}
      >
        <span role="cell">
          <button
            type="button"
            aria-expanded={open}
            aria-controls={open ? panelId : undefined}
            aria-label={`${open ? 'Hide' : 'Show'} the interfaces of ${key}`}
            onClick={() => onToggle(key)}
            className="rounded p-1 text-slate-600 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-300 dark:hover:bg-slate-700"
          >
            <span
              aria-hidden="true"
              className={`inline-block transition-transform ${open ? 'rotate-90' : ''}`}
            >
              ▸
            </span>
          </button>
        </span>
        <span role="cell">
          <StatusMark tone={row.state === 'none' ? 'neutral' : toneOf(row.state)}>
            {STATE_LABELS[row.state]}
          </StatusMark>
        </span>
        <span role="cell" className="min-w-0 truncate">
          <Link
            href={pageHref.pod(row.namespace, row.name)}
            className="font-medium text-blue-800 underline-offset-2 hover:underline dark:text-blue-300"
          >
            <span className="text-slate-500 dark:text-slate-400">{row.namespace}/</span>
            {row.name}
          </Link>
          {row.phase !== 'Running' && (
            <span className="ml-1 text-xs text-slate-500">({row.phase})</span>
          )}
        </span>
        <span role="cell" className="truncate font-mono text-xs">
          {row.node ?? <span className="text-slate-500 italic">not scheduled</span>}
        </span>
        <span role="cell" className="truncate font-mono text-xs" title={row.networks.join(', ')}>
          {row.networks.join(', ') || '—'}
        </span>
        <span role="cell" className="min-w-0 truncate">
          <PodRowSummary row={row} settled={settled} />
        </span>
      </div>
      {open && (
        <div
          role="row"
          id={panelId}
          className="border-b border-slate-200 bg-slate-50/60 dark:border-slate-700 dark:bg-slate-900/60"
        >
          <div role="cell" aria-colspan={6}>
            <ExpandedPod row={row} />
          </div>
        </div>
      )}
    </div>
  );
});

/**
 * The pods as a virtualized table: only the rows on screen are in the DOM, rows not loaded yet
 * are placeholders, and reaching them fetches the next page.
 */
export function PodTable({
  rows,
  total,
  hasMore,
  loadMore,
}: {
  rows: PodRow[];
  total: number;
  hasMore: boolean;
  loadMore: () => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const count = hasMore ? Math.max(total, rows.length) : rows.length;

  // The virtualizer keeps its own measurements; this component is not memoized by the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => {
      const row = rows[index];
      return row ? keyOf(row) : `placeholder-${index}`;
    },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (hasMore && lastIndex >= rows.length - PREFETCH_ROWS) loadMore();
  }, [hasMore, lastIndex, rows.length, loadMore]);

  const settled = !virtualizer.isScrolling;
  const toggle = useCallback((key: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);

  return (
    <div
      role="table"
      aria-label="Pods with secondary networks"
      aria-rowcount={count + 1}
      className="text-sm"
    >
      <div role="rowgroup">
        <div
          role="row"
          aria-rowindex={1}
          className={`${COLUMNS} border-b border-slate-200 px-2 py-2 text-xs font-semibold text-slate-600 dark:border-slate-700 dark:text-slate-400`}
        >
          <span role="columnheader">
            <span className="sr-only">Details</span>
          </span>
          <span role="columnheader">Status</span>
          <span role="columnheader">Pod</span>
          <span role="columnheader">Node</span>
          <span role="columnheader">Networks</span>
          <span role="columnheader">Why</span>
        </div>
      </div>
      <div
        ref={scrollRef}
        role="rowgroup"
        data-testid="pod-rows"
        className="h-[calc(100vh-17rem)] min-h-[18rem] overflow-auto"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows[item.index];
            const style = {
              position: 'absolute' as const,
              top: 0,
              left: 0,
              width: '100%',
              transform: `translateY(${item.start}px)`,
            };
            if (!row) {
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  style={{ ...style, height: ROW_HEIGHT }}
                  className={`${COLUMNS} px-2 text-slate-400`}
                >
                  <span role="cell" className="col-span-6">
                    Loading…
                  </span>
                </div>
              );
            }
            return (
              <PodRowView
                key={item.key}
                row={row}
                index={item.index}
                start={item.start}
                open={expanded.has(keyOf(row))}
                settled={settled}
                onToggle={toggle}
                measure={virtualizer.measureElement}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
