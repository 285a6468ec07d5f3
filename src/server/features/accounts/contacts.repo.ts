import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { ContactsTable, DB } from '../../db/types';
import type { Scope } from '../../http/actor';
import { decodeCursor, keysetAfter, orderTerm, parseSort } from '../../http/pagination';
import { likePattern } from '../../http/search';
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
