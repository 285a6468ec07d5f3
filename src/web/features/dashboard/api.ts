import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { DashboardSummary } from '../../lib/types';

export const dashboardKeys = { summary: ['dashboard', 'summary'] as const };

export function useDashboardSummary() {
  return useQuery({
    queryKey: dashboardKeys.summary,
    queryFn: ({ signal }) => api.get<DashboardSummary>('/api/dashboard/summary', undefined, signal),
  });
}
