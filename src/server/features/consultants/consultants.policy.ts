import type { Actor } from '../../http/actor';
import type { PortalRole } from '../../../shared/consultants';

/** Internal roles that manage every partner's people. */
export const CONSULTANT_EDITORS = ['admin', 'channel_manager'] as const;
/** Roles that may reach the create and portal-access routes at all. */
export const CONSULTANT_WRITERS = [...CONSULTANT_EDITORS, 'partner_admin'] as const;

type Target = { partner_id: string; archived_at: Date | null; user_id: string | null };

export const isInternalEditor = (actor: Actor) =>
  (CONSULTANT_EDITORS as readonly string[]).includes(actor.role);

/** Editors manage anyone; a partner admin the people of their own company. */
export function canManageConsultant(actor: Actor, c: { partner_id: string }) {
  return (
    isInternalEditor(actor) || (actor.role === 'partner_admin' && c.partner_id === actor.partnerId)
  );
}

/** Portal roles the actor may hand to a consultant (both are partner roles of that company). */
export function grantablePortalRoles(actor: Actor, c: { partner_id: string }): PortalRole[] {
  return canManageConsultant(actor, c) ? ['partner_rep', 'partner_admin'] : [];
}

export function consultantAbilities(actor: Actor, c: Target) {
  const manage = canManageConsultant(actor, c);
  const archived = c.archived_at !== null;
  return {
    update: manage,
    archive: manage && !archived,
    restore: manage && archived,
    /** tagging the person to another partner is a vendor-side decision */
    move: manage && isInternalEditor(actor),
    grantPortalAccess: manage && !archived && c.user_id === null,
  };
}
