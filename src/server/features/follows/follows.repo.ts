import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { RecordType } from '../../../shared/records';

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
