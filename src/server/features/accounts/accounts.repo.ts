import {
  sql,
  type Insertable,
  type Kysely,
  type SqlBool,
  type Transaction,
  type Updateable,
} from 'kysely';
import type { AccountsTable, DB } from '../../db/types';
import type { Scope } from '../../http/actor';
import { decodeCursor, keysetAfter, orderTerm, parseSort } from '../../http/pagination';
import { likePattern } from '../../http/search';
import { insertJsonRows, jsonRows } from '../../db/json-rows';
import type { AccountFilters } from '../../../shared/accounts';

type Db = Kysely<DB> | Transaction<DB>;

export const ACCOUNT_SORT_COLUMNS: Record<string, string> = {
  name: 'accounts.name',
  createdAt: 'accounts.created_at',
  updatedAt: 'accounts.updated_at',
  industry: 'accounts.industry',
  countryCode: 'accounts.country_code',
  domain: 'accounts.domain',
};

/**
 * Accounts the scope may see: internal users all of them; a partner admin those their company
 * manages; a partner rep only those of their company assigned to them.
 */
export function accountScopeSql(scope: Scope, table = 'accounts') {
  if (scope.kind === 'internal') return sql<SqlBool>`true`;
  const t = sql.table(table);
  if (scope.role === 'partner_admin') {
    return sql<SqlBool>`${t}.managed_by_partner_id = ${scope.partnerId}`;
  }
  return sql<SqlBool>`(${t}.managed_by_partner_id = ${scope.partnerId} and ${t}.partner_user_id = ${scope.userId})`;
}

/** The same rule for cases, which carry their own managing partner and partner person. */
export function caseScopeSql(scope: Scope, table = 'cases') {
  return accountScopeSql(scope, table);
}

function scoped(db: Db, scope: Scope) {
  return (
    db
      .selectFrom('accounts')
      .leftJoin('partners as mp', 'mp.id', 'accounts.managed_by_partner_id')
      // A partner person is shown only while they belong to the managing partner.
      .leftJoin('users as pu', (j) =>
        j
          .onRef('pu.id', '=', 'accounts.partner_user_id')
          .onRef('pu.partner_id', '=', 'accounts.managed_by_partner_id'),
      )
      .leftJoin('users as ow', 'ow.id', 'accounts.owner_id')
      .selectAll('accounts')
      .select([
        'mp.company_name as managed_by_partner_name',
        'pu.name as partner_user_name',
        'ow.name as owner_name',
        sql<number>`(select count(*)::int from contacts c where c.account_id = accounts.id)`.as(
          'contact_count',
        ),
        sql<number>`(select count(*)::int from cases where cases.account_id = accounts.id
          and cases.status in ('new', 'open', 'pending') and ${caseScopeSql(scope)})`.as(
          'open_case_count',
        ),
      ])
      .where(accountScopeSql(scope))
  );
}

export type AccountListRow = Awaited<ReturnType<ReturnType<typeof scoped>['execute']>>[number];

export function findAccount(db: Db, scope: Scope, id: string) {
  return scoped(db, scope).where('accounts.id', '=', id).executeTakeFirst();
}

function filtered(db: Db, scope: Scope, f: AccountFilters) {
  let q = scoped(db, scope);
  if (f.q) {
    const p = likePattern(f.q);
    q = q.where((eb) =>
      eb.or([eb('accounts.name', 'ilike', p), eb('accounts.domain', 'ilike', p)]),
    );
  }
  if (f.managedByPartnerId?.length)
    q = q.where('accounts.managed_by_partner_id', 'in', f.managedByPartnerId);
  if (f.industry?.length)
    q = q.where(
      sql`lower(accounts.industry)`,
      'in',
      f.industry.map((i) => i.toLowerCase()),
    );
  if (f.companySize?.length) q = q.where('accounts.company_size', 'in', f.companySize);
  if (f.countryCode?.length) q = q.where('accounts.country_code', 'in', f.countryCode);
  if (f.ownerId?.length) q = q.where('accounts.owner_id', 'in', f.ownerId);
  return q;
}

export async function listAccounts(
  db: Db,
  scope: Scope,
  f: AccountFilters & { sort?: string; cursor?: string; limit: number },
) {
  const keys = parseSort(f.sort, ACCOUNT_SORT_COLUMNS, 'name');
  let q = filtered(db, scope, f);
  const after = decodeCursor(f.cursor, keys.length + 1);
  if (after) q = q.where(keysetAfter(keys, 'accounts.id', after));
  for (const k of keys) q = q.orderBy(orderTerm(k));
  const rows = await q
    .orderBy('accounts.id')
    .limit(f.limit + 1)
    .execute();
  return { rows, keys };
}

export async function countAccounts(db: Db, scope: Scope, f: AccountFilters) {
  const r = await filtered(db, scope, f)
    .clearSelect()
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return r.n;
}

export function insertAccount(db: Db, values: Insertable<AccountsTable>) {
  return db.insertInto('accounts').values(values).returning('id').executeTakeFirstOrThrow();
}

export type AccountPatch = Partial<
  Pick<
    Updateable<AccountsTable>,
    | 'name'
    | 'domain'
    | 'industry'
    | 'company_size'
    | 'country_code'
    | 'managed_by_partner_id'
    | 'partner_user_id'
    | 'owner_id'
  >
>;

export function updateAccountVersioned(db: Db, id: string, version: number, patch: AccountPatch) {
  return db
    .updateTable('accounts')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

/** What still points at an account, whatever the caller's scope: a delete must not orphan it. */
export async function accountDependents(db: Db, id: string) {
  const r = await db
    .selectNoFrom([
      sql<number>`(select count(*)::int from contacts where account_id = ${id})`.as('contacts'),
      sql<number>`(select count(*)::int from cases where account_id = ${id})`.as('cases'),
    ])
    .executeTakeFirstOrThrow();
  return r;
}

export function deleteAccount(db: Db, id: string) {
  return db.deleteFrom('accounts').where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// People referenced by customers

export function partnerById(db: Db, id: string) {
  return db
    .selectFrom('partners')
    .select(['id', 'company_name'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function userById(db: Db, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'partner_id', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Many accounts at a time (imports)

/** The columns an account's form (or an import row) decides, with their SQL types. */
const ACCOUNT_VALUE_TYPES = {
  name: 'text',
  domain: 'text',
  industry: 'text',
  company_size: 'text',
  country_code: 'text',
  managed_by_partner_id: 'uuid',
  partner_user_id: 'uuid',
  owner_id: 'uuid',
} as const;
export type AccountValueColumn = keyof typeof ACCOUNT_VALUE_TYPES;

const accountValues = (db: Db, scope: Scope, ids: string[]) =>
  db
    .selectFrom('accounts')
    .select([
      'accounts.id',
      'accounts.version',
      ...(Object.keys(ACCOUNT_VALUE_TYPES) as AccountValueColumn[]).map(
        (c) => `accounts.${c}` as const,
      ),
    ])
    .where('accounts.id', 'in', ids)
    .where(accountScopeSql(scope))
    .orderBy('accounts.id');

/** Reads and locks the accounts the scope may see, of these ids: their version and values. */
export function lockAccounts(db: Db, scope: Scope, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return accountValues(db, scope, ids).forUpdate().execute();
}

/** The same, without locking (for checks that write nothing). */
export function findAccounts(db: Db, scope: Scope, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return accountValues(db, scope, ids).execute();
}
export type AccountValuesRow = Awaited<ReturnType<typeof findAccounts>>[number];

/** Many new accounts in one statement. */
export async function insertAccounts(
  db: Db,
  rows: ({ id: string } & Record<AccountValueColumn, unknown>)[],
) {
  if (rows.length === 0) return;
  await insertJsonRows('accounts', rows, { id: 'uuid', ...ACCOUNT_VALUE_TYPES }).execute(db);
}

/**
 * Many accounts' values in one statement, each only if it is still at the version read: the
 * rows that changed meanwhile are not in the result.
 */
export async function updateAccountsVersioned(
  db: Db,
  rows: { id: string; version: number; values: Record<AccountValueColumn, unknown> }[],
) {
  if (rows.length === 0) return [];
  const set = sql.raw(
    Object.keys(ACCOUNT_VALUE_TYPES)
      .map((c) => `${c} = d.${c}`)
      .join(', '),
  );
  const data = rows.map((r) => ({ ...r.values, id: r.id, version: r.version }));
  const out = await sql<{ id: string; version: number }>`update accounts set ${set},
      version = accounts.version + 1, updated_at = now()
    from ${jsonRows(data, { id: 'uuid', version: 'integer', ...ACCOUNT_VALUE_TYPES })}
    where accounts.id = d.id and accounts.version = d.version
    returning accounts.id, accounts.version`.execute(db);
  return out.rows;
}

/** Accounts the scope may see whose lower-cased name is one of the names. */
export function accountsNamed(db: Db, scope: Scope, names: string[]) {
  if (names.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('accounts')
    .select(['accounts.id', sql<string>`lower(accounts.name)`.as('name')])
    .where(sql`lower(accounts.name)`, 'in', names)
    .where(accountScopeSql(scope))
    .execute();
}

/** The managing partner of each of these accounts. */
export function accountPartners(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('accounts')
    .select(['id', 'managed_by_partner_id'])
    .where('id', 'in', ids)
    .execute();
}

export function partnersByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('partners').select(['id', 'company_name']).where('id', 'in', ids).execute();
}

export function usersByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'partner_id', 'active'])
    .where('id', 'in', ids)
    .execute();
}
