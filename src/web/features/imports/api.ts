import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ImportEntity,
  ImportField,
  ImportFieldList,
  ImportMapping,
  ImportMappingList,
  ImportMappingRecord,
  ImportRun,
  ImportSettings,
  ImportStatus,
  SaveImportMappingInput,
} from '../../../shared/imports';
import { api, ApiError } from '../../lib/api';
import { useCursorList } from '../../lib/lists';

export type {
  ImportEntity,
  ImportField,
  ImportMapping,
  ImportMappingRecord,
  ImportRun,
  ImportSettings,
  ImportStatus,
};

export const importKeys = {
  all: ['imports'] as const,
  lists: ['imports', 'list'] as const,
  run: (id: string) => ['imports', 'run', id] as const,
  fields: (entity: ImportEntity) => ['imports', 'fields', entity] as const,
  mappings: (entity: ImportEntity) => ['imports', 'mappings', entity] as const,
};

const runPath = (id: string) => `/api/imports/${encodeURIComponent(id)}`;

/** A link the browser downloads: every failed, skipped and duplicate row of a run. */
export const resultsCsvUrl = (id: string) => `${runPath(id)}/results.csv`;

/** States the server moves on from by itself: the page keeps asking until they are over. */
export const WORKING_STATUSES: readonly ImportStatus[] = [
  'previewing',
  'queued',
  'running',
  'undoing',
];
export const isWorking = (status: ImportStatus) => WORKING_STATUSES.includes(status);

export function useImportHistory(entity?: ImportEntity) {
  const list = useCursorList<ImportRun>(importKeys.lists, '/api/imports', { entity });
  return list;
}

/**
 * One run, asked for again every second while the server works on it, so a preview, an import
 * or an undo shows its progress — also after a page reload, which only needs the run's id.
 */
export function useImportRun(id: string) {
  return useQuery({
    queryKey: importKeys.run(id),
    queryFn: ({ signal }) => api.get<ImportRun>(runPath(id), undefined, signal),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && isWorking(status) ? 1000 : false;
    },
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
}

export function useImportFields(entity: ImportEntity | undefined) {
  return useQuery({
    queryKey: importKeys.fields(entity ?? 'leads'),
    queryFn: ({ signal }) =>
      api.get<ImportFieldList>('/api/imports/fields', { entity }, signal).then((r) => r.data),
    staleTime: 5 * 60_000,
    enabled: entity !== undefined,
  });
}

export function useSavedMappings(entity: ImportEntity) {
  return useQuery({
    queryKey: importKeys.mappings(entity),
    queryFn: ({ signal }) =>
      api.get<ImportMappingList>('/api/import-mappings', { entity }, signal).then((r) => r.data),
  });
}

export function useSaveMapping() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveImportMappingInput) =>
      api.post<ImportMappingRecord>('/api/import-mappings', input),
    meta: { silent: true },
    onSuccess: (m) =>
      void queryClient.invalidateQueries({ queryKey: importKeys.mappings(m.entity) }),
  });
}

export function useDeleteMapping(entity: ImportEntity) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/import-mappings/${encodeURIComponent(id)}`),
    meta: { errorTitle: 'Could not delete the saved mapping' },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: importKeys.mappings(entity) }),
  });
}

/** Preview, run and undo answer with the run in its new state; the cache takes it at once. */
function useRunAction<V>(action: (vars: V) => Promise<ImportRun>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: action,
    meta: { silent: true },
    onSuccess: (run) => {
      queryClient.setQueryData(importKeys.run(run.id), run);
      // Asking again at once (re)starts the once-a-second polling of a run in progress.
      void queryClient.invalidateQueries({ queryKey: importKeys.run(run.id) });
      void queryClient.invalidateQueries({ queryKey: importKeys.lists });
    },
  });
}

export const usePreviewImport = () =>
  useRunAction(({ id, settings }: { id: string; settings: ImportSettings }) =>
    api.post<ImportRun>(`${runPath(id)}/preview`, settings),
  );

export const useStartImport = () =>
  useRunAction(({ id, settings }: { id: string; settings: ImportSettings }) =>
    api.post<ImportRun>(`${runPath(id)}/run`, settings),
  );

export const useUndoImport = () =>
  useRunAction(({ id, force }: { id: string; force: boolean }) =>
    api.post<ImportRun>(`${runPath(id)}/undo`, force ? { force: true } : {}),
  );

/** Turns an XHR's answer into the ApiError every other call throws. */
function xhrError(xhr: XMLHttpRequest): ApiError {
  if (xhr.status === 0) {
    return new ApiError({
      status: 0,
      code: 'NETWORK',
      message: 'The upload was interrupted. Check your connection and try again.',
    });
  }
  let body: {
    error?: {
      code?: string;
      message?: string;
      fields?: Record<string, string>;
      requestId?: string;
    };
  } = {};
  try {
    body = JSON.parse(xhr.responseText) as typeof body;
  } catch {
    /* not JSON (a proxy's error page): fall back below */
  }
  const fallback =
    xhr.status === 413
      ? 'The file is larger than the server accepts.'
      : `The server answered with status ${xhr.status}.`;
  return new ApiError({
    status: xhr.status,
    code: body.error?.code ?? `HTTP_${xhr.status}`,
    message: body.error?.message ?? fallback,
    fields: body.error?.fields,
    requestId: body.error?.requestId ?? xhr.getResponseHeader('x-request-id') ?? undefined,
  });
}

/**
 * Uploads the file with progress: fetch() cannot report upload progress, XMLHttpRequest can.
 * `entity` goes before the file, so the server knows what is imported before the bytes arrive.
 */
export function uploadImportFile(
  entity: ImportEntity,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<ImportRun> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports');
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        try {
          resolve(JSON.parse(xhr.responseText) as ImportRun);
        } catch {
          reject(xhrError(xhr));
        }
      } else {
        reject(xhrError(xhr));
      }
    };
    xhr.onerror = () => reject(xhrError(xhr));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('entity', entity);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
