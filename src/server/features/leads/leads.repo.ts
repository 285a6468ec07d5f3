import {
  sql,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SelectQueryBuilder,
  type SqlBool,
  type Transaction,
  type Updateable,
} from 'kysely';
import type { DB, LeadsTable, OpportunitiesTable, PicklistName } from '../../db/types';
import type { Scope } from '../../http/actor';
import { AppError } from '../../http/errors';
import { decodeCursor, encodeCursor, parseSort } from '../../http/pagination';
import { likePattern } from '../../http/search';
import { LEAD_SORTS, type LeadBoardGroup, type LeadFilters } from '../../../shared/leads';
import { accountScopeSql } from '../accounts/accounts.repo';
import { salesRecordScope } from '../records/sales-scope';
import { insertJsonRows, jsonRows } from '../../db/json-rows';

type Db = Kysely<DB> | Transaction<DB>;

// ---------------------------------------------------------------------------------------------
// Filters: one condition for the list, its count, the board and the export, so they never
// disagree. Only columns of `leads` are used (status kinds and follows through subqueries), so
// the same condition applies to a bare `from leads` as well as to the list with its joins.

const inList = (column: string, values: readonly (string | number)[]) =>
  sql<SqlBool>`${sql.ref(column)} in (${sql.join(values)})`;

const LEAD_NUMBER = /^\s*(?:lead-?)?0*(\d{1,15})\s*$/i;

export function leadCondition(scope: Scope, f: LeadFilters): RawBuilder<SqlBool> {
  const c: RawBuilder<SqlBool>[] = [salesRecordScope(scope, 'lead', 'leads')];
  if (f.q) {
    const p = likePattern(f.q);
    // A full-name match covers first and last name alone, and "Ana Ruiz" as typed.
    const words = sql<SqlBool>`leads.company ilike ${p}
      or (leads.first_name || ' ' || leads.last_name) ilike ${p}
      or leads.email ilike ${p} or leads.city ilike ${p}`;
    const n = LEAD_NUMBER.exec(f.q);
    c.push(
      n ? sql<SqlBool>`(${words} or leads.number = ${Number(n[1])})` : sql<SqlBool>`(${words})`,
    );
  }
  if (f.statusId?.length) c.push(inList('leads.status_id', f.statusId));
  if (f.statusKind?.length)
    c.push(
      sql<SqlBool>`leads.status_id in (select ls.id from lead_statuses ls where ls.kind in (${sql.join(f.statusKind)}))`,
    );
  if (f.rating?.length) c.push(inList('leads.rating', f.rating));
  if (f.source?.length) c.push(inList('leads.source', f.source));
  if (f.power?.length) c.push(inList('leads.power', f.power));
  if (f.jobTitle?.length) c.push(inList('leads.job_title', f.jobTitle));
  if (f.industry?.length) c.push(inList('leads.industry', f.industry));
  if (f.companySize?.length) c.push(inList('leads.company_size', f.companySize));
  if (f.countryCode?.length) c.push(inList('leads.country_code', f.countryCode));
  if (f.ownerId?.length) c.push(inList('leads.owner_id', f.ownerId));
  if (f.partnerId?.length) c.push(inList('leads.partner_id', f.partnerId));
  if (f.unassigned === 'true') c.push(sql<SqlBool>`leads.partner_id is null`);
  if (f.unassigned === 'false') c.push(sql<SqlBool>`leads.partner_id is not null`);
  if (f.partnerUserId?.length) c.push(inList('leads.partner_user_id', f.partnerUserId));
  if (f.referrerId?.length) c.push(inList('leads.referrer_id', f.referrerId));
  if (f.campaignId?.length) c.push(inList('leads.campaign_id', f.campaignId));
  // Calendar dates are whole UTC days, both ends included.
  if (f.createdFrom)
    c.push(
      sql<SqlBool>`leads.created_at >= (${f.createdFrom}::date)::timestamp at time zone 'UTC'`,
    );
  if (f.createdTo)
    c.push(
      sql<SqlBool>`leads.created_at < (${f.createdTo}::date + 1)::timestamp at time zone 'UTC'`,
    );
  if (f.minValue !== undefined)
    c.push(sql<SqlBool>`leads.estimated_value >= ${f.minValue}::numeric`);
  if (f.maxValue !== undefined)
    c.push(sql<SqlBool>`leads.estimated_value <= ${f.maxValue}::numeric`);
  const follows = sql<SqlBool>`exists (select 1 from follows fw where fw.record_type = 'lead'
    and fw.record_id = leads.id and fw.user_id = ${scope.userId})`;
  if (f.following === 'true') c.push(follows);
  if (f.following === 'false') c.push(sql<SqlBool>`not ${follows}`);
  return sql<SqlBool>`(${sql.join(c, sql` and `)})`;
}

// ---------------------------------------------------------------------------------------------
// Reading, with every name the API shows selected in the same statement. The names are scalar
// subqueries rather than joins: the planner then only weighs leads × statuses (ten left joins
// cost more to plan than to run), and with a LIMIT it evaluates them for the page's rows only,
// after any sort.

const leadsWithStatus = (db: Db) =>
  db.selectFrom('leads').innerJoin('lead_statuses as st', 'st.id', 'leads.status_id');

/** A query over leads joined to their status, selecting `O`. */
type LeadQuery<O> =
  ReturnType<typeof leadsWithStatus> extends SelectQueryBuilder<infer D, infer T, infer _>
    ? SelectQueryBuilder<D, T, O>
    : never;

/** Leads with their status and every name a page or the detail shows. */
function selectLeads(db: Db, scope: Scope) {
  const userName = (column: string) =>
    sql<string | null>`(select u.name from users u where u.id = ${sql.ref(column)})`;
  return leadsWithStatus(db)
    .selectAll('leads')
    .select([
      'st.key as status_key',
      'st.label as status_label',
      'st.kind as status_kind',
      'st.position as status_position',
      userName('leads.owner_id').as('owner_name'),
      sql<string | null>`(select p.company_name from partners p where p.id = leads.partner_id)`.as(
        'partner_name',
      ),
      userName('leads.partner_user_id').as('partner_user_name'),
      userName('leads.referrer_id').as('referrer_name'),
      sql<string | null>`(select c.name from campaigns c where c.id = leads.campaign_id)`.as(
        'campaign_name',
      ),
      // The records a conversion made are named only when the caller may see them too.
      sql<string | null>`(select ca.name from accounts ca
        where ca.id = leads.converted_account_id and ${accountScopeSql(scope, 'ca')})`.as(
        'converted_account_name',
      ),
      sql<string | null>`(select cc.first_name || ' ' || cc.last_name from contacts cc
        join accounts ca on ca.id = cc.account_id
        where cc.id = leads.converted_contact_id and ${accountScopeSql(scope, 'ca')})`.as(
        'converted_contact_name',
      ),
      sql<string | null>`(select co.name from opportunities co
        where co.id = leads.converted_opportunity_id
          and ${salesRecordScope(scope, 'opportunity', 'co')})`.as('converted_opportunity_name'),
      sql<boolean>`exists (select 1 from follows fl where fl.record_type = 'lead'
        and fl.record_id = leads.id and fl.user_id = ${scope.userId})`.as('following'),
    ]);
}

export type LeadRow = Awaited<ReturnType<ReturnType<typeof selectLeads>['execute']>>[number];

export function findLead(db: Db, scope: Scope, id: string) {
  return selectLeads(db, scope)
    .where('leads.id', '=', id)
    .where(salesRecordScope(scope, 'lead', 'leads'))
    .executeTakeFirst();
}

/**
 * Locks the lead for the rest of the transaction, if the scope may see it. Changes start here so
 * that two of them on one lead (two conversions above all) run one after the other.
 */
export function lockLead(db: Db, scope: Scope, id: string) {
  return db
    .selectFrom('leads')
    .select(['leads.id', 'leads.version', 'leads.converted_at'])
    .where('leads.id', '=', id)
    .where(salesRecordScope(scope, 'lead', 'leads'))
    .forUpdate()
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Keyset pagination. The sort expressions are compared and ordered exactly as stored
// (timestamps at full microsecond precision, carried in the cursor as text), so the indexes on
// (created_at, id), (status_id, created_at, id), (partner_id, status_id, created_at, id) and
// (lower(company), id) can both filter and order the page.

type SortType = 'timestamptz' | 'bigint' | 'integer' | 'numeric' | 'text' | 'uuid';
type SortDef = { expr: string; type: SortType; nullable?: boolean };

const SORTS: Record<(typeof LEAD_SORTS)[number], SortDef> = {
  createdAt: { expr: 'leads.created_at', type: 'timestamptz' },
  updatedAt: { expr: 'leads.updated_at', type: 'timestamptz' },
  number: { expr: 'leads.number', type: 'bigint' },
  company: { expr: 'lower(leads.company)', type: 'text' },
  lastName: { expr: 'lower(leads.last_name)', type: 'text' },
  score: { expr: 'leads.score', type: 'integer' },
  estimatedValue: { expr: 'leads.estimated_value', type: 'numeric', nullable: true },
  status: { expr: 'st.position', type: 'integer' },
};
const SORT_FIELDS = Object.fromEntries(LEAD_SORTS.map((s) => [s, s]));

export type LeadSortKey = SortDef & { field: string; desc: boolean };

export function leadSortKeys(sort: string | undefined): LeadSortKey[] {
  return parseSort(sort, SORT_FIELDS, '-createdAt').map((k) => ({
    ...SORTS[k.field as keyof typeof SORTS],
    field: k.field,
    desc: k.desc,
  }));
}

/** The key columns as cursor text; the id breaks ties in the direction of the last key. */
function withId(keys: LeadSortKey[]): LeadSortKey[] {
  const last = keys[keys.length - 1];
  return [...keys, { field: 'id', expr: 'leads.id', type: 'uuid', desc: last?.desc ?? false }];
}

function cursorText(k: SortDef) {
  return k.type === 'timestamptz'
    ? sql<string>`to_char(${sql.raw(k.expr)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : sql<string>`(${sql.raw(k.expr)})::text`;
}

const CURSOR_VALUE: Record<SortType, RegExp> = {
  timestamptz: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
  bigint: /^-?\d{1,18}$/,
  integer: /^-?\d{1,9}$/,
  numeric: /^-?\d{1,20}(\.\d{1,10})?$/,
  text: /^[\s\S]{0,1000}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

function badCursor(): never {
  throw new AppError('BAD_REQUEST', 'The cursor is invalid; start again from the first page', {
    cursor: 'invalid',
  });
}

function keysetCondition(keys: LeadSortKey[], raw: unknown[]): RawBuilder<SqlBool> {
  const all = withId(keys);
  const values = raw.map((v, i): string | null => {
    const k = all[i]!;
    if (v === null && k.nullable) return null;
    if (typeof v !== 'string' || !CURSOR_VALUE[k.type].test(v)) badCursor();
    return v;
  });
  const expr = (k: LeadSortKey) => sql.raw(k.expr);
  const val = (k: LeadSortKey, v: string) => sql`${v}::${sql.raw(k.type)}`;
  // One direction, no nullable key: a row comparison, which a btree index answers directly.
  if (all.every((k) => !k.nullable && k.desc === all[0]!.desc)) {
    return sql<SqlBool>`((${sql.join(all.map(expr))}) ${sql.raw(all[0]!.desc ? '<' : '>')} (${sql.join(
      all.map((k, i) => val(k, values[i]!)),
    )}))`;
  }
  // Otherwise expanded; a nullable key puts its nulls last in both directions (a deal with no
  // value is not the biggest), as orderBy does.
  const ors: RawBuilder<SqlBool>[] = [];
  for (let i = 0; i < all.length; i++) {
    const ands: RawBuilder<SqlBool>[] = [];
    for (let j = 0; j < i; j++) {
      const k = all[j]!;
      const v = values[j] as string | null;
      ands.push(
        v === null ? sql<SqlBool>`${expr(k)} is null` : sql<SqlBool>`${expr(k)} = ${val(k, v)}`,
      );
    }
    const k = all[i]!;
    const v = values[i] as string | null;
    if (v === null) {
      if (k.nullable || !k.desc) continue;
      ands.push(sql<SqlBool>`${expr(k)} is not null`);
    } else if (k.desc) {
      ands.push(
        k.nullable
          ? sql<SqlBool>`(${expr(k)} < ${val(k, v)} or ${expr(k)} is null)`
          : sql<SqlBool>`${expr(k)} < ${val(k, v)}`,
      );
    } else {
      ands.push(sql<SqlBool>`(${expr(k)} > ${val(k, v)} or ${expr(k)} is null)`);
    }
    ors.push(sql<SqlBool>`(${sql.join(ands, sql` and `)})`);
  }
  return ors.length ? sql<SqlBool>`(${sql.join(ors, sql` or `)})` : sql<SqlBool>`false`;
}

/** Non-null keys keep the index's own order (desc = nulls first, unused); nullable ones sort nulls last. */
const orderOf = (k: LeadSortKey) =>
  k.desc ? (k.nullable ? 'desc nulls last' : 'desc nulls first') : 'asc nulls last';

/** One keyset page of `q`: the list's filters, sort and cursor, and one row more than asked. */
function keysetPage<O>(
  q: LeadQuery<O>,
  scope: Scope,
  f: LeadFilters & { sort?: string; cursor?: string; limit: number },
) {
  const keys = leadSortKeys(f.sort);
  const all = withId(keys);
  let page = q
    .select(
      sql<string>`json_build_array(${sql.join(all.map(cursorText))})::text`.as('cursor_values'),
    )
    .where(leadCondition(scope, f));
  const after = decodeCursor(f.cursor, all.length);
  if (after) page = page.where(keysetCondition(keys, after));
  for (const k of all) page = page.orderBy(sql`${sql.raw(k.expr)} ${sql.raw(orderOf(k))}`);
  return page.limit(f.limit + 1).execute();
}

export function listLeads(
  db: Db,
  scope: Scope,
  f: LeadFilters & { sort?: string; cursor?: string; limit: number },
) {
  return keysetPage(selectLeads(db, scope), scope, f);
}

/** The lead columns an export can read; timestamps come as ISO text. */
export type LeadExportField = keyof LeadsTable;

export type LeadExportRow = Partial<Omit<Selectable<LeadsTable>, 'created_at' | 'updated_at'>> & {
  status_label: string;
  created_at?: string;
  updated_at?: string;
  cursor_values: string;
};

/**
 * A page of the export: only the lead columns its chosen columns need and the status label,
 * timestamps as ISO text. Names are looked up by the caller a page at a time (`usersByIds` …):
 * a subquery per row and name would cost the database more than the rest of the page.
 */
export async function exportLeadPage(
  db: Db,
  scope: Scope,
  f: LeadFilters & { sort?: string; cursor?: string; limit: number },
  fields: readonly LeadExportField[],
): Promise<LeadExportRow[]> {
  const selected = fields.map((c) =>
    c === 'created_at' || c === 'updated_at'
      ? sql<string>`to_char(${sql.ref(`leads.${c}`)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as(
          c,
        )
      : sql.ref(`leads.${c}`).as(c),
  );
  const q = leadsWithStatus(db).select(['st.label as status_label', ...selected]);
  return (await keysetPage(q, scope, f)) as LeadExportRow[];
}

export const cursorOfRow = (row: { cursor_values: string }) =>
  encodeCursor(JSON.parse(row.cursor_values) as (string | null)[]);

export async function countLeads(db: Db, scope: Scope, f: LeadFilters) {
  const r = await db
    .selectFrom('leads')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(leadCondition(scope, f))
    .executeTakeFirstOrThrow();
  return r.n;
}

/**
 * Count and base-currency sum per board column. Values are summed per currency first and each
 * currency's subtotal divided by its rate, so the conversion runs a handful of times rather
 * than once per lead (and numeric keeps every cent).
 */
export function boardGroups(db: Db, scope: Scope, f: LeadFilters, groupBy: LeadBoardGroup) {
  const col = sql.raw(
    groupBy === 'status'
      ? 'leads.status_id'
      : groupBy === 'rating'
        ? 'leads.rating'
        : 'leads.partner_id',
  );
  return db
    .selectFrom(
      db
        .selectFrom('leads')
        .select([
          sql<string | null>`${col}::text`.as('key'),
          'leads.currency',
          sql<number>`count(*)::int`.as('n'),
          sql<string | null>`sum(leads.estimated_value)`.as('total'),
        ])
        .where(leadCondition(scope, f))
        .groupBy([col, 'leads.currency'])
        .as('g'),
    )
    .innerJoin('currencies as cur', 'cur.code', 'g.currency')
    .select([
      'g.key',
      sql<number>`sum(g.n)::int`.as('count'),
      sql<string>`round(coalesce(sum(g.total / cur.rate), 0), 2)::text`.as('sum'),
    ])
    .groupBy('g.key')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Writing

export function insertLead(db: Db, values: Insertable<LeadsTable>) {
  return db.insertInto('leads').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Extra columns an imported lead is inserted with. */
const LEAD_INSERT_TYPES = {
  id: 'uuid',
  rating: 'text',
  score: 'integer',
  created_by: 'uuid',
  created_by_partner: 'boolean',
} as const;

export type NewLeadRow = Record<LeadValueColumn | keyof typeof LEAD_INSERT_TYPES, unknown>;

/**
 * Many leads in one statement, sent as one JSON parameter (thousands of bind parameters cost
 * more to send and plan than the rows do to write). The ids are chosen by the caller.
 */
export async function insertLeads(db: Db, rows: NewLeadRow[]) {
  if (rows.length === 0) return;
  await insertJsonRows(
    'leads',
    rows,
    { ...LEAD_VALUE_TYPES, ...LEAD_INSERT_TYPES },
    { scored_at: sql`now()` },
  ).execute(db);
}

/** Reads and locks the leads the scope may see, of these ids. */
export function lockLeads(db: Db, scope: Scope, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('leads')
    .select(['leads.id', 'leads.version', 'leads.converted_at'])
    .where('leads.id', 'in', ids)
    .where(salesRecordScope(scope, 'lead', 'leads'))
    .orderBy('leads.id')
    .forUpdate()
    .execute();
}

export function findLeads(db: Db, scope: Scope, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return selectLeads(db, scope)
    .where('leads.id', 'in', ids)
    .where(salesRecordScope(scope, 'lead', 'leads'))
    .execute();
}

/** The columns a lead's form (or an import row) decides, with their SQL types. */
const LEAD_VALUE_TYPES = {
  company: 'text',
  first_name: 'text',
  last_name: 'text',
  job_title: 'text',
  email: 'text',
  phone: 'text',
  website: 'text',
  power: 'text',
  status_id: 'uuid',
  source: 'text',
  rating_manual: 'text',
  estimated_value: 'numeric',
  currency: 'text',
  industry: 'text',
  company_size: 'text',
  country_code: 'text',
  region: 'text',
  city: 'text',
  postal_code: 'text',
  product_interest: 'text',
  description: 'text',
  owner_id: 'uuid',
  partner_id: 'uuid',
  partner_user_id: 'uuid',
  referrer_id: 'uuid',
  campaign_id: 'uuid',
} as const;
export type LeadValueColumn = keyof typeof LEAD_VALUE_TYPES;

/**
 * Many leads' values in one statement, each only if it is still at the version read: the rows
 * that changed meanwhile are not in the result.
 */
export async function updateLeadsVersioned(
  db: Db,
  rows: {
    id: string;
    version: number;
    values: Record<LeadValueColumn, unknown>;
    score: number;
    rating: string;
  }[],
) {
  if (rows.length === 0) return [];
  const types = { ...LEAD_VALUE_TYPES, score: 'integer', rating: 'text' };
  const set = sql.raw(
    Object.keys(types)
      .map((c) => `${c} = d.${c}`)
      .join(', '),
  );
  const data = rows.map((r) => ({
    ...r.values,
    score: r.score,
    rating: r.rating,
    id: r.id,
    version: r.version,
  }));
  const out = await sql<{ id: string; version: number }>`update leads set ${set},
      version = leads.version + 1, updated_at = now(), scored_at = now()
    from ${jsonRows(data, { id: 'uuid', version: 'integer', ...types })}
    where leads.id = d.id and leads.version = d.version
    returning leads.id, leads.version`.execute(db);
  return out.rows;
}

export type LeadPatch = Omit<Updateable<LeadsTable>, 'id' | 'number' | 'version' | 'created_at'>;

export function updateLeadVersioned(db: Db, id: string, version: number, patch: LeadPatch) {
  return db
    .updateTable('leads')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id', 'version'])
    .executeTakeFirst();
}

export function deleteLead(db: Db, id: string) {
  return db.deleteFrom('leads').where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// What lead fields refer to

export function listStatuses(db: Db) {
  return db
    .selectFrom('lead_statuses')
    .select(['id', 'key', 'label', 'position', 'kind', 'is_default'])
    .orderBy('position')
    .execute();
}
export type StatusRow = Awaited<ReturnType<typeof listStatuses>>[number];

export function picklistValues(db: Db, lists: PicklistName[]) {
  return db
    .selectFrom('picklist_values')
    .select(['list', 'key', 'label', 'active'])
    .where('list', 'in', lists)
    .execute();
}

export function listCurrencies(db: Db) {
  return db.selectFrom('currencies').select(['code', 'is_base']).execute();
}

export function usersByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'partner_id', 'active'])
    .where('id', 'in', ids)
    .execute();
}
export type UserRef = Awaited<ReturnType<typeof usersByIds>>[number];

export function partnerById(db: Db, id: string) {
  return db
    .selectFrom('partners')
    .select(['id', 'company_name', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function partnersByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('partners').select(['id', 'company_name']).where('id', 'in', ids).execute();
}

/** Campaigns whose lower-cased name is one of the names. */
export function campaignsNamed(db: Db, names: string[]) {
  if (names.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('campaigns')
    .select(['id', sql<string>`lower(name)`.as('name')])
    .where(sql`lower(name)`, 'in', names)
    .execute();
}

export function campaignsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('campaigns')
    .select(['id', 'name', 'partner_id'])
    .where('id', 'in', ids)
    .execute();
}

export function partnerStatuses(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('partners')
    .select(['id', 'company_name', 'status'])
    .where('id', 'in', ids)
    .execute();
}

export function campaignById(db: Db, id: string) {
  return db
    .selectFrom('campaigns')
    .select(['id', 'name', 'partner_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Conversion

/** Accounts in scope whose domain or (lower-case) name is one of the given. */
export function accountMatches(db: Db, scope: Scope, m: { domains: string[]; names: string[] }) {
  const ors: RawBuilder<SqlBool>[] = [];
  if (m.domains.length) ors.push(sql<SqlBool>`lower(accounts.domain) in (${sql.join(m.domains)})`);
  if (m.names.length) ors.push(sql<SqlBool>`lower(accounts.name) in (${sql.join(m.names)})`);
  if (ors.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('accounts')
    .select(['accounts.id', 'accounts.name', 'accounts.domain'])
    .where(accountScopeSql(scope))
    .where(sql<SqlBool>`(${sql.join(ors, sql` or `)})`)
    .orderBy(sql`lower(accounts.name)`)
    .orderBy('accounts.id')
    .limit(50)
    .execute();
}

/** Contacts in scope with this email, then those at this email domain. */
export function contactMatches(db: Db, scope: Scope, m: { email: string; domain: string | null }) {
  const sameEmail = sql<SqlBool>`lower(contacts.email) = ${m.email}`;
  const sameDomain = m.domain
    ? sql<SqlBool>`lower(contacts.email) like ${`%@${m.domain.replace(/[\\%_]/g, (c) => `\\${c}`)}`}`
    : sql<SqlBool>`false`;
  return db
    .selectFrom('contacts')
    .innerJoin('accounts', 'accounts.id', 'contacts.account_id')
    .select([
      'contacts.id',
      'contacts.first_name',
      'contacts.last_name',
      'contacts.email',
      'contacts.account_id',
      'accounts.name as account_name',
      'accounts.domain as account_domain',
      sameEmail.as('same_email'),
    ])
    .where(accountScopeSql(scope))
    .where(sql<SqlBool>`(${sameEmail} or ${sameDomain})`)
    .orderBy(sql`(${sameEmail})`, 'desc')
    .orderBy(sql`lower(contacts.last_name)`)
    .orderBy('contacts.id')
    .limit(10)
    .execute();
}

export function stageById(db: Db, id: string) {
  return db
    .selectFrom('opportunity_stages')
    .select(['id', 'label', 'kind'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function firstOpenStage(db: Db) {
  return db
    .selectFrom('opportunity_stages')
    .select(['id', 'label', 'kind'])
    .where('kind', '=', 'open')
    .orderBy('position')
    .limit(1)
    .executeTakeFirst();
}

export function insertOpportunity(db: Db, values: Insertable<OpportunitiesTable>) {
  return db.insertInto('opportunities').values(values).returning('id').executeTakeFirstOrThrow();
}

export function insertSourcingPartner(db: Db, opportunityId: string, partnerId: string) {
  return db
    .insertInto('opportunity_partners')
    .values({ opportunity_id: opportunityId, partner_id: partnerId, role: 'sourcing' })
    .execute();
}
