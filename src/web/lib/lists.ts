import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, type Query } from './api';
import type { Page } from './types';

export const PAGE_SIZE = 25;

/**
 * A keyset-paginated list: the first page loads with the filters, "Load more" follows nextCursor.
 * Rows from earlier pages stay on screen while new filters load, so the table does not flash.
 */
export function useCursorList<T>(
  queryKey: readonly unknown[],
  path: string,
  filters: Query,
  /** false while the list is not on screen (e.g. a board is shown instead) */
  enabled = true,
) {
  const query = useInfiniteQuery({
    queryKey: [...queryKey, filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<T>>(path, { ...filters, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  return { ...query, rows };
}
