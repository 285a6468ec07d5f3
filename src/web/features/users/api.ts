import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../shared/role-names';
import { api } from '../../lib/api';
import { useCursorList } from '../../lib/lists';
import type { Page, Partner, User } from '../../lib/types';

export interface UserFilters {
  q: string;
  role: Role | '';
  active: 'true' | 'false' | '';
}

export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  partnerId?: string;
  password?: string;
}

export interface UpdateUserInput {
  version: number;
  name?: string;
  role?: Role;
  active?: boolean;
}

export const userKeys = {
  all: ['users'] as const,
  lists: ['users', 'list'] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};

export function useUserList(filters: UserFilters) {
  return useCursorList<User>(userKeys.lists, '/api/users', {
    q: filters.q,
    role: filters.role,
    active: filters.active,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => api.post<User>('/api/users', input),
    meta: { silent: true },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: userKeys.lists });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}

export function useUpdateUser(meta: { silent?: boolean; errorTitle?: string } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    meta,
    mutationFn: ({ id, ...input }: UpdateUserInput & { id: string }) =>
      api.patch<User>(`/api/users/${encodeURIComponent(id)}`, input),
    onSuccess: (user) => {
      queryClient.setQueryData(userKeys.detail(user.id), user);
      void queryClient.invalidateQueries({ queryKey: userKeys.lists });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      void queryClient.invalidateQueries({ queryKey: ['history', 'user', user.id] });
    },
  });
}

/** The latest version of one user, fetched on demand (e.g. after an edit conflict). */
export function useFetchUser() {
  const queryClient = useQueryClient();
  return (id: string) =>
    queryClient.fetchQuery({
      queryKey: userKeys.detail(id),
      queryFn: ({ signal }) =>
        api.get<User>(`/api/users/${encodeURIComponent(id)}`, undefined, signal),
      staleTime: 0,
    });
}

/** Partners to pick from when creating a partner user; searched on the server. */
export function usePartnerOptions(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['partners', 'options', q],
    queryFn: ({ signal }) => api.get<Page<Partner>>('/api/partners', { q, limit: 20 }, signal),
    select: (page) => page.data.map((p) => ({ value: p.id, label: p.companyName })),
    enabled,
    placeholderData: keepPreviousData,
  });
}
