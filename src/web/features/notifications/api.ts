import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Notification, UnreadCount } from '../../../shared/notifications';
import { api } from '../../lib/api';
import type { Page } from '../../lib/types';

export type { Notification };

export const notificationKeys = {
  all: ['notifications'] as const,
  count: ['notifications', 'unread-count'] as const,
  recent: ['notifications', 'recent'] as const,
};

/** Polled: notifications arrive while the app is open, and one request a minute is cheap. */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.count,
    queryFn: ({ signal }) =>
      api.get<UnreadCount>('/api/notifications/unread-count', undefined, signal),
    refetchInterval: 60_000,
  });
}

export function useRecentNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.recent,
    queryFn: ({ signal }) =>
      api.get<Page<Notification>>('/api/notifications', { limit: 20 }, signal),
    enabled,
    staleTime: 0,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
}

export function useMarkRead() {
  const invalidate = useInvalidate();
  return useMutation({
    meta: { errorTitle: 'Could not mark the notification as read' },
    mutationFn: (id: string) =>
      api.post<Notification>(`/api/notifications/${encodeURIComponent(id)}/read`),
    onSuccess: invalidate,
  });
}

export function useMarkAllRead() {
  const invalidate = useInvalidate();
  return useMutation({
    meta: { errorTitle: 'Could not mark notifications as read' },
    mutationFn: () => api.post<UnreadCount>('/api/notifications/read-all'),
    onSuccess: invalidate,
  });
}
