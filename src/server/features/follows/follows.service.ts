import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Actor } from '../../http/actor';
import { notify } from '../notifications/notifications.service';
import { recordLink, usersWhoSeeLog, type RecordRef } from '../records/records.service';
import * as repo from './follows.repo';

type Db = Kysely<DB> | Transaction<DB>;

export { followedAmong } from './follows.repo';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Tells the record's followers, in the app, that it changed: "Ana Ruiz changed lead … —
 * Status: New → Qualification". The actor is not told about their own change, and a follower
 * who can no longer see the record (moved to another partner, access lost) is skipped. Call it
 * inside the transaction that makes the change, so a rolled-back change notifies no one.
 */
export async function notifyFollowers(
  trx: Db,
  rec: RecordRef,
  actor: Pick<Actor, 'userId' | 'name'>,
  summary: string,
  kind = 'followed_change',
) {
  const ids = (await repo.listFollowerIds(trx, rec.type, rec.id)).filter(
    (id) => id !== actor.userId,
  );
  if (ids.length === 0) return;
  const recipients = await usersWhoSeeLog(trx, rec, ids);
  await notify(
    trx,
    recipients.map((u) => ({
      userId: u.id,
      kind,
      title: clip(`${actor.name} changed ${rec.label}`, 300),
      body: clip(summary, 2000),
      link: recordLink(rec),
      recordType: rec.type,
      recordId: rec.id,
      actorUserId: actor.userId,
    })),
  );
}
