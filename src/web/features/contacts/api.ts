import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../lib/api';
import type { ExportFormat } from '../../../shared/exports';
import { useCursorList } from '../../lib/lists';
import { accountKeys, contactKeys, type Account, type Contact } from '../accounts/api';

export interface ContactFilters {
  q: string;
  accountId: string;
}

/** Every contact the caller may see, across accounts; the list shares the accounts' cache key. */
export function useContactDirectory(filters: ContactFilters, sort: string | null) {
  return useCursorList<Contact>(contactKeys.lists, '/api/contacts', {
    q: filters.q || undefined,
    accountId: filters.accountId || undefined,
    sort,
  });
}

/** A download link for the directory as it is filtered and sorted. */
export function contactExportUrl(
  filters: ContactFilters,
  sort: string | null,
  format: ExportFormat,
) {
  return withQuery(`/api/exports/contacts.${format}`, {
    q: filters.q || undefined,
    accountId: filters.accountId || undefined,
    sort,
  });
}

export function useContact(id: string) {
  return useQuery({
    queryKey: contactKeys.detail(id),
    queryFn: ({ signal }) =>
      api.get<Contact>(`/api/contacts/${encodeURIComponent(id)}`, undefined, signal),
  });
}

/** An account's name, for a filter that arrives as an id from a link or a saved view. */
export function useAccountName(id: string) {
  return useQuery({
    queryKey: accountKeys.detail(id),
    queryFn: ({ signal }) =>
      api.get<Account>(`/api/accounts/${encodeURIComponent(id)}`, undefined, signal),
    select: (account) => account.name,
    enabled: Boolean(id),
    retry: false,
  });
}
