import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import type { FileList, StoredFile } from '../../../shared/files';
import type { RecordType } from '../../../shared/records';
import { api, ApiError } from '../../lib/api';
import { PAGE_SIZE } from '../../lib/lists';

export type { StoredFile };

export const fileKeys = {
  of: (subjectType: RecordType, subjectId: string) => ['files', subjectType, subjectId] as const,
};

/** The record's files, page by page, and the upload limit the server enforces. */
export function useFiles(subjectType: RecordType, subjectId: string) {
  const query = useInfiniteQuery({
    queryKey: fileKeys.of(subjectType, subjectId),
    queryFn: ({ pageParam, signal }) =>
      api.get<FileList>(
        '/api/files',
        { subjectType, subjectId, limit: PAGE_SIZE, cursor: pageParam },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  const maxBytes = query.data?.pages[0]?.maxBytes;
  return { ...query, rows, maxBytes };
}

/** Turns an XHR's answer into the ApiError every other call throws. */
function xhrError(xhr: XMLHttpRequest): ApiError {
  let body: { error?: { code?: string; message?: string; fields?: Record<string, string> } } = {};
  try {
    body = JSON.parse(xhr.responseText) as typeof body;
  } catch {
    /* not JSON: fall back below */
  }
  if (xhr.status === 0) {
    return new ApiError({
      status: 0,
      code: 'NETWORK',
      message: 'The upload was interrupted. Check your connection and try again.',
    });
  }
  return new ApiError({
    status: xhr.status,
    code: body.error?.code ?? `HTTP_${xhr.status}`,
    message: body.error?.message ?? `The server answered with status ${xhr.status}.`,
    fields: body.error?.fields,
  });
}

/**
 * Uploads one file with progress. fetch() cannot report upload progress, XMLHttpRequest can;
 * the browser sends the Origin header, which the server's cross-site check needs.
 */
export function uploadFile(
  subjectType: RecordType,
  subjectId: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<StoredFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const qs = new URLSearchParams({ subjectType, subjectId });
    xhr.open('POST', `/api/files?${qs.toString()}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(JSON.parse(xhr.responseText) as StoredFile);
      } else {
        reject(xhrError(xhr));
      }
    };
    xhr.onerror = () => reject(xhrError(xhr));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

export function useInvalidateFiles(subjectType: RecordType, subjectId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: fileKeys.of(subjectType, subjectId) });
    void queryClient.invalidateQueries({ queryKey: ['history'] });
  };
}

export function useDeleteFile(subjectType: RecordType, subjectId: string) {
  const invalidate = useInvalidateFiles(subjectType, subjectId);
  return useMutation({
    meta: { errorTitle: 'Could not delete the file' },
    mutationFn: (id: string) => api.delete(`/api/files/${encodeURIComponent(id)}`),
    onSuccess: invalidate,
  });
}
