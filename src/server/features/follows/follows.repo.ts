import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Scope } from '../../http/actor';
import { AppError } from '../../http/errors';
import { decodeCursor, encodeCursor } from '../../http/pagination';
import type { RecordType } from '../../../shared/records';
import { recordLabelSql, recordVisibleSql } from '../tasks/record-links.repo';

type Db = Kysely<DB> | Transaction<DB>;

export function listFollowerIds(db: Db, type: RecordType, id: string) {
  return db
    .selectFrom('follows')
    .select('user_id')
    .where('record_type', '=', type)
    .where('record_id', '=', id)
    .execute()
    .then((rows) => rows.map((r) => r.user_id));
}

/** Of the given records, those somebody follows. */
export async function followedByAnyone(db: Db, type: RecordType, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('follows')
    .select('record_id')
    .distinct()
    .where('record_type', '=', type)
    .where('record_id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.record_id));
}

/** Of the given records, those the user follows. */
export async function followedAmong(db: Db, userId: string, type: RecordType, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('follows')
    .select('record_id')
    .where('user_id', '=', userId)
    .where('record_type', '=', type)
    .where('record_id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.record_id));
}

export async function addFollow(db: Db, type: RecordType, id: string, userId: string) {
  await db
    .insertInto('follows')
    .values({ record_type: type, record_id: id, user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeFollow(db: Db, type: RecordType, id: string, userId: string) {
  await db
    .deleteFrom('follows')
    .where('record_type', '=', type)
    .where('record_id', '=', id)
    .where('user_id', '=', userId)
    .execute();
}

/** Follows go with the record they hang on. */
export async function removeFollowsOf(db: Db, type: RecordType, id: string) {
  await db
    .deleteFrom('follows')
    .where('record_type', '=', type)
    .where('record_id', '=', id)
    .execute();
}

export async function countFollowers(db: Db, type: RecordType, id: string) {
  const r = await db
    .selectFrom('follows')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('record_type', '=', type)
    .where('record_id', '=', id)
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function isFollowing(db: Db, type: RecordType, id: string, userId: string) {
  const r = await db
    .selectFrom('follows')
    .select('user_id')
    .where('record_type', '=', type)
    .where('record_id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r !== undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The records a user follows and can still see, most recently followed first, with labels.
 * Keyset over (followed at, type, id), all descending.
 */
export function listFollowedBy(db: Db, scope: Scope, f: { cursor?: string; limit: number }) {
  let q = db
    .selectFrom('follows as f')
    .select([
      'f.record_type',
      'f.record_id',
      'f.created_at',
      recordLabelSql('f.record_type', 'f.record_id').as('label'),
    ])
    .where('f.user_id', '=', scope.userId)
    .where(recordVisibleSql(scope, 'f.record_type', 'f.record_id'));
  const after = decodeCursor(f.cursor, 3);
  if (after) {
    const [at, type, id] = after;
    if (
      typeof at !== 'string' ||
      Number.isNaN(Date.parse(at)) ||
      typeof type !== 'string' ||
      typeof id !== 'string' ||
      !UUID.test(id)
    ) {
      throw new AppError('BAD_REQUEST', 'The cursor is invalid; start again from the first page', {
        cursor: 'invalid',
      });
    }
    q = q.where(
      sql<boolean>`(date_trunc('milliseconds', f.created_at), f.record_type, f.record_id) <
        (${at}::timestamptz, ${type}, ${id}::uuid)`,
    );
  }
  return q
    .orderBy(sql`date_trunc('milliseconds', f.created_at) desc`)
    .orderBy('f.record_type', 'desc')
    .orderBy('f.record_id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export const followCursor = (row: { created_at: Date; record_type: string; record_id: string }) =>
  encodeCursor([row.created_at.toISOString(), row.record_type, row.record_id]);
