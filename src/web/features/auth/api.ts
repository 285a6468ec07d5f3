import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { meQueryKey } from '../../lib/queryClient';
import type { Me } from '../../lib/types';

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) =>
      api.post<{ user: Me }>('/api/auth/login', input),
    meta: { silent: true },
    onSuccess: ({ user }) => {
      // A previous user's cached data must never show up for the next one on a shared machine.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
      queryClient.setQueryData(meQueryKey, user);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/auth/logout'),
    meta: { errorTitle: 'Could not log out' },
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}

export function useSetPassword() {
  return useMutation({
    mutationFn: (input: { token: string; password: string }) =>
      api.post<void>('/api/auth/set-password', input),
    meta: { silent: true },
  });
}
