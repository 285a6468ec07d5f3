import {
  sql,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type SqlBool,
  type Transaction,
  type Updateable,
} from 'kysely';
import type { DB, OpportunitiesTable, PartnerRoleValue } from '../../db/types';
import type { Scope } from '../../http/actor';
import {
  decodeCursor,
  keysetAfter,
  orderTerm,
  parseSort,
  type SortKey,
} from '../../http/pagination';
import { likePattern } from '../../http/search';
import type { OpportunityFilters, OpportunitySort } from '../../../shared/opportunities';
import { accountScopeSql } from '../accounts/accounts.repo';
import { salesRecordScope } from '../records/sales-scope';

type Db = Kysely<DB> | Transaction<DB>;

/** Reads for bookkeeping (history snapshots) that must not depend on who made the change. */
export const EVERYTHING: Scope = { kind: 'internal', userId: '', role: 'admin' };

export const OPPORTUNITY_SORT_COLUMNS: Record<OpportunitySort, string> = {
  closeDate: 'opportunities.close_date',
  createdAt: 'opportunities.created_at',
  updatedAt: 'opportunities.updated_at',
  number: 'opportunities.number',
  name: 'opportunities.name',
  amount: 'opportunities.amount',
  stage: 'st.position',
};

/** A partner user sees the vendor's campaigns and their own company's, never another's. */
function campaignVisibleSql(scope: Scope, table: string) {
  if (scope.kind === 'internal') return sql<SqlBool>`true`;
  const partner = sql.ref(`${table}.partner_id`);
  return sql<SqlBool>`(${partner} is null or ${partner} = ${scope.partnerId})`;
}

/** A partner user sees the names of their own company's people only. */
function sameCompanySql(scope: Scope, table: string) {
  if (scope.kind === 'internal') return sql<SqlBool>`true`;
  return sql<SqlBool>`${sql.ref(`${table}.partner_id`)} = ${scope.partnerId}`;
}

const inList = (column: string, values: readonly (string | number)[]) =>
  sql<SqlBool>`${sql.ref(column)} in (${sql.join(values)})`;

/**
 * The list's filters as one SQL condition over `opportunities`, shared by the list, its count,
 * the board and the CSV export so they can never disagree. The account name is searched only
 * among accounts the caller may see.
 */
export function filterCondition(
  f: OpportunityFilters,
  scope: Scope,
  userId: string,
): RawBuilder<SqlBool> {
  const c: RawBuilder<SqlBool>[] = [];
  if (f.q) {
    const p = likePattern(f.q);
    const digits = /^\s*(?:opp-)?0*(\d{1,15})\s*$/i.exec(f.q);
    const byNumber = digits ? sql`or opportunities.number = ${Number(digits[1])}` : sql``;
    c.push(sql<SqlBool>`(opportunities.name ilike ${p} ${byNumber} or exists (
      select 1 from accounts sa where sa.id = opportunities.account_id and sa.name ilike ${p}
        and ${accountScopeSql(scope, 'sa')}))`);
  }
  if (f.stageId?.length) c.push(inList('opportunities.stage_id', f.stageId));
  if (f.stageKind?.length)
    c.push(sql<SqlBool>`opportunities.stage_id in (select sk.id from opportunity_stages sk
      where sk.kind in (${sql.join(f.stageKind)}))`);
  if (f.source?.length) c.push(inList('opportunities.source', f.source));
  if (f.ownerId?.length) c.push(inList('opportunities.owner_id', f.ownerId));
  if (f.partnerId?.length) c.push(inList('opportunities.partner_id', f.partnerId));
  if (f.unassigned === 'true') c.push(sql<SqlBool>`opportunities.partner_id is null`);
  if (f.unassigned === 'false') c.push(sql<SqlBool>`opportunities.partner_id is not null`);
  if (f.partnerUserId?.length) c.push(inList('opportunities.partner_user_id', f.partnerUserId));
  if (f.accountId?.length) c.push(inList('opportunities.account_id', f.accountId));
  if (f.campaignId?.length) c.push(inList('opportunities.campaign_id', f.campaignId));
  if (f.closeFrom) c.push(sql<SqlBool>`opportunities.close_date >= ${f.closeFrom}::date`);
  if (f.closeTo) c.push(sql<SqlBool>`opportunities.close_date <= ${f.closeTo}::date`);
  // Amounts are compared as entered, in each deal's own currency, like the column shows them.
  if (f.minAmount) c.push(sql<SqlBool>`opportunities.amount >= ${f.minAmount}::numeric`);
  if (f.maxAmount) c.push(sql<SqlBool>`opportunities.amount <= ${f.maxAmount}::numeric`);
  if (f.following) {
    const followed = sql<SqlBool>`exists (select 1 from follows fl
      where fl.record_type = 'opportunity' and fl.record_id = opportunities.id
        and fl.user_id = ${userId})`;
    c.push(f.following === 'true' ? followed : sql<SqlBool>`not ${followed}`);
  }
  return c.length ? sql<SqlBool>`(${sql.join(c, sql` and `)})` : sql<SqlBool>`true`;
}

/** Opportunities the scope may see, with their stage. */
function base(db: Db, scope: Scope) {
  return db
    .selectFrom('opportunities')
    .innerJoin('opportunity_stages as st', 'st.id', 'opportunities.stage_id')
    .where(salesRecordScope(scope, 'opportunity', 'opportunities'));
}

/**
 * An opportunity with the names it shows. Names of records the caller may not see (an account
 * outside a partner's reach, another company's referrer or campaign) stay out, and partner users
 * see only their own company among the credited partners.
 */
function scoped(db: Db, scope: Scope) {
  const credited = scope.kind === 'partner' ? sql`and cr.partner_id = ${scope.partnerId}` : sql``;
  return base(db, scope)
    .leftJoin('accounts as ac', (j) =>
      j.onRef('ac.id', '=', 'opportunities.account_id').on(accountScopeSql(scope, 'ac')),
    )
    .leftJoin('contacts as ct', (j) =>
      j.onRef('ct.id', '=', 'opportunities.contact_id').onRef('ct.account_id', '=', 'ac.id'),
    )
    .leftJoin('users as ow', 'ow.id', 'opportunities.owner_id')
    .leftJoin('partners as pa', 'pa.id', 'opportunities.partner_id')
    .leftJoin('users as pu', (j) =>
      j
        .onRef('pu.id', '=', 'opportunities.partner_user_id')
        .onRef('pu.partner_id', '=', 'opportunities.partner_id'),
    )
    .leftJoin('users as rf', (j) =>
      j.onRef('rf.id', '=', 'opportunities.referrer_id').on(sameCompanySql(scope, 'rf')),
    )
    .leftJoin('campaigns as cp', (j) =>
      j.onRef('cp.id', '=', 'opportunities.campaign_id').on(campaignVisibleSql(scope, 'cp')),
    )
    .selectAll('opportunities')
    .select([
      'st.key as stage_key',
      'st.label as stage_label',
      'st.probability as stage_probability',
      'st.kind as stage_kind',
      'st.position as stage_position',
      'ac.id as visible_account_id',
      'ac.name as account_name',
      'ct.id as visible_contact_id',
      sql<string | null>`ct.first_name || ' ' || ct.last_name`.as('contact_name'),
      'ow.name as owner_name',
      'pa.company_name as partner_name',
      'pu.name as partner_user_name',
      'rf.id as visible_referrer_id',
      'rf.name as referrer_name',
      'cp.id as visible_campaign_id',
      'cp.name as campaign_name',
      sql<string | null>`round(opportunities.amount * st.probability / 100, 2)::text`.as(
        'weighted_amount',
      ),
      sql<{ partnerId: string; name: string; role: PartnerRoleValue }[]>`(
        select coalesce(json_agg(json_build_object('partnerId', cr.partner_id,
          'name', cp2.company_name, 'role', cr.role)
          order by case cr.role when 'sourcing' then 0 when 'influencing' then 1 else 2 end,
            cp2.company_name), '[]'::json)
        from opportunity_partners cr join partners cp2 on cp2.id = cr.partner_id
        where cr.opportunity_id = opportunities.id ${credited})`.as('credited'),
    ]);
}

export type OpportunityRow = Awaited<ReturnType<ReturnType<typeof scoped>['execute']>>[number];

export function findOpportunity(db: Db, scope: Scope, id: string) {
  return scoped(db, scope).where('opportunities.id', '=', id).executeTakeFirst();
}

/** The row as the caller may see it, locked for the rest of the transaction. */
export function findOpportunityForUpdate(db: Db, scope: Scope, id: string) {
  return base(db, scope)
    .selectAll('opportunities')
    .select(['st.kind as stage_kind', 'st.label as stage_label'])
    .where('opportunities.id', '=', id)
    .forUpdate('opportunities')
    .executeTakeFirst();
}
export type LockedOpportunity = NonNullable<Awaited<ReturnType<typeof findOpportunityForUpdate>>>;

export function sortKeys(sort: string | undefined): SortKey[] {
  return parseSort(sort, OPPORTUNITY_SORT_COLUMNS, 'closeDate');
}

/** The value a row has for a sort field, as the cursor stores it. */
export function sortValue(row: OpportunityRow, field: string): unknown {
  switch (field as OpportunitySort) {
    case 'closeDate':
      return row.close_date;
    case 'createdAt':
      return row.created_at;
    case 'updatedAt':
      return row.updated_at;
    case 'number':
      return row.number;
    case 'name':
      return row.name;
    case 'amount':
      return row.amount;
    case 'stage':
      return row.stage_position;
    default:
      return null;
  }
}

export async function listOpportunities(
  db: Db,
  scope: Scope,
  userId: string,
  f: OpportunityFilters & { sort?: string; cursor?: string; limit: number },
) {
  const keys = sortKeys(f.sort);
  let q = scoped(db, scope).where(filterCondition(f, scope, userId));
  const after = decodeCursor(f.cursor, keys.length + 1);
  if (after) q = q.where(keysetAfter(keys, 'opportunities.id', after));
  for (const k of keys) q = q.orderBy(orderTerm(k));
  const rows = await q
    .orderBy('opportunities.id')
    .limit(f.limit + 1)
    .execute();
  return { rows, keys };
}

export async function countOpportunities(
  db: Db,
  scope: Scope,
  userId: string,
  f: OpportunityFilters,
) {
  const r = await db
    .selectFrom('opportunities')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(salesRecordScope(scope, 'opportunity', 'opportunities'))
    .where(filterCondition(f, scope, userId))
    .executeTakeFirstOrThrow();
  return r.n;
}

/**
 * One row per stage in path order: how many deals match, their amounts converted to the base
 * currency (amount ÷ rate) and the same weighted by the stage's probability. Sums are rounded
 * once, at the end, so a column total is exact to the cent however many deals it holds.
 */
export async function boardColumns(db: Db, scope: Scope, userId: string, f: OpportunityFilters) {
  const { rows } = await sql<{
    id: string;
    label: string;
    kind: string;
    n: number;
    sum: string;
    weighted: string;
  }>`select s.id, s.label, s.kind, coalesce(a.n, 0)::int as n,
      round(coalesce(a.sum, 0), 2)::text as sum,
      round(coalesce(a.weighted, 0), 2)::text as weighted
    from opportunity_stages s
    left join (
      select opportunities.stage_id, count(*) as n,
        sum(opportunities.amount / cur.rate) as sum,
        sum(opportunities.amount / cur.rate * st.probability / 100) as weighted
      from opportunities
      join opportunity_stages st on st.id = opportunities.stage_id
      join currencies cur on cur.code = opportunities.currency
      where ${salesRecordScope(scope, 'opportunity', 'opportunities')}
        and ${filterCondition(f, scope, userId)}
      group by opportunities.stage_id
    ) a on a.stage_id = s.id
    order by s.position`.execute(db);
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Writing

export function insertOpportunity(db: Db, values: Insertable<OpportunitiesTable>) {
  return db.insertInto('opportunities').values(values).returning('id').executeTakeFirstOrThrow();
}

export type OpportunityPatch = Omit<
  Updateable<OpportunitiesTable>,
  'id' | 'number' | 'version' | 'created_at' | 'updated_at' | 'created_by' | 'created_by_partner'
>;

export function updateOpportunityVersioned(
  db: Db,
  id: string,
  version: number,
  patch: OpportunityPatch,
) {
  return db
    .updateTable('opportunities')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id', 'version'])
    .executeTakeFirst();
}

export function deleteOpportunity(db: Db, id: string) {
  return db.deleteFrom('opportunities').where('id', '=', id).executeTakeFirst();
}

export type Credit = { partnerId: string; role: PartnerRoleValue };

export async function listCredits(db: Db, opportunityId: string): Promise<Credit[]> {
  const rows = await db
    .selectFrom('opportunity_partners')
    .select(['partner_id', 'role'])
    .where('opportunity_id', '=', opportunityId)
    .execute();
  return rows.map((r) => ({ partnerId: r.partner_id, role: r.role }));
}

/**
 * Brings the credited partners to `wanted`: rows that go or change role are deleted first, and
 * the sourcing partner is written last, so swapping who sources never trips the one-sourcing
 * index on the way. A sourcing partner another writer added meanwhile still does (23505).
 */
export async function writeCredits(
  db: Db,
  opportunityId: string,
  current: Credit[],
  wanted: Credit[],
) {
  const same = (a: Credit, b: Credit) => a.partnerId === b.partnerId && a.role === b.role;
  const gone = current.filter((c) => !wanted.some((w) => same(c, w)));
  const added = wanted
    .filter((w) => !current.some((c) => same(c, w)))
    .sort((a, b) => Number(a.role === 'sourcing') - Number(b.role === 'sourcing'));
  if (gone.length) {
    await db
      .deleteFrom('opportunity_partners')
      .where('opportunity_id', '=', opportunityId)
      .where(
        'partner_id',
        'in',
        gone.map((g) => g.partnerId),
      )
      .execute();
  }
  for (const a of added) {
    await db
      .insertInto('opportunity_partners')
      .values({ opportunity_id: opportunityId, partner_id: a.partnerId, role: a.role })
      .execute();
  }
  return gone.length > 0 || added.length > 0;
}

// ---------------------------------------------------------------------------------------------
// What an opportunity refers to

export type StageInfo = { id: string; label: string; kind: 'open' | 'won' | 'lost' };

export function stageById(db: Db, id: string): Promise<StageInfo | undefined> {
  return db
    .selectFrom('opportunity_stages')
    .select(['id', 'label', 'kind'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Where a new deal starts when no stage is given: the first open stage of the path. */
export function firstOpenStage(db: Db): Promise<StageInfo | undefined> {
  return db
    .selectFrom('opportunity_stages')
    .select(['id', 'label', 'kind'])
    .where('kind', '=', 'open')
    .orderBy('position')
    .limit(1)
    .executeTakeFirst();
}

export async function currencyExists(db: Db, code: string) {
  const r = await db
    .selectFrom('currencies')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst();
  return r !== undefined;
}

export async function baseCurrency(db: Db) {
  const r = await db
    .selectFrom('currencies')
    .select('code')
    .where('is_base', '=', true)
    .executeTakeFirst();
  return r?.code ?? 'EUR';
}

export async function isActiveLossReason(db: Db, key: string) {
  const r = await db
    .selectFrom('picklist_values')
    .select('id')
    .where('list', '=', 'loss_reason')
    .where('key', '=', key)
    .where('active', '=', true)
    .executeTakeFirst();
  return r !== undefined;
}

export async function campaignVisible(db: Db, scope: Scope, id: string) {
  const r = await db
    .selectFrom('campaigns')
    .select('id')
    .where('id', '=', id)
    .where(campaignVisibleSql(scope, 'campaigns'))
    .executeTakeFirst();
  return r !== undefined;
}

/** Of the given partner ids, those that do not exist. */
export async function missingPartners(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('partners').select('id').where('id', 'in', ids).execute();
  const found = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}

/**
 * What history records about an opportunity, with names rather than ids. History is read by the
 * assigned partner's users too, so another company's name never goes in: credited partners other
 * than the assigned one, a referrer or campaign of another company are recorded without names.
 */
export async function snapshotRow(db: Db, id: string) {
  const { rows } = await sql<{
    name: string;
    description: string;
    next_step: string | null;
    stage_label: string;
    amount: string | null;
    currency: string;
    close_date: string;
    loss_reason: string | null;
    source: string;
    account_name: string | null;
    contact_name: string | null;
    owner_name: string | null;
    partner_name: string | null;
    partner_user_name: string | null;
    referrer_label: string | null;
    campaign_label: string | null;
    credited: string[];
    closed_at: Date | null;
  }>`select o.name, o.description, o.next_step, s.label as stage_label, o.amount, o.currency,
      o.close_date, o.loss_reason, o.source, a.name as account_name,
      c.first_name || ' ' || c.last_name as contact_name, ow.name as owner_name,
      p.company_name as partner_name, pu.name as partner_user_name,
      case when o.referrer_id is null then null
        when rf.partner_id is not distinct from o.partner_id then rf.name
        else 'A user of another partner' end as referrer_label,
      case when o.campaign_id is null then null
        when cp.partner_id is null or cp.partner_id = o.partner_id then cp.name
        else 'A campaign of another partner' end as campaign_label,
      array(select case when cr.partner_id = o.partner_id then crp.company_name
            else 'Another partner' end
          || ' (' || initcap(cr.role) || ')'
        from opportunity_partners cr join partners crp on crp.id = cr.partner_id
        where cr.opportunity_id = o.id
        order by cr.partner_id = o.partner_id desc, cr.role, crp.company_name) as credited,
      o.closed_at
    from opportunities o
    join opportunity_stages s on s.id = o.stage_id
    left join accounts a on a.id = o.account_id
    left join contacts c on c.id = o.contact_id
    left join users ow on ow.id = o.owner_id
    left join partners p on p.id = o.partner_id
    left join users pu on pu.id = o.partner_user_id
    left join users rf on rf.id = o.referrer_id
    left join campaigns cp on cp.id = o.campaign_id
    where o.id = ${id}`.execute(db);
  return rows[0];
}
export type SnapshotRow = NonNullable<Awaited<ReturnType<typeof snapshotRow>>>;
