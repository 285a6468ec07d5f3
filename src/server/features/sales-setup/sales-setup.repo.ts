import { sql, type Kysely, type Transaction } from 'kysely';
import type {
  DB,
  ForecastCategoryValue,
  LeadStatusKindValue,
  PicklistName,
  StageKindValue,
} from '../../db/types';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Pick-list values, lead statuses and opportunity stages are all ordered lists with a key, a
 * label and a deferred unique position. `Ordered` names where each one lives; a pick list is
 * one list among several in the same table.
 */
export type Ordered =
  | { table: 'picklist_values'; list: PicklistName }
  | { table: 'lead_statuses' }
  | { table: 'opportunity_stages' };

const within = (o: Ordered) => (o.table === 'picklist_values' ? sql`list = ${o.list}` : sql`true`);

// --- Reads -------------------------------------------------------------------------------------

export const listPicklistValues = (db: Db) =>
  db.selectFrom('picklist_values').selectAll().orderBy('list').orderBy('position').execute();

export const listLeadStatuses = (db: Db) =>
  db.selectFrom('lead_statuses').selectAll().orderBy('position').execute();

export const listStages = (db: Db) =>
  db.selectFrom('opportunity_stages').selectAll().orderBy('position').execute();

export const listCurrencies = (db: Db) =>
  db.selectFrom('currencies').selectAll().orderBy('is_base', 'desc').orderBy('code').execute();

export const findPicklistValue = (db: Db, list: PicklistName, id: string) =>
  db
    .selectFrom('picklist_values')
    .selectAll()
    .where('list', '=', list)
    .where('id', '=', id)
    .executeTakeFirst();

export const findLeadStatus = (db: Db, id: string) =>
  db.selectFrom('lead_statuses').selectAll().where('id', '=', id).executeTakeFirst();

export const findStage = (db: Db, id: string) =>
  db.selectFrom('opportunity_stages').selectAll().where('id', '=', id).executeTakeFirst();

export const findCurrency = (db: Db, code: string) =>
  db.selectFrom('currencies').selectAll().where('code', '=', code).executeTakeFirst();

export type PicklistValueRow = NonNullable<Awaited<ReturnType<typeof findPicklistValue>>>;
export type LeadStatusRow = NonNullable<Awaited<ReturnType<typeof findLeadStatus>>>;
export type StageRow = NonNullable<Awaited<ReturnType<typeof findStage>>>;
export type CurrencyRow = NonNullable<Awaited<ReturnType<typeof findCurrency>>>;

// --- Ordered lists ------------------------------------------------------------------------------

/** Locks the table, so two reorders (or a reorder and a create) cannot interleave. */
export async function lock(db: Db, o: Ordered) {
  await sql`lock table ${sql.table(o.table)} in share row exclusive mode`.execute(db);
}

export async function keyTaken(db: Db, o: Ordered, key: string) {
  const { rows } = await sql<{ one: number }>`select 1 as one from ${sql.table(o.table)}
    where ${within(o)} and key = ${key} limit 1`.execute(db);
  return rows.length > 0;
}

/** The first free key: "web", "web_2", "web_3" … */
export async function freeKey(db: Db, o: Ordered, base: string) {
  const { rows } = await sql<{ key: string }>`select key from ${sql.table(o.table)}
    where ${within(o)} and (key = ${base} or key like ${`${base.slice(0, 46)}\\_%`})`.execute(db);
  const taken = new Set(rows.map((r) => r.key));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const k = `${base.slice(0, 50 - String(i).length - 1)}_${i}`;
    if (!taken.has(k)) return k;
  }
}

export async function nextPosition(db: Db, o: Ordered) {
  const { rows } = await sql<{ n: number }>`select coalesce(max(position), 0)::int + 1 as n
    from ${sql.table(o.table)} where ${within(o)}`.execute(db);
  return rows[0]!.n;
}

export async function setPosition(db: Db, o: Ordered, id: string, position: number) {
  await sql`update ${sql.table(o.table)}
    set position = ${position}, version = version + 1, updated_at = now()
    where id = ${id}`.execute(db);
}

/** Closes gaps after a delete. Positions may collide until commit: the constraint is deferred. */
export async function renumber(db: Db, o: Ordered) {
  await sql`update ${sql.table(o.table)} x set position = r.n, version = x.version + 1, updated_at = now()
    from (select id, row_number() over (order by position, id)::int as n
          from ${sql.table(o.table)} where ${within(o)}) r
    where r.id = x.id and x.position <> r.n`.execute(db);
}

export async function deleteRow(db: Db, o: Ordered, id: string) {
  await sql`delete from ${sql.table(o.table)} where id = ${id}`.execute(db);
}

// --- Writes -------------------------------------------------------------------------------------

export async function insertPicklistValue(
  db: Db,
  v: { list: PicklistName; key: string; label: string; position: number },
) {
  return db.insertInto('picklist_values').values(v).returningAll().executeTakeFirstOrThrow();
}

export async function updatePicklistValue(
  db: Db,
  id: string,
  version: number,
  p: { label?: string; active?: boolean },
) {
  return db
    .updateTable('picklist_values')
    .set({ ...p, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function insertLeadStatus(
  db: Db,
  v: { key: string; label: string; position: number; kind: LeadStatusKindValue },
) {
  return db.insertInto('lead_statuses').values(v).returningAll().executeTakeFirstOrThrow();
}

export async function updateLeadStatus(
  db: Db,
  id: string,
  version: number,
  p: { label?: string; kind?: LeadStatusKindValue; is_default?: boolean },
) {
  return db
    .updateTable('lead_statuses')
    .set({ ...p, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/** Drops the default flag from whichever status has it (before another one takes it). */
export async function clearDefaultStatus(db: Db, exceptId: string) {
  await db
    .updateTable('lead_statuses')
    .set({ is_default: false, version: sql`version + 1`, updated_at: sql`now()` })
    .where('is_default', '=', true)
    .where('id', '<>', exceptId)
    .execute();
}

export async function insertStage(
  db: Db,
  v: {
    key: string;
    label: string;
    position: number;
    probability: number;
    kind: StageKindValue;
    forecast_category: ForecastCategoryValue;
  },
) {
  return db.insertInto('opportunity_stages').values(v).returningAll().executeTakeFirstOrThrow();
}

export async function updateStage(
  db: Db,
  id: string,
  version: number,
  p: {
    label?: string;
    probability?: number;
    kind?: StageKindValue;
    forecast_category?: ForecastCategoryValue;
  },
) {
  return db
    .updateTable('opportunity_stages')
    .set({ ...p, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function upsertCurrency(db: Db, code: string, rate: string) {
  return db
    .insertInto('currencies')
    .values({ code, rate })
    .onConflict((oc) => oc.column('code').doUpdateSet({ rate, updated_at: sql`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteCurrency(db: Db, code: string) {
  await db.deleteFrom('currencies').where('code', '=', code).execute();
}

// --- What uses a value --------------------------------------------------------------------------

/** The record column that stores each pick list's key. */
const PICKLIST_USES: Record<
  PicklistName,
  { table: 'leads' | 'opportunities' | 'campaigns'; column: string }[]
> = {
  job_title: [{ table: 'leads', column: 'job_title' }],
  power: [{ table: 'leads', column: 'power' }],
  lead_source: [{ table: 'leads', column: 'source' }],
  industry: [{ table: 'leads', column: 'industry' }],
  loss_reason: [{ table: 'opportunities', column: 'loss_reason' }],
  campaign_type: [{ table: 'campaigns', column: 'type' }],
};

export type Usage = { leads: number; opportunities: number; campaigns: number };

async function countWhere(db: Db, table: string, column: string, value: string) {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
    where ${sql.ref(column)} = ${value}`.execute(db);
  return rows[0]!.n;
}

export async function picklistUsage(db: Db, list: PicklistName, key: string): Promise<Usage> {
  const usage: Usage = { leads: 0, opportunities: 0, campaigns: 0 };
  for (const u of PICKLIST_USES[list]) {
    usage[u.table] += await countWhere(db, u.table, u.column, key);
  }
  return usage;
}

export const leadStatusUsage = (db: Db, id: string) => countWhere(db, 'leads', 'status_id', id);
export const stageUsage = (db: Db, id: string) => countWhere(db, 'opportunities', 'stage_id', id);

export async function currencyUsage(db: Db, code: string): Promise<Usage> {
  return {
    leads: await countWhere(db, 'leads', 'currency', code),
    opportunities: await countWhere(db, 'opportunities', 'currency', code),
    campaigns: await countWhere(db, 'campaigns', 'currency', code),
  };
}

export type SetupSubject = 'picklist_value' | 'lead_status' | 'opportunity_stage' | 'currency';

export async function setupRowExists(db: Db, kind: SetupSubject, id: string) {
  switch (kind) {
    case 'currency':
      return findCurrency(db, id);
    case 'picklist_value':
      return db.selectFrom('picklist_values').select('id').where('id', '=', id).executeTakeFirst();
    case 'lead_status':
      return findLeadStatus(db, id);
    case 'opportunity_stage':
      return findStage(db, id);
  }
}
