import type { Actor } from '../../http/actor';
import { isPartnerRole } from '../../../shared/roles';

/** Channel managers and admins run the partner program; partner users read their own company. */
export const PARTNER_EDITORS = ['admin', 'channel_manager'] as const;

export const isPartnerEditor = (actor: Actor) =>
  (PARTNER_EDITORS as readonly string[]).includes(actor.role);

/** Internal notes are the vendor's own; partner users never see them. */
export const canSeeNotes = (actor: Actor) => !isPartnerRole(actor.role);

/**
 * `delete` is the everyday Delete button, which archives; a permanent delete is only offered for
 * a partner that is already archived (and may still be refused by what references it).
 */
export function partnerAbilities(actor: Actor, partner: { status: string }) {
  const edit = isPartnerEditor(actor);
  const archived = partner.status === 'archived';
  return {
    update: edit,
    delete: edit && !archived,
    archive: edit && !archived,
    restore: edit && archived,
    deletePermanently: edit && archived,
  };
}
