import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { actorForUser, scopeOf, type Ctx } from '../../http/actor';
import { AppError, conflict, forbidden, notFound, validation } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import { csvStream } from '../../http/csv';
import { enqueue } from '../../jobs/queue';
import { PermanentJobError } from '../../jobs/registry';
import { formatBytes } from '../../../shared/files';
import { isPartnerRole } from '../../../shared/roles';
import {
  IMPORT_ENTITIES,
  IMPORT_ENTITY_LABELS,
  IMPORT_FAILURES_INLINE,
  IMPORT_SAMPLE_ROWS,
  type ImportCounts,
  type ImportEntity,
  type ImportFailure,
  type ImportListQuery,
  type ImportRun,
  type ImportSettings,
  type ImportStatus,
  type SaveImportMappingInput,
} from '../../../shared/imports';
import { IMPORTERS } from './entities';
import {
  RowError,
  type EntityImporter,
  type MappedRow,
  type Trx,
  type WriteItem,
  type WriteResult,
} from './entities/types';
import {
  ImportFileError,
  inspectSource,
  readRows,
  type ByteSource,
  type ImportRow,
  type SourceInfo,
} from './parse';
import { suggestMapping } from './mapping';
import { canImport, STARTABLE, UNDOABLE } from './imports.policy';
import { presentImport, presentMapping } from './imports.presenter';
import * as repo from './imports.repo';

type Db = Deps['db'];

export const PREVIEW_JOB = 'imports.preview';
export const RUN_JOB = 'imports.run';
export const UNDO_JOB = 'imports.undo';

/** The stored file is cut into pieces of this size. */
export const CHUNK_BYTES = 1024 * 1024;

/** Rows per transaction of a real run. */
export const DEFAULT_BATCH_ROWS = 500;

/** Undo works through the ledger this many rows per transaction. */
const UNDO_BATCH = 200;

// ---------------------------------------------------------------------------------------------
// Entities and access

function importerOf(entity: ImportEntity): EntityImporter<never> {
  const importer = IMPORTERS[entity];
  if (!importer) {
    throw new AppError('BUSINESS_RULE', `${IMPORT_ENTITY_LABELS[entity]} are not importable yet`, {
      entity: 'is not importable yet',
    });
  }
  return importer;
}

function mustImport(ctx: Ctx, importer: EntityImporter<never>) {
  if (!canImport(ctx.actor, importer)) {
    throw forbidden(
      `Your role does not allow importing ${IMPORT_ENTITY_LABELS[importer.entity].toLowerCase()}`,
    );
  }
}

export function importFields(ctx: Ctx, entity: ImportEntity) {
  const importer = importerOf(entity);
  const ignored = isPartnerRole(ctx.actor.role) ? new Set(importer.partnerIgnored) : new Set();
  return { data: importer.fields.filter((f) => !ignored.has(f.key)) };
}

async function readable(deps: Deps, ctx: Ctx, id: string) {
  const row = await repo.findImport(deps.db, scopeOf(ctx.actor), id);
  if (!row) throw notFound('Import');
  return row;
}

export async function getImport(deps: Deps, ctx: Ctx, id: string): Promise<ImportRun> {
  return presentImport(await readable(deps, ctx, id));
}

export async function listImports(deps: Deps, ctx: Ctx, q: z.output<typeof ImportListQuery>) {
  const rows = await repo.listImports(deps.db, scopeOf(ctx.actor), q);
  const p = finishPage(rows, q.limit, (row) =>
    cursorFrom(row, repo.NEWEST_FIRST, () => row.created_at),
  );
  return { data: p.rows.map(presentImport), nextCursor: p.nextCursor };
}

// ---------------------------------------------------------------------------------------------
// Upload

export const tooLarge = (maxBytes: number) =>
  new AppError(
    'PAYLOAD_TOO_LARGE',
    `The file is larger than the ${formatBytes(maxBytes)} import limit`,
    { file: `must be at most ${formatBytes(maxBytes)}` },
  );

/** Checked before the file is read, so a caller who may not import is refused at once. */
export function checkUploadEntity(ctx: Ctx, raw: unknown): ImportEntity {
  if (typeof raw !== 'string' || !(IMPORT_ENTITIES as readonly string[]).includes(raw)) {
    throw validation(
      { entity: `must be one of ${IMPORT_ENTITIES.join(', ')}` },
      'Send the entity field (leads, accounts, contacts, partners or consultants) before the file',
    );
  }
  const entity = raw as ImportEntity;
  mustImport(ctx, importerOf(entity));
  return entity;
}

/** The stored file as a stream of its chunks, read one at a time. */
export function storedFile(db: Db, importId: string): ByteSource {
  return async function* () {
    for (let seq = 0; ; seq++) {
      const chunk = await repo.chunkAt(db, importId, seq);
      if (!chunk) return;
      yield new Uint8Array(chunk.bytes);
    }
  };
}

const fileProblem = (message: string) => validation({ file: message }, message);

/**
 * Stores the upload in chunks as it streams in (never the whole file in memory), then reads its
 * header and first rows. Anything wrong — too big, empty, unreadable — removes what was stored.
 */
export async function storeUpload(
  deps: Deps,
  ctx: Ctx,
  entity: ImportEntity,
  upload: { fileName: string; stream: AsyncIterable<Buffer>; truncated: () => boolean },
): Promise<ImportRun> {
  importerOf(entity);
  await repo.deleteAbandonedUploads(deps.db);
  const fileName = (upload.fileName.trim() || 'import.csv').slice(0, 255);
  const { id } = await repo.insertImport(deps.db, {
    entity,
    fileName,
    partnerId: isPartnerRole(ctx.actor.role) ? ctx.actor.partnerId : null,
    createdBy: ctx.actor.userId,
  });
  try {
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      await repo.insertChunk(deps.db, id, seq++, Buffer.concat(pending, pendingBytes));
      pending = [];
      pendingBytes = 0;
    };
    for await (const piece of upload.stream) {
      if (upload.truncated()) throw tooLarge(deps.config.importMaxBytes);
      hash.update(piece);
      size += piece.length;
      let rest = piece;
      while (pendingBytes + rest.length >= CHUNK_BYTES) {
        const take = CHUNK_BYTES - pendingBytes;
        pending.push(rest.subarray(0, take));
        pendingBytes += take;
        rest = rest.subarray(take);
        await flush();
      }
      if (rest.length > 0) {
        pending.push(rest);
        pendingBytes += rest.length;
      }
    }
    if (upload.truncated()) throw tooLarge(deps.config.importMaxBytes);
    await flush();
    if (size === 0) throw fileProblem('The file is empty');

    const info = await inspect(deps.db, id, fileName, null);
    const suggested = suggestMapping(info.headers, importFields(ctx, entity).data);
    await repo.updateImport(deps.db, id, {
      ready: true,
      file_size: size,
      file_sha256: hash.digest('hex'),
      ...describe(info),
      suggested_mapping: JSON.stringify(suggested),
    });
  } catch (err) {
    await repo.deleteImport(deps.db, id);
    throw err;
  }
  return getImport(deps, ctx, id);
}

/** Reads the file's shape; a file we cannot read is the caller's problem (400), never a 500. */
async function inspect(db: Db, id: string, fileName: string, sheet: string | null) {
  try {
    return await inspectSource(storedFile(db, id), { fileName, sheet });
  } catch (err) {
    if (err instanceof ImportFileError) throw fileProblem(err.message);
    throw err;
  }
}

function describe(info: SourceInfo) {
  return {
    file_format: info.format,
    file_encoding: info.encoding ?? null,
    file_delimiter: info.delimiter ?? null,
    file_sheets: JSON.stringify(info.sheets ?? []),
    file_sheet: info.sheet ?? null,
    headers: JSON.stringify(info.headers),
    sample: JSON.stringify(info.sample.slice(0, IMPORT_SAMPLE_ROWS)),
  };
}

// ---------------------------------------------------------------------------------------------
// Settings

/** Everything wrong with the settings for this file, at once. */
function checkSettings(
  ctx: Ctx,
  importer: EntityImporter<never>,
  headers: string[],
  s: ImportSettings,
) {
  const fields: Record<string, string> = {};
  const known = new Map(importer.fields.map((f) => [f.key, f]));
  const columns = new Set(headers);
  const mappedFrom = new Map<string, string>();
  for (const [header, key] of Object.entries(s.mapping)) {
    if (!columns.has(header)) {
      fields[`mapping.${header}`] = 'is not a column of the file';
      continue;
    }
    if (key === null) continue;
    if (!known.has(key)) {
      fields[`mapping.${header}`] = `"${key}" is not a field of ${importer.entity}`;
      continue;
    }
    const other = mappedFrom.get(key);
    if (other !== undefined)
      fields[`mapping.${header}`] = `${known.get(key)!.label} is already mapped from "${other}"`;
    else mappedFrom.set(key, header);
  }
  const ignored = isPartnerRole(ctx.actor.role) ? new Set(importer.partnerIgnored) : new Set();
  if (s.mode !== 'update') {
    const missing = importer.fields.filter(
      (f) => f.required && !ignored.has(f.key) && !mappedFrom.has(f.key),
    );
    if (missing.length > 0)
      fields.mapping = `map a column to ${missing.map((f) => f.label).join(', ')} to create ${importer.entity}`;
  }
  if (s.matchBy === 'external_id') {
    if (!s.externalIdColumn || !columns.has(s.externalIdColumn))
      fields.externalIdColumn = 'must be a column of the file';
  } else {
    const need = importer.keyFields(s.matchBy);
    if (!need) fields.matchBy = `${importer.entity} cannot be matched by ${s.matchBy}`;
    else {
      const unmapped = need.filter((k) => !mappedFrom.has(k));
      if (unmapped.length > 0)
        fields.matchBy = `matching by ${importer.keyLabel(s.matchBy)} needs ${unmapped
          .map((k) => known.get(k)?.label ?? k)
          .join(', ')} mapped`;
    }
  }
  if (Object.keys(fields).length > 0)
    throw validation(fields, 'The import settings do not fit this file');
}

/**
 * Checks the settings against the file and moves the import to `to`. A different XLSX sheet is
 * read first and its headers stored, so the wizard can show them even when the mapping made for
 * the previous sheet no longer fits.
 */
async function start(
  deps: Deps,
  ctx: Ctx,
  id: string,
  s: ImportSettings,
  kind: 'preview' | 'run',
): Promise<ImportRun> {
  const row = await readable(deps, ctx, id);
  const importer = importerOf(row.entity);
  mustImport(ctx, importer);
  if (!(STARTABLE as readonly string[]).includes(row.status))
    throw conflict(
      `The import is ${row.status}; it cannot be ${kind === 'run' ? 'run' : 'previewed'} now`,
    );
  let headers = (row.headers as string[]) ?? [];
  if (s.sheet && s.sheet !== row.file_sheet && row.last_batch === 0) {
    const sheets = (row.file_sheets as string[]) ?? [];
    if (!sheets.includes(s.sheet)) throw validation({ sheet: 'is not a sheet of the file' });
    const info = await inspect(deps.db, id, row.file_name, s.sheet);
    headers = info.headers;
    await repo.updateImport(deps.db, id, {
      ...describe(info),
      suggested_mapping: JSON.stringify(
        suggestMapping(info.headers, importFields(ctx, row.entity).data),
      ),
    });
  }
  checkSettings(ctx, importer, headers, s);
  const settings: ImportSettings = { ...s, sheet: s.sheet ?? row.file_sheet };
  if (kind === 'run' && row.last_batch > 0 && !sameSettings(row.settings, settings)) {
    throw conflict(
      'Part of this import was already written with other settings; run it again with the same settings to finish it, or undo it',
    );
  }
  const payload = { importId: id, userId: ctx.actor.userId, requestId: ctx.requestId, ip: ctx.ip };
  await deps.db.transaction().execute(async (trx) => {
    const jobId = await enqueue(trx, kind === 'run' ? RUN_JOB : PREVIEW_JOB, payload);
    const moved = await repo.moveStatus(trx, id, STARTABLE, {
      status: kind === 'run' ? 'queued' : 'previewing',
      settings: JSON.stringify(settings),
      job_id: jobId,
      error: null,
      finished_at: null,
      ...(kind === 'run'
        ? {
            progress_done: 0,
            progress_total: sameSettings(row.settings, settings) ? previewTotal(row.preview) : null,
            counts: null,
            failures: '[]',
          }
        : { preview: null, progress_done: 0, progress_total: null }),
    });
    // Someone else started it between the read and now.
    if (!moved) throw conflict('The import was started meanwhile');
  });
  return getImport(deps, ctx, id);
}

/** JSON with keys sorted: jsonb does not keep the order keys were written in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}
const sameSettings = (a: unknown, b: ImportSettings) => canonical(a) === canonical(b);
const previewTotal = (p: unknown) =>
  p && typeof p === 'object' && 'total' in p ? Number((p as { total: number }).total) : null;

export const previewImport = (deps: Deps, ctx: Ctx, id: string, s: ImportSettings) =>
  start(deps, ctx, id, s, 'preview');

export const runImport = (deps: Deps, ctx: Ctx, id: string, s: ImportSettings) =>
  start(deps, ctx, id, s, 'run');

export async function undoImport(deps: Deps, ctx: Ctx, id: string, force: boolean) {
  const row = await readable(deps, ctx, id);
  mustImport(ctx, importerOf(row.entity));
  if (!(UNDOABLE as readonly string[]).includes(row.status))
    throw conflict(`The import is ${row.status}; only a finished import can be undone`);
  const payload = {
    importId: id,
    userId: ctx.actor.userId,
    requestId: ctx.requestId,
    ip: ctx.ip,
    force,
  };
  await deps.db.transaction().execute(async (trx) => {
    const jobId = await enqueue(trx, UNDO_JOB, payload);
    const moved = await repo.moveStatus(trx, id, UNDOABLE, {
      status: 'undoing',
      job_id: jobId,
      undo: JSON.stringify({ reverted: 0, keptEdited: 0 }),
      progress_done: 0,
      progress_total: null,
      finished_at: null,
    });
    if (!moved) throw conflict('The import changed meanwhile');
  });
  return getImport(deps, ctx, id);
}

// ---------------------------------------------------------------------------------------------
// The engine: read the stored file row by row, in batches, and write each batch in one
// transaction together with its ledger rows and its batch marker.

export type EngineOptions = {
  /** Rows per transaction (tests use small batches). Fixed by the first run of an import. */
  batchSize?: number;
  /** Called after each batch commits (tests simulate a crash here). */
  afterBatch?: (batchNo: number) => void | Promise<void>;
  signal?: AbortSignal;
};

export type JobPayload = { importId: string; userId: string; requestId: string; ip: string };

/** The person who started the work, as they are now (a deactivated user's import stops). */
async function jobCtx(db: Db, p: JobPayload): Promise<Ctx> {
  const u = await repo.findJobUser(db, p.userId);
  if (!u || !u.active)
    throw new PermanentJobError('The user who started the import is no longer active');
  const actor = actorForUser({
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    partnerId: u.partner_id,
    partnerName: u.company_name,
  });
  return { actor, requestId: p.requestId, ip: p.ip };
}

type Counting = ImportCounts & { failures: ImportFailure[] };

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

const isDataError = (err: unknown) => {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  return code.startsWith('22') || code.startsWith('23');
};

/** A row's failure as the ledger and the API show it. */
function failureOf(
  importer: EntityImporter<never>,
  err: unknown,
): { reason: string; field: string | null } | null {
  const label = (k: string) => importer.fields.find((f) => f.key === k)?.label ?? k;
  if (err instanceof RowError) return { reason: err.message, field: err.field };
  if (err instanceof AppError) {
    const first = Object.entries(err.fields ?? {})[0];
    if (first) {
      const field = importer.inputFields?.[first[0]] ?? first[0];
      return { reason: `${label(field)} ${first[1]}`, field };
    }
    return { reason: err.message, field: null };
  }
  if (isDataError(err))
    return { reason: 'The row could not be saved: a value does not fit', field: null };
  return null;
}

type Plan = {
  line: number;
  cells: string[];
  row: MappedRow;
  key: string | null;
  outcome?: repo.LedgerRow['outcome'];
  reason?: string | null;
  field?: string | null;
  matches?: string[];
};

/**
 * Preview (dry) or run one import. A run resumes after the batches already committed; each batch
 * commits its records, their history, its ledger rows and its marker together, so a crash loses
 * or repeats nothing.
 */
export async function processImport(
  deps: Pick<Deps, 'db'>,
  p: JobPayload,
  dry: boolean,
  opts: EngineOptions = {},
) {
  const db = deps.db;
  const imp = await repo.findImportById(db, p.importId);
  if (!imp) throw new PermanentJobError('The import no longer exists');
  const expected = dry ? ['previewing'] : ['queued', 'running'];
  if (!expected.includes(imp.status)) return; // undone, re-queued or already finished
  const importer = importerOf(imp.entity);
  const ctx = await jobCtx(db, p);
  if (!canImport(ctx.actor, importer))
    throw new PermanentJobError(
      'The user who started the import may no longer import these records',
    );
  const settings = imp.settings as ImportSettings;
  const batchSize = imp.batch_size ?? opts.batchSize ?? DEFAULT_BATCH_ROWS;
  if (!dry) await repo.updateImport(db, imp.id, { status: 'running', batch_size: batchSize });

  // What the upload (or the sheet chosen since) found; no need to read the file again for it.
  const info: SourceInfo = {
    format: imp.file_format,
    encoding: imp.file_encoding,
    delimiter: imp.file_delimiter,
    sheets: (imp.file_sheets as string[]) ?? [],
    sheet: imp.file_sheet,
    headers: (imp.headers as string[]) ?? [],
    sample: [],
  };
  const headers = info.headers;
  const ignored = isPartnerRole(ctx.actor.role) ? new Set(importer.partnerIgnored) : new Set();
  const columns: [number, string][] = [];
  for (const [header, key] of Object.entries(settings.mapping)) {
    const i = headers.indexOf(header);
    if (key && i >= 0 && !ignored.has(key)) columns.push([i, key]);
  }
  const extIndex =
    settings.matchBy === 'external_id' ? headers.indexOf(settings.externalIdColumn ?? '') : -1;
  const partnerScope = isPartnerRole(ctx.actor.role) ? ctx.actor.partnerId : null;
  const done = dry ? new Set<number>() : await repo.committedBatches(db, imp.id);
  const seen = new Map<string, number>(); // dry runs: every key so far → its first line
  const tally: Counting = {
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    duplicates: 0,
    total: 0,
    failures: [],
  };
  let processed = 0;

  const plan = (r: ImportRow): Plan => {
    if (r.error || r.extra) {
      const reason =
        r.error ?? `The row has ${r.extra!.length} more value(s) than the file has columns`;
      return {
        line: r.line,
        cells: r.cells,
        row: { line: r.line, values: {} },
        key: null,
        outcome: 'failed',
        reason,
        field: null,
      };
    }
    const values: Record<string, string> = {};
    for (const [i, key] of columns) {
      const v = (r.cells[i] ?? '').trim();
      if (v !== '') values[key] = v;
    }
    const row = { line: r.line, values };
    if (settings.matchBy === 'external_id') {
      const ext = (r.cells[extIndex] ?? '').trim();
      if (!ext)
        return {
          line: r.line,
          cells: r.cells,
          row,
          key: null,
          outcome: 'failed',
          reason: `${settings.externalIdColumn} (the external id) is empty`,
          field: null,
        };
      return { line: r.line, cells: r.cells, row, key: ext.slice(0, 500) };
    }
    return { line: r.line, cells: r.cells, row, key: importer.keyOf(values, settings.matchBy) };
  };

  const runBatch = async (trx: Trx, batchNo: number, rows: ImportRow[]) => {
    const plans = rows.map(plan);
    // Duplicates inside the file: the first line with a key wins, later ones are reported.
    const keyed = plans.filter((x) => x.key !== null && !x.outcome);
    const earlier = dry
      ? seen
      : await repo.firstLinesOfKeys(trx, imp.id, [...new Set(keyed.map((x) => x.key!))]);
    const inBatch = new Map<string, number>();
    for (const x of keyed) {
      const first = earlier.get(x.key!) ?? inBatch.get(x.key!);
      if (first !== undefined) {
        x.outcome = 'duplicate';
        x.reason = `Same ${importer.keyLabel(settings.matchBy)} as line ${first}`;
      } else inBatch.set(x.key!, x.line);
    }
    if (dry) for (const [k, l] of inBatch) seen.set(k, l);

    // Existing records each remaining key matches, in the caller's scope.
    const fresh = keyed.filter((x) => !x.outcome);
    const keys = [...new Set(fresh.map((x) => x.key!))];
    let matches: Map<string, string[]>;
    if (settings.matchBy === 'external_id') {
      const ids = await repo.externalIds(trx, imp.entity, partnerScope, keys);
      const alive = await importer.visible(trx, ctx.actor, [...new Set(ids.values())]);
      matches = new Map();
      for (const [k, id] of ids) if (alive.has(id)) matches.set(k, [id]);
    } else {
      matches = await importer.findByKeys(trx, ctx.actor, settings.matchBy, keys);
    }

    const state = await importer.prepare(trx, ctx.actor);
    const results = new Map<Plan, WriteResult>();
    const singly = new Set<Plan>(); // written by create/update rather than writeMany
    const failed = (x: Plan, err: unknown) => {
      const f = failureOf(importer, err);
      if (!f) throw err;
      x.outcome = 'failed';
      x.reason = f.reason;
      x.field = f.field;
    };
    // What each row asks for, given what its key matched.
    const writes: { x: Plan; item: WriteItem }[] = [];
    for (const x of plans) {
      if (x.outcome) continue;
      const found = x.key !== null ? (matches.get(x.key) ?? []) : [];
      if (found.length > 1) {
        x.outcome = 'failed';
        x.reason = `Matches ${found.length} existing ${importer.noun}s by ${importer.keyLabel(settings.matchBy)}`;
      } else if (found.length === 1 && settings.mode === 'add') {
        x.outcome = 'skipped';
        x.reason = 'Already exists';
      } else if (found.length === 0 && settings.mode === 'update') {
        x.outcome = 'skipped';
        x.reason = 'No match';
      } else writes.push({ x, item: { row: x.row, id: found[0] ?? null } });
    }

    // One row at a time, each behind a savepoint so that a failing row takes nothing with it.
    const rowByRow = async (todo: typeof writes) => {
      for (const { x, item } of todo) {
        await repo.savepoint(trx, 'import_row');
        try {
          const res = item.id
            ? await importer.update(trx, ctx, state, item.id, item.row, dry)
            : await importer.create(trx, ctx, state, item.row, dry);
          if (!dry && res.outcome === 'created' && settings.matchBy === 'external_id')
            await repo.saveExternalIds(trx, imp.entity, partnerScope, [
              { externalId: x.key!, recordId: res.id },
            ]);
          await repo.releaseSavepoint(trx, 'import_row');
          results.set(x, res);
          singly.add(x);
        } catch (err) {
          await repo.rollbackToSavepoint(trx, 'import_row');
          failed(x, err);
        }
      }
    };
    if (importer.writeMany && writes.length > 0) {
      // The whole batch in a few statements; should the database refuse one of them, the batch
      // is written again row by row to find the row it refused.
      await repo.savepoint(trx, 'import_batch');
      let out: (WriteResult | Error)[] | null = null;
      try {
        out = await importer.writeMany(
          trx,
          ctx,
          state,
          writes.map((w) => w.item),
          dry,
        );
        const created = writes.flatMap(({ x }, i) => {
          const r = out![i]!;
          return !(r instanceof Error) && r.outcome === 'created'
            ? [{ externalId: x.key!, recordId: r.id }]
            : [];
        });
        if (!dry && settings.matchBy === 'external_id')
          await repo.saveExternalIds(trx, imp.entity, partnerScope, created);
        await repo.releaseSavepoint(trx, 'import_batch');
      } catch (err) {
        if (!isDataError(err)) throw err;
        await repo.rollbackToSavepoint(trx, 'import_batch');
        out = null;
      }
      if (out) {
        writes.forEach(({ x }, i) => {
          const r = out[i]!;
          if (r instanceof Error) failed(x, r);
          else results.set(x, r);
        });
      } else await rowByRow(writes);
    } else await rowByRow(writes);

    const touched: string[] = []; // by create/update, for finishBatch
    const ledger: repo.LedgerRow[] = [];
    for (const x of plans) {
      let res = results.get(x) ?? null;
      if (res?.outcome === 'unchanged') {
        x.outcome = 'skipped';
        x.reason = 'No changes';
        res = null;
      } else if (res) {
        x.outcome = res.outcome;
        if (!dry && singly.has(x)) touched.push(res.id);
      }
      const outcome = x.outcome!;
      ledger.push({
        line: x.line,
        outcome,
        reason: x.reason ?? null,
        field: x.field ?? null,
        matchKey: x.key,
        recordId: res ? res.id || null : null,
        versionAfter: res ? res.version : null,
        before: res && res.outcome === 'updated' ? res.before : null,
        cells: outcome === 'created' || outcome === 'updated' ? null : x.cells,
      });
    }
    if (!dry) {
      if (importer.finishBatch && touched.length > 0)
        await importer.finishBatch(trx, state, touched);
      await repo.insertLedger(trx, imp.id, batchNo, ledger);
      await repo.insertBatch(trx, imp.id, batchNo);
      await repo.updateImport(trx, imp.id, {
        last_batch: batchNo,
        progress_done: processed + rows.length,
      });
    } else {
      for (const l of ledger) {
        tally.total++;
        if (l.outcome === 'duplicate') tally.duplicates++;
        else tally[l.outcome]++;
        if (l.outcome === 'failed' && tally.failures.length < IMPORT_FAILURES_INLINE)
          tally.failures.push({ line: l.line, reason: l.reason ?? '', field: l.field });
      }
    }
  };

  let batchNo = 0;
  let batch: ImportRow[] = [];
  const flush = async () => {
    batchNo++;
    const rows = batch;
    batch = [];
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (!done.has(batchNo)) {
      if (dry) {
        // Nothing is kept: the transaction only gives the checks a consistent view.
        await db.transaction().execute((trx) => runBatch(trx, batchNo, rows));
        await repo.updateImport(db, imp.id, { progress_done: processed + rows.length });
      } else {
        await db.transaction().execute((trx) => runBatch(trx, batchNo, rows));
      }
      await opts.afterBatch?.(batchNo);
    }
    processed += rows.length;
    await yieldToOthers();
  };
  for await (const r of readRows(storedFile(db, imp.id), info)) {
    batch.push(r);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();

  if (dry) {
    await repo.updateImport(db, imp.id, {
      status: 'previewed',
      preview: JSON.stringify(tally),
      progress_done: processed,
      progress_total: processed,
      finished_at: new Date(),
    });
    return;
  }
  const byOutcome = await repo.outcomeCounts(db, imp.id);
  const n = (k: string) => byOutcome.get(k as never) ?? 0;
  const counts: ImportCounts = {
    created: n('created'),
    updated: n('updated'),
    skipped: n('skipped'),
    failed: n('failed'),
    duplicates: n('duplicate'),
    total: [...byOutcome.values()].reduce((a, b) => a + b, 0),
  };
  const failures = (await repo.firstFailures(db, imp.id, IMPORT_FAILURES_INLINE)).map((f) => ({
    line: f.line,
    reason: f.reason ?? '',
    field: f.field,
  }));
  await repo.updateImport(db, imp.id, {
    status: 'done',
    counts: JSON.stringify(counts),
    failures: JSON.stringify(failures),
    progress_done: counts.total,
    progress_total: counts.total,
    finished_at: new Date(),
  });
}

/** Marks an import failed as a whole (the file became unreadable, the user left …). */
export async function failImport(db: Db, importId: string, err: unknown) {
  const message =
    err instanceof ImportFileError || err instanceof PermanentJobError || err instanceof AppError
      ? err.message
      : 'The import stopped because of an unexpected error; run it again to continue';
  await repo.updateImport(db, importId, {
    status: 'failed',
    error: message.slice(0, 2000),
    finished_at: new Date(),
  });
}

/**
 * The job gave up without ending on its own (its worker kept dying): the import, if that job was
 * still working on it, becomes failed — it can be run again to continue, or undone.
 */
export async function abandonImport(db: Db, importId: string, working: readonly ImportStatus[]) {
  await repo.moveStatus(db, importId, working, {
    status: 'failed',
    error:
      'The import stopped: the server working on it stopped responding several times. Run it again to continue from where it stopped, or undo it.',
    finished_at: new Date(),
  });
}

/** Reverses the run, newest rows first, a batch per transaction; resumable like the run. */
export async function processUndo(
  deps: Pick<Deps, 'db'>,
  p: JobPayload & { force: boolean },
  opts: Pick<EngineOptions, 'afterBatch' | 'signal'> = {},
) {
  const db = deps.db;
  const imp = await repo.findImportById(db, p.importId);
  if (!imp) throw new PermanentJobError('The import no longer exists');
  if (imp.status !== 'undoing') return;
  const importer = importerOf(imp.entity);
  const ctx = await jobCtx(db, p);
  const total = await repo.countUndoable(db, imp.id);
  await repo.updateImport(db, imp.id, { progress_total: Number(total.n) });
  let batchNo = 0;
  for (;;) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    const more = await db.transaction().execute(async (trx) => {
      const rows = await repo.rowsToUndo(trx, imp.id, UNDO_BATCH);
      if (rows.length === 0) return false;
      const current = await repo.lockUndoTally(trx, imp.id);
      const tally = (current.undo as { reverted: number; keptEdited: number } | null) ?? {
        reverted: 0,
        keptEdited: 0,
      };
      for (const r of rows) {
        const result =
          r.outcome === 'created'
            ? await importer.revertCreate(trx, ctx, r.record_id!, r.version_after, p.force)
            : await importer.revertUpdate(
                trx,
                ctx,
                r.record_id!,
                (r.before as Record<string, unknown>) ?? {},
                r.version_after,
                p.force,
              );
        if (result === 'reverted') {
          tally.reverted++;
          if (r.outcome === 'created') await repo.forgetExternalIds(trx, imp.entity, r.record_id!);
        } else if (result === 'kept') tally.keptEdited++;
      }
      await repo.markUndone(
        trx,
        imp.id,
        rows.map((r) => r.line),
      );
      await repo.updateImport(trx, imp.id, {
        undo: JSON.stringify(tally),
        progress_done: (current.progress_done ?? 0) + rows.length,
      });
      return true;
    });
    if (!more) break;
    await opts.afterBatch?.(++batchNo);
    await yieldToOthers();
  }
  await repo.updateImport(db, imp.id, {
    status: 'undone',
    finished_at: new Date(),
  });
}

// ---------------------------------------------------------------------------------------------
// results.csv

const RESULTS_PAGE = 1000;

/** Every failed, skipped and duplicate row of the real run, with its original cells. */
export async function importResults(deps: Deps, ctx: Ctx, id: string) {
  const imp = await readable(deps, ctx, id);
  const headers = (imp.headers as string[]) ?? [];
  const columns = [
    { key: 'line', header: 'line' },
    { key: 'outcome', header: 'outcome' },
    { key: 'reason', header: 'reason' },
    ...headers.map((h, i) => ({ key: `c${i}`, header: h })),
  ];
  async function* records() {
    let after = 0;
    for (;;) {
      const rows = await repo.problemRows(deps.db, id, after, RESULTS_PAGE);
      yield rows.map((r) => {
        const cells = (r.cells as string[] | null) ?? [];
        const rec: Record<string, unknown> = { line: r.line, outcome: r.outcome, reason: r.reason };
        headers.forEach((_, i) => (rec[`c${i}`] = cells[i] ?? ''));
        return rec;
      });
      if (rows.length < RESULTS_PAGE) return;
      after = rows[rows.length - 1]!.line;
    }
  }
  const base =
    imp.file_name
      .replace(/\.[^.]*$/, '')
      .replace(/[^\w.-]+/g, '-')
      .slice(0, 100) || 'import';
  return { filename: `${base}-results.csv`, stream: csvStream(columns, records()) };
}

// ---------------------------------------------------------------------------------------------
// Saved mappings

export async function listMappings(deps: Deps, ctx: Ctx, entity: ImportEntity | undefined) {
  const rows = await repo.listMappings(deps.db, ctx.actor.userId, entity);
  return { data: rows.map(presentMapping) };
}

export async function saveMapping(deps: Deps, ctx: Ctx, input: SaveImportMappingInput) {
  return presentMapping(
    await repo.saveMapping(deps.db, {
      ownerId: ctx.actor.userId,
      entity: input.entity,
      name: input.name,
      mapping: input.mapping,
    }),
  );
}

export async function deleteMapping(deps: Deps, ctx: Ctx, id: string) {
  if (!(await repo.deleteMapping(deps.db, ctx.actor.userId, id))) throw notFound('Saved mapping');
}
