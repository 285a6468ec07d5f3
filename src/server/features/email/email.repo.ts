import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types';

type Db = Kysely<DB> | Transaction<DB>;

const MAX_ERROR_LENGTH = 2000;

export function insertOutbox(
  db: Db,
  row: { to: string; template: string; subject: string; text: string; html: string },
): Promise<{ id: string }> {
  return db
    .insertInto('email_outbox')
    .values({
      to_address: row.to,
      template: row.template,
      subject: row.subject,
      text_body: row.text,
      html_body: row.html,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function findOutbox(db: Db, id: string) {
  return db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Marks the start of a delivery attempt and returns the row as it was before. A previous attempt
 * with no recorded error is one that died mid-send: its message may have gone out.
 */
export async function startAttempt(
  db: Db,
  id: string,
  messageId: string,
): Promise<{ attempts: number; lastError: string | null } | undefined> {
  const row = await db
    .with('before', (qb) =>
      qb.selectFrom('email_outbox').select(['id', 'attempts', 'last_error']).where('id', '=', id),
    )
    .updateTable('email_outbox')
    .from('before')
    .whereRef('email_outbox.id', '=', 'before.id')
    .set({
      attempts: sql<number>`email_outbox.attempts + 1`,
      message_id: messageId,
      last_error: null,
    })
    .returning(['before.attempts as attempts', 'before.last_error as last_error'])
    .executeTakeFirst();
  return row && { attempts: row.attempts, lastError: row.last_error };
}

/** Only the first success counts, so a duplicate run cannot move sent_at. */
export async function markSent(db: Db, id: string): Promise<boolean> {
  const res = await db
    .updateTable('email_outbox')
    .set({ status: 'sent', sent_at: sql<Date>`now()`, last_error: null })
    .where('id', '=', id)
    .where('status', '<>', 'sent')
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** `final`: no more attempts will be made, the email is failed for good. */
export async function recordFailure(
  db: Db,
  id: string,
  error: string,
  final: boolean,
): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set({ last_error: error.slice(0, MAX_ERROR_LENGTH), ...(final ? { status: 'failed' } : {}) })
    .where('id', '=', id)
    .where('status', '<>', 'sent')
    .execute();
}

/**
 * Deletes delivered or abandoned emails older than `olderThanMs`, at most `batchSize`. Their
 * bodies may carry (by then expired) one-time links, so they are not worth keeping.
 */
export async function pruneOutbox(
  db: Kysely<DB>,
  olderThanMs: number,
  batchSize: number,
): Promise<number> {
  const res = await db
    .deleteFrom('email_outbox')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('email_outbox')
        .select('id')
        .where('status', 'in', ['sent', 'failed'])
        .where('created_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
        .limit(batchSize),
    )
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
