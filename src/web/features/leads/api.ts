import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Board,
  BulkResult,
  ConversionCandidates,
  ConvertLeadInput,
  CreateLeadInput as CreateLeadSchema,
  Lead,
  LEAD_BULK_ACTIONS,
  LeadBoardGroup,
} from '../../../shared/leads';
import type { LeadScore } from '../../../shared/scoring';
import { api, withQuery, type Query } from '../../lib/api';
import { useCursorList } from '../../lib/lists';
import type { Page } from '../../lib/types';
import { toApiQuery, type LeadFilterState } from './filters';
import type { ExportFormat } from '../../../shared/exports';

export type { Board, BulkResult, ConversionCandidates, Lead };
/** What the form sends: the wire shape before the server's trimming and defaults. */
export type CreateLeadInput = z.input<typeof CreateLeadSchema>;
export type UpdateLeadInput = Partial<CreateLeadInput> & { version: number };
export type LeadBulkAction = (typeof LEAD_BULK_ACTIONS)[number];
export type ConvertInput = z.input<typeof ConvertLeadInput>;
export interface ConvertResult {
  lead: Lead;
  accountId: string;
  contactId: string;
  opportunityId: string | null;
}

/** GET /api/leads/:id/score: why a lead has its rating. */
export type ScoreExplanation = LeadScore;

export const leadKeys = {
  all: ['leads'] as const,
  lists: ['leads', 'list'] as const,
  count: ['leads', 'count'] as const,
  board: ['leads', 'board'] as const,
  /** card lists of the Kanban columns: ['leads', 'cards', groupBy, filters, columnKey] */
  cards: ['leads', 'cards'] as const,
  detail: (id: string) => ['leads', 'detail', id] as const,
  score: (id: string) => ['leads', 'score', id] as const,
  candidates: (id: string) => ['leads', 'conversion-candidates', id] as const,
};

export const leadPath = (id: string) => `/api/leads/${encodeURIComponent(id)}`;

export function useLeadList(filters: LeadFilterState, sort: string | null) {
  return useCursorList<Lead>(leadKeys.lists, '/api/leads', { ...toApiQuery(filters), sort });
}

/** The total behind the current filters; the list itself is keyset-paged and has no total. */
export function useLeadCount(filters: LeadFilterState) {
  return useQuery({
    queryKey: [...leadKeys.count, toApiQuery(filters)],
    queryFn: ({ signal }) =>
      api.get<{ count: number }>('/api/leads/count', toApiQuery(filters), signal),
    select: (r) => r.count,
    placeholderData: keepPreviousData,
  });
}

export function useLeadBoard(filters: LeadFilterState, groupBy: LeadBoardGroup) {
  const query = toApiQuery(filters);
  return useQuery({
    queryKey: [...leadKeys.board, groupBy, query],
    queryFn: ({ signal }) => api.get<Board>('/api/leads/board', { ...query, groupBy }, signal),
    placeholderData: keepPreviousData,
  });
}

/** One page of a board column's cards: the board's filters plus the column's own. */
export function fetchLeadPage(query: Query, cursor: string | null) {
  return api.get<Page<Lead>>('/api/leads', { ...query, limit: 50, cursor });
}

export function exportUrl(
  filters: LeadFilterState,
  sort: string | null,
  columns: string[],
  format: ExportFormat = 'csv',
) {
  return withQuery(`/api/exports/leads.${format}`, {
    ...toApiQuery(filters),
    sort,
    columns: columns.join(','),
  });
}

export function useLead(id: string) {
  return useQuery({
    queryKey: leadKeys.detail(id),
    queryFn: ({ signal }) => api.get<Lead>(leadPath(id), undefined, signal),
  });
}

/** The latest version of one lead, fetched on demand (after an edit conflict). */
export function useFetchLead() {
  const queryClient = useQueryClient();
  return (id: string) =>
    queryClient.fetchQuery({
      queryKey: leadKeys.detail(id),
      queryFn: ({ signal }) => api.get<Lead>(leadPath(id), undefined, signal),
      staleTime: 0,
    });
}

export function useLeadScore(id: string, enabled: boolean) {
  return useQuery({
    queryKey: leadKeys.score(id),
    queryFn: ({ signal }) => api.get<ScoreExplanation>(`${leadPath(id)}/score`, undefined, signal),
    enabled,
  });
}

export function useConversionCandidates(id: string, enabled: boolean) {
  return useQuery({
    queryKey: leadKeys.candidates(id),
    queryFn: ({ signal }) =>
      api.get<ConversionCandidates>(`${leadPath(id)}/conversion-candidates`, undefined, signal),
    enabled,
    staleTime: 0,
  });
}

/** Everything that shows leads: lists, counts, boards, the record itself and its history. */
export function useInvalidateLeads() {
  const queryClient = useQueryClient();
  return (lead?: Lead) => {
    if (lead) queryClient.setQueryData(leadKeys.detail(lead.id), lead);
    void queryClient.invalidateQueries({ queryKey: leadKeys.lists });
    void queryClient.invalidateQueries({ queryKey: leadKeys.count });
    void queryClient.invalidateQueries({ queryKey: leadKeys.board });
    void queryClient.invalidateQueries({ queryKey: leadKeys.cards });
    // Partner pages count leads; dashboards summarise them.
    void queryClient.invalidateQueries({ queryKey: ['partners', 'counts'] });
    void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
    if (lead) {
      void queryClient.invalidateQueries({ queryKey: ['history', 'lead', lead.id] });
      void queryClient.invalidateQueries({ queryKey: leadKeys.score(lead.id) });
    }
  };
}

export function useCreateLead() {
  const invalidate = useInvalidateLeads();
  return useMutation({
    mutationFn: (input: CreateLeadInput) => api.post<Lead>('/api/leads', input),
    meta: { silent: true },
    onSuccess: (lead) => invalidate(lead),
  });
}

export function useUpdateLead(meta: { silent?: boolean; errorTitle?: string } = { silent: true }) {
  const invalidate = useInvalidateLeads();
  return useMutation({
    meta,
    mutationFn: ({ id, ...input }: UpdateLeadInput & { id: string }) =>
      api.patch<Lead>(leadPath(id), input),
    onSuccess: (lead) => invalidate(lead),
  });
}

/** A lead action that answers the updated lead (advance, change owner). */
function useLeadAction<V>(path: string, errorTitle: string, body: (v: V) => unknown) {
  const invalidate = useInvalidateLeads();
  return useMutation({
    meta: { silent: true, errorTitle },
    mutationFn: (v: V) => api.post<Lead>(path, body(v)),
    onSuccess: (lead) => invalidate(lead),
  });
}

export function useAdvanceLead(id: string) {
  return useLeadAction(
    `${leadPath(id)}/advance`,
    'Could not advance the lead',
    (version: number) => ({
      version,
    }),
  );
}

export function useChangeLeadOwner(id: string) {
  return useLeadAction(
    `${leadPath(id)}/owner`,
    'Could not change the owner',
    (v: { ownerId: string; version: number }) => v,
  );
}

export function useCloneLead(id: string) {
  const invalidate = useInvalidateLeads();
  return useMutation({
    meta: { errorTitle: 'Could not clone the lead' },
    mutationFn: () => api.post<Lead>(`${leadPath(id)}/clone`),
    onSuccess: (lead) => invalidate(lead),
  });
}

export function useConvertLead(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateLeads();
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: ConvertInput) => api.post<ConvertResult>(`${leadPath(id)}/convert`, input),
    onSuccess: (result) => {
      invalidate(result.lead);
      // New account, contact and opportunity show up in their lists.
      void queryClient.invalidateQueries({ queryKey: ['accounts'] });
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      void queryClient.invalidateQueries({ queryKey: ['opportunities'] });
    },
  });
}

export function useDeleteLead() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateLeads();
  return useMutation({
    meta: { errorTitle: 'Could not delete the lead' },
    mutationFn: (id: string) => api.delete(leadPath(id)),
    onSuccess: (_r, id) => {
      queryClient.removeQueries({ queryKey: leadKeys.detail(id) });
      invalidate();
    },
  });
}

export function useBulkLeads() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateLeads();
  return useMutation({
    mutationFn: (input: { ids: string[]; action: LeadBulkAction; value: string | null }) =>
      api.post<BulkResult>('/api/leads/bulk', input),
    meta: { silent: true },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['leads', 'detail'] });
      invalidate();
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Campaigns (for pickers and filters)

export interface CampaignOption {
  id: string;
  name: string;
}

export function useCampaignPicker(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['campaigns', 'options', q],
    queryFn: ({ signal }) =>
      api.get<Page<CampaignOption>>('/api/campaigns', { q, limit: 20 }, signal),
    select: (page) => page.data.map((c) => ({ value: c.id, label: c.name })),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
