import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Activity, ActivityType } from '../../../shared/activities';
import type { RecordType } from '../../../shared/records';
import { api } from '../../lib/api';
import { useCursorList } from '../../lib/lists';
import type { Page } from '../../lib/types';

export type { Activity };

export interface ActivityFields {
  type: ActivityType;
  subject: string;
  occurredAt: string;
  durationMinutes: number | null;
  outcome: string;
  consultantId: string | null;
  contactId: string | null;
}

export const activityKeys = {
  all: ['activities'] as const,
  of: (subjectType: RecordType, subjectId: string) =>
    ['activities', subjectType, subjectId] as const,
};

export function useActivities(subjectType: RecordType, subjectId: string) {
  return useCursorList<Activity>(activityKeys.of(subjectType, subjectId), '/api/activities', {
    subjectType,
    subjectId,
  });
}

function useInvalidate(subjectType: RecordType, subjectId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: activityKeys.of(subjectType, subjectId) });
    void queryClient.invalidateQueries({ queryKey: ['history'] });
    // The partner page's tab badges count activities and comments.
    void queryClient.invalidateQueries({ queryKey: ['partners', 'counts'] });
  };
}

export function useCreateActivity(subjectType: RecordType, subjectId: string) {
  const invalidate = useInvalidate(subjectType, subjectId);
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: ActivityFields) =>
      api.post<Activity>('/api/activities', { subjectType, subjectId, ...input }),
    onSuccess: invalidate,
  });
}

export function useUpdateActivity(subjectType: RecordType, subjectId: string) {
  const invalidate = useInvalidate(subjectType, subjectId);
  return useMutation({
    meta: { silent: true },
    mutationFn: ({ id, ...input }: ActivityFields & { id: string; version: number }) =>
      api.patch<Activity>(`/api/activities/${encodeURIComponent(id)}`, input),
    onSuccess: invalidate,
  });
}

export function useDeleteActivity(subjectType: RecordType, subjectId: string) {
  const invalidate = useInvalidate(subjectType, subjectId);
  return useMutation({
    meta: { errorTitle: 'Could not delete the activity' },
    mutationFn: (id: string) => api.delete(`/api/activities/${encodeURIComponent(id)}`),
    onSuccess: invalidate,
  });
}

export interface RelatedOption {
  value: string;
  label: string;
}

interface PersonRow {
  id: string;
  firstName: string;
  lastName: string;
}

/**
 * People an activity may name: the partner's consultants on a partner record, the account's
 * contacts on an account. Other records offer none. A failed lookup only hides the choice.
 */
export function useRelatedPeople(subjectType: RecordType, subjectId: string) {
  const path =
    subjectType === 'partner'
      ? '/api/consultants'
      : subjectType === 'account'
        ? '/api/contacts'
        : null;
  const query = useQuery({
    queryKey: ['activities', 'related', subjectType, subjectId],
    enabled: path !== null,
    retry: false,
    queryFn: ({ signal }) =>
      api.get<Page<PersonRow>>(
        path!,
        subjectType === 'partner'
          ? { partnerId: subjectId, limit: 200 }
          : { accountId: subjectId, limit: 200 },
        signal,
      ),
  });
  const options: RelatedOption[] = (query.data?.data ?? []).map((p) => ({
    value: p.id,
    label: `${p.firstName} ${p.lastName}`,
  }));
  return {
    field: subjectType === 'partner' ? ('consultantId' as const) : ('contactId' as const),
    label: subjectType === 'partner' ? 'Related consultant' : 'Related contact',
    options,
    available: path !== null && query.isSuccess,
  };
}
