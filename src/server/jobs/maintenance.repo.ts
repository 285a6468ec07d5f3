import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types';

/**
 * Retention deletes, each bounded to `batchSize` rows so one call never holds the database for
 * long (PGlite runs one statement at a time for everyone). Callers loop until a batch comes back
 * short.
 */

const ago = (ms: number) => sql<Date>`now() - make_interval(secs => ${ms / 1000})`;

export async function deleteExpiredSessions(db: Kysely<DB>, batchSize: number): Promise<number> {
  const res = await db
    .deleteFrom('sessions')
    .where('id_hash', 'in', (eb) =>
      eb
        .selectFrom('sessions')
        .select('id_hash')
        .where('expires_at', '<', sql<Date>`now()`)
        .limit(batchSize),
    )
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Invitations used, or expired, more than `olderThanMs` ago. */
export async function deleteOldInvitations(
  db: Kysely<DB>,
  olderThanMs: number,
  batchSize: number,
): Promise<number> {
  const res = await db
    .deleteFrom('invitations')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('invitations')
        .select('id')
        .where((w) =>
          w.or([w('used_at', '<', ago(olderThanMs)), w('expires_at', '<', ago(olderThanMs))]),
        )
        .limit(batchSize),
    )
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function deleteOldLoginAttempts(
  db: Kysely<DB>,
  olderThanMs: number,
  batchSize: number,
): Promise<number> {
  const res = await db
    .deleteFrom('login_attempts')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('login_attempts')
        .select('id')
        .where('created_at', '<', ago(olderThanMs))
        .limit(batchSize),
    )
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
