import type {
  ImportCounts,
  ImportEntity,
  ImportFailure,
  ImportMappingRecord,
  ImportRun,
  ImportSettings,
} from '../../../shared/imports';
import type { ImportRow } from './imports.repo';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The API shape of an import run. */
export function presentImport(r: ImportRow): ImportRun {
  return {
    id: r.id,
    entity: r.entity,
    status: r.status,
    file: {
      name: r.file_name,
      size: Number(r.file_size),
      sha256: r.file_sha256,
      format: r.file_format,
      encoding: r.file_encoding,
      delimiter: r.file_delimiter,
      sheets: (r.file_sheets as string[] | null) ?? [],
      sheet: r.file_sheet,
    },
    headers: (r.headers as string[] | null) ?? [],
    sample: (r.sample as string[][] | null) ?? [],
    suggestedMapping: (r.suggested_mapping as Record<string, string | null> | null) ?? {},
    settings: (r.settings as ImportSettings | null) ?? null,
    progress: r.progress_done === null ? null : { done: r.progress_done, total: r.progress_total },
    preview: (r.preview as (ImportCounts & { failures: ImportFailure[] }) | null) ?? null,
    counts: (r.counts as ImportCounts | null) ?? null,
    failures: (r.failures as ImportFailure[] | null) ?? [],
    undo: (r.undo as { reverted: number; keptEdited: number } | null) ?? null,
    error: r.error,
    createdBy: { id: r.created_by ?? '', name: r.creator_name ?? 'Deleted user' },
    createdAt: r.created_at.toISOString(),
    finishedAt: iso(r.finished_at),
  };
}

export function presentMapping(r: {
  id: string;
  entity: ImportEntity;
  name: string;
  mapping: unknown;
  created_at: Date;
}): ImportMappingRecord {
  return {
    id: r.id,
    entity: r.entity,
    name: r.name,
    mapping: (r.mapping as Record<string, string | null>) ?? {},
    createdAt: new Date(r.created_at).toISOString(),
  };
}
