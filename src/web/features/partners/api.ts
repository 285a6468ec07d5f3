import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { useCursorList } from '../../lib/lists';
import type { Partner, PartnerStatus } from '../../lib/types';

export interface PartnerFilters {
  q: string;
  status: PartnerStatus | '';
}

export interface CreatePartnerInput {
  companyName: string;
  status?: PartnerStatus;
}

export interface UpdatePartnerInput {
  version: number;
  companyName?: string;
  status?: PartnerStatus;
}

export const partnerKeys = {
  all: ['partners'] as const,
  lists: ['partners', 'list'] as const,
  detail: (id: string) => ['partners', 'detail', id] as const,
};

export function usePartnerList(filters: PartnerFilters) {
  return useCursorList<Partner>(partnerKeys.lists, '/api/partners', {
    q: filters.q,
    status: filters.status,
  });
}

export function usePartner(id: string) {
  return useQuery({
    queryKey: partnerKeys.detail(id),
    queryFn: ({ signal }) =>
      api.get<Partner>(`/api/partners/${encodeURIComponent(id)}`, undefined, signal),
  });
}

export function useCreatePartner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreatePartnerInput) => api.post<Partner>('/api/partners', input),
    meta: { silent: true },
    onSuccess: (partner) => {
      queryClient.setQueryData(partnerKeys.detail(partner.id), partner);
      void queryClient.invalidateQueries({ queryKey: partnerKeys.lists });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}

export function useUpdatePartner(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdatePartnerInput) =>
      api.patch<Partner>(`/api/partners/${encodeURIComponent(id)}`, input),
    meta: { silent: true },
    onSuccess: (partner) => {
      queryClient.setQueryData(partnerKeys.detail(id), partner);
      void queryClient.invalidateQueries({ queryKey: partnerKeys.lists });
      void queryClient.invalidateQueries({ queryKey: ['history', 'partner', id] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}
