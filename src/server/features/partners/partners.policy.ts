import type { Actor } from '../../http/actor';

/** Channel managers and admins run the partner program; partner users read their own company. */
export const PARTNER_EDITORS = ['admin', 'channel_manager'] as const;

export function partnerAbilities(actor: Actor) {
  const edit = (PARTNER_EDITORS as readonly string[]).includes(actor.role);
  return { update: edit };
}
