import type { Transaction } from 'kysely';
import type { Deps } from '../../deps';
import type { DB } from '../../db/types';
import type { Ctx } from '../../http/actor';
import { forbidden, notFound, validation } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import {
  COMMENT_LIMITS,
  parseMentions,
  splitMentions,
  type Comment,
  type CommentThread,
  type CreateCommentInput,
} from '../../../shared/comments';
import type { RecordType } from '../../../shared/records';
import { audit } from '../history/audit';
import { notify } from '../notifications/notifications.service';
import {
  findLogRecord,
  mentionableUsers,
  recordLink,
  requireLogRecord,
  usersWhoSeeLog,
  type RecordRef,
} from '../records/records.service';
import { commentAbilities } from './comments.policy';
import * as repo from './comments.repo';

export function presentComment(row: repo.CommentListRow, ctx: Ctx): Comment {
  const deleted = row.deleted_at !== null;
  return {
    id: row.id,
    parentId: row.parent_id,
    author: row.author_id ? { id: row.author_id, name: row.author_name ?? 'Deleted user' } : null,
    body: deleted ? null : row.body,
    deleted,
    editedAt: row.edited_at ? row.edited_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    version: row.version,
    abilities: commentAbilities(ctx.actor, row),
  };
}

export async function listThreads(
  deps: Deps,
  ctx: Ctx,
  q: { subjectType: RecordType; subjectId: string; cursor?: string; limit: number },
) {
  const rec = await requireLogRecord(deps.db, ctx.actor, q.subjectType, q.subjectId);
  const rows = await repo.listThreads(deps.db, rec, q);
  const p = finishPage(rows, q.limit, (row) =>
    cursorFrom(row, repo.OLDEST_FIRST, () => row.created_at),
  );
  const replies = await repo.listReplies(
    deps.db,
    p.rows.map((r) => r.id),
  );
  const data: CommentThread[] = p.rows.map((top) => ({
    ...presentComment(top, ctx),
    replies: replies.filter((r) => r.parent_id === top.id).map((r) => presentComment(r, ctx)),
  }));
  return { data, nextCursor: p.nextCursor };
}

/** The comment and its record, if the actor may see the record's log; 404 otherwise. */
async function requireComment(trx: Transaction<DB>, ctx: Ctx, id: string) {
  const row = await repo.findComment(trx, id);
  if (!row || row.deleted_at) throw notFound('Comment');
  const rec = await findLogRecord(trx, ctx.actor, row.record_type, row.record_id);
  if (!rec) throw notFound('Comment');
  return { rec, row };
}

/** Whether the actor may see a comment's record (history of comments). */
export async function commentVisible(deps: Deps, ctx: Ctx, id: string) {
  const row = await repo.findComment(deps.db, id);
  return row && findLogRecord(deps.db, ctx.actor, row.record_type, row.record_id);
}

const mentionIds = (body: string) =>
  parseMentions(body)
    .slice(0, COMMENT_LIMITS.mentionsMax)
    .map((m) => m.id);

/** Plain text of a body for a notification preview: mentions read as "@Name". */
function preview(body: string) {
  const plain = splitMentions(body)
    .map((s) => (s.kind === 'mention' ? `@${s.name}` : s.text))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > 280 ? `${plain.slice(0, 279)}…` : plain;
}

/**
 * Notifies the mentioned people who may see the record's log. Anyone else is skipped without a
 * trace in the answer, so a mention cannot be used to find out who exists or who sees what.
 */
async function notifyMentioned(
  trx: Transaction<DB>,
  ctx: Ctx,
  rec: RecordRef,
  ids: string[],
  body: string,
) {
  const candidates = ids.filter((id) => id !== ctx.actor.userId);
  const recipients = await usersWhoSeeLog(trx, rec, candidates);
  const title = `${ctx.actor.name} mentioned you on ${rec.label}`;
  await notify(
    trx,
    recipients.map((u) => ({
      userId: u.id,
      kind: 'mention',
      title: title.length > 300 ? `${title.slice(0, 299)}…` : title,
      body: preview(body),
      link: recordLink(rec),
      recordType: rec.type,
      recordId: rec.id,
      actorUserId: ctx.actor.userId,
    })),
  );
}

const snapshot = (c: { body: string; parent_id: string | null }) => ({
  body: c.body,
  parentId: c.parent_id,
});

export async function createComment(deps: Deps, ctx: Ctx, input: CreateCommentInput) {
  const id = await deps.db.transaction().execute(async (trx) => {
    const rec = await requireLogRecord(trx, ctx.actor, input.subjectType, input.subjectId);
    let parentId: string | null = null;
    if (input.parentId) {
      const parent = await repo.findComment(trx, input.parentId);
      if (
        !parent ||
        parent.deleted_at ||
        parent.record_type !== rec.type ||
        parent.record_id !== rec.id
      ) {
        throw validation({ parentId: 'No such comment on this record' });
      }
      // Threads are one level deep: answering a reply continues its thread.
      parentId = parent.parent_id ?? parent.id;
    }
    const mentions = mentionIds(input.body);
    const { id } = await repo.insertComment(trx, {
      record_type: rec.type,
      record_id: rec.id,
      partner_id: rec.partnerId,
      parent_id: parentId,
      author_id: ctx.actor.userId,
      body: input.body,
      mentions,
    });
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'comment',
      subjectId: id,
      partnerId: rec.partnerId,
      after: {
        recordType: rec.type,
        recordId: rec.id,
        ...snapshot({ body: input.body, parent_id: parentId }),
      },
    });
    await notifyMentioned(trx, ctx, rec, mentions, input.body);
    return id;
  });
  return presentComment((await repo.findComment(deps.db, id))!, ctx);
}

export async function updateComment(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: { body: string },
) {
  await deps.db.transaction().execute(async (trx) => {
    const { rec, row: before } = await requireComment(trx, ctx, id);
    if (!commentAbilities(ctx.actor, before).update) {
      throw forbidden('Only the author can edit this comment');
    }
    const mentions = mentionIds(input.body);
    const changed = await repo.updateCommentVersioned(trx, id, version, {
      body: input.body,
      mentions,
    });
    if (!changed) throw staleVersion('comment');
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'comment',
      subjectId: id,
      partnerId: rec.partnerId,
      before: snapshot(before),
      after: snapshot({ body: input.body, parent_id: before.parent_id }),
    });
    // Only people newly mentioned by the edit hear about it; the others already did.
    const already = new Set(before.mentions.map((m) => m.toLowerCase()));
    const added = mentions.filter((m) => !already.has(m));
    await notifyMentioned(trx, ctx, rec, added, input.body);
  });
  return presentComment((await repo.findComment(deps.db, id))!, ctx);
}

export async function deleteComment(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const { rec, row } = await requireComment(trx, ctx, id);
    if (!commentAbilities(ctx.actor, row).delete) {
      throw forbidden('Only the author or an administrator can delete this comment');
    }
    await repo.softDeleteComment(trx, id);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'comment',
      subjectId: id,
      partnerId: rec.partnerId,
      before: snapshot(row),
    });
  });
}

export async function listMentionable(
  deps: Deps,
  ctx: Ctx,
  q: { subjectType: RecordType; subjectId: string; q?: string },
) {
  const rec = await requireLogRecord(deps.db, ctx.actor, q.subjectType, q.subjectId);
  const rows = await mentionableUsers(deps.db, rec, q.q, COMMENT_LIMITS.mentionableMax);
  return {
    data: rows.map((u) => ({ id: u.id, name: u.name, partnerName: u.partner_name })),
  };
}
