import {
  sql,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type SqlBool,
  type Transaction,
  type Updateable,
} from 'kysely';
import type { DB, PartnersTable, PartnerStatusValue } from '../../db/types';
import type { Scope } from '../../http/actor';
import {
  decodeCursor,
  keysetAfter,
  orderTerm,
  parseSort,
  type SortKey,
} from '../../http/pagination';
import { likePattern } from '../../http/search';
import type { PartnerFilters } from '../../../shared/partners';
import { firstLevelId, firstStageId } from '../partner-program/partner-program.repo';

type Db = Kysely<DB> | Transaction<DB>;

export const PARTNER_SORT_COLUMNS: Record<string, string> = {
  companyName: 'partners.company_name',
  createdAt: 'partners.created_at',
  status: 'partners.status',
  type: 'partners.partner_type',
  level: 'partner_levels.rank',
  activationStage: 'activation_stages.position',
  countryCode: 'partners.country_code',
  nextReviewDate: 'partners.next_review_date',
  partnershipDate: 'partners.partnership_date',
};

/** The scope as a condition: internal users see every partner, a partner user their own. */
function scopeCondition(scope: Scope): RawBuilder<SqlBool> {
  return scope.kind === 'partner'
    ? sql<SqlBool>`partners.id = ${scope.partnerId}`
    : sql<SqlBool>`true`;
}

const inList = (column: string, values: readonly string[]) =>
  sql<SqlBool>`${sql.ref(column)} in (${sql.join(values)})`;

/**
 * The data view's filters as one SQL condition, shared by the list, its count and the CSV
 * export so the three can never disagree. Only partners' own columns are used, so it applies to
 * any query over `partners`.
 */
export function filterCondition(f: PartnerFilters): RawBuilder<SqlBool> {
  const c: RawBuilder<SqlBool>[] = [];
  if (f.q) {
    const p = likePattern(f.q);
    c.push(sql<SqlBool>`(partners.company_name ilike ${p} or partners.legal_name ilike ${p}
      or partners.domain ilike ${p} or partners.email ilike ${p} or partners.city ilike ${p})`);
  }
  if (f.levelId?.length) c.push(inList('partners.level_id', f.levelId));
  if (f.activationStageId?.length)
    c.push(inList('partners.activation_stage_id', f.activationStageId));
  if (f.type?.length) c.push(inList('partners.partner_type', f.type));
  if (f.status?.length) c.push(inList('partners.status', f.status));
  if (f.channelManagerId?.length) c.push(inList('partners.channel_manager_id', f.channelManagerId));
  if (f.countryCode?.length) c.push(inList('partners.country_code', f.countryCode));
  // Any of the tags: the GIN index answers `&&`.
  if (f.tag?.length) c.push(sql<SqlBool>`partners.tags && ${f.tag}::text[]`);
  // Calendar dates are whole UTC days, both ends included.
  if (f.createdFrom)
    c.push(
      sql<SqlBool>`partners.created_at >= (${f.createdFrom}::date)::timestamp at time zone 'UTC'`,
    );
  if (f.createdTo)
    c.push(
      sql<SqlBool>`partners.created_at < (${f.createdTo}::date + 1)::timestamp at time zone 'UTC'`,
    );
  if (f.nextReviewFrom)
    c.push(sql<SqlBool>`partners.next_review_date >= ${f.nextReviewFrom}::date`);
  if (f.nextReviewTo) c.push(sql<SqlBool>`partners.next_review_date <= ${f.nextReviewTo}::date`);
  const archivedWanted = f.includeArchived === 'true' || f.status?.includes('archived');
  if (!archivedWanted) c.push(sql<SqlBool>`partners.status <> 'archived'`);
  return c.length ? sql<SqlBool>`(${sql.join(c, sql` and `)})` : sql<SqlBool>`true`;
}

/** A partner with the names of its level, stage and channel manager. */
function withNames(db: Db) {
  return db
    .selectFrom('partners')
    .leftJoin('partner_levels', 'partner_levels.id', 'partners.level_id')
    .leftJoin('activation_stages', 'activation_stages.id', 'partners.activation_stage_id')
    .leftJoin('users as cm', 'cm.id', 'partners.channel_manager_id')
    .selectAll('partners')
    .select([
      'partner_levels.name as level_name',
      'partner_levels.rank as level_rank',
      'activation_stages.name as stage_name',
      'activation_stages.position as stage_position',
      'cm.name as cm_name',
      'cm.email as cm_email',
    ]);
}

function scoped(db: Db, scope: Scope) {
  return withNames(db).where(scopeCondition(scope));
}

export type PartnerListRow = Awaited<ReturnType<ReturnType<typeof scoped>['execute']>>[number];

export function findPartner(db: Db, scope: Scope, id: string) {
  return scoped(db, scope).where('partners.id', '=', id).executeTakeFirst();
}

/** Unscoped: only for re-reading a row the caller was already allowed to change. */
export function findPartnerById(db: Db, id: string) {
  return withNames(db).where('partners.id', '=', id).executeTakeFirst();
}

/** Locks the row for the rest of the transaction (archive, restore and delete race otherwise). */
export function findPartnerForUpdate(db: Db, scope: Scope, id: string) {
  return scoped(db, scope).where('partners.id', '=', id).forUpdate('partners').executeTakeFirst();
}

export function sortKeys(sort: string | undefined): SortKey[] {
  return parseSort(sort, PARTNER_SORT_COLUMNS, 'companyName');
}

/** The value a row has for a sort field, as the cursor stores it. */
export function sortValue(row: PartnerListRow, field: string): unknown {
  switch (field) {
    case 'companyName':
      return row.company_name;
    case 'createdAt':
      return row.created_at;
    case 'status':
      return row.status;
    case 'type':
      return row.partner_type;
    case 'level':
      return row.level_rank;
    case 'activationStage':
      return row.stage_position;
    case 'countryCode':
      return row.country_code;
    case 'nextReviewDate':
      return row.next_review_date;
    case 'partnershipDate':
      return row.partnership_date;
    default:
      return null;
  }
}

export async function listPartners(
  db: Db,
  scope: Scope,
  f: PartnerFilters & { sort?: string; cursor?: string; limit: number },
) {
  const keys = sortKeys(f.sort);
  let q = scoped(db, scope).where(filterCondition(f));
  const after = decodeCursor(f.cursor, keys.length + 1);
  if (after) q = q.where(keysetAfter(keys, 'partners.id', after));
  for (const k of keys) q = q.orderBy(orderTerm(k));
  const rows = await q
    .orderBy('partners.id')
    .limit(f.limit + 1)
    .execute();
  return { rows, keys };
}

export async function countPartners(db: Db, scope: Scope, f: PartnerFilters) {
  const row = await db
    .selectFrom('partners')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(scopeCondition(scope))
    .where(filterCondition(f))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Partners with the same name (any case, trimmed) or the same web domain. */
export function findDuplicates(
  db: Db,
  scope: Scope,
  m: { name: string | null; domain: string | null; excludeId?: string },
) {
  const ors: RawBuilder<SqlBool>[] = [];
  if (m.name) ors.push(sql<SqlBool>`lower(partners.company_name) = lower(${m.name})`);
  if (m.domain) ors.push(sql<SqlBool>`lower(partners.domain) = lower(${m.domain})`);
  let q = db
    .selectFrom('partners')
    .select(['partners.id', 'partners.company_name', 'partners.domain', 'partners.status'])
    .where(scopeCondition(scope))
    .where(sql<SqlBool>`(${sql.join(ors, sql` or `)})`);
  if (m.excludeId) q = q.where('partners.id', '<>', m.excludeId);
  return q.orderBy('partners.company_name').orderBy('partners.id').limit(20).execute();
}

type PartnerInsert = Omit<Insertable<PartnersTable>, 'company_name' | 'status'>;

/**
 * A new partner. Without a level or stage it starts at the lowest level and the first stage,
 * as the program's newest partners do.
 */
export async function insertPartner(
  db: Db,
  v: { companyName: string; status?: PartnerStatusValue } & PartnerInsert,
) {
  const { companyName, status, level_id, activation_stage_id, ...rest } = v;
  const { id } = await db
    .insertInto('partners')
    .values({
      ...rest,
      company_name: companyName,
      ...(status ? { status } : {}),
      level_id: level_id ?? firstLevelId(),
      activation_stage_id: activation_stage_id ?? firstStageId(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return withNames(db).where('partners.id', '=', id).executeTakeFirstOrThrow();
}

export type PartnerPatch = Omit<
  Updateable<PartnersTable>,
  'id' | 'version' | 'created_at' | 'updated_at'
>;

export async function updatePartnerVersioned(
  db: Db,
  id: string,
  version: number,
  patch: PartnerPatch,
) {
  const row = await db
    .updateTable('partners')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function countPartnersByStatus(db: Db, scope: Scope) {
  const rows = await db
    .selectFrom('partners')
    .select(['partners.status', sql<number>`count(*)::int`.as('n')])
    .where(scopeCondition(scope))
    .groupBy('partners.status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Whether the id names an active internal user who may own partners. */
export async function isEligibleChannelManager(db: Db, userId: string) {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('active', '=', true)
    .where('role', 'in', ['admin', 'channel_manager'])
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The counts on the detail page's tabs, in one statement. A partner rep counts only the people,
 * accounts and cases that are theirs, as their lists show them. No row: out of scope.
 */
export async function partnerCounts(db: Db, scope: Scope, id: string) {
  const rep = scope.kind === 'partner' && scope.role === 'partner_rep' ? scope.userId : null;
  const mine = (column: string) => (rep ? sql`and ${sql.ref(column)} = ${rep}` : sql``);
  const { rows } = await sql<{
    consultants: number;
    partner_users: number;
    accounts: number;
    cases: number;
    open_cases: number;
    activities: number;
    comments: number;
  }>`select
      (select count(*)::int from consultants c
        where c.partner_id = partners.id and c.archived_at is null and c.visible) as consultants,
      (select count(*)::int from users u
        where u.partner_id = partners.id and u.active ${mine('u.id')}) as partner_users,
      (select count(*)::int from accounts a
        where a.managed_by_partner_id = partners.id ${mine('a.partner_user_id')}) as accounts,
      (select count(*)::int from cases k
        where k.managed_by_partner_id = partners.id ${mine('k.partner_user_id')}) as cases,
      (select count(*)::int from cases k
        where k.managed_by_partner_id = partners.id and k.status not in ('resolved', 'closed')
        ${mine('k.partner_user_id')}) as open_cases,
      (select count(*)::int from activities x
        where x.record_type = 'partner' and x.record_id = partners.id) as activities,
      (select count(*)::int from comments m
        where m.record_type = 'partner' and m.record_id = partners.id and m.deleted_at is null) as comments
    from partners where partners.id = ${id} and ${scopeCondition(scope)}`.execute(db);
  return rows[0];
}

/** Everything a permanent delete would remove or detach, counted in one statement. */
export async function deleteImpactCounts(db: Db, id: string) {
  const { rows } = await sql<{
    consultants: number;
    partner_users: number;
    accounts: number;
    cases: number;
    activities: number;
    comments: number;
  }>`select
      (select count(*)::int from consultants where partner_id = ${id}) as consultants,
      (select count(*)::int from users where partner_id = ${id}) as partner_users,
      (select count(*)::int from accounts where managed_by_partner_id = ${id}) as accounts,
      (select count(*)::int from cases where managed_by_partner_id = ${id}) as cases,
      (select count(*)::int from activities where record_type = 'partner' and record_id = ${id}) as activities,
      (select count(*)::int from comments
        where record_type = 'partner' and record_id = ${id} and deleted_at is null) as comments`.execute(
    db,
  );
  return rows[0]!;
}

/**
 * Records that must keep their partner, so they block a permanent delete. Leads, opportunities
 * and the money trail (sales orders, invoices, commission lines, purchase orders) arrive with
 * later features: until their tables exist nothing can reference a partner there, so each count
 * is 0. Each becomes a real count here when its table lands, and the service already turns any
 * non-zero count into a blocker.
 */
/** Records that keep a partner from being deleted permanently: its deals and its money. */
export async function blockingCounts(db: Db, id: string) {
  const r = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('leads')
        .select(eb.fn.countAll<number>().as('n'))
        .where('leads.partner_id', '=', id)
        .as('leads'),
      eb
        .selectFrom('opportunities')
        .select(eb.fn.countAll<number>().as('n'))
        .where((w) =>
          w.or([
            w('opportunities.partner_id', '=', id),
            w.exists(
              w
                .selectFrom('opportunity_partners')
                .select('opportunity_partners.partner_id')
                .whereRef('opportunity_partners.opportunity_id', '=', 'opportunities.id')
                .where('opportunity_partners.partner_id', '=', id),
            ),
          ]),
        )
        .as('opportunities'),
    ])
    .executeTakeFirstOrThrow();
  // Commission and payout records arrive with the commission feature.
  return { leads: Number(r.leads), opportunities: Number(r.opportunities), financialRecords: 0 };
}

/** Ends every session of the partner's users (their tokens stop resolving on their own). */
export async function deleteSessionsOfPartner(db: Db, partnerId: string) {
  await db
    .deleteFrom('sessions')
    .where('user_id', 'in', db.selectFrom('users').select('id').where('partner_id', '=', partnerId))
    .execute();
}

/**
 * Removes a partner and what belongs only to it. Customers (accounts, cases) and activities or
 * comments on them stay and lose the partner; the partner's own people, its portal users (with
 * their sessions, tokens, invitations, saved views and notifications, by cascade) and the
 * activities and comments on the partner record go.
 */
export async function deletePartnerPermanently(db: Db, id: string) {
  const users = db.selectFrom('users').select('id').where('partner_id', '=', id);
  await db
    .updateTable('accounts')
    .set({ managed_by_partner_id: null, partner_user_id: null, updated_at: sql`now()` })
    .where('managed_by_partner_id', '=', id)
    .execute();
  await db
    .updateTable('cases')
    .set({ managed_by_partner_id: null, partner_user_id: null, updated_at: sql`now()` })
    .where('managed_by_partner_id', '=', id)
    .execute();
  await db
    .deleteFrom('activities')
    .where('record_type', '=', 'partner')
    .where('record_id', '=', id)
    .execute();
  // partner_id on other records' activities and comments would cascade them away otherwise.
  await db
    .updateTable('activities')
    .set({ partner_id: null })
    .where('partner_id', '=', id)
    .execute();
  await db
    .deleteFrom('comments')
    .where('record_type', '=', 'partner')
    .where('record_id', '=', id)
    .execute();
  await db.updateTable('comments').set({ partner_id: null }).where('partner_id', '=', id).execute();
  await db.deleteFrom('consultants').where('partner_id', '=', id).execute();
  await db.deleteFrom('saved_views').where('owner_id', 'in', users).execute();
  // Invitations the partner's admins sent keep existing for their invitees' sake, without sender.
  await db
    .updateTable('invitations')
    .set({ created_by: null })
    .where('created_by', 'in', users)
    .execute();
  await db.deleteFrom('users').where('partner_id', '=', id).execute();
  await db.deleteFrom('partners').where('id', '=', id).execute();
}

/** Partners in scope whose company name is one of these (lower-cased) names: import matching. */
export function partnersByCompanyNames(db: Db, scope: Scope, names: string[]) {
  return db
    .selectFrom('partners')
    .select(['partners.id', 'partners.company_name'])
    .where(scopeCondition(scope))
    .where(sql`lower(partners.company_name)`, 'in', names)
    .execute();
}

/** Partners in scope whose email is one of these (lower-cased) addresses: import matching. */
export function partnersByEmails(db: Db, scope: Scope, emails: string[]) {
  return db
    .selectFrom('partners')
    .select(['partners.id', sql<string>`lower(partners.email)`.as('email')])
    .where(scopeCondition(scope))
    .where(sql`lower(partners.email)`, 'in', emails)
    .execute();
}

/** Of these ids, the partners that exist and are in scope. */
export async function visiblePartnerIds(db: Db, scope: Scope, ids: string[]) {
  const rows = await db
    .selectFrom('partners')
    .select('partners.id')
    .where(scopeCondition(scope))
    .where('partners.id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Partners whose lower-cased company name is one of the names. */
export function partnersNamed(db: Db, names: string[]) {
  if (names.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('partners')
    .select(['id', sql<string>`lower(company_name)`.as('name')])
    .where(sql`lower(company_name)`, 'in', names)
    .execute();
}
