import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MentionableUser } from '../../../shared/comments';
import type { RecordType } from '../../../shared/records';
import type { Task } from '../../../shared/tasks';
import { api } from '../../lib/api';
import { useCursorList } from '../../lib/lists';

export type { Task };

export interface TaskFields {
  subject: string;
  description?: string;
  /** YYYY-MM-DD or null for no due date. */
  dueDate: string | null;
  assigneeId: string | null;
}

export type TaskStatusFilter = 'open' | 'done' | 'all';
export type TaskDueFilter = 'overdue' | 'today' | 'week';

export const taskKeys = {
  all: ['tasks'] as const,
  of: (subjectType: RecordType, subjectId: string) => ['tasks', subjectType, subjectId] as const,
  mine: ['tasks', 'mine'] as const,
};

export function useTasks(subjectType: RecordType, subjectId: string) {
  return useCursorList<Task>(taskKeys.of(subjectType, subjectId), '/api/tasks', {
    subjectType,
    subjectId,
  });
}

export function useMyTasks(filters: { status: TaskStatusFilter; due: TaskDueFilter | null }) {
  return useCursorList<Task>(taskKeys.mine, '/api/tasks/mine', {
    status: filters.status,
    due: filters.due,
  });
}

/** Every task list (the record's and "My tasks") may show the task that changed. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: taskKeys.all });
    void queryClient.invalidateQueries({ queryKey: ['history'] });
  };
}

export function useCreateTask(subjectType: RecordType, subjectId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: TaskFields) =>
      api.post<Task>('/api/tasks', { subjectType, subjectId, ...input }),
    onSuccess: invalidate,
  });
}

export function useUpdateTask() {
  const invalidate = useInvalidate();
  return useMutation({
    meta: { silent: true },
    mutationFn: ({
      id,
      ...input
    }: Partial<TaskFields> & { id: string; version: number; done?: boolean }) =>
      api.patch<Task>(`/api/tasks/${encodeURIComponent(id)}`, input),
    onSuccess: invalidate,
  });
}

/** Ticking a task off: errors (e.g. someone else changed it) are shown as a notification. */
export function useCompleteTask() {
  const invalidate = useInvalidate();
  return useMutation({
    meta: { errorTitle: 'Could not update the task' },
    mutationFn: ({ id, version, done }: { id: string; version: number; done: boolean }) =>
      api.patch<Task>(`/api/tasks/${encodeURIComponent(id)}`, { version, done }),
    onSettled: invalidate,
  });
}

export function useDeleteTask() {
  const invalidate = useInvalidate();
  return useMutation({
    meta: { errorTitle: 'Could not delete the task' },
    mutationFn: (id: string) => api.delete(`/api/tasks/${encodeURIComponent(id)}`),
    onSuccess: invalidate,
  });
}

/** People who can see the record: who a task on it may be assigned to (searched by name). */
export function useAssignees(subjectType: RecordType, subjectId: string, q: string) {
  return useQuery({
    queryKey: ['task-assignees', subjectType, subjectId, q],
    queryFn: ({ signal }) =>
      api.get<{ data: MentionableUser[] }>(
        '/api/comments/mentionable',
        { subjectType, subjectId, q },
        signal,
      ),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
