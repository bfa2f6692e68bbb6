'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '@/components/common/ui';
import { type PodListFilter, filterFromSearch, isFiltered, searchFromFilter } from './filters';
import { PodFilters } from './PodFilters';
import { PodTable } from './PodTable';
import { usePodPages } from './usePodPages';

/**
 * Every pod with a secondary network, filtered on the server by what the URL says, so a view can
 * be shared as a link. New pods appear as the live stream reports them.
 */
export function PodsPage() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const filter = useMemo(() => filterFromSearch(new URLSearchParams(search.toString())), [search]);
  const pages = usePodPages(filter);

  const setFilter = useCallback(
    (next: PodListFilter) => {
      const query = searchFromFilter(next);
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  const total = pages.total ?? 0;
  return (
    <div className="space-y-4">
      <PageHeader
        title="Pods"
        description="Requested networks next to what Multus attached, with why an interface is missing and what to do."
      />
      <PodFilters filter={filter} onChange={setFilter} />
      <p
        className="text-sm text-slate-600 dark:text-slate-400"
        role="status"
        aria-live="polite"
        data-testid="pod-count"
      >
        {pages.isLoading
          ? 'Loading pods…'
          : `${total} pod${total === 1 ? '' : 's'}${isFiltered(filter) ? ' match the filter' : ''}${pages.isFetching ? ' (updating…)' : ''}`}
      </p>
      {pages.error && <ErrorBanner error={pages.error} title="The pods could not be loaded" />}
      {pages.isLoading ? (
        <Loading label="Loading pods…" />
      ) : pages.rows.length === 0 && !pages.error ? (
        <EmptyState title={isFiltered(filter) ? 'No pod matches the filter' : 'No pods yet'}>
          {isFiltered(filter)
            ? 'Clear a filter or search for something else.'
            : 'Pods that ask for a secondary network with the k8s.v1.cni.cncf.io/networks annotation show up here as they are created.'}
        </EmptyState>
      ) : (
        <PodTable
          rows={pages.rows}
          total={total}
          hasMore={pages.hasMore}
          loadMore={pages.loadMore}
        />
      )}
    </div>
  );
}
