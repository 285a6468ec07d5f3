import { z } from 'zod';
import { Abilities, Limit } from './common';
import { PersonRef, RecordRefQuery, RecordType } from './records';

/** The upload limit when CONDUIT_FILE_MAX_BYTES is not set. */
export const DEFAULT_FILE_MAX_BYTES = 10 * 1024 * 1024;

/** Longest stored file name, in characters. */
export const FILE_NAME_MAX = 255;

/**
 * What may be uploaded, by the type sniffed from the content (never the browser's claim).
 * Plain text and CSV have no signature: they are accepted when the bytes are UTF-8 text.
 */
export const ACCEPTED_FILE_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'image/gif': 'GIF image',
  'image/webp': 'WebP image',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel spreadsheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation':
    'PowerPoint presentation',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
  'application/zip': 'ZIP archive',
  'text/plain': 'Text',
  'text/csv': 'CSV',
};

/** For messages and the upload hint. */
export const ACCEPTED_FILES_DESCRIPTION =
  'PDF, PNG, JPEG, GIF, WebP, Word, Excel and PowerPoint (.docx, .xlsx, .pptx), OpenDocument text and spreadsheets (.odt, .ods), ZIP, plain text and CSV';

/** The `accept` attribute of the file picker: a hint for the browser; the server decides. */
export const ACCEPT_ATTRIBUTE =
  '.pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.zip,.txt,.csv';

export const fileTypeLabel = (contentType: string) =>
  ACCEPTED_FILE_TYPES[contentType] ?? contentType;

/** "512 bytes", "48 KB", "14 MB", "10.5 MB" (binary units, as file managers show them). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const rounded = v >= 10 ? Math.round(v) : Math.round(v * 10) / 10;
  return `${rounded} ${units[u]}`;
}

export const StoredFile = z
  .object({
    id: z.string(),
    subjectType: RecordType,
    subjectId: z.string(),
    partnerId: z.string().nullable(),
    name: z.string(),
    /** Sniffed from the content when it was uploaded. */
    contentType: z.string(),
    size: z.number(),
    sha256: z.string(),
    uploadedBy: PersonRef.nullable(),
    createdAt: z.string(),
    /** GET this for the bytes (always as an attachment). */
    downloadUrl: z.string(),
    abilities: Abilities,
  })
  .meta({ id: 'StoredFile' });
export type StoredFile = z.infer<typeof StoredFile>;

export const FileList = z
  .object({
    data: z.array(StoredFile),
    nextCursor: z.string().nullable(),
    /** The upload limit in bytes, so a client can refuse a big file before sending it. */
    maxBytes: z.number(),
  })
  .meta({ id: 'FileList' });
export type FileList = z.infer<typeof FileList>;

export const FileListQuery = RecordRefQuery.extend({
  limit: Limit,
  cursor: z.string().max(2000).optional(),
});

/** Where an upload goes: `POST /api/files?subjectType=&subjectId=` with one multipart file. */
export const FileUploadQuery = RecordRefQuery;
