import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Case as CaseSchema,
  CreateCaseInput as CreateCaseSchema,
} from '../../../shared/cases';
import { api, withQuery, type Query } from '../../lib/api';
import type { ExportFormat } from '../../../shared/exports';
import { useCursorList } from '../../lib/lists';

export type Case = z.infer<typeof CaseSchema>;
/** What the forms send: the wire shape before the server's trimming and defaults. */
export type CreateCaseInput = z.input<typeof CreateCaseSchema>;
export type UpdateCaseInput = Partial<CreateCaseInput> & { version: number };

export interface CaseFilters {
  q?: string;
  status?: string;
  priority?: string;
  managedByPartnerId?: string;
  accountId?: string;
  /** 'true': only cases that still need work */
  open?: string;
}

export const caseKeys = {
  all: ['cases'] as const,
  lists: ['cases', 'list'] as const,
  count: ['cases', 'count'] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
};

const casePath = (id: string) => `/api/cases/${encodeURIComponent(id)}`;
const toQuery = (f: CaseFilters): Query => ({ ...f });

export function useCaseList(filters: CaseFilters, sort: string | null = null) {
  return useCursorList<Case>(caseKeys.lists, '/api/cases', { ...toQuery(filters), sort });
}

/** A download link for the list as it is filtered and sorted. */
export function caseExportUrl(filters: CaseFilters, sort: string | null, format: ExportFormat) {
  return withQuery(`/api/exports/cases.${format}`, { ...toQuery(filters), sort });
}

export function useCaseCount(filters: CaseFilters) {
  return useQuery({
    queryKey: [...caseKeys.count, toQuery(filters)],
    queryFn: ({ signal }) =>
      api.get<{ count: number }>('/api/cases/count', toQuery(filters), signal),
    select: (r) => r.count,
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: ({ signal }) => api.get<Case>(casePath(id), undefined, signal),
  });
}

function useInvalidateCases() {
  const queryClient = useQueryClient();
  return (c?: Case) => {
    if (c) queryClient.setQueryData(caseKeys.detail(c.id), c);
    void queryClient.invalidateQueries({ queryKey: caseKeys.lists });
    void queryClient.invalidateQueries({ queryKey: caseKeys.count });
    // Accounts show their open cases; partner pages their case counts.
    void queryClient.invalidateQueries({ queryKey: ['accounts'] });
    void queryClient.invalidateQueries({ queryKey: ['partners'] });
    if (c) void queryClient.invalidateQueries({ queryKey: ['history', 'case', c.id] });
  };
}

export function useCreateCase() {
  const invalidate = useInvalidateCases();
  return useMutation({
    mutationFn: (input: CreateCaseInput) => api.post<Case>('/api/cases', input),
    meta: { silent: true },
    onSuccess: (c) => invalidate(c),
  });
}

export function useUpdateCase(meta: { silent?: boolean; errorTitle?: string } = {}) {
  const invalidate = useInvalidateCases();
  return useMutation({
    meta,
    mutationFn: ({ id, ...input }: UpdateCaseInput & { id: string }) =>
      api.patch<Case>(casePath(id), input),
    onSuccess: (c) => invalidate(c),
  });
}

export function useDeleteCase() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateCases();
  return useMutation({
    meta: { errorTitle: 'Could not delete the case' },
    mutationFn: (id: string) => api.delete(casePath(id)),
    onSuccess: (_r, id) => {
      queryClient.removeQueries({ queryKey: caseKeys.detail(id) });
      invalidate();
    },
  });
}
