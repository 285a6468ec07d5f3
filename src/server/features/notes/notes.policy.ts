import type { Actor } from '../../http/actor';
import { isPartnerRole } from '../../../shared/roles';

/** A note is its author's: only they, or an administrator, change or delete it. */
export function noteAbilities(actor: Actor, row: { author_id: string | null }) {
  const mine = row.author_id !== null && row.author_id === actor.userId;
  return { update: mine || actor.role === 'admin', delete: mine || actor.role === 'admin' };
}

/** Internal notes are the vendor's: partner users neither write nor see them. */
export const mayUseInternalNotes = (actor: Actor) => !isPartnerRole(actor.role);
