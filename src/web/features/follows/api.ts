import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FollowedRecord, FollowState } from '../../../shared/follows';
import type { RecordType } from '../../../shared/records';
import { api, apiRequest } from '../../lib/api';
import { useCursorList } from '../../lib/lists';

export type { FollowedRecord, FollowState };

export const followKeys = {
  of: (subjectType: RecordType, subjectId: string) => ['follows', subjectType, subjectId] as const,
  mine: ['follows', 'mine'] as const,
};

export function useFollowState(subjectType: RecordType, subjectId: string) {
  return useQuery({
    queryKey: followKeys.of(subjectType, subjectId),
    queryFn: ({ signal }) =>
      api.get<FollowState>('/api/follows', { subjectType, subjectId }, signal),
  });
}

export function useMyFollows() {
  return useCursorList<FollowedRecord>(followKeys.mine, '/api/follows/mine', {});
}

/** Follow or unfollow, showing the new state at once and rolling back if the server refuses. */
export function useToggleFollow(subjectType: RecordType, subjectId: string) {
  const queryClient = useQueryClient();
  const key = followKeys.of(subjectType, subjectId);
  return useMutation({
    meta: { errorTitle: 'Could not change whether you follow this' },
    mutationFn: (follow: boolean) =>
      follow
        ? apiRequest<void>('/api/follows', { method: 'PUT', body: { subjectType, subjectId } })
        : apiRequest<void>('/api/follows', { method: 'DELETE', query: { subjectType, subjectId } }),
    onMutate: async (follow) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<FollowState>(key);
      if (before && before.following !== follow) {
        queryClient.setQueryData<FollowState>(key, {
          following: follow,
          followers: Math.max(0, before.followers + (follow ? 1 : -1)),
        });
      }
      return { before };
    },
    onError: (_err, _follow, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: followKeys.mine });
      // Lists of leads and opportunities show and filter by "following".
      void queryClient.invalidateQueries({
        queryKey: [subjectType === 'opportunity' ? 'opportunities' : `${subjectType}s`],
      });
    },
  });
}
