import type { Deps } from '../../deps';
import type { Ctx } from '../../http/actor';
import { notFound } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import type { Notification } from '../../../shared/notifications';
import * as repo from './notifications.repo';

export { insertNotifications as notify, type NewNotification } from './notifications.repo';

export function presentNotification(row: repo.NotificationListRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    recordType: row.record_type,
    recordId: row.record_id,
    actor: row.actor_user_id
      ? { id: row.actor_user_id, name: row.actor_name ?? 'Deleted user' }
      : null,
    readAt: row.read_at ? row.read_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
  };
}

export async function listNotifications(
  deps: Deps,
  ctx: Ctx,
  f: { unread?: boolean; cursor?: string; limit: number },
) {
  const rows = await repo.listNotifications(deps.db, ctx.actor.userId, f);
  const p = finishPage(rows, f.limit, (row) =>
    cursorFrom(row, repo.NEWEST_FIRST, () => row.created_at),
  );
  return { data: p.rows.map(presentNotification), nextCursor: p.nextCursor };
}

export async function unreadCount(deps: Deps, ctx: Ctx) {
  return { count: await repo.countUnread(deps.db, ctx.actor.userId) };
}

/** Marking read twice is harmless and keeps the first read time. */
export async function markRead(deps: Deps, ctx: Ctx, id: string) {
  if (!(await repo.markRead(deps.db, ctx.actor.userId, id))) throw notFound('Notification');
  const row = await repo.findNotification(deps.db, ctx.actor.userId, id);
  if (!row) throw notFound('Notification');
  return presentNotification(row);
}

export async function markAllRead(deps: Deps, ctx: Ctx) {
  return { count: await repo.markAllRead(deps.db, ctx.actor.userId) };
}
