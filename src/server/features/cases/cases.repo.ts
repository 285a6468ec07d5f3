import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { CasesTable, DB } from '../../db/types';
import type { Scope } from '../../http/actor';
import { decodeCursor, keysetAfter, orderTerm, parseSort } from '../../http/pagination';
import { likePattern } from '../../http/search';
import { OPEN_CASE_STATUSES, type CaseFilters } from '../../../shared/cases';
import { accountScopeSql, caseScopeSql } from '../accounts/accounts.repo';

type Db = Kysely<DB> | Transaction<DB>;

export const CASE_SORT_COLUMNS: Record<string, string> = {
  createdAt: 'cases.created_at',
  updatedAt: 'cases.updated_at',
  number: 'cases.number',
  subject: 'cases.subject',
};

/**
 * Cases the scope may see (same rule as accounts, on the case's own managing partner and
 * partner person). The account and contact are named only when the caller may see that
 * account too: a case handed to a partner must not reveal a customer outside their reach.
 */
function scoped(db: Db, scope: Scope) {
  return db
    .selectFrom('cases')
    .leftJoin('accounts', (j) =>
      j.onRef('accounts.id', '=', 'cases.account_id').on(accountScopeSql(scope)),
    )
    .leftJoin('contacts as ct', (j) =>
      j.onRef('ct.id', '=', 'cases.contact_id').onRef('ct.account_id', '=', 'accounts.id'),
    )
    .leftJoin('partners as mp', 'mp.id', 'cases.managed_by_partner_id')
    .leftJoin('users as pu', (j) =>
      j
        .onRef('pu.id', '=', 'cases.partner_user_id')
        .onRef('pu.partner_id', '=', 'cases.managed_by_partner_id'),
    )
    .leftJoin('users as ow', 'ow.id', 'cases.owner_id')
    .selectAll('cases')
    .select([
      'accounts.id as visible_account_id',
      'accounts.name as account_name',
      'ct.id as visible_contact_id',
      sql<string | null>`ct.first_name || ' ' || ct.last_name`.as('contact_name'),
      'mp.company_name as managed_by_partner_name',
      'pu.name as partner_user_name',
      'ow.name as owner_name',
    ])
    .where(caseScopeSql(scope));
}

export type CaseListRow = Awaited<ReturnType<ReturnType<typeof scoped>['execute']>>[number];

export function findCase(db: Db, scope: Scope, id: string) {
  return scoped(db, scope).where('cases.id', '=', id).executeTakeFirst();
}

function filtered(db: Db, scope: Scope, f: CaseFilters) {
  let q = scoped(db, scope);
  if (f.q) {
    const p = likePattern(f.q);
    const digits = /^\s*(?:case-)?0*(\d{1,15})\s*$/i.exec(f.q);
    // "CASE-000123" or "123" finds the case by its number as well as by words in the subject.
    q = digits
      ? q.where((eb) =>
          eb.or([eb('cases.subject', 'ilike', p), eb('cases.number', '=', Number(digits[1]))]),
        )
      : q.where('cases.subject', 'ilike', p);
  }
  if (f.status?.length) q = q.where('cases.status', 'in', f.status);
  if (f.open === 'true') q = q.where('cases.status', 'in', [...OPEN_CASE_STATUSES]);
  if (f.open === 'false') q = q.where('cases.status', 'not in', [...OPEN_CASE_STATUSES]);
  if (f.priority?.length) q = q.where('cases.priority', 'in', f.priority);
  if (f.managedByPartnerId?.length)
    q = q.where('cases.managed_by_partner_id', 'in', f.managedByPartnerId);
  if (f.accountId?.length) q = q.where('cases.account_id', 'in', f.accountId);
  if (f.contactId?.length) q = q.where('cases.contact_id', 'in', f.contactId);
  if (f.ownerId?.length) q = q.where('cases.owner_id', 'in', f.ownerId);
  return q;
}

export async function listCases(
  db: Db,
  scope: Scope,
  f: CaseFilters & { sort?: string; cursor?: string; limit: number },
) {
  const keys = parseSort(f.sort, CASE_SORT_COLUMNS, '-createdAt');
  let q = filtered(db, scope, f);
  const after = decodeCursor(f.cursor, keys.length + 1);
  if (after) q = q.where(keysetAfter(keys, 'cases.id', after));
  for (const k of keys) q = q.orderBy(orderTerm(k));
  const rows = await q
    .orderBy('cases.id')
    .limit(f.limit + 1)
    .execute();
  return { rows, keys };
}

export async function countCases(db: Db, scope: Scope, f: CaseFilters) {
  const r = await filtered(db, scope, f)
    .clearSelect()
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return r.n;
}

export function insertCase(db: Db, values: Insertable<CasesTable>) {
  return db.insertInto('cases').values(values).returning('id').executeTakeFirstOrThrow();
}

export type CasePatch = Partial<
  Pick<
    Updateable<CasesTable>,
    | 'subject'
    | 'status'
    | 'priority'
    | 'account_id'
    | 'contact_id'
    | 'managed_by_partner_id'
    | 'partner_user_id'
    | 'owner_id'
    | 'closed_at'
    | 'description'
  >
>;

export function updateCaseVersioned(db: Db, id: string, version: number, patch: CasePatch) {
  return db
    .updateTable('cases')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id', 'closed_at'])
    .executeTakeFirst();
}

export function deleteCase(db: Db, id: string) {
  return db.deleteFrom('cases').where('id', '=', id).executeTakeFirst();
}
