import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ShareableType, ShareList } from '../../../shared/shares';
import { api, apiRequest } from '../../lib/api';

export type { ShareableType, ShareList };

export const shareKeys = {
  of: (subjectType: ShareableType, subjectId: string) =>
    ['shares', subjectType, subjectId] as const,
};

export function useShares(subjectType: ShareableType, subjectId: string) {
  return useQuery({
    queryKey: shareKeys.of(subjectType, subjectId),
    queryFn: ({ signal }) => api.get<ShareList>('/api/shares', { subjectType, subjectId }, signal),
  });
}

function useInvalidate(subjectType: ShareableType, subjectId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: shareKeys.of(subjectType, subjectId) });
    void queryClient.invalidateQueries({ queryKey: ['history'] });
  };
}

export function useAddShare(subjectType: ShareableType, subjectId: string) {
  const invalidate = useInvalidate(subjectType, subjectId);
  return useMutation({
    meta: { errorTitle: 'Could not share' },
    mutationFn: (userId: string) =>
      apiRequest<void>('/api/shares', {
        method: 'PUT',
        body: { subjectType, subjectId, userId },
      }),
    onSuccess: invalidate,
  });
}

export function useRemoveShare(subjectType: ShareableType, subjectId: string) {
  const invalidate = useInvalidate(subjectType, subjectId);
  return useMutation({
    meta: { errorTitle: 'Could not stop sharing' },
    mutationFn: (userId: string) =>
      apiRequest<void>('/api/shares', {
        method: 'DELETE',
        query: { subjectType, subjectId, userId },
      }),
    onSuccess: invalidate,
  });
}
