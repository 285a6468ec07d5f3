import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { CampaignsTable, DB } from '../../db/types';
import type { Scope } from '../../http/actor';
import { decodeCursor, keysetAfter, orderTerm, parseSort } from '../../http/pagination';
import { likePattern } from '../../http/search';
import { LIVE_CAMPAIGN_STATUSES, type CampaignFilters } from '../../../shared/campaigns';
import { salesRecordScope } from '../records/sales-scope';

type Db = Kysely<DB> | Transaction<DB>;

export const CAMPAIGN_SORT_COLUMNS: Record<string, string> = {
  name: 'campaigns.name',
  startDate: 'campaigns.start_date',
  endDate: 'campaigns.end_date',
  createdAt: 'campaigns.created_at',
  status: 'campaigns.status',
};

/**
 * Campaigns the scope may see. Internal users see every campaign. Partner users see their own
 * company's campaigns, and the vendor's campaigns that are planned or active (to pick them on
 * leads) — the presenter hides budget and owner of those. Never another partner's.
 */
export function campaignScopeSql(scope: Scope, table = 'campaigns') {
  if (scope.kind === 'internal') return sql<boolean>`true`;
  const partner = sql.ref(`${table}.partner_id`);
  return sql<boolean>`(${partner} = ${scope.partnerId} or (${partner} is null and ${sql.ref(
    `${table}.status`,
  )} in (${sql.join([...LIVE_CAMPAIGN_STATUSES])})))`;
}

function scoped(db: Db, scope: Scope) {
  return db
    .selectFrom('campaigns')
    .leftJoin('users as ow', 'ow.id', 'campaigns.owner_id')
    .leftJoin('partners as p', 'p.id', 'campaigns.partner_id')
    .selectAll('campaigns')
    .select(['ow.name as owner_name', 'p.company_name as partner_name'])
    .where(campaignScopeSql(scope));
}

export type CampaignListRow = Awaited<ReturnType<ReturnType<typeof scoped>['execute']>>[number];

export function findCampaign(db: Db, scope: Scope, id: string) {
  return scoped(db, scope).where('campaigns.id', '=', id).executeTakeFirst();
}

function filtered(db: Db, scope: Scope, f: CampaignFilters) {
  let q = scoped(db, scope);
  if (f.q) q = q.where('campaigns.name', 'ilike', likePattern(f.q));
  if (f.type?.length) q = q.where('campaigns.type', 'in', f.type);
  if (f.status?.length) q = q.where('campaigns.status', 'in', f.status);
  if (f.active === 'true') q = q.where('campaigns.status', 'in', [...LIVE_CAMPAIGN_STATUSES]);
  if (f.active === 'false') q = q.where('campaigns.status', 'not in', [...LIVE_CAMPAIGN_STATUSES]);
  if (f.partnerId?.length) {
    const ids = f.partnerId.filter((p) => p !== 'vendor');
    const vendor = f.partnerId.includes('vendor');
    q = q.where((eb) =>
      eb.or([
        ...(ids.length ? [eb('campaigns.partner_id', 'in', ids)] : []),
        ...(vendor ? [eb('campaigns.partner_id', 'is', null)] : []),
      ]),
    );
  }
  return q;
}

export async function listCampaigns(
  db: Db,
  scope: Scope,
  f: CampaignFilters & { sort?: string; cursor?: string; limit: number },
) {
  const keys = parseSort(f.sort, CAMPAIGN_SORT_COLUMNS, 'name');
  let q = filtered(db, scope, f);
  const after = decodeCursor(f.cursor, keys.length + 1);
  if (after) q = q.where(keysetAfter(keys, 'campaigns.id', after));
  for (const k of keys) q = q.orderBy(orderTerm(k));
  const rows = await q
    .orderBy('campaigns.id')
    .limit(f.limit + 1)
    .execute();
  return { rows, keys };
}

export function insertCampaign(db: Db, values: Insertable<CampaignsTable>) {
  return db.insertInto('campaigns').values(values).returning('id').executeTakeFirstOrThrow();
}

export type CampaignPatch = Partial<
  Pick<
    Updateable<CampaignsTable>,
    | 'name'
    | 'type'
    | 'status'
    | 'start_date'
    | 'end_date'
    | 'budget'
    | 'currency'
    | 'description'
    | 'owner_id'
    | 'partner_id'
  >
>;

export async function updateCampaignVersioned(
  db: Db,
  id: string,
  version: number,
  patch: CampaignPatch,
) {
  const row = await db
    .updateTable('campaigns')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteCampaign(db: Db, id: string) {
  await db.deleteFrom('campaigns').where('id', '=', id).execute();
}

/** Every lead and opportunity that came from the campaign, whoever can see them. */
export async function campaignUsage(db: Db, id: string) {
  const { rows } = await sql<{ leads: number; opportunities: number }>`select
    (select count(*)::int from leads where campaign_id = ${id}) as leads,
    (select count(*)::int from opportunities where campaign_id = ${id}) as opportunities`.execute(
    db,
  );
  return rows[0]!;
}

// --- Checks on what a campaign names ------------------------------------------------------------

export async function campaignTypeExists(db: Db, key: string) {
  const row = await db
    .selectFrom('picklist_values')
    .select('active')
    .where('list', '=', 'campaign_type')
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? { active: row.active } : undefined;
}

export async function currencyExists(db: Db, code: string) {
  const row = await db
    .selectFrom('currencies')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst();
  return row !== undefined;
}

export async function partnerExists(db: Db, id: string) {
  const row = await db.selectFrom('partners').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** An active user who is internal, or works for `partnerId`. */
export async function ownerFits(db: Db, userId: string, partnerId: string | null) {
  const row = await db
    .selectFrom('users')
    .select(['partner_id'])
    .where('id', '=', userId)
    .where('active', '=', true)
    .executeTakeFirst();
  return row !== undefined && (row.partner_id === null || row.partner_id === partnerId);
}

// --- Figures ------------------------------------------------------------------------------------

/** `created_at` within [from, to] (UTC calendar dates, inclusive). */
function createdBetween(column: string, from?: string, to?: string) {
  const parts = [sql<boolean>`true`];
  if (from) parts.push(sql<boolean>`${sql.ref(column)} >= (${from}::date at time zone 'UTC')`);
  if (to) {
    parts.push(sql<boolean>`${sql.ref(column)} < ((${to}::date + 1) at time zone 'UTC')`);
  }
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

/** A lead counts as converted once conversion stamped it or it sits at the converted status. */
const CONVERTED = sql<boolean>`(l.converted_at is not null or ls.kind = 'converted')`;

export async function campaignLeadFigures(db: Db, scope: Scope, campaignId: string) {
  const { rows } = await sql<{
    key: string;
    label: string;
    kind: string;
    position: number;
    count: number;
    converted: number;
  }>`select ls.key, ls.label, ls.kind, ls.position, count(*)::int as count,
      count(*) filter (where ${CONVERTED})::int as converted
    from leads l join lead_statuses ls on ls.id = l.status_id
    where l.campaign_id = ${campaignId} and ${salesRecordScope(scope, 'lead', 'l')}
    group by ls.key, ls.label, ls.kind, ls.position
    order by ls.position`.execute(db);
  return rows;
}

/** Per stage, amounts converted to the base currency (amount / rate) and rounded to cents. */
export async function campaignOpportunityFigures(db: Db, scope: Scope, campaignId: string) {
  const { rows } = await sql<{
    key: string;
    label: string;
    kind: string;
    count: number;
    amount: string;
  }>`select s.key, s.label, s.kind, count(*)::int as count,
      round(coalesce(sum(o.amount / cu.rate), 0), 2)::text as amount
    from opportunities o
    join opportunity_stages s on s.id = o.stage_id
    join currencies cu on cu.code = o.currency
    where o.campaign_id = ${campaignId} and ${salesRecordScope(scope, 'opportunity', 'o')}
    group by s.key, s.label, s.kind, s.position
    order by s.position`.execute(db);
  return rows;
}

/**
 * The money side of a campaign summary, all in SQL numeric: pipeline, weighted pipeline, won
 * amount, the budget in the base currency and what each lead cost.
 */
export async function campaignMoney(
  db: Db,
  scope: Scope,
  campaignId: string,
  leads: { all: number; converted: number },
) {
  const { rows } = await sql<{
    open_pipeline: string;
    weighted_pipeline: string;
    won_amount: string;
    budget: string | null;
    cost_per_lead: string | null;
    cost_per_converted: string | null;
    roi: string | null;
  }>`with o as (
      select s.kind, s.probability, o.amount / cu.rate as base
      from opportunities o
      join opportunity_stages s on s.id = o.stage_id
      join currencies cu on cu.code = o.currency
      where o.campaign_id = ${campaignId} and ${salesRecordScope(scope, 'opportunity', 'o')}
    ), m as (
      select coalesce(sum(base) filter (where kind = 'open'), 0) as open_pipeline,
        coalesce(sum(base * probability / 100.0) filter (where kind = 'open'), 0) as weighted,
        coalesce(sum(base) filter (where kind = 'won'), 0) as won
      from o
    ), b as (
      select c.budget / cu.rate as budget from campaigns c join currencies cu on cu.code = c.currency
      where c.id = ${campaignId}
    )
    select round(m.open_pipeline, 2)::text as open_pipeline,
      round(m.weighted, 2)::text as weighted_pipeline,
      round(m.won, 2)::text as won_amount,
      round(b.budget, 2)::text as budget,
      round(b.budget / nullif(${leads.all}::int, 0), 2)::text as cost_per_lead,
      round(b.budget / nullif(${leads.converted}::int, 0), 2)::text as cost_per_converted,
      ((m.won - b.budget) / nullif(b.budget, 0))::float8::text as roi
    from m cross join b`.execute(db);
  return rows[0]!;
}

export type AttributionRowSql = {
  id: string;
  name: string;
  leads: number;
  converted_leads: number;
  opportunities: number;
  won_count: number;
  won_amount: string;
};

/**
 * Leads, converted leads, opportunities and won amounts per campaign or per partner, over the
 * records the scope may see, created in the period. Won amounts are converted to the base
 * currency and rounded per row; the total is the sum of the rows as shown.
 */
export async function attribution(
  db: Db,
  scope: Scope,
  q: { groupBy: 'campaign' | 'partner'; from?: string; to?: string },
) {
  const col = q.groupBy === 'campaign' ? 'campaign_id' : 'partner_id';
  const name =
    q.groupBy === 'campaign'
      ? scope.kind === 'partner'
        ? // A partner's leads should only name the vendor's or their own campaigns; anything
          // else stays unnamed rather than leak another partner's campaign.
          sql<string>`case when c.partner_id is null or c.partner_id = ${scope.partnerId}
            then c.name else 'Other campaign' end`
        : sql<string>`c.name`
      : sql<string>`p.company_name`;
  const join =
    q.groupBy === 'campaign'
      ? sql`join campaigns c on c.id = g.gid`
      : sql`join partners p on p.id = g.gid`;
  const { rows } = await sql<AttributionRowSql>`with l as (
      select l.${sql.ref(col)} as gid, count(*)::int as leads,
        count(*) filter (where ${CONVERTED})::int as converted
      from leads l join lead_statuses ls on ls.id = l.status_id
      where l.${sql.ref(col)} is not null and ${salesRecordScope(scope, 'lead', 'l')}
        and ${createdBetween('l.created_at', q.from, q.to)}
      group by 1
    ), o as (
      select o.${sql.ref(col)} as gid, count(*)::int as opportunities,
        count(*) filter (where s.kind = 'won')::int as won_count,
        round(coalesce(sum(o.amount / cu.rate) filter (where s.kind = 'won'), 0), 2) as won_amount
      from opportunities o
      join opportunity_stages s on s.id = o.stage_id
      join currencies cu on cu.code = o.currency
      where o.${sql.ref(col)} is not null and ${salesRecordScope(scope, 'opportunity', 'o')}
        and ${createdBetween('o.created_at', q.from, q.to)}
      group by 1
    ), g as (select gid from l union select gid from o)
    select g.gid::text as id, ${name} as name,
      coalesce(l.leads, 0) as leads, coalesce(l.converted, 0) as converted_leads,
      coalesce(o.opportunities, 0) as opportunities, coalesce(o.won_count, 0) as won_count,
      coalesce(o.won_amount, 0)::numeric(18, 2)::text as won_amount
    from g ${join}
    left join l on l.gid = g.gid
    left join o on o.gid = g.gid
    order by coalesce(o.won_amount, 0) desc, coalesce(l.leads, 0) desc, 2, 1`.execute(db);
  return rows;
}

/** The sum of the rows' won amounts, in SQL numeric (never float addition in JS). */
export async function sumAmounts(db: Db, amounts: string[]) {
  const { rows } = await sql<{ total: string }>`select coalesce(sum(a), 0)::numeric(18, 2)::text
    as total from unnest(${amounts}::numeric[]) as a`.execute(db);
  return rows[0]!.total;
}

export async function baseCurrency(db: Db) {
  const row = await db
    .selectFrom('currencies')
    .select('code')
    .where('is_base', '=', true)
    .executeTakeFirst();
  return row?.code ?? 'EUR';
}
