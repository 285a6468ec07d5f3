import type { Actor } from '../../http/actor';

type Row = { author_id: string | null; parent_id: string | null; deleted_at: Date | null };

/**
 * Only the author rewrites their words; an admin may remove any comment (moderation) but not
 * put words in someone's mouth. Anyone who sees a live top-level comment may reply to it.
 */
export function commentAbilities(actor: Actor, row: Row) {
  const live = row.deleted_at === null;
  const mine = row.author_id !== null && row.author_id === actor.userId;
  return {
    update: live && mine,
    delete: live && (mine || actor.role === 'admin'),
    reply: live && row.parent_id === null,
  };
}
