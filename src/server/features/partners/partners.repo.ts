import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, PartnerRow } from '../../db/types';
import type { Scope } from '../../http/actor';
import { decodeCursor, keysetAfter, orderTerm, parseSort } from '../../http/pagination';
import { likePattern } from '../../http/search';

type Db = Kysely<DB> | Transaction<DB>;

export const PARTNER_SORT_COLUMNS: Record<string, string> = {
  companyName: 'partners.company_name',
  createdAt: 'partners.created_at',
  status: 'partners.status',
};

/** Internal users see every partner; a partner user only their own company. */
function scoped(db: Db, scope: Scope) {
  let q = db.selectFrom('partners').selectAll('partners');
  if (scope.kind === 'partner') q = q.where('partners.id', '=', scope.partnerId);
  return q;
}

export function findPartner(db: Db, scope: Scope, id: string) {
  return scoped(db, scope).where('partners.id', '=', id).executeTakeFirst();
}

export async function listPartners(
  db: Db,
  scope: Scope,
  f: { q?: string; status?: PartnerRow['status']; sort?: string; cursor?: string; limit: number },
) {
  const keys = parseSort(f.sort, PARTNER_SORT_COLUMNS, 'companyName');
  let q = scoped(db, scope);
  if (f.q) q = q.where('partners.company_name', 'ilike', likePattern(f.q));
  if (f.status) q = q.where('partners.status', '=', f.status);
  const after = decodeCursor(f.cursor, keys.length + 1);
  if (after) q = q.where(keysetAfter(keys, 'partners.id', after));
  for (const k of keys) q = q.orderBy(orderTerm(k));
  const rows = await q
    .orderBy('partners.id')
    .limit(f.limit + 1)
    .execute();
  return { rows, keys };
}

export function insertPartner(db: Db, v: { companyName: string; status?: PartnerRow['status'] }) {
  return db
    .insertInto('partners')
    .values({ company_name: v.companyName, ...(v.status ? { status: v.status } : {}) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updatePartnerVersioned(
  db: Db,
  id: string,
  version: number,
  patch: { company_name?: string; status?: PartnerRow['status'] },
) {
  return db
    .updateTable('partners')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function countPartnersByStatus(db: Db, scope: Scope) {
  const rows = await scoped(db, scope)
    .clearSelect()
    .select(['partners.status', sql<number>`count(*)::int`.as('n')])
    .groupBy('partners.status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
