import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { isPartnerRole } from '../../../shared/role-names';
import { api } from '../../lib/api';
import type { Page, User } from '../../lib/types';
import type { Option } from '../accounts/api';
import { RemoteSelect } from '../accounts/pickers';
import { useCampaignPicker } from './api';

type PickerProps = Omit<Parameters<typeof RemoteSelect>[0], 'useOptions'>;

export function CampaignSelect(props: PickerProps) {
  return <RemoteSelect {...props} useOptions={useCampaignPicker} />;
}

/** Partner users, searched by name across partners (a partner user sees only their company). */
export function usePartnerPeoplePicker(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'options', 'partner-people', q],
    queryFn: ({ signal }) =>
      api.get<Page<User>>('/api/users', { q, active: true, limit: 50 }, signal),
    select: (page): Option[] =>
      page.data
        .filter((u) => isPartnerRole(u.role))
        .map((u) => ({
          value: u.id,
          label: u.partnerName ? `${u.name} (${u.partnerName})` : u.name,
        })),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** Internal people (owners), searched by name. */
export function useInternalPeoplePicker(q: string, enabled: boolean) {
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

/** Partners, searched by name (internal users only). */
export function usePartnerOptions(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['partners', 'options', q],
    queryFn: ({ signal }) =>
      api.get<Page<{ id: string; companyName: string }>>('/api/partners', { q, limit: 20 }, signal),
    select: (page): Option[] => page.data.map((p) => ({ value: p.id, label: p.companyName })),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export type RefKind = 'partner' | 'user' | 'campaign';

const REF_PATHS: Record<RefKind, (id: string) => string> = {
  partner: (id) => `/api/partners/${encodeURIComponent(id)}`,
  user: (id) => `/api/users/${encodeURIComponent(id)}`,
  campaign: (id) => `/api/campaigns/${encodeURIComponent(id)}`,
};

const refQuery = (kind: RefKind, id: string) => ({
  queryKey: ['names', kind, id] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api
      .get<{ name?: string; companyName?: string }>(REF_PATHS[kind](id), undefined, signal)
      .then((r) => r.companyName ?? r.name ?? ''),
  staleTime: 5 * 60_000,
  retry: false,
});

/**
 * Names of records known only by id (from a URL, a saved view or a pre-filled form). A record
 * that cannot be read shows as "Unknown …" rather than blocking the page.
 */
export function useRefLabels(refs: { kind: RefKind; id: string }[]) {
  const results = useQueries({ queries: refs.map((r) => refQuery(r.kind, r.id)) });
  const labels = new Map<string, string>();
  refs.forEach((r, i) => {
    const res = results[i];
    if (res?.data) labels.set(r.id, res.data);
    else if (res?.isError) labels.set(r.id, `Unknown ${r.kind}`);
  });
  return { labels, pending: results.some((r) => r.isPending) };
}
