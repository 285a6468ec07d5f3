import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActivationStage, PartnerLevel } from '../../../shared/partners';
import { api } from '../../lib/api';

export const programKeys = {
  levels: ['partner-levels'] as const,
  stages: ['activation-stages'] as const,
};

// Module-level selectors keep their identity, so the sorted arrays only change with the data.
const byRank = (r: { data: PartnerLevel[] }) => [...r.data].sort((a, b) => a.rank - b.rank);
const byPosition = (r: { data: ActivationStage[] }) =>
  [...r.data].sort((a, b) => a.position - b.position);

export function useLevels() {
  return useQuery({
    queryKey: programKeys.levels,
    queryFn: ({ signal }) =>
      api.get<{ data: PartnerLevel[] }>('/api/partner-levels', undefined, signal),
    select: byRank,
    staleTime: 60_000,
  });
}

export function useStages() {
  return useQuery({
    queryKey: programKeys.stages,
    queryFn: ({ signal }) =>
      api.get<{ data: ActivationStage[] }>('/api/activation-stages', undefined, signal),
    select: byPosition,
    staleTime: 60_000,
  });
}

export type ProgramKind = 'levels' | 'stages';

const BASE: Record<ProgramKind, string> = {
  levels: '/api/partner-levels',
  stages: '/api/activation-stages',
};

export interface LevelFields {
  name?: string;
  routingWeight?: number;
  description?: string;
  benefits?: string;
}
export interface StageFields {
  name?: string;
  description?: string;
}

/** Create, edit, delete and reorder for one of the two ordered lists. */
export function useProgramMutations(kind: ProgramKind) {
  const queryClient = useQueryClient();
  const key = programKeys[kind];
  const base = BASE[kind];
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: key });
    // Partner rows carry the level or stage name and rank.
    void queryClient.invalidateQueries({ queryKey: ['partners'] });
  };
  const item = (id: string) => `${base}/${encodeURIComponent(id)}`;

  const create = useMutation({
    mutationFn: (input: LevelFields | StageFields) => api.post(base, input),
    meta: { silent: true },
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ id, ...input }: (LevelFields | StageFields) & { id: string; version: number }) =>
      api.patch(item(id), input),
    meta: { silent: true },
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(item(id)),
    meta: { silent: true },
    onSuccess: refresh,
  });
  const reorder = useMutation({
    mutationFn: (ids: string[]) => api.post<{ data: unknown[] }>(`${base}/reorder`, { ids }),
    meta: { silent: true },
    onSuccess: (page) => {
      queryClient.setQueryData(key, page);
      refresh();
    },
  });
  return { create, update, remove, reorder };
}
