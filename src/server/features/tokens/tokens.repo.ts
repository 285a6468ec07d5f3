import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/types';

type Db = Kysely<DB> | Transaction<DB>;

const columns = [
  'id',
  'user_id',
  'name',
  'prefix',
  'created_at',
  'last_used_at',
  'expires_at',
  'revoked_at',
] as const;

/** API tokens are private to the user who made them. */
export function listTokensOfUser(db: Db, userId: string) {
  return db
    .selectFrom('api_tokens')
    .select(columns)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
}

export function findTokenOfUser(db: Db, userId: string, id: string) {
  return db
    .selectFrom('api_tokens')
    .select(columns)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function insertToken(
  db: Db,
  t: { userId: string; name: string; tokenHash: string; prefix: string; expiresAt: Date | null },
) {
  return db
    .insertInto('api_tokens')
    .values({
      user_id: t.userId,
      name: t.name,
      token_hash: t.tokenHash,
      prefix: t.prefix,
      expires_at: t.expiresAt,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export function revokeToken(db: Db, id: string) {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(columns)
    .executeTakeFirst();
}

export type TokenRow = Awaited<ReturnType<typeof listTokensOfUser>>[number];
