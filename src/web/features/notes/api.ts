import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Note } from '../../../shared/notes';
import type { RecordType } from '../../../shared/records';
import { api } from '../../lib/api';
import { useCursorList } from '../../lib/lists';

export type { Note };

export interface NoteFields {
  title: string;
  body: string;
  internal?: boolean;
}

export const noteKeys = {
  of: (subjectType: RecordType, subjectId: string) => ['notes', subjectType, subjectId] as const,
};

export function useNotes(subjectType: RecordType, subjectId: string) {
  return useCursorList<Note>(noteKeys.of(subjectType, subjectId), '/api/notes', {
    subjectType,
    subjectId,
  });
}

function useInvalidate(subjectType: RecordType, subjectId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: noteKeys.of(subjectType, subjectId) });
    void queryClient.invalidateQueries({ queryKey: ['history'] });
  };
}

export function useCreateNote(subjectType: RecordType, subjectId: string) {
  const invalidate = useInvalidate(subjectType, subjectId);
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: NoteFields) =>
      api.post<Note>('/api/notes', { subjectType, subjectId, ...input }),
    onSuccess: invalidate,
  });
}

export function useUpdateNote(subjectType: RecordType, subjectId: string) {
  const invalidate = useInvalidate(subjectType, subjectId);
  return useMutation({
    meta: { silent: true },
    mutationFn: ({ id, ...input }: NoteFields & { id: string; version: number }) =>
      api.patch<Note>(`/api/notes/${encodeURIComponent(id)}`, input),
    onSuccess: invalidate,
  });
}

export function useDeleteNote(subjectType: RecordType, subjectId: string) {
  const invalidate = useInvalidate(subjectType, subjectId);
  return useMutation({
    meta: { errorTitle: 'Could not delete the note' },
    mutationFn: (id: string) => api.delete(`/api/notes/${encodeURIComponent(id)}`),
    onSuccess: invalidate,
  });
}
