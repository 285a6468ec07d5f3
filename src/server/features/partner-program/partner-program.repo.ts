import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, PartnerLevelsTable, ActivationStagesTable } from '../../db/types';
import type { Scope } from '../../http/actor';
import type { Updateable } from 'kysely';

type Db = Kysely<DB> | Transaction<DB>;

/** Levels and stages are both ordered lists that partners point at; this names the parts. */
export type ProgramKind = 'level' | 'stage';
const TABLES = {
  level: { table: 'partner_levels', order: 'rank', partnerColumn: 'level_id' },
  stage: { table: 'activation_stages', order: 'position', partnerColumn: 'activation_stage_id' },
} as const;

/**
 * Partners at this level or stage, counted within the caller's scope: internal users see the
 * whole network, a partner user only whether their own company is there.
 */
function partnerCount(kind: ProgramKind, scope: Scope) {
  const t = TABLES[kind];
  const own = scope.kind === 'partner' ? sql`and p.id = ${scope.partnerId}` : sql``;
  return sql<number>`(select count(*)::int from partners p
    where p.${sql.ref(t.partnerColumn)} = ${sql.ref(`${t.table}.id`)} ${own})`.as('partner_count');
}

function levels(db: Db, scope: Scope) {
  return db
    .selectFrom('partner_levels')
    .selectAll('partner_levels')
    .select(partnerCount('level', scope))
    .orderBy('partner_levels.rank');
}

function stages(db: Db, scope: Scope) {
  return db
    .selectFrom('activation_stages')
    .selectAll('activation_stages')
    .select(partnerCount('stage', scope))
    .orderBy('activation_stages.position');
}

export type LevelRow = Awaited<ReturnType<ReturnType<typeof levels>['execute']>>[number];
export type StageRow = Awaited<ReturnType<ReturnType<typeof stages>['execute']>>[number];

export const listLevels = (db: Db, scope: Scope) => levels(db, scope).execute();
export const findLevel = (db: Db, scope: Scope, id: string) =>
  levels(db, scope).where('partner_levels.id', '=', id).executeTakeFirst();
export const listStages = (db: Db, scope: Scope) => stages(db, scope).execute();
export const findStage = (db: Db, scope: Scope, id: string) =>
  stages(db, scope).where('activation_stages.id', '=', id).executeTakeFirst();

export async function insertLevel(
  db: Db,
  v: {
    name: string;
    rank: number;
    routing_weight?: number;
    description?: string;
    benefits?: string;
    default_commission_plan_id?: string | null;
  },
) {
  const { id } = await db
    .insertInto('partner_levels')
    .values(v)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertStage(
  db: Db,
  v: { name: string; position: number; description?: string },
) {
  const { id } = await db
    .insertInto('activation_stages')
    .values(v)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

type LevelPatch = Omit<Updateable<PartnerLevelsTable>, 'id' | 'version' | 'created_at'>;
type StagePatch = Omit<Updateable<ActivationStagesTable>, 'id' | 'version' | 'created_at'>;

export async function updateLevelVersioned(db: Db, id: string, version: number, p: LevelPatch) {
  const row = await db
    .updateTable('partner_levels')
    .set({ ...p, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateStageVersioned(db: Db, id: string, version: number, p: StagePatch) {
  const row = await db
    .updateTable('activation_stages')
    .set({ ...p, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Names are unique regardless of case ("gold" and "Gold" would confuse everyone). */
export async function nameTaken(db: Db, kind: ProgramKind, name: string, exceptId?: string) {
  const t = TABLES[kind];
  const except = exceptId ? sql`and id <> ${exceptId}` : sql``;
  const { rows } = await sql<{ one: number }>`select 1 as one from ${sql.table(t.table)}
    where lower(name) = lower(${name}) ${except} limit 1`.execute(db);
  return rows.length > 0;
}

/** The order number one past the current top. */
export async function nextOrder(db: Db, kind: ProgramKind) {
  const t = TABLES[kind];
  const { rows } = await sql<{
    n: number;
  }>`select coalesce(max(${sql.ref(t.order)}), 0)::int + 1 as n
    from ${sql.table(t.table)}`.execute(db);
  return rows[0]!.n;
}

export async function countItems(db: Db, kind: ProgramKind) {
  const t = TABLES[kind];
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from ${sql.table(t.table)}`.execute(db);
  return rows[0]!.n;
}

/** Every partner, archived ones included: they still point at the row. */
export async function partnersUsing(db: Db, kind: ProgramKind, id: string) {
  const t = TABLES[kind];
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from partners
    where ${sql.ref(t.partnerColumn)} = ${id}`.execute(db);
  return rows[0]!.n;
}

export async function deleteItem(db: Db, kind: ProgramKind, id: string) {
  const t = TABLES[kind];
  await sql`delete from ${sql.table(t.table)} where id = ${id}`.execute(db);
}

/**
 * Closes gaps (after a delete) so the order runs 1..n again. The unique constraint on the order
 * column is checked at commit, so rows may pass through each other's numbers meanwhile.
 */
export async function renumber(db: Db, kind: ProgramKind) {
  const t = TABLES[kind];
  const col = sql.ref(t.order);
  await sql`update ${sql.table(t.table)} x set ${col} = o.n, version = x.version + 1, updated_at = now()
    from (select id, row_number() over (order by ${col}, id)::int as n from ${sql.table(t.table)}) o
    where o.id = x.id and x.${col} <> o.n`.execute(db);
}

export async function setOrder(db: Db, kind: ProgramKind, id: string, order: number) {
  const t = TABLES[kind];
  await sql`update ${sql.table(t.table)}
    set ${sql.ref(t.order)} = ${order}, version = version + 1, updated_at = now()
    where id = ${id}`.execute(db);
}

/** Locks the whole list, so two reorders (or a reorder and a create) cannot interleave. */
export async function lockList(db: Db, kind: ProgramKind) {
  const t = TABLES[kind];
  await sql`lock table ${sql.table(t.table)} in share row exclusive mode`.execute(db);
}

/** The lowest level and the first stage: where a new partner starts. */
export function firstLevelId() {
  return sql<string>`(select id from partner_levels order by rank limit 1)`;
}
export function firstStageId() {
  return sql<string>`(select id from activation_stages order by position limit 1)`;
}

export async function levelExists(db: Db, id: string) {
  const row = await db
    .selectFrom('partner_levels')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

export async function stageExists(db: Db, id: string) {
  const row = await db
    .selectFrom('activation_stages')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}
