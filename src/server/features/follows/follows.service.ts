import type { Kysely, Transaction } from 'kysely';
import type { Deps } from '../../deps';
import type { DB } from '../../db/types';
import { scopeOf, type Actor, type Ctx } from '../../http/actor';
import { finishPage } from '../../http/pagination';
import type { FollowedRecord, FollowState } from '../../../shared/follows';
import type { RecordType } from '../../../shared/records';
import { notify } from '../notifications/notifications.service';
import {
  recordLink,
  requireLogRecord,
  usersWhoSeeLog,
  type RecordRef,
} from '../records/records.service';
import { recordLinkOf } from '../tasks/tasks.service';
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

/** Whether the caller follows the record, and how many people do. */
export async function followState(
  deps: Deps,
  ctx: Ctx,
  q: { subjectType: RecordType; subjectId: string },
): Promise<FollowState> {
  const rec = await requireLogRecord(deps.db, ctx.actor, q.subjectType, q.subjectId);
  const [following, followers] = await Promise.all([
    repo.isFollowing(deps.db, rec.type, rec.id, ctx.actor.userId),
    repo.countFollowers(deps.db, rec.type, rec.id),
  ]);
  return { following, followers };
}

/** Following twice is following once. */
export async function follow(
  deps: Deps,
  ctx: Ctx,
  q: { subjectType: RecordType; subjectId: string },
) {
  const rec = await requireLogRecord(deps.db, ctx.actor, q.subjectType, q.subjectId);
  await repo.addFollow(deps.db, rec.type, rec.id, ctx.actor.userId);
}

export async function unfollow(
  deps: Deps,
  ctx: Ctx,
  q: { subjectType: RecordType; subjectId: string },
) {
  const rec = await requireLogRecord(deps.db, ctx.actor, q.subjectType, q.subjectId);
  await repo.removeFollow(deps.db, rec.type, rec.id, ctx.actor.userId);
}

/** The records the caller follows and can still see. */
export async function myFollows(deps: Deps, ctx: Ctx, q: { cursor?: string; limit: number }) {
  const rows = await repo.listFollowedBy(deps.db, scopeOf(ctx.actor), q);
  const p = finishPage(rows, q.limit, repo.followCursor);
  return {
    data: p.rows.map((r): FollowedRecord => ({
      record: recordLinkOf(r.record_type, r.record_id, r.label),
      followedAt: r.created_at.toISOString(),
    })),
    nextCursor: p.nextCursor,
  };
}
