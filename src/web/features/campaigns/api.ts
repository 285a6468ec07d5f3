import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AttributionGroup,
  Campaign,
  CampaignAttribution,
  CampaignStatus,
  CampaignSummary,
} from '../../../shared/campaigns';
import { api, type Query } from '../../lib/api';
import { useCursorList } from '../../lib/lists';

export type { Campaign, CampaignSummary, CampaignAttribution };

/** What the form sends. */
export interface CampaignInput {
  name?: string;
  type?: string;
  status?: CampaignStatus;
  startDate?: string | null;
  endDate?: string | null;
  budget?: string | null;
  currency?: string;
  description?: string;
  ownerId?: string | null;
  partnerId?: string | null;
}

export interface CampaignFilters {
  q?: string;
  type?: string[];
  status?: string[];
  /** partner ids, or 'vendor' for the vendor's own */
  partnerId?: string;
  active?: 'true' | 'false';
}

export const campaignKeys = {
  all: ['campaigns'] as const,
  lists: ['campaigns', 'list'] as const,
  detail: (id: string) => ['campaigns', 'detail', id] as const,
  summary: (id: string) => ['campaigns', 'summary', id] as const,
  attribution: ['campaigns', 'attribution'] as const,
};

const campaignPath = (id: string) => `/api/campaigns/${encodeURIComponent(id)}`;

export function useCampaignList(filters: CampaignFilters, sort: string) {
  const query: Query = {
    q: filters.q,
    type: filters.type?.join(','),
    status: filters.status?.join(','),
    partnerId: filters.partnerId,
    active: filters.active,
    sort,
  };
  return useCursorList<Campaign>(campaignKeys.lists, '/api/campaigns', query);
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: campaignKeys.detail(id),
    queryFn: ({ signal }) => api.get<Campaign>(campaignPath(id), undefined, signal),
  });
}

export function useCampaignSummary(id: string) {
  return useQuery({
    queryKey: campaignKeys.summary(id),
    queryFn: ({ signal }) =>
      api.get<CampaignSummary>(`${campaignPath(id)}/summary`, undefined, signal),
  });
}

export function useAttribution(q: { groupBy: AttributionGroup; from?: string; to?: string }) {
  return useQuery({
    queryKey: [...campaignKeys.attribution, q],
    queryFn: ({ signal }) =>
      api.get<CampaignAttribution>('/api/reports/attribution', { ...q }, signal),
    placeholderData: keepPreviousData,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return (c?: Campaign) => {
    if (c) queryClient.setQueryData(campaignKeys.detail(c.id), c);
    void queryClient.invalidateQueries({ queryKey: campaignKeys.all });
    if (c) void queryClient.invalidateQueries({ queryKey: ['history', 'campaign', c.id] });
  };
}

export function useCreateCampaign() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: CampaignInput) => api.post<Campaign>('/api/campaigns', input),
    meta: { silent: true },
    onSuccess: (c) => invalidate(c),
  });
}

export function useUpdateCampaign() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...input }: CampaignInput & { id: string; version: number }) =>
      api.patch<Campaign>(campaignPath(id), input),
    meta: { silent: true },
    onSuccess: (c) => invalidate(c),
  });
}

export function useDeleteCampaign() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api.delete(campaignPath(id)),
    meta: { silent: true },
    onSuccess: () => invalidate(),
  });
}
