import type { Actor } from '../../http/actor';

/** An activity is its author's account of what happened: only they, or an admin, change it. */
export function activityAbilities(actor: Actor, row: { author_id: string | null }) {
  const mine = row.author_id !== null && row.author_id === actor.userId;
  return { update: mine || actor.role === 'admin', delete: mine || actor.role === 'admin' };
}
