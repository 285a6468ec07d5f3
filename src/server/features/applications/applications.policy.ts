import type { Actor } from '../../http/actor';
import type { PartnerApplicationRow } from '../../db/types';

/** Channel managers and admins review applications; nobody else sees them. */
export const APPLICATION_REVIEWERS = ['admin', 'channel_manager'] as const;

export const isReviewer = (actor: Actor) =>
  (APPLICATION_REVIEWERS as readonly string[]).includes(actor.role);

export function applicationAbilities(actor: Actor, row: Pick<PartnerApplicationRow, 'status'>) {
  const decide = isReviewer(actor) && row.status === 'pending';
  return { approve: decide, decline: decide };
}
