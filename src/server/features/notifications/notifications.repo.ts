import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types';
import { decodeCursor, keysetAfter, orderTerm, type SortKey } from '../../http/pagination';

type Db = Kysely<DB> | Transaction<DB>;

export const NEWEST_FIRST: SortKey[] = [
  { field: 'createdAt', column: 'notifications.created_at', desc: true },
];

export type NewNotification = {
  userId: string;
  kind: string;
  title: string;
  body?: string;
  link: string | null;
  recordType: string | null;
  recordId: string | null;
  actorUserId: string | null;
};

export async function insertNotifications(db: Db, rows: NewNotification[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('notifications')
    .values(
      rows.map((n) => ({
        user_id: n.userId,
        kind: n.kind,
        title: n.title,
        body: n.body ?? '',
        link: n.link,
        record_type: n.recordType,
        record_id: n.recordId,
        actor_user_id: n.actorUserId,
      })),
    )
    .execute();
}

/** Notifications are private to their recipient: every read is limited to one user. */
function ofUser(db: Db, userId: string) {
  return db
    .selectFrom('notifications')
    .leftJoin('users as actor', 'actor.id', 'notifications.actor_user_id')
    .selectAll('notifications')
    .select(['actor.name as actor_name'])
    .where('notifications.user_id', '=', userId);
}

export type NotificationListRow = Awaited<ReturnType<ReturnType<typeof ofUser>['execute']>>[number];

export function listNotifications(
  db: Db,
  userId: string,
  f: { unread?: boolean; cursor?: string; limit: number },
) {
  let q = ofUser(db, userId);
  if (f.unread === true) q = q.where('notifications.read_at', 'is', null);
  if (f.unread === false) q = q.where('notifications.read_at', 'is not', null);
  const after = decodeCursor(f.cursor, NEWEST_FIRST.length + 1);
  if (after) q = q.where(keysetAfter(NEWEST_FIRST, 'notifications.id', after));
  for (const k of NEWEST_FIRST) q = q.orderBy(orderTerm(k));
  return q
    .orderBy('notifications.id')
    .limit(f.limit + 1)
    .execute();
}

export function findNotification(db: Db, userId: string, id: string) {
  return ofUser(db, userId).where('notifications.id', '=', id).executeTakeFirst();
}

export async function countUnread(db: Db, userId: string) {
  const r = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return r.n;
}

export function markRead(db: Db, userId: string, id: string) {
  return db
    .updateTable('notifications')
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
}

export async function markAllRead(db: Db, userId: string) {
  const r = await db
    .updateTable('notifications')
    .set({ read_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
