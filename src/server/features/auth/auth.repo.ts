import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * People of an archived or suspended partner are locked out: they cannot sign in, and their
 * sessions and API tokens stop resolving at once (checked on every request, not at sign-in).
 */
const partnerAdmitted = sql<boolean>`(users.partner_id is null
  or exists (select 1 from partners p where p.id = users.partner_id
             and p.status not in ('archived', 'suspended')))`;

export function findUserByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .select(partnerAdmitted.as('partner_admitted'))
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

const actorColumns = [
  'users.id as userId',
  'users.name',
  'users.email',
  'users.role',
  'users.partner_id as partnerId',
  'partners.company_name as partnerName',
] as const;

/** A live session: not expired, not idle too long, and its user still active. */
export function findSession(db: Db, idHash: string, idleSince: Date) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('partners', 'partners.id', 'users.partner_id')
    .select([...actorColumns, 'sessions.last_seen_at as lastSeenAt'])
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('sessions.last_seen_at', '>', idleSince)
    .where('users.active', '=', true)
    .where(partnerAdmitted)
    .executeTakeFirst();
}

export async function touchSession(db: Db, idHash: string) {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: sql`now()` })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function insertSession(
  db: Db,
  s: { idHash: string; userId: string; expiresAt: Date; ip: string; userAgent: string | null },
) {
  await db
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      expires_at: s.expiresAt,
      ip: s.ip,
      user_agent: s.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
}

export async function deleteSession(db: Db, idHash: string) {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: string) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export function findToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .leftJoin('partners', 'partners.id', 'users.partner_id')
    .select([...actorColumns, 'api_tokens.id as tokenId', 'api_tokens.last_used_at as lastUsedAt'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('api_tokens.expires_at', 'is', null),
        eb('api_tokens.expires_at', '>', sql<Date>`now()`),
      ]),
    )
    .where('users.active', '=', true)
    .where(partnerAdmitted)
    .executeTakeFirst();
}

export async function touchToken(db: Db, tokenId: string) {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', tokenId)
    .execute();
}

/** Failed logins in the window, counting for an account only those since its last success. */
export async function recentFailures(db: Db, by: { email?: string; ip?: string }, since: Date) {
  let q = db
    .selectFrom('login_attempts')
    .select([
      sql<number>`count(*)::int`.as('count'),
      sql<Date | null>`min(created_at)`.as('oldest'),
    ])
    .where('succeeded', '=', false)
    .where('created_at', '>', since);
  if (by.email !== undefined) {
    const email = by.email;
    q = q
      .where('email', '=', email)
      .where(
        'created_at',
        '>',
        sql<Date>`coalesce((select max(created_at) from login_attempts where email = ${email} and succeeded), '-infinity'::timestamptz)`,
      );
  }
  if (by.ip !== undefined) q = q.where('ip', '=', by.ip);
  return q.executeTakeFirstOrThrow();
}

export async function recordLoginAttempt(
  db: Db,
  a: { email: string; ip: string; succeeded: boolean },
) {
  await db
    .insertInto('login_attempts')
    .values({ email: a.email, ip: a.ip, succeeded: a.succeeded })
    .execute();
}

export async function markLoggedIn(db: Db, userId: string) {
  await db
    .updateTable('users')
    .set({ last_login_at: sql`now()` })
    .where('id', '=', userId)
    .execute();
}

export async function insertInvitation(
  db: Db,
  i: { userId: string; tokenHash: string; createdBy: string | null; expiresAt: Date },
) {
  await db
    .insertInto('invitations')
    .values({
      user_id: i.userId,
      token_hash: i.tokenHash,
      created_by: i.createdBy,
      expires_at: i.expiresAt,
    })
    .execute();
}

/** Claims an invitation exactly once: concurrent uses race on `used_at is null`. */
export function useInvitation(db: Db, tokenHash: string) {
  return db
    .updateTable('invitations')
    .set({ used_at: sql`now()` })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['user_id as userId'])
    .executeTakeFirst();
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string) {
  return db
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', userId)
    .where('active', '=', true)
    .returning(['id'])
    .executeTakeFirst();
}

export async function revokeTokensOfUser(db: Db, userId: string) {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

export function userBrief(db: Db, id: string) {
  return db
    .selectFrom('users')
    .select(['email', 'partner_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}
