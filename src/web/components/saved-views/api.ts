import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SavedView as SavedViewSchema, SavedViewEntity } from '../../../shared/saved-views';
import { api } from '../../lib/api';
import type { Page } from '../../lib/types';

export type SavedView = z.infer<typeof SavedViewSchema>;
export type { SavedViewEntity };

export interface SaveViewInput {
  entity: SavedViewEntity;
  name: string;
  filters: Record<string, unknown>;
  columns: string[];
  sort: string | null;
  shared: boolean;
  pinned: boolean;
}

export interface UpdateViewInput {
  id: string;
  version: number;
  name?: string;
  filters?: Record<string, unknown>;
  columns?: string[];
  sort?: string | null;
  shared?: boolean;
}

export const savedViewKeys = {
  all: ['saved-views'] as const,
  list: (entity: SavedViewEntity) => ['saved-views', entity] as const,
};

/** Every view the caller can choose for one list (theirs and shared), sorted by name. */
export function useSavedViews(entity: SavedViewEntity, enabled = true) {
  return useQuery({
    queryKey: savedViewKeys.list(entity),
    queryFn: ({ signal }) =>
      api.get<Page<SavedView>>('/api/saved-views', { entity, limit: 200 }, signal),
    select: (page) => page.data,
    enabled,
    staleTime: 60_000,
  });
}

/** The caller's default view for a list, if they pinned one. */
export function usePinnedViewQuery(entity: SavedViewEntity) {
  return useQuery({
    queryKey: [...savedViewKeys.list(entity), 'pinned'],
    queryFn: ({ signal }) =>
      api.get<Page<SavedView>>('/api/saved-views', { entity, pinned: true, limit: 1 }, signal),
    select: (page) => page.data[0] ?? null,
    staleTime: 60_000,
  });
}

function useInvalidate(entity: SavedViewEntity) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: savedViewKeys.list(entity) });
}

export function useCreateView(entity: SavedViewEntity) {
  const invalidate = useInvalidate(entity);
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: SaveViewInput) => api.post<SavedView>('/api/saved-views', input),
    onSuccess: () => void invalidate(),
  });
}

export function useUpdateView(entity: SavedViewEntity, meta: { silent?: boolean } = {}) {
  const invalidate = useInvalidate(entity);
  return useMutation({
    meta: { errorTitle: 'The view was not updated', ...meta },
    mutationFn: ({ id, ...input }: UpdateViewInput) =>
      api.patch<SavedView>(`/api/saved-views/${encodeURIComponent(id)}`, input),
    onSuccess: () => void invalidate(),
  });
}

export function useDeleteView(entity: SavedViewEntity) {
  const invalidate = useInvalidate(entity);
  return useMutation({
    meta: { errorTitle: 'The view was not deleted' },
    mutationFn: (id: string) => api.delete(`/api/saved-views/${encodeURIComponent(id)}`),
    onSuccess: () => void invalidate(),
  });
}

export function usePinView(entity: SavedViewEntity) {
  const invalidate = useInvalidate(entity);
  return useMutation({
    meta: { errorTitle: 'The default view was not changed' },
    mutationFn: async ({ id, pinned }: { id: string; pinned: boolean }): Promise<void> => {
      const path = `/api/saved-views/${encodeURIComponent(id)}/pin`;
      if (pinned) await api.post<SavedView>(path);
      else await api.delete(path);
    },
    onSuccess: () => void invalidate(),
  });
}
