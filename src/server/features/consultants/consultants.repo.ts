import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Scope } from '../../http/actor';
import { decodeCursor, keysetAfter, orderTerm, parseSort } from '../../http/pagination';
import { likePattern } from '../../http/search';

type Db = Kysely<DB> | Transaction<DB>;

/** Sort fields → columns of the `c` subquery below (lower-cased so sorting ignores case). */
export const CONSULTANT_SORT_COLUMNS: Record<string, string> = {
  name: 'c.name_key',
  email: 'c.email',
  jobTitle: 'c.job_title_key',
  partner: 'c.partner_key',
  createdAt: 'c.created_at',
};

/**
 * Consultants the scope may read. Internal users: everyone. Partner admins: their company,
 * hidden and archived people included (they manage them). Partner reps: the people listed in
 * their company's list — visible and not archived.
 */
function base(db: Db, scope: Scope) {
  let q = db
    .selectFrom('consultants')
    .innerJoin('partners', 'partners.id', 'consultants.partner_id')
    .leftJoin('users', 'users.id', 'consultants.user_id')
    .selectAll('consultants')
    .select([
      'partners.company_name as partner_name',
      'users.role as portal_role',
      'users.active as portal_active',
      sql<string>`lower(consultants.last_name || ', ' || consultants.first_name)`.as('name_key'),
      sql<string | null>`lower(consultants.job_title)`.as('job_title_key'),
      sql<string>`lower(partners.company_name)`.as('partner_key'),
    ]);
  if (scope.kind === 'partner') {
    q = q.where('consultants.partner_id', '=', scope.partnerId);
    if (scope.role === 'partner_rep') {
      q = q.where('consultants.visible', '=', true).where('consultants.archived_at', 'is', null);
    }
  }
  return q;
}

function scoped(db: Db, scope: Scope) {
  return db.selectFrom(base(db, scope).as('c')).selectAll('c');
}

export type ConsultantListRow = Awaited<ReturnType<ReturnType<typeof scoped>['execute']>>[number];

export function findConsultant(db: Db, scope: Scope, id: string) {
  return scoped(db, scope).where('c.id', '=', id).executeTakeFirst();
}

export async function listConsultants(
  db: Db,
  scope: Scope,
  f: {
    partnerId?: string;
    q?: string;
    visible?: boolean;
    includeArchived?: boolean;
    archived?: boolean;
    hasPortalAccess?: boolean;
    tag?: string;
    sort?: string;
    cursor?: string;
    limit: number;
  },
) {
  const keys = parseSort(f.sort, CONSULTANT_SORT_COLUMNS, 'name');
  let q = scoped(db, scope);
  if (f.partnerId) q = q.where('c.partner_id', '=', f.partnerId);
  if (f.q) {
    const p = likePattern(f.q);
    q = q.where((eb) =>
      eb.or([
        eb(sql`c.first_name || ' ' || c.last_name`, 'ilike', p),
        eb(sql`c.last_name || ' ' || c.first_name`, 'ilike', p),
        eb('c.email', 'ilike', p),
        eb('c.job_title', 'ilike', p),
      ]),
    );
  }
  if (f.visible !== undefined) q = q.where('c.visible', '=', f.visible);
  if (f.archived === true) q = q.where('c.archived_at', 'is not', null);
  else if (f.archived === false || !f.includeArchived) q = q.where('c.archived_at', 'is', null);
  if (f.hasPortalAccess !== undefined) {
    q = q.where('c.user_id', f.hasPortalAccess ? 'is not' : 'is', null);
  }
  if (f.tag) q = q.where(sql<boolean>`${f.tag} = any(c.tags)`);
  const after = decodeCursor(f.cursor, keys.length + 1);
  if (after) q = q.where(keysetAfter(keys, 'c.id', after));
  for (const k of keys) q = q.orderBy(orderTerm(k));
  const rows = await q
    .orderBy('c.id')
    .limit(f.limit + 1)
    .execute();
  return { rows, keys };
}

/**
 * People whose name or email matches, across every partner the scope can see, so that the
 * reason someone is missing from one partner's list can be shown.
 */
export function lookupConsultants(db: Db, scope: Scope, q: string, limit: number) {
  const p = likePattern(q);
  return scoped(db, scope)
    .where((eb) =>
      eb.or([
        eb(sql`c.first_name || ' ' || c.last_name`, 'ilike', p),
        eb(sql`c.last_name || ' ' || c.first_name`, 'ilike', p),
        eb('c.email', 'ilike', p),
      ]),
    )
    .orderBy('c.name_key')
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

export function emailUsedAtPartner(
  db: Db,
  v: { partnerId: string; email: string; exceptId?: string },
) {
  let q = db
    .selectFrom('consultants')
    .select('id')
    .where('partner_id', '=', v.partnerId)
    .where(sql`lower(email)`, '=', v.email.toLowerCase());
  if (v.exceptId) q = q.where('id', '!=', v.exceptId);
  return q.executeTakeFirst();
}

export function partnerName(db: Db, partnerId: string) {
  return db
    .selectFrom('partners')
    .select(['id', 'company_name'])
    .where('id', '=', partnerId)
    .executeTakeFirst();
}

export function insertConsultant(
  db: Db,
  v: {
    partner_id: string;
    first_name: string;
    last_name: string;
    email: string;
    phone: string | null;
    mobile: string | null;
    job_title: string | null;
    tags: string[];
    visible: boolean;
  },
) {
  return db.insertInto('consultants').values(v).returning('id').executeTakeFirstOrThrow();
}

export type ConsultantPatch = {
  partner_id?: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  phone?: string | null;
  mobile?: string | null;
  job_title?: string | null;
  tags?: string[];
  visible?: boolean;
  archived_at?: Date | null;
  user_id?: string | null;
};

/** Applies a change only if nobody changed the row since `version` was read. */
export function updateConsultantVersioned(
  db: Db,
  id: string,
  version: number,
  patch: ConsultantPatch,
) {
  return db
    .updateTable('consultants')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

/** Changes that do not come from an edit form (archive, restore, portal link): no version check. */
export function updateConsultant(db: Db, id: string, patch: ConsultantPatch) {
  return db
    .updateTable('consultants')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
}

/** Consultants in scope with one of these (lower-cased) emails, with their partner's name. */
export function consultantsByEmails(db: Db, scope: Scope, emails: string[]) {
  return scoped(db, scope)
    .where(sql`lower(c.email)`, 'in', emails)
    .execute();
}

/** Consultants in scope with one of these (lower-cased) last names, with their partner's name. */
export function consultantsByLastNames(db: Db, scope: Scope, lastNames: string[]) {
  return scoped(db, scope)
    .where(sql`lower(c.last_name)`, 'in', lastNames)
    .execute();
}

/** Of these ids, the consultants that exist and are in scope. */
export async function visibleConsultantIds(db: Db, scope: Scope, ids: string[]) {
  const rows = await scoped(db, scope).where('c.id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Locks the row for the rest of the transaction; unscoped (the caller checks the scope). */
export function lockConsultant(db: Db, id: string) {
  return db
    .selectFrom('consultants')
    .select(['id', 'version', 'partner_id', 'user_id'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function deleteConsultant(db: Db, id: string) {
  await db.deleteFrom('consultants').where('id', '=', id).execute();
}

/** Whether activities name this person (a delete would silently take their name off them). */
export async function consultantInUse(db: Db, id: string) {
  const row = await db
    .selectFrom('activities')
    .select('id')
    .where('consultant_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
