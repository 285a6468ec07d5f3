import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { ShareableType } from '../../../shared/shares';

type Db = Kysely<DB> | Transaction<DB>;

export function listShares(db: Db, type: ShareableType, id: string) {
  return db
    .selectFrom('record_shares as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('users as by', 'by.id', 's.shared_by')
    .select([
      's.user_id',
      'u.name as user_name',
      's.shared_by',
      'by.name as by_name',
      's.created_at',
    ])
    .where('s.record_type', '=', type)
    .where('s.record_id', '=', id)
    .orderBy('u.name')
    .orderBy('s.user_id')
    .execute();
}

/** A user of the given partner who can sign in, or undefined. */
export function activeUserOfPartner(db: Db, userId: string, partnerId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('id', '=', userId)
    .where('partner_id', '=', partnerId)
    .where('active', '=', true)
    .executeTakeFirst();
}

/** The partner's active reps a record may still be shared with. */
export function shareCandidates(db: Db, partnerId: string, exclude: string[]) {
  let q = db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('partner_id', '=', partnerId)
    .where('role', '=', 'partner_rep')
    .where('active', '=', true);
  if (exclude.length > 0) q = q.where('id', 'not in', exclude);
  return q.orderBy('name').orderBy('id').limit(500).execute();
}

/** True when the share is new. */
export async function addShare(
  db: Db,
  v: { record_type: ShareableType; record_id: string; user_id: string; shared_by: string },
) {
  const r = await db
    .insertInto('record_shares')
    .values(v)
    .onConflict((oc) => oc.doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return r !== undefined;
}

/** True when there was a share to remove. */
export async function removeShare(db: Db, type: ShareableType, id: string, userId: string) {
  const r = await db
    .deleteFrom('record_shares')
    .where('record_type', '=', type)
    .where('record_id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}
