'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { api, useLiveUpdates } from '@/components/api';
import type { PodRow } from '@/lib/views/types';
import type { PodListFilter } from './filters';

/** Rows per request: big enough to fill a tall screen twice, small enough to answer fast. */
export const POD_PAGE_SIZE = 200;

export interface PodPages {
  /** Rows loaded so far, in the server's `namespace/name` order. */
  rows: PodRow[];
  /** Pods matching the filter across all pages (known after the first page). */
  total: number | undefined;
  hasMore: boolean;
  loadMore: () => void;
  loadingMore: boolean;
  isLoading: boolean;
  isFetching: boolean;
  error: Error | null;
}

/**
 * The pods matching `filter`, fetched page by page with the server's cursor. The query lives in
 * the `pods` family, so a pod change on the live stream refetches the loaded pages in place.
 */
export function usePodPages(filter: PodListFilter): PodPages {
  useLiveUpdates(['pods']);
  const query = useInfiniteQuery({
    queryKey: ['pods', 'pages', filter],
    queryFn: ({ pageParam }) =>
      api.pods({ ...filter, limit: POD_PAGE_SIZE, cursor: pageParam || undefined }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
  const pages = query.data?.pages ?? [];
  return {
    rows: pages.flatMap((p) => p.items),
    total: pages[pages.length - 1]?.total,
    hasMore: query.hasNextPage,
    loadMore: () => {
      if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
    },
    loadingMore: query.isFetchingNextPage,
    isLoading: query.isLoading,
    isFetching: query.isFetching,
    error: query.error,
  };
}
