import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Consultant as ConsultantSchema,
  ConsultantLookupMatch as LookupMatchSchema,
  PortalRole,
} from '../../../shared/consultants';
import { api, withQuery, type Query } from '../../lib/api';
import { useCursorList } from '../../lib/lists';
import type { Page, Partner } from '../../lib/types';
import type { ExportFormat } from '../../../shared/exports';

export type Consultant = z.infer<typeof ConsultantSchema>;
export type LookupMatch = z.infer<typeof LookupMatchSchema>;
export type { PortalRole };

export interface ConsultantFilters {
  partnerId?: string | undefined;
  q?: string | undefined;
  visible?: 'true' | 'false' | undefined;
  /** '' active only; 'true' active and archived; 'only' archived only */
  archived?: '' | 'true' | 'only' | undefined;
  hasPortalAccess?: 'true' | 'false' | undefined;
  sort?: string | undefined;
}

export interface ConsultantInput {
  partnerId?: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  mobile: string;
  jobTitle: string;
  tags: string[];
  visible: boolean;
  portalAccess?: { role: PortalRole } | null;
}

export const consultantKeys = {
  all: ['consultants'] as const,
  lists: ['consultants', 'list'] as const,
  lookup: (partnerId: string, q: string) => ['consultants', 'lookup', partnerId, q] as const,
};

const toQuery = (filters: ConsultantFilters): Query => ({
  partnerId: filters.partnerId,
  q: filters.q,
  visible: filters.visible,
  includeArchived: filters.archived === 'true' ? 'true' : undefined,
  archived: filters.archived === 'only' ? 'true' : undefined,
  hasPortalAccess: filters.hasPortalAccess,
  sort: filters.sort,
});

export function useConsultantList(filters: ConsultantFilters) {
  return useCursorList<Consultant>(consultantKeys.lists, '/api/consultants', toQuery(filters));
}

/** A download link for the list as it is filtered and sorted, with the columns shown. */
export function exportUrl(filters: ConsultantFilters, columns: string[], format: ExportFormat) {
  return withQuery(`/api/exports/consultants.${format}`, {
    ...toQuery(filters),
    columns: columns.join(','),
  });
}

/** Why people matching `q` are or are not in the partner's list. */
export function useConsultantLookup(partnerId: string, q: string) {
  return useQuery({
    queryKey: consultantKeys.lookup(partnerId, q),
    queryFn: ({ signal }) =>
      api.get<{ data: LookupMatch[] }>('/api/consultants/lookup', { partnerId, q }, signal),
    select: (r) => r.data,
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });
}

/** After any change: lists, lookups, the partner's tab counts and the person's history. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return (c?: Consultant) => {
    void queryClient.invalidateQueries({ queryKey: consultantKeys.all });
    // The partner page's tab counts; a move changes two partners' counts, so all of them.
    void queryClient.invalidateQueries({ queryKey: ['partners', 'counts'] });
    if (c) void queryClient.invalidateQueries({ queryKey: ['history', 'consultant', c.id] });
  };
}

export function useCreateConsultant() {
  const invalidate = useInvalidate();
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: ConsultantInput) => api.post<Consultant>('/api/consultants', input),
    onSuccess: (c) => invalidate(c),
  });
}

export function useUpdateConsultant(meta: { silent?: boolean; errorTitle?: string } = {}) {
  const invalidate = useInvalidate();
  return useMutation({
    meta,
    mutationFn: ({ id, ...input }: Partial<ConsultantInput> & { id: string; version: number }) =>
      api.patch<Consultant>(`/api/consultants/${encodeURIComponent(id)}`, input),
    onSuccess: (c) => invalidate(c),
  });
}

export function useArchiveConsultant() {
  const invalidate = useInvalidate();
  return useMutation({
    meta: { errorTitle: 'The consultant was not archived' },
    mutationFn: (c: Consultant) => api.delete(`/api/consultants/${encodeURIComponent(c.id)}`),
    onSuccess: (_r, c) => invalidate(c),
  });
}

export function useRestoreConsultant() {
  const invalidate = useInvalidate();
  return useMutation({
    meta: { errorTitle: 'The consultant was not restored' },
    mutationFn: (c: Consultant) =>
      api.post<Consultant>(`/api/consultants/${encodeURIComponent(c.id)}/restore`),
    onSuccess: (c) => invalidate(c),
  });
}

export function useGrantPortalAccess() {
  const invalidate = useInvalidate();
  return useMutation({
    meta: { silent: true },
    mutationFn: ({ id, role }: { id: string; role: PortalRole }) =>
      api.post<Consultant>(`/api/consultants/${encodeURIComponent(id)}/portal-access`, { role }),
    onSuccess: (c) => invalidate(c),
  });
}

/** Partners to choose from, searched by name (internal users only). */
export function usePartnerChoices(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['partners', 'options', q],
    queryFn: ({ signal }) => api.get<Page<Partner>>('/api/partners', { q, limit: 20 }, signal),
    select: (page) => page.data.map((p) => ({ value: p.id, label: p.companyName })),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** One partner's name, for showing the fixed partner in forms. */
export function usePartnerName(partnerId: string | undefined) {
  return useQuery({
    queryKey: ['partners', 'detail', partnerId],
    queryFn: ({ signal }) =>
      api.get<Partner>(`/api/partners/${encodeURIComponent(partnerId!)}`, undefined, signal),
    select: (p) => p.companyName,
    enabled: Boolean(partnerId),
    staleTime: 60_000,
  });
}
