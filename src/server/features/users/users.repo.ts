import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, NewUser } from '../../db/types';
import type { Scope } from '../../http/actor';
import { decodeCursor, keysetAfter, orderTerm, parseSort } from '../../http/pagination';
import { likePattern } from '../../http/search';
import type { Role } from '../../../shared/roles';

type Db = Kysely<DB> | Transaction<DB>;

export const USER_SORT_COLUMNS: Record<string, string> = {
  name: 'users.name',
  email: 'users.email',
  createdAt: 'users.created_at',
  lastLoginAt: 'users.last_login_at',
  role: 'users.role',
};

/** Users the scope may see: internal users see everyone; a partner admin their company; a rep themselves. */
function scoped(db: Db, scope: Scope) {
  let q = db
    .selectFrom('users')
    .leftJoin('partners', 'partners.id', 'users.partner_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.partner_id',
      'partners.company_name as partner_name',
      'users.active',
      'users.last_login_at',
      'users.created_at',
      'users.updated_at',
      'users.version',
      sql<boolean>`(users.password_hash is null and exists (
        select 1 from invitations i
        where i.user_id = users.id and i.used_at is null and i.expires_at > now()))`.as(
        'invitation_pending',
      ),
    ]);
  if (scope.kind === 'partner') {
    q = q.where('users.partner_id', '=', scope.partnerId);
    if (scope.role === 'partner_rep') q = q.where('users.id', '=', scope.userId);
  }
  return q;
}

export type UserListRow = Awaited<ReturnType<ReturnType<typeof scoped>['execute']>>[number];

export function findUser(db: Db, scope: Scope, id: string) {
  return scoped(db, scope).where('users.id', '=', id).executeTakeFirst();
}

export async function listUsers(
  db: Db,
  scope: Scope,
  f: {
    q?: string;
    role?: Role;
    active?: boolean;
    partnerId?: string;
    sort?: string;
    cursor?: string;
    limit: number;
  },
) {
  const keys = parseSort(f.sort, USER_SORT_COLUMNS, 'name');
  let q = scoped(db, scope);
  if (f.q) {
    const p = likePattern(f.q);
    q = q.where((eb) => eb.or([eb('users.name', 'ilike', p), eb('users.email', 'ilike', p)]));
  }
  if (f.role) q = q.where('users.role', '=', f.role);
  if (f.active !== undefined) q = q.where('users.active', '=', f.active);
  if (f.partnerId) q = q.where('users.partner_id', '=', f.partnerId);
  const after = decodeCursor(f.cursor, keys.length + 1);
  if (after) q = q.where(keysetAfter(keys, 'users.id', after));
  for (const k of keys) q = q.orderBy(orderTerm(k));
  const rows = await q
    .orderBy('users.id')
    .limit(f.limit + 1)
    .execute();
  return { rows, keys };
}

export function insertUser(db: Db, values: NewUser) {
  return db.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();
}

export function emailTaken(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select('id')
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

/** Applies a change only if nobody changed the row since `version` was read. */
export function updateUserVersioned(
  db: Db,
  id: string,
  version: number,
  patch: { name?: string; role?: Role; active?: boolean; deactivated_at?: Date | null },
) {
  return db
    .updateTable('users')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export async function countActiveAdmins(db: Db) {
  const r = await db
    .selectFrom('users')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function countUsers(db: Db) {
  const r = await db
    .selectFrom('users')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return r.n;
}

export function partnerExists(db: Db, partnerId: string) {
  return db
    .selectFrom('partners')
    .select(['id', 'company_name'])
    .where('id', '=', partnerId)
    .executeTakeFirst();
}

/** Active users whose lower-cased email or name is one of the keys. */
export function activeUsersNamed(db: Db, keys: string[]) {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', sql<string>`lower(email)`.as('email'), sql<string>`lower(name)`.as('name')])
    .where((eb) => eb.or([eb(sql`lower(email)`, 'in', keys), eb(sql`lower(name)`, 'in', keys)]))
    .where('active', '=', true)
    .execute();
}
