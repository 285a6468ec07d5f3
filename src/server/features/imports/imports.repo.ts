import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type {
  DB,
  ImportEntityValue,
  ImportOutcomeValue,
  ImportStatusValue,
  ImportsTable,
} from '../../db/types';
import type { Scope } from '../../http/actor';
import { insertJsonRows } from '../../db/json-rows';
import { decodeCursor, keysetAfter, orderTerm, type SortKey } from '../../http/pagination';

type Db = Kysely<DB> | Transaction<DB>;

export const NEWEST_FIRST: SortKey[] = [
  { field: 'createdAt', column: 'imports.created_at', desc: true },
];

/** Internal users see every import; partner users their company's. */
const scoped = (scope: Scope) =>
  scope.kind === 'internal'
    ? sql<boolean>`true`
    : sql<boolean>`imports.partner_id = ${scope.partnerId}`;

function selectImports(db: Db) {
  return db
    .selectFrom('imports')
    .leftJoin('users as creator', 'creator.id', 'imports.created_by')
    .selectAll('imports')
    .select('creator.name as creator_name')
    .where('imports.ready', '=', true);
}

export type ImportRow = Awaited<ReturnType<ReturnType<typeof selectImports>['execute']>>[number];

export function findImport(db: Db, scope: Scope, id: string) {
  return selectImports(db).where('imports.id', '=', id).where(scoped(scope)).executeTakeFirst();
}

/** For jobs: no scope (the job was checked when it was enqueued). */
export function findImportById(db: Db, id: string) {
  return selectImports(db).where('imports.id', '=', id).executeTakeFirst();
}

export function lockImport(db: Db, scope: Scope, id: string) {
  return db
    .selectFrom('imports')
    .select(['id', 'status'])
    .where('imports.id', '=', id)
    .where('imports.ready', '=', true)
    .where(scoped(scope))
    .forUpdate()
    .executeTakeFirst();
}

export function listImports(
  db: Db,
  scope: Scope,
  f: { entity?: ImportEntityValue | undefined; limit: number; cursor?: string | undefined },
) {
  let q = selectImports(db).where(scoped(scope));
  if (f.entity) q = q.where('imports.entity', '=', f.entity);
  const after = decodeCursor(f.cursor, NEWEST_FIRST.length + 1);
  if (after) q = q.where(keysetAfter(NEWEST_FIRST, 'imports.id', after));
  for (const k of NEWEST_FIRST) q = q.orderBy(orderTerm(k));
  return q
    .orderBy('imports.id')
    .limit(f.limit + 1)
    .execute();
}

export function insertImport(
  db: Db,
  v: { entity: ImportEntityValue; fileName: string; partnerId: string | null; createdBy: string },
) {
  return db
    .insertInto('imports')
    .values({
      entity: v.entity,
      file_name: v.fileName,
      partner_id: v.partnerId,
      created_by: v.createdBy,
      file_sheets: '[]',
      headers: '[]',
      sample: '[]',
      suggested_mapping: '{}',
      failures: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export type ImportPatch = Omit<Updateable<ImportsTable>, 'id' | 'created_at'>;

export function updateImport(db: Db, id: string, patch: ImportPatch) {
  return db
    .updateTable('imports')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Moves the import from one of `from` to `to`; false when it was in another status. */
export async function moveStatus(
  db: Db,
  id: string,
  from: readonly ImportStatusValue[],
  patch: ImportPatch,
): Promise<boolean> {
  const r = await db
    .updateTable('imports')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('status', 'in', from as ImportStatusValue[])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Uploads cut off by a crash or a restart never became ready; their chunks go with them. */
export function deleteAbandonedUploads(db: Db) {
  return db
    .deleteFrom('imports')
    .where('ready', '=', false)
    .where('created_at', '<', sql<Date>`now() - interval '1 day'`)
    .execute();
}

export function deleteImport(db: Db, id: string) {
  return db.deleteFrom('imports').where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// The stored file

export function insertChunk(db: Db, importId: string, seq: number, bytes: Buffer) {
  return db.insertInto('import_file_chunks').values({ import_id: importId, seq, bytes }).execute();
}

export function chunkAt(db: Db, importId: string, seq: number) {
  return db
    .selectFrom('import_file_chunks')
    .select('bytes')
    .where('import_id', '=', importId)
    .where('seq', '=', seq)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// The row ledger

export type LedgerRow = {
  line: number;
  outcome: ImportOutcomeValue;
  reason: string | null;
  field: string | null;
  matchKey: string | null;
  recordId: string | null;
  versionAfter: number | null;
  before: Record<string, unknown> | null;
  cells: string[] | null;
};

export async function insertLedger(db: Db, importId: string, batchNo: number, rows: LedgerRow[]) {
  if (rows.length === 0) return;
  await insertJsonRows(
    'import_rows',
    rows.map((r) => ({
      import_id: importId,
      line: r.line,
      outcome: r.outcome,
      reason: r.reason,
      field: r.field,
      match_key: r.matchKey,
      record_id: r.recordId,
      version_after: r.versionAfter,
      before: r.before,
      cells: r.cells,
      batch_no: batchNo,
    })),
    {
      import_id: 'uuid',
      line: 'integer',
      outcome: 'text',
      reason: 'text',
      field: 'text',
      match_key: 'text',
      record_id: 'uuid',
      version_after: 'integer',
      before: 'jsonb',
      cells: 'jsonb',
      batch_no: 'integer',
    },
  ).execute(db);
}

export function insertBatch(db: Db, importId: string, batchNo: number) {
  return db
    .insertInto('import_batches')
    .values({ import_id: importId, batch_no: batchNo })
    .execute();
}

export async function committedBatches(db: Db, importId: string): Promise<Set<number>> {
  const rows = await db
    .selectFrom('import_batches')
    .select('batch_no')
    .where('import_id', '=', importId)
    .execute();
  return new Set(rows.map((r) => r.batch_no));
}

/** The first line of each key already in the ledger (earlier batches of the same run). */
export async function firstLinesOfKeys(db: Db, importId: string, keys: string[]) {
  if (keys.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('import_rows')
    .select(['match_key', sql<number>`min(line)`.as('line')])
    .where('import_id', '=', importId)
    .where('match_key', 'in', keys)
    .where('outcome', '!=', 'duplicate')
    .groupBy('match_key')
    .execute();
  return new Map(rows.map((r) => [r.match_key!, Number(r.line)]));
}

export async function outcomeCounts(db: Db, importId: string) {
  const rows = await db
    .selectFrom('import_rows')
    .select(['outcome', sql<number>`count(*)::int`.as('n')])
    .where('import_id', '=', importId)
    .groupBy('outcome')
    .execute();
  return new Map(rows.map((r) => [r.outcome, Number(r.n)]));
}

export function firstFailures(db: Db, importId: string, limit: number) {
  return db
    .selectFrom('import_rows')
    .select(['line', 'reason', 'field'])
    .where('import_id', '=', importId)
    .where('outcome', '=', 'failed')
    .orderBy('line')
    .limit(limit)
    .execute();
}

/** Failed, skipped and duplicate rows after `afterLine`, in file order (results.csv). */
export function problemRows(db: Db, importId: string, afterLine: number, limit: number) {
  return db
    .selectFrom('import_rows')
    .select(['line', 'outcome', 'reason', 'cells'])
    .where('import_id', '=', importId)
    .where('outcome', 'in', ['failed', 'skipped', 'duplicate'])
    .where('line', '>', afterLine)
    .orderBy('line')
    .limit(limit)
    .execute();
}

/** Created and updated rows not undone yet, last first (undo walks the import backwards). */
export function rowsToUndo(db: Db, importId: string, limit: number) {
  return db
    .selectFrom('import_rows')
    .select(['line', 'outcome', 'record_id', 'version_after', 'before'])
    .where('import_id', '=', importId)
    .where('outcome', 'in', ['created', 'updated'])
    .where('undone', '=', false)
    .orderBy('line', 'desc')
    .limit(limit)
    .execute();
}

export function markUndone(db: Db, importId: string, lines: number[]) {
  if (lines.length === 0) return Promise.resolve();
  return db
    .updateTable('import_rows')
    .set({ undone: true })
    .where('import_id', '=', importId)
    .where('line', 'in', lines)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// External ids

export async function externalIds(
  db: Db,
  entity: ImportEntityValue,
  partnerScope: string | null,
  ids: string[],
) {
  if (ids.length === 0) return new Map<string, string>();
  let q = db
    .selectFrom('import_external_ids')
    .select(['external_id', 'record_id'])
    .where('entity', '=', entity)
    .where('external_id', 'in', ids);
  q = partnerScope
    ? q.where('partner_scope', '=', partnerScope)
    : q.where('partner_scope', 'is', null);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.external_id, r.record_id]));
}

/** Remembers which record each external id created (a later run with the same id updates it). */
export async function saveExternalIds(
  db: Db,
  entity: ImportEntityValue,
  partnerScope: string | null,
  rows: { externalId: string; recordId: string }[],
) {
  if (rows.length === 0) return;
  await sql`insert into import_external_ids (entity, partner_scope, external_id, record_id)
    select ${entity}, ${partnerScope}::uuid, x.external_id, x.record_id
    from unnest(${rows.map((r) => r.externalId)}::text[], ${rows.map((r) => r.recordId)}::uuid[])
      as x(external_id, record_id)
    on conflict (entity, coalesce(partner_scope, '00000000-0000-0000-0000-000000000000'::uuid), external_id)
    do update set record_id = excluded.record_id`.execute(db);
}

export function forgetExternalIds(db: Db, entity: ImportEntityValue, recordId: string) {
  return db
    .deleteFrom('import_external_ids')
    .where('entity', '=', entity)
    .where('record_id', '=', recordId)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Saved mappings

export function listMappings(db: Db, ownerId: string, entity: ImportEntityValue | undefined) {
  let q = db
    .selectFrom('import_mappings')
    .select(['id', 'entity', 'name', 'mapping', 'created_at'])
    .where('owner_id', '=', ownerId);
  if (entity) q = q.where('entity', '=', entity);
  return q
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
}

export async function saveMapping(
  db: Db,
  v: { ownerId: string; entity: ImportEntityValue; name: string; mapping: unknown },
) {
  const r = await sql<{
    id: string;
    entity: ImportEntityValue;
    name: string;
    mapping: unknown;
    created_at: Date;
  }>`insert into import_mappings (owner_id, entity, name, mapping)
    values (${v.ownerId}, ${v.entity}, ${v.name}, ${JSON.stringify(v.mapping)}::jsonb)
    on conflict (owner_id, entity, lower(name))
    do update set name = excluded.name, mapping = excluded.mapping, updated_at = now()
    returning id, entity, name, mapping, created_at`.execute(db);
  return r.rows[0]!;
}

export async function deleteMapping(db: Db, ownerId: string, id: string) {
  const r = await db
    .deleteFrom('import_mappings')
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The user who started a job, as they are now, with their partner's name. */
export function findJobUser(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .leftJoin('partners', 'partners.id', 'users.partner_id')
    .select([
      'users.id',
      'users.name',
      'users.email',
      'users.role',
      'users.partner_id',
      'users.active',
      'partners.company_name',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

/** One row's writes can be undone on their own inside its batch's transaction. */
type SavepointName = 'import_row' | 'import_batch';

export async function savepoint(trx: Db, name: SavepointName) {
  await sql`savepoint ${sql.raw(name)}`.execute(trx);
}
export async function releaseSavepoint(trx: Db, name: SavepointName) {
  await sql`release savepoint ${sql.raw(name)}`.execute(trx);
}
export async function rollbackToSavepoint(trx: Db, name: SavepointName) {
  await sql`rollback to savepoint ${sql.raw(name)}`.execute(trx);
}

/** Rows an undo has to walk: what the run created or updated. */
export async function countUndoable(db: Db, importId: string): Promise<{ n: number }> {
  return db
    .selectFrom('import_rows')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('import_id', '=', importId)
    .where('outcome', 'in', ['created', 'updated'])
    .executeTakeFirstOrThrow();
}

/** The undo tally so far, locked for the batch that adds to it. */
export function lockUndoTally(trx: Db, importId: string) {
  return trx
    .selectFrom('imports')
    .select(['undo', 'progress_done'])
    .where('id', '=', importId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}
