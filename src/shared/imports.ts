import { z } from 'zod';
import { Limit, text } from './common';

// Imports: CSV or XLSX files turned into leads, accounts, contacts, partners or consultants.
// A file is uploaded once, previewed (a full dry run) and run in batches by a job; every row's
// outcome is kept so the failures can be downloaded and the import undone.

/** The import upload limit when CONDUIT_IMPORT_MAX_BYTES is not set (50 MiB). */
export const DEFAULT_IMPORT_MAX_BYTES = 50 * 1024 * 1024;

/** How many failures a run (or a preview) returns inline; the rest are in results.csv. */
export const IMPORT_FAILURES_INLINE = 20;

/** How many data rows `sample` holds. */
export const IMPORT_SAMPLE_ROWS = 5;

export const IMPORT_ENTITIES = [
  'leads',
  'accounts',
  'contacts',
  'partners',
  'consultants',
] as const;
export const ImportEntity = z.enum(IMPORT_ENTITIES).meta({ id: 'ImportEntity' });
export type ImportEntity = z.infer<typeof ImportEntity>;

export const IMPORT_ENTITY_LABELS: Record<ImportEntity, string> = {
  leads: 'Leads',
  accounts: 'Accounts',
  contacts: 'Contacts',
  partners: 'Partners',
  consultants: 'Consultants',
};

export const IMPORT_MODES = ['add', 'update', 'upsert'] as const;
export const ImportMode = z.enum(IMPORT_MODES);
export type ImportMode = z.infer<typeof ImportMode>;

export const IMPORT_MATCH_BY = ['email', 'name_company', 'external_id'] as const;
export const ImportMatchBy = z.enum(IMPORT_MATCH_BY);
export type ImportMatchBy = z.infer<typeof ImportMatchBy>;

export const IMPORT_STATUSES = [
  'uploaded',
  'previewing',
  'previewed',
  'queued',
  'running',
  'done',
  'failed',
  'undoing',
  'undone',
] as const;
export const ImportStatus = z.enum(IMPORT_STATUSES);
export type ImportStatus = z.infer<typeof ImportStatus>;

export const IMPORT_FIELD_TYPES = [
  'text',
  'email',
  'number',
  'money',
  'date',
  'picklist',
  'reference',
  'boolean',
] as const;
export const ImportFieldType = z.enum(IMPORT_FIELD_TYPES);
export type ImportFieldType = z.infer<typeof ImportFieldType>;

export const ImportField = z
  .object({
    key: z.string(),
    label: z.string(),
    required: z.boolean(),
    type: ImportFieldType,
    synonyms: z.array(z.string()),
  })
  .meta({ id: 'ImportField' });
export type ImportField = z.infer<typeof ImportField>;

export const ImportFieldList = z
  .object({ data: z.array(ImportField) })
  .meta({ id: 'ImportFieldList' });
export type ImportFieldList = z.infer<typeof ImportFieldList>;

/** header → field key; null = the column is ignored. */
export const ImportMapping = z
  .record(z.string().max(500), z.string().max(100).nullable())
  .meta({ id: 'ImportMapping' });
export type ImportMapping = z.infer<typeof ImportMapping>;

export const ImportSettings = z
  .object({
    mode: ImportMode,
    matchBy: ImportMatchBy,
    /** a header; required when matchBy = external_id */
    externalIdColumn: z.string().max(500).nullable().optional(),
    mapping: ImportMapping,
    /** XLSX: the sheet to read (default: the first sheet with data) */
    sheet: z.string().max(500).nullable().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.matchBy === 'external_id' && !s.externalIdColumn) {
      ctx.addIssue({
        code: 'custom',
        path: ['externalIdColumn'],
        message: 'is required when matching by external id',
      });
    }
  })
  .meta({ id: 'ImportSettings' });
export type ImportSettings = z.infer<typeof ImportSettings>;

export const ImportCounts = z
  .object({
    created: z.number(),
    updated: z.number(),
    skipped: z.number(),
    failed: z.number(),
    duplicates: z.number(),
    total: z.number(),
  })
  .meta({ id: 'ImportCounts' });
export type ImportCounts = z.infer<typeof ImportCounts>;

export const ImportFailure = z
  .object({
    line: z.number(),
    reason: z.string(),
    field: z.string().nullable().optional(),
  })
  .meta({ id: 'ImportFailure' });
export type ImportFailure = z.infer<typeof ImportFailure>;

export const ImportPreview = ImportCounts.extend({ failures: z.array(ImportFailure) }).meta({
  id: 'ImportPreview',
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportFileInfo = z
  .object({
    name: z.string(),
    size: z.number(),
    sha256: z.string(),
    format: z.enum(['csv', 'xlsx']),
    encoding: z.string().nullable(),
    delimiter: z.string().nullable(),
    sheets: z.array(z.string()),
    sheet: z.string().nullable(),
  })
  .meta({ id: 'ImportFileInfo' });
export type ImportFileInfo = z.infer<typeof ImportFileInfo>;

export const ImportUndoResult = z
  .object({ reverted: z.number(), keptEdited: z.number() })
  .meta({ id: 'ImportUndoResult' });
export type ImportUndoResult = z.infer<typeof ImportUndoResult>;

export const ImportRun = z
  .object({
    id: z.string(),
    entity: ImportEntity,
    status: ImportStatus,
    file: ImportFileInfo,
    /** of the chosen sheet; duplicate or empty headers made unique ("Email (2)", "Column 3") */
    headers: z.array(z.string()),
    /** the first data rows, as text, aligned with headers */
    sample: z.array(z.array(z.string())),
    suggestedMapping: ImportMapping,
    /** what the last preview or run used */
    settings: ImportSettings.nullable(),
    progress: z.object({ done: z.number(), total: z.number().nullable() }).nullable(),
    preview: ImportPreview.nullable(),
    /** of the real run */
    counts: ImportCounts.nullable(),
    /** the first failures of the real run */
    failures: z.array(ImportFailure),
    undo: ImportUndoResult.nullable(),
    /** why a run failed as a whole */
    error: z.string().nullable(),
    createdBy: z.object({ id: z.string(), name: z.string() }),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportRun' });
export type ImportRun = z.infer<typeof ImportRun>;

export const ImportRunList = z
  .object({ data: z.array(ImportRun), nextCursor: z.string().nullable() })
  .meta({ id: 'ImportRunList' });
export type ImportRunList = z.infer<typeof ImportRunList>;

/** GET /api/imports/fields?entity= */
export const ImportFieldsQuery = z.object({ entity: ImportEntity });

/** GET /api/imports?entity=&limit=&cursor= */
export const ImportListQuery = z.object({
  entity: ImportEntity.optional(),
  limit: Limit,
  cursor: z.string().max(2000).optional(),
});
export type ImportListQuery = z.infer<typeof ImportListQuery>;

/** POST /api/imports/:id/undo */
export const ImportUndoInput = z
  .object({ force: z.boolean().optional() })
  .strict()
  .meta({ id: 'ImportUndoInput' });
export type ImportUndoInput = z.infer<typeof ImportUndoInput>;

/** The outcome of one row, as kept in the ledger and written to results.csv. */
export const IMPORT_ROW_OUTCOMES = [
  'created',
  'updated',
  'skipped',
  'failed',
  'duplicate',
] as const;
export type ImportRowOutcome = (typeof IMPORT_ROW_OUTCOMES)[number];

// ---------------------------------------------------------------------------------------------
// Saved mappings

export const ImportMappingRecord = z
  .object({
    id: z.string(),
    entity: ImportEntity,
    name: z.string(),
    mapping: ImportMapping,
    createdAt: z.string(),
  })
  .meta({ id: 'ImportMappingRecord' });
export type ImportMappingRecord = z.infer<typeof ImportMappingRecord>;

export const ImportMappingList = z
  .object({ data: z.array(ImportMappingRecord) })
  .meta({ id: 'ImportMappingList' });
export type ImportMappingList = z.infer<typeof ImportMappingList>;

/** GET /api/import-mappings?entity= */
export const ImportMappingListQuery = z.object({ entity: ImportEntity.optional() });

/** POST /api/import-mappings: the same name for the same entity and owner replaces. */
export const SaveImportMappingInput = z
  .object({
    entity: ImportEntity,
    name: text(100, 1),
    mapping: ImportMapping,
  })
  .strict()
  .meta({ id: 'SaveImportMappingInput' });
export type SaveImportMappingInput = z.infer<typeof SaveImportMappingInput>;
