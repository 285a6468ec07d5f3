import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Application,
  ApplicationCounts,
  ApplicationFormToken,
  ApplicationReceipt,
  ApplicationStatus,
  ApprovalOptions,
  ApproveApplicationInput,
  SubmitApplicationInput,
} from '../../../shared/applications';
import { api } from '../../lib/api';
import { useCursorList } from '../../lib/lists';

export type { Application, ApplicationStatus, ApprovalOptions };

export const applicationKeys = {
  all: ['applications'] as const,
  lists: ['applications', 'list'] as const,
  counts: ['applications', 'counts'] as const,
  detail: (id: string) => ['applications', 'detail', id] as const,
  options: ['applications', 'approval-options'] as const,
  form: ['applications', 'form'] as const,
};

// ---------------------------------------------------------------------------------------------
// Public form

/** The signed token the form sends back; fetched when the form opens, never reused from cache. */
export function useApplicationFormToken() {
  return useQuery({
    queryKey: applicationKeys.form,
    queryFn: ({ signal }) =>
      api.get<ApplicationFormToken>('/api/applications/form', undefined, signal),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}

export function useSubmitApplication() {
  return useMutation({
    mutationFn: (input: SubmitApplicationInput) =>
      api.post<ApplicationReceipt>('/api/applications', input),
    meta: { silent: true },
  });
}

// ---------------------------------------------------------------------------------------------
// Review

export function useApplicationList(filters: { status: ApplicationStatus; q: string }) {
  return useCursorList<Application>(applicationKeys.lists, '/api/applications', filters);
}

export function useApplication(id: string | null) {
  return useQuery({
    queryKey: applicationKeys.detail(id ?? ''),
    queryFn: ({ signal }) =>
      api.get<Application>(`/api/applications/${encodeURIComponent(id!)}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useApplicationCounts(enabled = true) {
  return useQuery({
    queryKey: applicationKeys.counts,
    queryFn: ({ signal }) =>
      api.get<ApplicationCounts>('/api/applications/counts', undefined, signal),
    enabled,
    staleTime: 60_000,
  });
}

export function useApprovalOptions(enabled: boolean) {
  return useQuery({
    queryKey: applicationKeys.options,
    queryFn: ({ signal }) =>
      api.get<ApprovalOptions>('/api/applications/approval-options', undefined, signal),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Someone may have decided first: show the current state instead of the stale one. */
function useOnDecisionError() {
  const queryClient = useQueryClient();
  return (_error: unknown, vars: { id: string }) => {
    void queryClient.invalidateQueries({ queryKey: applicationKeys.detail(vars.id) });
    void queryClient.invalidateQueries({ queryKey: applicationKeys.lists });
    void queryClient.invalidateQueries({ queryKey: applicationKeys.counts });
  };
}

function useAfterDecision() {
  const queryClient = useQueryClient();
  return (saved: Application) => {
    queryClient.setQueryData(applicationKeys.detail(saved.id), saved);
    void queryClient.invalidateQueries({ queryKey: applicationKeys.lists });
    void queryClient.invalidateQueries({ queryKey: applicationKeys.counts });
    void queryClient.invalidateQueries({ queryKey: ['history', 'partner_application', saved.id] });
  };
}

export function useApproveApplication() {
  const queryClient = useQueryClient();
  const after = useAfterDecision();
  const onError = useOnDecisionError();
  return useMutation({
    onError,
    mutationFn: ({ id, ...input }: ApproveApplicationInput & { id: string }) =>
      api.post<Application>(`/api/applications/${encodeURIComponent(id)}/approve`, input),
    meta: { silent: true },
    onSuccess: (saved) => {
      after(saved);
      void queryClient.invalidateQueries({ queryKey: ['partners'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}

export function useDeclineApplication() {
  const after = useAfterDecision();
  const onError = useOnDecisionError();
  return useMutation({
    onError,
    mutationFn: ({ id, ...input }: { id: string; reason: string; version: number }) =>
      api.post<Application>(`/api/applications/${encodeURIComponent(id)}/decline`, input),
    meta: { silent: true },
    onSuccess: after,
  });
}
