import type { Actor } from '../../http/actor';
import type { Role } from '../../../shared/roles';

/** Roles that may ever share; the record then decides (see canManageShares). */
export const SHARE_MANAGERS = [
  'admin',
  'channel_manager',
  'sales_rep',
  'partner_admin',
  'partner_rep',
] as const satisfies readonly Role[];

/**
 * Who opens a lead or opportunity to more of a partner's people: the vendor's sales side, the
 * admin of the partner it is assigned to, or the partner rep working it. A rep it was shared
 * with may read it but not pass it on; finance and marketing only read.
 */
export function canManageShares(
  actor: Actor,
  rec: { partnerId: string | null; partnerUserId: string | null },
) {
  switch (actor.role) {
    case 'admin':
    case 'channel_manager':
    case 'sales_rep':
      return true;
    case 'partner_admin':
      return rec.partnerId !== null && rec.partnerId === actor.partnerId;
    case 'partner_rep':
      return rec.partnerUserId !== null && rec.partnerUserId === actor.userId;
    default:
      return false;
  }
}
