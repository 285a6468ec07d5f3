import { notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { errorMessage, isApiError } from './api';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /** Title of the error notification; the API's message becomes its text. */
      errorTitle?: string;
      /** The caller shows the error itself (inline field errors, conflict dialogs). */
      silent?: boolean;
    };
  }
}

export const meQueryKey = ['me'] as const;

export function createQueryClient(): QueryClient {
  // A 401 from any call means the session is gone (expired, revoked, user deactivated). Forgetting
  // who is logged in makes the auth guard send the user to the login page.
  const onUnauthenticated = () => {
    client.setQueryData(meQueryKey, null);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
  };

  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiError(error) && error.status === 401 && query.queryKey[0] !== meQueryKey[0]) {
          onUnauthenticated();
        }
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        if (isApiError(error) && error.status === 401) {
          onUnauthenticated();
          return;
        }
        if (mutation.meta?.silent) return;
        notifications.show({
          color: 'red',
          title: mutation.meta?.errorTitle ?? 'That did not work',
          message: errorMessage(error),
        });
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: true,
        // Client errors will not fix themselves; only retry what might be transient.
        retry: (failureCount, error) =>
          failureCount < 2 && (!isApiError(error) || error.status === 0 || error.status >= 500),
      },
      mutations: { retry: false },
    },
  });
  return client;
}
