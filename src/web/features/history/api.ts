import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { AuditEvent } from '../../lib/types';

export type HistorySubject =
  'partner' | 'user' | 'account' | 'contact' | 'case' | 'lead' | 'opportunity' | 'campaign';

export const historyKeys = {
  all: ['history'] as const,
  subject: (subjectType: HistorySubject, subjectId: string) =>
    ['history', subjectType, subjectId] as const,
};

interface HistoryPage {
  data: AuditEvent[];
  nextCursor?: string | null;
}

/** The audit timeline of one record, newest first; long histories load in pages. */
export function useHistory(subjectType: HistorySubject, subjectId: string) {
  const query = useInfiniteQuery({
    queryKey: historyKeys.subject(subjectType, subjectId),
    queryFn: ({ pageParam, signal }) =>
      api.get<HistoryPage>('/api/history', { subjectType, subjectId, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const events = sortNewestFirst(query.data?.pages.flatMap((p) => p.data) ?? []);
  return { ...query, events };
}

export const sortNewestFirst = (events: AuditEvent[]): AuditEvent[] =>
  [...events].sort(
    (a, b) =>
      b.occurredAt.localeCompare(a.occurredAt) ||
      // Events of one transaction share a timestamp; ids still say which came later.
      b.id.localeCompare(a.id, undefined, { numeric: true }),
  );
