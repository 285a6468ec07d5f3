import { useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  Currency,
  ForecastCategory,
  LeadStatus,
  OpportunityStage,
  PicklistName,
  PicklistValue,
  SalesSetup,
  StageKind,
} from '../../../shared/sales-setup';
import { api, apiRequest } from '../../lib/api';
import { salesSetupKey } from './useSalesSetup';

/** Every change to the sales setup refreshes the one cached copy all forms read. */
function useSetupMutation<V, R>(fn: (v: V) => Promise<R>, patch?: (s: SalesSetup, r: R) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // Every caller shows its own error: inline on the field, or a notification naming the value.
    meta: { silent: true },
    onSuccess: (result) => {
      if (patch) {
        queryClient.setQueryData<SalesSetup>(salesSetupKey, (old) => {
          if (!old) return old;
          const next = structuredClone(old);
          patch(next, result);
          return next;
        });
      }
      void queryClient.invalidateQueries({ queryKey: salesSetupKey });
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: salesSetupKey }),
  });
}

const list = (name: PicklistName) => `/api/setup/picklists/${name}`;

export function usePicklistMutations(name: PicklistName) {
  return {
    create: useSetupMutation((v: { label: string }) =>
      api.post<PicklistValue>(`${list(name)}/values`, v),
    ),
    update: useSetupMutation(
      ({ id, ...body }: { id: string; version: number; label?: string; active?: boolean }) =>
        api.patch<PicklistValue>(`${list(name)}/values/${id}`, body),
      (s, r) => {
        s.picklists[name] = s.picklists[name].map((v) => (v.id === r.id ? r : v));
      },
    ),
    remove: useSetupMutation((id: string) => api.delete(`${list(name)}/values/${id}`)),
    reorder: useSetupMutation(
      (ids: string[]) => api.post<{ data: PicklistValue[] }>(`${list(name)}/reorder`, { ids }),
      (s, r) => {
        s.picklists[name] = r.data;
      },
    ),
  };
}

export function useLeadStatusMutations() {
  const base = '/api/setup/lead-statuses';
  return {
    create: useSetupMutation((v: { label: string; kind: 'open' | 'closed' }) =>
      api.post<LeadStatus>(base, v),
    ),
    update: useSetupMutation(
      ({
        id,
        ...body
      }: {
        id: string;
        version: number;
        label?: string;
        kind?: 'open' | 'closed';
        isDefault?: true;
      }) => api.patch<LeadStatus>(`${base}/${id}`, body),
    ),
    remove: useSetupMutation((id: string) => api.delete(`${base}/${id}`)),
    reorder: useSetupMutation(
      (ids: string[]) => api.post<{ data: LeadStatus[] }>(`${base}/reorder`, { ids }),
      (s, r) => {
        s.leadStatuses = r.data;
      },
    ),
  };
}

export interface StageFields {
  label: string;
  probability: number;
  kind: StageKind;
  forecastCategory: ForecastCategory;
}

export function useStageMutations() {
  const base = '/api/setup/opportunity-stages';
  return {
    create: useSetupMutation((v: StageFields) => api.post<OpportunityStage>(base, v)),
    update: useSetupMutation(
      ({ id, ...body }: Partial<StageFields> & { id: string; version: number }) =>
        api.patch<OpportunityStage>(`${base}/${id}`, body),
    ),
    remove: useSetupMutation((id: string) => api.delete(`${base}/${id}`)),
    reorder: useSetupMutation(
      (ids: string[]) => api.post<{ data: OpportunityStage[] }>(`${base}/reorder`, { ids }),
      (s, r) => {
        s.opportunityStages = r.data;
      },
    ),
  };
}

export function useCurrencyMutations() {
  return {
    upsert: useSetupMutation((v: { code: string; rate: string }) =>
      apiRequest<Currency>('/api/setup/currencies', { method: 'PUT', body: v }),
    ),
    remove: useSetupMutation((code: string) =>
      api.delete(`/api/setup/currencies/${encodeURIComponent(code)}`),
    ),
  };
}
