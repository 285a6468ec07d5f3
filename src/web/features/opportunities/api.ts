import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Board as BoardSchema, BulkResult as BulkResultSchema } from '../../../shared/leads';
import type {
  BulkOpportunityInput as BulkOpportunitySchema,
  CreateOpportunityInput as CreateOpportunitySchema,
  Opportunity as OpportunitySchema,
  OpportunityColumn,
} from '../../../shared/opportunities';
import { api, isApiError, withQuery, type Query } from '../../lib/api';
import { useCursorList } from '../../lib/lists';
import type { Page } from '../../lib/types';
import { toApiQuery, type OpportunityFilterState } from './filters';
import type { ExportFormat } from '../../../shared/exports';

export type Opportunity = z.infer<typeof OpportunitySchema>;
/** What the forms send: the wire shape before the server's trimming and defaults. */
export type CreateOpportunityInput = z.input<typeof CreateOpportunitySchema>;
export type UpdateOpportunityInput = Partial<CreateOpportunityInput> & { version: number };
export type Board = z.infer<typeof BoardSchema>;
export type BulkResult = z.infer<typeof BulkResultSchema>;
export type BulkOpportunityInput = z.input<typeof BulkOpportunitySchema>;

export const opportunityKeys = {
  all: ['opportunities'] as const,
  lists: ['opportunities', 'list'] as const,
  count: ['opportunities', 'count'] as const,
  board: ['opportunities', 'board'] as const,
  cards: ['opportunities', 'cards'] as const,
  detail: (id: string) => ['opportunities', 'detail', id] as const,
};

export const opportunityPath = (id: string) => `/api/opportunities/${encodeURIComponent(id)}`;

export function useOpportunityList(filters: Query, sort: string | null = null, enabled = true) {
  return useCursorList<Opportunity>(
    opportunityKeys.lists,
    '/api/opportunities',
    { ...filters, sort },
    enabled,
  );
}

export function useOpportunities(
  filters: OpportunityFilterState,
  sort: string | null,
  enabled = true,
) {
  return useOpportunityList(toApiQuery(filters), sort, enabled);
}

/** The total behind the filters; the list itself is keyset-paged and has no total. */
export function useOpportunityCount(filters: Query, enabled = true) {
  return useQuery({
    queryKey: [...opportunityKeys.count, filters],
    queryFn: ({ signal }) =>
      api.get<{ count: number }>('/api/opportunities/count', filters, signal),
    select: (r) => r.count,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One column per stage, with counts and (weighted) totals; the cards load per column. */
export function useOpportunityBoard(filters: OpportunityFilterState) {
  const query = toApiQuery(filters);
  return useQuery({
    queryKey: [...opportunityKeys.board, query],
    queryFn: ({ signal }) => api.get<Board>('/api/opportunities/board', query, signal),
    placeholderData: keepPreviousData,
  });
}

/** One page of a board column's cards. */
export function fetchStagePage(
  filters: OpportunityFilterState,
  stageId: string,
  cursor?: string,
): Promise<Page<Opportunity>> {
  // A stage filtered out has no cards (the column's own stage replaces the filter's otherwise).
  if (filters.stageId.length > 0 && !filters.stageId.includes(stageId)) {
    return Promise.resolve({ data: [], nextCursor: null });
  }
  return api.get<Page<Opportunity>>('/api/opportunities', {
    ...toApiQuery(filters),
    stageId: [stageId],
    sort: 'closeDate',
    limit: 30,
    cursor,
  });
}

export function exportUrl(
  filters: OpportunityFilterState,
  sort: string | null,
  columns: OpportunityColumn[],
  format: ExportFormat = 'csv',
) {
  return withQuery(`/api/exports/opportunities.${format}`, {
    ...toApiQuery(filters),
    sort,
    columns,
  });
}

export function useOpportunity(id: string) {
  return useQuery({
    queryKey: opportunityKeys.detail(id),
    queryFn: ({ signal }) => api.get<Opportunity>(opportunityPath(id), undefined, signal),
  });
}

export function useFetchOpportunity() {
  const queryClient = useQueryClient();
  return (id: string) =>
    queryClient.fetchQuery({
      queryKey: opportunityKeys.detail(id),
      queryFn: () => api.get<Opportunity>(opportunityPath(id)),
      staleTime: 0,
    });
}

export function useInvalidateOpportunities() {
  const queryClient = useQueryClient();
  return (o?: Opportunity) => {
    if (o) queryClient.setQueryData(opportunityKeys.detail(o.id), o);
    void queryClient.invalidateQueries({ queryKey: opportunityKeys.lists });
    void queryClient.invalidateQueries({ queryKey: opportunityKeys.count });
    void queryClient.invalidateQueries({ queryKey: opportunityKeys.board });
    void queryClient.invalidateQueries({ queryKey: opportunityKeys.cards });
    // Partner pages count and chart a partner's opportunities; accounts list theirs.
    void queryClient.invalidateQueries({ queryKey: ['partners'] });
    void queryClient.invalidateQueries({ queryKey: ['forecast'] });
    if (o) void queryClient.invalidateQueries({ queryKey: ['history', 'opportunity', o.id] });
  };
}

export function useCreateOpportunity() {
  const invalidate = useInvalidateOpportunities();
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: CreateOpportunityInput) =>
      api.post<Opportunity>('/api/opportunities', input),
    onSuccess: (o) => invalidate(o),
  });
}

export function useUpdateOpportunity(meta: { silent?: boolean; errorTitle?: string } = {}) {
  const invalidate = useInvalidateOpportunities();
  const queryClient = useQueryClient();
  return useMutation({
    meta,
    mutationFn: ({ id, ...input }: UpdateOpportunityInput & { id: string }) =>
      api.patch<Opportunity>(opportunityPath(id), input),
    onSuccess: (o) => invalidate(o),
    // Someone else saved first: the next look at the record should show their version.
    onError: (error, { id }) => {
      if (isApiError(error) && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: opportunityKeys.detail(id) });
      }
    },
  });
}

export function useChangeOpportunityOwner() {
  const invalidate = useInvalidateOpportunities();
  return useMutation({
    meta: { silent: true },
    mutationFn: ({ id, ownerId, version }: { id: string; ownerId: string; version: number }) =>
      api.post<Opportunity>(`${opportunityPath(id)}/owner`, { ownerId, version }),
    onSuccess: (o) => invalidate(o),
  });
}

export function useDeleteOpportunity() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateOpportunities();
  return useMutation({
    meta: { errorTitle: 'Could not delete the opportunity' },
    mutationFn: (id: string) => api.delete(opportunityPath(id)),
    onSuccess: (_r, id) => {
      queryClient.removeQueries({ queryKey: opportunityKeys.detail(id) });
      invalidate();
    },
  });
}

export function useBulkOpportunities() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateOpportunities();
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: BulkOpportunityInput) =>
      api.post<BulkResult>('/api/opportunities/bulk', input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['opportunities', 'detail'] });
      invalidate();
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Pickers and names

const NAME_PATHS = {
  partner: (id: string) => `/api/partners/${encodeURIComponent(id)}`,
  user: (id: string) => `/api/users/${encodeURIComponent(id)}`,
  account: (id: string) => `/api/accounts/${encodeURIComponent(id)}`,
  contact: (id: string) => `/api/contacts/${encodeURIComponent(id)}`,
  campaign: (id: string) => `/api/campaigns/${encodeURIComponent(id)}`,
} as const;
export type NamedKind = keyof typeof NAME_PATHS;

/**
 * The query for a record's display name, cached under ['names', kind, id] as a plain string —
 * the same key and shape the lead pages use, so both share one cache entry.
 */
export const recordNameQuery = (kind: NamedKind, id: string) => ({
  queryKey: ['names', kind, id] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api
      .get<{ name?: string; companyName?: string }>(NAME_PATHS[kind](id), undefined, signal)
      .then((r) => r.companyName ?? r.name ?? ''),
  staleTime: 5 * 60_000,
  retry: false,
});

/**
 * The display name of a record known only by id (a filter from a shared link, a form opened
 * with `initial={{ partnerId }}`). Undefined while loading or when it cannot be read.
 */
export function useRecordName(kind: NamedKind, id: string | null | undefined) {
  const query = useQuery({ ...recordNameQuery(kind, id ?? ''), enabled: Boolean(id) });
  return { name: query.data, isError: query.isError, isPending: query.isPending && Boolean(id) };
}
