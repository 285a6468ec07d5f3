import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { ContactsTable, DB } from '../../db/types';
import type { Scope } from '../../http/actor';
import { decodeCursor, keysetAfter, orderTerm, parseSort } from '../../http/pagination';
import { likePattern } from '../../http/search';
import { insertJsonRows, jsonRows } from '../../db/json-rows';
import { accountScopeSql } from './accounts.repo';

type Db = Kysely<DB> | Transaction<DB>;

export const CONTACT_SORT_COLUMNS: Record<string, string> = {
  lastName: 'contacts.last_name',
  firstName: 'contacts.first_name',
  email: 'contacts.email',
  createdAt: 'contacts.created_at',
};

/** Contacts are visible exactly when their account is. */
function scoped(db: Db, scope: Scope) {
  return db
    .selectFrom('contacts')
    .innerJoin('accounts', 'accounts.id', 'contacts.account_id')
    .leftJoin('users as ow', 'ow.id', 'contacts.owner_id')
    .selectAll('contacts')
    .select(['accounts.name as account_name', 'ow.name as owner_name'])
    .where(accountScopeSql(scope));
}

export type ContactListRow = Awaited<ReturnType<ReturnType<typeof scoped>['execute']>>[number];

export function findContact(db: Db, scope: Scope, id: string) {
  return scoped(db, scope).where('contacts.id', '=', id).executeTakeFirst();
}

export async function listContacts(
  db: Db,
  scope: Scope,
  f: { accountId?: string; q?: string; sort?: string; cursor?: string; limit: number },
) {
  const keys = parseSort(f.sort, CONTACT_SORT_COLUMNS, 'lastName,firstName');
  let q = scoped(db, scope);
  if (f.accountId) q = q.where('contacts.account_id', '=', f.accountId);
  if (f.q) {
    const p = likePattern(f.q);
    q = q.where((eb) =>
      eb.or([
        eb('contacts.first_name', 'ilike', p),
        eb('contacts.last_name', 'ilike', p),
        eb('contacts.email', 'ilike', p),
        eb(sql<string>`contacts.first_name || ' ' || contacts.last_name`, 'ilike', p),
      ]),
    );
  }
  const after = decodeCursor(f.cursor, keys.length + 1);
  if (after) q = q.where(keysetAfter(keys, 'contacts.id', after));
  for (const k of keys) q = q.orderBy(orderTerm(k));
  const rows = await q
    .orderBy('contacts.id')
    .limit(f.limit + 1)
    .execute();
  return { rows, keys };
}

export function insertContact(db: Db, values: Insertable<ContactsTable>) {
  return db.insertInto('contacts').values(values).returning('id').executeTakeFirstOrThrow();
}

export type ContactPatch = Partial<
  Pick<
    Updateable<ContactsTable>,
    'first_name' | 'last_name' | 'email' | 'phone' | 'job_title' | 'owner_id'
  >
>;

export function updateContactVersioned(db: Db, id: string, version: number, patch: ContactPatch) {
  return db
    .updateTable('contacts')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export function deleteContact(db: Db, id: string) {
  return db.deleteFrom('contacts').where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Many contacts at a time (imports)

/** The columns a contact's form (or an import row) decides, with their SQL types. */
const CONTACT_VALUE_TYPES = {
  account_id: 'uuid',
  first_name: 'text',
  last_name: 'text',
  email: 'text',
  phone: 'text',
  job_title: 'text',
  owner_id: 'uuid',
} as const;
export type ContactValueColumn = keyof typeof CONTACT_VALUE_TYPES;

const contactValues = (db: Db, scope: Scope, ids: string[]) =>
  db
    .selectFrom('contacts')
    .innerJoin('accounts', 'accounts.id', 'contacts.account_id')
    .select([
      'contacts.id',
      'contacts.version',
      'accounts.managed_by_partner_id',
      ...(Object.keys(CONTACT_VALUE_TYPES) as ContactValueColumn[]).map(
        (c) => `contacts.${c}` as const,
      ),
    ])
    .where('contacts.id', 'in', ids)
    .where(accountScopeSql(scope))
    .orderBy('contacts.id');

/**
 * Reads and locks (with their accounts, as a single contact's edit does) the contacts the scope
 * may see, of these ids: their version, values and account's managing partner.
 */
export function lockContacts(db: Db, scope: Scope, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return contactValues(db, scope, ids).forUpdate().execute();
}

/** The same, without locking (for checks that write nothing). */
export function findContacts(db: Db, scope: Scope, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return contactValues(db, scope, ids).execute();
}
export type ContactValuesRow = Awaited<ReturnType<typeof findContacts>>[number];

/** Many new contacts in one statement. */
export async function insertContacts(
  db: Db,
  rows: ({ id: string } & Record<ContactValueColumn, unknown>)[],
) {
  if (rows.length === 0) return;
  await insertJsonRows('contacts', rows, { id: 'uuid', ...CONTACT_VALUE_TYPES }).execute(db);
}

/**
 * Many contacts' values in one statement, each only if it is still at the version read: the
 * rows that changed meanwhile are not in the result.
 */
export async function updateContactsVersioned(
  db: Db,
  rows: { id: string; version: number; values: Record<ContactValueColumn, unknown> }[],
) {
  if (rows.length === 0) return [];
  const set = sql.raw(
    Object.keys(CONTACT_VALUE_TYPES)
      .map((c) => `${c} = d.${c}`)
      .join(', '),
  );
  const data = rows.map((r) => ({ ...r.values, id: r.id, version: r.version }));
  const out = await sql<{ id: string; version: number }>`update contacts set ${set},
      version = contacts.version + 1, updated_at = now()
    from ${jsonRows(data, { id: 'uuid', version: 'integer', ...CONTACT_VALUE_TYPES })}
    where contacts.id = d.id and contacts.version = d.version
    returning contacts.id, contacts.version`.execute(db);
  return out.rows;
}
