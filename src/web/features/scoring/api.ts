import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ScoreDistribution,
  ScoringField,
  ScoringModel,
  UpdateScoringResult,
} from '../../../shared/scoring';
import { api, apiRequest } from '../../lib/api';

export const scoringKeys = {
  model: ['scoring', 'model'] as const,
  distribution: ['scoring', 'distribution'] as const,
};

export function useScoringModel() {
  return useQuery({
    queryKey: scoringKeys.model,
    queryFn: ({ signal }) => api.get<ScoringModel>('/api/scoring', undefined, signal),
    // The editor keeps a draft; refetching under it would only confuse.
    refetchOnWindowFocus: false,
  });
}

const isRunning = (d: ScoreDistribution | undefined) =>
  d?.rescore?.status === 'queued' || d?.rescore?.status === 'running';

/** The distribution, polled every second while a rescore is queued or running. */
export function useScoreDistribution() {
  return useQuery({
    queryKey: scoringKeys.distribution,
    queryFn: ({ signal }) =>
      api.get<ScoreDistribution>('/api/scoring/distribution', undefined, signal),
    refetchInterval: (q) => (isRunning(q.state.data) ? 1000 : false),
  });
}

export const rescoreRunning = isRunning;

export interface ScoringDraft {
  rules: { field: ScoringField; value: string; points: number }[];
  hotMin: number;
  warmMin: number;
  version: number;
}

export function useSaveScoring() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (draft: ScoringDraft) =>
      apiRequest<UpdateScoringResult>('/api/scoring', { method: 'PUT', body: draft }),
    meta: { silent: true },
    onSuccess: ({ jobId: _jobId, ...model }) => {
      queryClient.setQueryData(scoringKeys.model, model);
      void queryClient.invalidateQueries({ queryKey: scoringKeys.distribution });
      // Lead lists show ratings; they change as the job runs.
      void queryClient.invalidateQueries({ queryKey: ['leads'] });
    },
  });
}

export function useRescore() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ jobId: string }>('/api/scoring/rescore'),
    meta: { silent: true },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: scoringKeys.distribution }),
  });
}
