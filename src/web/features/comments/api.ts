import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Comment, CommentThread, MentionableUser } from '../../../shared/comments';
import type { RecordType } from '../../../shared/records';
import { api } from '../../lib/api';
import { useCursorList } from '../../lib/lists';

export type { Comment, CommentThread, MentionableUser };

export const commentKeys = {
  of: (subjectType: RecordType, subjectId: string) => ['comments', subjectType, subjectId] as const,
  mentionable: (subjectType: RecordType, subjectId: string, q: string) =>
    ['comments', 'mentionable', subjectType, subjectId, q] as const,
};

export function useThreads(subjectType: RecordType, subjectId: string) {
  return useCursorList<CommentThread>(commentKeys.of(subjectType, subjectId), '/api/comments', {
    subjectType,
    subjectId,
  });
}

function useInvalidate(subjectType: RecordType, subjectId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: commentKeys.of(subjectType, subjectId) });
    void queryClient.invalidateQueries({ queryKey: ['history'] });
    // The partner page's tab badges count activities and comments.
    void queryClient.invalidateQueries({ queryKey: ['partners', 'counts'] });
  };
}

export function useCreateComment(subjectType: RecordType, subjectId: string) {
  const invalidate = useInvalidate(subjectType, subjectId);
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: { body: string; parentId?: string }) =>
      api.post<Comment>('/api/comments', { subjectType, subjectId, ...input }),
    onSuccess: invalidate,
  });
}

export function useUpdateComment(subjectType: RecordType, subjectId: string) {
  const invalidate = useInvalidate(subjectType, subjectId);
  return useMutation({
    meta: { silent: true },
    mutationFn: ({ id, ...input }: { id: string; body: string; version: number }) =>
      api.patch<Comment>(`/api/comments/${encodeURIComponent(id)}`, input),
    onSuccess: invalidate,
  });
}

export function useDeleteComment(subjectType: RecordType, subjectId: string) {
  const invalidate = useInvalidate(subjectType, subjectId);
  return useMutation({
    meta: { errorTitle: 'Could not delete the comment' },
    mutationFn: (id: string) => api.delete(`/api/comments/${encodeURIComponent(id)}`),
    onSuccess: invalidate,
  });
}

/** People who can see the record, for the @-mention suggestions. */
export function useMentionable(
  subjectType: RecordType,
  subjectId: string,
  q: string,
  enabled: boolean,
) {
  return useQuery({
    queryKey: commentKeys.mentionable(subjectType, subjectId, q),
    queryFn: ({ signal }) =>
      api.get<{ data: MentionableUser[] }>(
        '/api/comments/mentionable',
        { subjectType, subjectId, q },
        signal,
      ),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
