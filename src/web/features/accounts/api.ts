import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Account as AccountSchema,
  Contact as ContactSchema,
  CreateAccountInput as CreateAccountSchema,
  CreateContactInput as CreateContactSchema,
} from '../../../shared/accounts';
import { isPartnerRole } from '../../../shared/role-names';
import { api, isApiError, withQuery, type Query } from '../../lib/api';
import type { ExportFormat } from '../../../shared/exports';
import { useCursorList } from '../../lib/lists';
import type { Page, Partner, User } from '../../lib/types';

export type Account = z.infer<typeof AccountSchema>;
export type Contact = z.infer<typeof ContactSchema>;
/** What the forms send: the wire shape before the server's trimming and defaults. */
export type CreateAccountInput = z.input<typeof CreateAccountSchema>;
export type UpdateAccountInput = Partial<CreateAccountInput> & { version: number };
export type CreateContactInput = z.input<typeof CreateContactSchema>;
export type UpdateContactInput = Partial<Omit<CreateContactInput, 'accountId'>> & {
  version: number;
};

export interface AccountFilters {
  q: string;
  managedByPartnerId: string;
  industry: string;
  companySize: string;
  countryCode: string;
}

export const accountKeys = {
  all: ['accounts'] as const,
  lists: ['accounts', 'list'] as const,
  count: ['accounts', 'count'] as const,
  detail: (id: string) => ['accounts', 'detail', id] as const,
};

export const contactKeys = {
  all: ['contacts'] as const,
  lists: ['contacts', 'list'] as const,
  detail: (id: string) => ['contacts', 'detail', id] as const,
};

const accountPath = (id: string) => `/api/accounts/${encodeURIComponent(id)}`;
const contactPath = (id: string) => `/api/contacts/${encodeURIComponent(id)}`;

const toQuery = (f: Partial<AccountFilters>): Query => ({
  q: f.q,
  managedByPartnerId: f.managedByPartnerId,
  industry: f.industry,
  companySize: f.companySize,
  countryCode: f.countryCode,
});

export function useAccountList(filters: Partial<AccountFilters>, sort: string | null = null) {
  return useCursorList<Account>(accountKeys.lists, '/api/accounts', { ...toQuery(filters), sort });
}

/** A download link for the list as it is filtered and sorted. */
export function accountExportUrl(
  filters: Partial<AccountFilters>,
  sort: string | null,
  format: ExportFormat,
) {
  return withQuery(`/api/exports/accounts.${format}`, { ...toQuery(filters), sort });
}

/** The total behind the current filters; the list itself is keyset-paged and has no total. */
export function useAccountCount(filters: Partial<AccountFilters>) {
  return useQuery({
    queryKey: [...accountKeys.count, toQuery(filters)],
    queryFn: ({ signal }) =>
      api.get<{ count: number }>('/api/accounts/count', toQuery(filters), signal),
    select: (r) => r.count,
    placeholderData: keepPreviousData,
  });
}

export function useAccount(id: string) {
  return useQuery({
    queryKey: accountKeys.detail(id),
    queryFn: ({ signal }) => api.get<Account>(accountPath(id), undefined, signal),
  });
}

function useInvalidateAccounts() {
  const queryClient = useQueryClient();
  return (account?: Account) => {
    if (account) queryClient.setQueryData(accountKeys.detail(account.id), account);
    void queryClient.invalidateQueries({ queryKey: accountKeys.lists });
    void queryClient.invalidateQueries({ queryKey: accountKeys.count });
    // Partner pages show how many accounts a partner manages.
    void queryClient.invalidateQueries({ queryKey: ['partners'] });
    if (account)
      void queryClient.invalidateQueries({ queryKey: ['history', 'account', account.id] });
  };
}

export function useCreateAccount() {
  const invalidate = useInvalidateAccounts();
  return useMutation({
    mutationFn: (input: CreateAccountInput) => api.post<Account>('/api/accounts', input),
    meta: { silent: true },
    onSuccess: (account) => invalidate(account),
  });
}

export function useUpdateAccount(meta: { silent?: boolean; errorTitle?: string } = {}) {
  const invalidate = useInvalidateAccounts();
  return useMutation({
    meta,
    mutationFn: ({ id, ...input }: UpdateAccountInput & { id: string }) =>
      api.patch<Account>(accountPath(id), input),
    onSuccess: (account) => invalidate(account),
  });
}

export function useDeleteAccount() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateAccounts();
  return useMutation({
    meta: { errorTitle: 'Could not delete the account' },
    mutationFn: (id: string) => api.delete(accountPath(id)),
    onSuccess: (_r, id) => {
      queryClient.removeQueries({ queryKey: accountKeys.detail(id) });
      invalidate();
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Contacts

export function useContactList(filters: { accountId?: string; q?: string }) {
  return useCursorList<Contact>(contactKeys.lists, '/api/contacts', {
    accountId: filters.accountId,
    q: filters.q,
  });
}

function useInvalidateContacts() {
  const queryClient = useQueryClient();
  return (contact: { accountId: string; id?: string }) => {
    void queryClient.invalidateQueries({ queryKey: contactKeys.lists });
    // The account shows how many contacts it has.
    void queryClient.invalidateQueries({ queryKey: accountKeys.detail(contact.accountId) });
    void queryClient.invalidateQueries({ queryKey: accountKeys.lists });
    if (contact.id)
      void queryClient.invalidateQueries({ queryKey: ['history', 'contact', contact.id] });
  };
}

export function useCreateContact() {
  const invalidate = useInvalidateContacts();
  return useMutation({
    mutationFn: (input: CreateContactInput) => api.post<Contact>('/api/contacts', input),
    meta: { silent: true },
    onSuccess: (contact) => invalidate(contact),
  });
}

export function useUpdateContact() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateContacts();
  return useMutation({
    meta: { silent: true },
    mutationFn: ({ id, ...input }: UpdateContactInput & { id: string }) =>
      api.patch<Contact>(contactPath(id), input),
    onSuccess: (contact) => {
      queryClient.setQueryData(contactKeys.detail(contact.id), contact);
      invalidate(contact);
    },
    // Someone else saved first: load their version so the next edit starts from it.
    onError: (error, { id }) => {
      if (!isApiError(error) || error.status !== 409) return;
      void queryClient.invalidateQueries({ queryKey: contactKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: contactKeys.lists });
    },
  });
}

export function useDeleteContact() {
  const invalidate = useInvalidateContacts();
  return useMutation({
    meta: { errorTitle: 'Could not delete the contact' },
    mutationFn: (contact: Contact) => api.delete(contactPath(contact.id)),
    onSuccess: (_r, contact) => invalidate(contact),
  });
}

// ---------------------------------------------------------------------------------------------
// Pickers

export interface Option {
  value: string;
  label: string;
}

/** Partners to choose as the managing partner; searched on the server (internal users only). */
export function usePartnerPicker(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['partners', 'options', q],
    queryFn: ({ signal }) => api.get<Page<Partner>>('/api/partners', { q, limit: 20 }, signal),
    select: (page): Option[] => page.data.map((p) => ({ value: p.id, label: p.companyName })),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** People at one partner, for "partner contact person"; the server lists only what you may see. */
export function usePartnerUserPicker(partnerId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'options', 'partner', partnerId],
    queryFn: ({ signal }) =>
      api.get<Page<User>>('/api/users', { partnerId, active: true, limit: 200 }, signal),
    select: (page): Option[] =>
      page.data
        .filter((u) => isPartnerRole(u.role) && u.partnerId === partnerId)
        .map((u) => ({ value: u.id, label: u.name })),
    enabled: enabled && Boolean(partnerId),
  });
}

/** Vendor-side people who can own a record. */
export function useOwnerPicker(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'options', 'internal', q],
    queryFn: ({ signal }) =>
      api.get<Page<User>>('/api/users', { q, active: true, limit: 50 }, signal),
    select: (page): Option[] =>
      page.data.filter((u) => !isPartnerRole(u.role)).map((u) => ({ value: u.id, label: u.name })),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** Accounts to pick for a case; the server lists only accounts in your scope. */
export function useAccountPicker(q: string, enabled: boolean, managedByPartnerId?: string) {
  return useQuery({
    queryKey: ['accounts', 'options', q, managedByPartnerId ?? null],
    queryFn: ({ signal }) =>
      api.get<Page<Account>>('/api/accounts', { q, managedByPartnerId, limit: 20 }, signal),
    select: (page): Option[] => page.data.map((a) => ({ value: a.id, label: a.name })),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** Contacts of one account, for a case. */
export function useContactPicker(accountId: string | null) {
  return useQuery({
    queryKey: ['contacts', 'options', accountId],
    queryFn: ({ signal }) =>
      api.get<Page<Contact>>('/api/contacts', { accountId, limit: 200 }, signal),
    select: (page): Option[] => page.data.map((c) => ({ value: c.id, label: c.name })),
    enabled: Boolean(accountId),
  });
}

/** A partner's name, for pre-filling forms opened from the partner's page. */
export function usePartnerName(partnerId: string) {
  const query = useQuery({
    queryKey: ['partners', 'detail', partnerId],
    queryFn: ({ signal }) =>
      api.get<Partner>(`/api/partners/${encodeURIComponent(partnerId)}`, undefined, signal),
  });
  return query.data?.companyName;
}
