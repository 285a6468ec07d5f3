import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type {
  DB,
  PartnerApplicationRow,
  PartnerStatusValue,
  PartnerTypeValue,
  SlaTierValue,
} from '../../db/types';
import type { Scope } from '../../http/actor';
import { decodeCursor, keysetAfter, orderTerm, parseSort } from '../../http/pagination';
import { likePattern } from '../../http/search';

type Db = Kysely<DB> | Transaction<DB>;

// ---------------------------------------------------------------------------------------------
// Spam defences

/**
 * The named secret, created on first use. Every app node runs the same insert-if-missing and
 * then reads the row, so all of them agree on one value whichever created it.
 */
export async function secret(db: Db, name: string, fresh: () => string): Promise<string> {
  const read = () =>
    db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirst();
  const existing = await read();
  if (existing) return existing.value;
  await db
    .insertInto('app_secrets')
    .values({ name, value: fresh() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const created = await read();
  if (!created) throw new Error(`Secret ${name} could not be created`);
  return created.value;
}

/** Serialises submissions from one address, so the hourly count cannot be raced past. */
export async function lockAddress(trx: Transaction<DB>, ip: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`partner_application:${ip}`}))`.execute(trx);
}

/** Stored applications and refused attempts from one address since a moment, and the oldest. */
export async function attemptsSince(db: Db, ip: string, since: Date) {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('partner_applications')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('ip', '=', ip)
        .where('created_at', '>=', since)
        .as('applications'),
      eb
        .selectFrom('application_refusals')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('ip', '=', ip)
        .where('created_at', '>=', since)
        .as('refusals'),
      sql<Date | null>`least(
        (select min(created_at) from partner_applications where ip = ${ip} and created_at >= ${since}),
        (select min(created_at) from application_refusals where ip = ${ip} and created_at >= ${since})
      )`.as('oldest'),
    ])
    .executeTakeFirstOrThrow();
  const oldest = row.oldest === null ? null : new Date(row.oldest);
  return { count: Number(row.applications ?? 0) + Number(row.refusals ?? 0), oldest };
}

export async function recordRefusal(db: Db, ip: string, reason: 'honeypot' | 'token') {
  await db.insertInto('application_refusals').values({ ip, reason }).execute();
  // Only the last hour matters; older rows are dropped as new ones arrive.
  await db
    .deleteFrom('application_refusals')
    .where('created_at', '<', sql<Date>`now() - interval '1 day'`)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Applications

export type NewApplication = {
  business_name: string;
  street: string | null;
  city: string | null;
  postal_code: string | null;
  region: string | null;
  country_code: string;
  phone: string | null;
  website: string | null;
  domain: string | null;
  contact_name: string;
  contact_email: string;
  products_of_interest: string;
  requested_sla_tier: SlaTierValue;
  partner_type: PartnerTypeValue;
  message: string;
  ip: string;
  user_agent: string | null;
};

export function insertApplication(db: Db, v: NewApplication) {
  return db.insertInto('partner_applications').values(v).returningAll().executeTakeFirstOrThrow();
}

export type ApplicationListRow = PartnerApplicationRow & {
  reviewer_name: string | null;
  partner_company_name: string | null;
};

/** Applications are vendor-internal: a partner-side scope reads nothing. */
function scoped(db: Db, scope: Scope) {
  let q = db
    .selectFrom('partner_applications')
    .leftJoin('users as reviewer', 'reviewer.id', 'partner_applications.reviewed_by')
    .leftJoin(
      'partners as created_partner',
      'created_partner.id',
      'partner_applications.partner_id',
    )
    .selectAll('partner_applications')
    .select([
      'reviewer.name as reviewer_name',
      'created_partner.company_name as partner_company_name',
    ]);
  if (scope.kind !== 'internal') q = q.where(sql<SqlBool>`false`);
  return q;
}

export function findApplication(db: Db, scope: Scope, id: string) {
  return scoped(db, scope).where('partner_applications.id', '=', id).executeTakeFirst();
}

/** Locks the row for a decision: a concurrent reviewer waits here, then sees the outcome. */
export function lockApplication(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('partner_applications')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

const SORT = { createdAt: 'partner_applications.created_at' };

export async function listApplications(
  db: Db,
  scope: Scope,
  f: { status?: PartnerApplicationRow['status']; q?: string; cursor?: string; limit: number },
) {
  const keys = parseSort(undefined, SORT, '-createdAt');
  let q = scoped(db, scope);
  if (f.status) q = q.where('partner_applications.status', '=', f.status);
  if (f.q) {
    const p = likePattern(f.q);
    q = q.where((eb) =>
      eb.or([
        eb('partner_applications.business_name', 'ilike', p),
        eb('partner_applications.contact_name', 'ilike', p),
        eb('partner_applications.contact_email', 'ilike', p),
        eb('partner_applications.domain', 'ilike', p),
      ]),
    );
  }
  const after = decodeCursor(f.cursor, keys.length + 1);
  if (after) q = q.where(keysetAfter(keys, 'partner_applications.id', after));
  for (const k of keys) q = q.orderBy(orderTerm(k));
  const rows = await q
    .orderBy('partner_applications.id')
    .limit(f.limit + 1)
    .execute();
  return { rows, keys };
}

export async function countByStatus(db: Db, scope: Scope) {
  if (scope.kind !== 'internal') return {};
  const rows = await db
    .selectFrom('partner_applications')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<
    Record<PartnerApplicationRow['status'], number>
  >;
}

export type DuplicatePartnerRow = {
  id: string;
  company_name: string;
  domain: string | null;
  status: PartnerStatusValue;
};
export type DuplicateApplicationRow = {
  id: string;
  business_name: string;
  domain: string | null;
  created_at: Date;
};

/**
 * Possible duplicates for a page of applications in two queries: partners sharing a domain or a
 * company name (case-insensitive), and pending applications sharing a domain.
 */
export async function duplicateCandidates(
  db: Db,
  scope: Scope,
  apps: { domain: string | null; business_name: string }[],
) {
  if (scope.kind !== 'internal' || apps.length === 0) return { partners: [], applications: [] };
  const domains = [
    ...new Set(apps.map((a) => a.domain?.toLowerCase()).filter(Boolean)),
  ] as string[];
  const names = [...new Set(apps.map((a) => a.business_name.toLowerCase()))];
  const partners: DuplicatePartnerRow[] = await db
    .selectFrom('partners')
    .select(['id', 'company_name', 'domain', 'status'])
    .where((eb) => {
      const ors = [eb(sql<string>`lower(company_name)`, 'in', names)];
      if (domains.length) ors.push(eb(sql<string>`lower(domain)`, 'in', domains));
      return eb.or(ors);
    })
    .orderBy('company_name')
    .limit(200)
    .execute();
  const applications: (DuplicateApplicationRow & { status: string })[] = domains.length
    ? await db
        .selectFrom('partner_applications')
        .select(['id', 'business_name', 'domain', 'created_at', 'status'])
        .where('status', '=', 'pending')
        .where(sql<string>`lower(domain)`, 'in', domains)
        .orderBy('created_at', 'desc')
        .limit(200)
        .execute()
    : [];
  return { partners, applications };
}

export function markApproved(
  trx: Transaction<DB>,
  id: string,
  v: { reviewedBy: string; partnerId: string },
) {
  return trx
    .updateTable('partner_applications')
    .set({
      status: 'approved',
      reviewed_by: v.reviewedBy,
      reviewed_at: sql<Date>`now()`,
      partner_id: v.partnerId,
      version: sql<number>`version + 1`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

export function markDeclined(
  trx: Transaction<DB>,
  id: string,
  v: { reviewedBy: string; reason: string },
) {
  return trx
    .updateTable('partner_applications')
    .set({
      status: 'declined',
      reviewed_by: v.reviewedBy,
      reviewed_at: sql<Date>`now()`,
      decline_reason: v.reason,
      version: sql<number>`version + 1`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// What approval needs: levels, stages, channel managers, and the partner itself

export function listLevels(db: Db) {
  return db.selectFrom('partner_levels').select(['id', 'name', 'rank']).orderBy('rank').execute();
}

export function listStages(db: Db) {
  return db
    .selectFrom('activation_stages')
    .select(['id', 'name', 'position'])
    .orderBy('position')
    .execute();
}

export function listChannelManagers(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('role', '=', 'channel_manager')
    .where('active', '=', true)
    .orderBy('name')
    .orderBy('id')
    .limit(500)
    .execute();
}

export function findLevel(db: Db, id: string | undefined) {
  let q = db.selectFrom('partner_levels').select(['id', 'name']);
  q = id ? q.where('id', '=', id) : q.orderBy('rank').limit(1);
  return q.executeTakeFirst();
}

export function findStage(db: Db, id: string | undefined) {
  let q = db.selectFrom('activation_stages').select(['id', 'name']);
  q = id ? q.where('id', '=', id) : q.orderBy('position').limit(1);
  return q.executeTakeFirst();
}

export function findActiveChannelManager(db: Db, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where('role', '=', 'channel_manager')
    .where('active', '=', true)
    .executeTakeFirst();
}

/** The partner an approved application becomes: active, partner since today. */
export function insertPartnerFromApplication(
  trx: Transaction<DB>,
  a: PartnerApplicationRow,
  v: { levelId: string | null; activationStageId: string | null; channelManagerId: string | null },
) {
  return trx
    .insertInto('partners')
    .values({
      company_name: a.business_name,
      status: 'active',
      website: a.website,
      domain: a.domain,
      email: a.contact_email,
      phone: a.phone,
      street: a.street,
      city: a.city,
      postal_code: a.postal_code,
      region: a.region,
      country_code: a.country_code,
      partner_type: a.partner_type,
      sla_tier: a.requested_sla_tier,
      level_id: v.levelId,
      activation_stage_id: v.activationStageId,
      channel_manager_id: v.channelManagerId,
      partnership_date: sql<string>`current_date`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
