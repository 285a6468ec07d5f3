import type { z } from 'zod';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BULK_ACTIONS,
  CreatePartnerInput as CreatePartnerSchema,
  DeleteImpact,
  PartnerCounts,
} from '../../../shared/partners';
import { api, withQuery, type Query } from '../../lib/api';
import { useCursorList } from '../../lib/lists';
import type { Page, Partner, User } from '../../lib/types';
import { programKeys, useLevels, useStages } from '../partner-program/api';
import { toApiQuery, type PartnerFilterState } from './filters';
import type { ExportFormat } from '../../../shared/exports';

export { useLevels, useStages };

/** What the forms send: the wire shape before the server's trimming and defaults. */
export type CreatePartnerInput = z.input<typeof CreatePartnerSchema>;
export type UpdatePartnerInput = Partial<CreatePartnerInput> & { version: number };
export type BulkAction = (typeof BULK_ACTIONS)[number];

export interface PartnerDuplicate {
  id: string;
  companyName: string;
  domain: string | null;
  status: Partner['status'];
  matchedOn: ('name' | 'domain')[];
}

export interface BulkResult {
  updated: number;
  unchanged: number;
  failed: { id: string; reason: string }[];
}

export const partnerKeys = {
  all: ['partners'] as const,
  lists: ['partners', 'list'] as const,
  count: ['partners', 'count'] as const,
  detail: (id: string) => ['partners', 'detail', id] as const,
  counts: (id: string) => ['partners', 'counts', id] as const,
  impact: (id: string) => ['partners', 'delete-impact', id] as const,
};

const partnerPath = (id: string) => `/api/partners/${encodeURIComponent(id)}`;

export function usePartnerList(filters: PartnerFilterState, sort: string | null) {
  return useCursorList<Partner>(partnerKeys.lists, '/api/partners', {
    ...toApiQuery(filters),
    sort,
  });
}

/** The total behind the current filters; the list itself is keyset-paged and has no total. */
export function usePartnerCount(filters: PartnerFilterState) {
  return useQuery({
    queryKey: [...partnerKeys.count, toApiQuery(filters)],
    queryFn: ({ signal }) =>
      api.get<{ count: number }>('/api/partners/count', toApiQuery(filters), signal),
    select: (r) => r.count,
    placeholderData: keepPreviousData,
  });
}

/** A download link for the CSV or XLSX export of what the table shows. */
export function exportUrl(
  filters: PartnerFilterState,
  sort: string | null,
  columns: string[],
  format: ExportFormat = 'csv',
) {
  const query: Query = { ...toApiQuery(filters), sort, columns: columns.join(',') };
  return withQuery(`/api/exports/partners.${format}`, query);
}

export function usePartner(id: string) {
  return useQuery({
    queryKey: partnerKeys.detail(id),
    queryFn: ({ signal }) => api.get<Partner>(partnerPath(id), undefined, signal),
  });
}

/** The latest version of one partner, fetched on demand (after an edit conflict). */
export function useFetchPartner() {
  const queryClient = useQueryClient();
  return (id: string) =>
    queryClient.fetchQuery({
      queryKey: partnerKeys.detail(id),
      queryFn: ({ signal }) => api.get<Partner>(partnerPath(id), undefined, signal),
      staleTime: 0,
    });
}

export function usePartnerCounts(id: string, enabled = true) {
  return useQuery({
    queryKey: partnerKeys.counts(id),
    queryFn: ({ signal }) => api.get<PartnerCounts>(`${partnerPath(id)}/counts`, undefined, signal),
    enabled,
  });
}

export function findDuplicates(input: {
  companyName: string;
  website?: string | null;
  excludeId?: string;
}) {
  return api
    .get<{ data: PartnerDuplicate[] }>('/api/partners/duplicates', {
      companyName: input.companyName,
      website: input.website ?? undefined,
      excludeId: input.excludeId,
    })
    .then((r) => r.data);
}

function useInvalidatePartners() {
  const queryClient = useQueryClient();
  return (id?: string) => {
    void queryClient.invalidateQueries({ queryKey: partnerKeys.lists });
    void queryClient.invalidateQueries({ queryKey: partnerKeys.count });
    void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
    void queryClient.invalidateQueries({ queryKey: programKeys.levels });
    void queryClient.invalidateQueries({ queryKey: programKeys.stages });
    if (id) {
      void queryClient.invalidateQueries({ queryKey: ['history', 'partner', id] });
      void queryClient.invalidateQueries({ queryKey: partnerKeys.counts(id) });
      void queryClient.invalidateQueries({ queryKey: partnerKeys.impact(id) });
    }
  };
}

export function useCreatePartner() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidatePartners();
  return useMutation({
    mutationFn: (input: CreatePartnerInput) => api.post<Partner>('/api/partners', input),
    meta: { silent: true },
    onSuccess: (partner) => {
      queryClient.setQueryData(partnerKeys.detail(partner.id), partner);
      invalidate();
    },
  });
}

export function useUpdatePartner(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidatePartners();
  return useMutation({
    mutationFn: (input: UpdatePartnerInput) => api.patch<Partner>(partnerPath(id), input),
    meta: { silent: true },
    onSuccess: (partner) => {
      queryClient.setQueryData(partnerKeys.detail(id), partner);
      invalidate(id);
    },
  });
}

export function useDeleteImpact(id: string, enabled: boolean) {
  return useQuery({
    queryKey: partnerKeys.impact(id),
    queryFn: ({ signal }) =>
      api.get<DeleteImpact>(`${partnerPath(id)}/delete-impact`, undefined, signal),
    enabled,
    staleTime: 0,
  });
}

export function useArchivePartner(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidatePartners();
  return useMutation({
    mutationFn: () => api.delete(partnerPath(id)),
    meta: { silent: true },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: partnerKeys.detail(id) });
      invalidate(id);
    },
  });
}

export function useDeletePartnerPermanently(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidatePartners();
  return useMutation({
    mutationFn: () => api.delete(withQuery(partnerPath(id), { permanent: 'true' })),
    meta: { silent: true },
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: partnerKeys.detail(id) });
      invalidate();
    },
  });
}

export function useRestorePartner(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidatePartners();
  return useMutation({
    mutationFn: () => api.post<Partner | undefined>(`${partnerPath(id)}/restore`),
    meta: { errorTitle: 'Could not restore the partner' },
    onSuccess: async (partner) => {
      if (partner && typeof partner === 'object' && 'id' in partner) {
        queryClient.setQueryData(partnerKeys.detail(id), partner);
      } else {
        await queryClient.invalidateQueries({ queryKey: partnerKeys.detail(id) });
      }
      invalidate(id);
    },
  });
}

export function useBulkPartners() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidatePartners();
  return useMutation({
    mutationFn: (input: { ids: string[]; action: BulkAction; value?: string | null }) =>
      api.post<BulkResult>('/api/partners/bulk', input),
    meta: { silent: true },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['partners', 'detail'] });
      invalidate();
    },
  });
}

export interface ManagerOption {
  value: string;
  label: string;
  email: string;
}

/** Who can own partners: channel managers first, then admins (who run the program too). */
export function useChannelManagers(enabled = true) {
  return useQuery({
    queryKey: ['users', 'channel-managers'],
    queryFn: async ({ signal }) => {
      const [managers, admins] = await Promise.all([
        api.get<Page<User>>(
          '/api/users',
          { role: 'channel_manager', active: 'true', limit: 200, sort: 'name' },
          signal,
        ),
        api.get<Page<User>>(
          '/api/users',
          { role: 'admin', active: 'true', limit: 200, sort: 'name' },
          signal,
        ),
      ]);
      const option = (u: User): ManagerOption => ({ value: u.id, label: u.name, email: u.email });
      return [...managers.data.map(option), ...admins.data.map(option)];
    },
    enabled,
    staleTime: 5 * 60_000,
  });
}
