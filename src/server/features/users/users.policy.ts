import type { Actor } from '../../http/actor';
import { isPartnerRole, type Role } from '../../../shared/roles';

type Target = { id: string; role: Role; partner_id: string | null };

/** Who may manage users: admins everyone; partner admins the people of their own company. */
export function canManage(actor: Actor, target: Target): boolean {
  if (actor.role === 'admin') return true;
  return (
    actor.role === 'partner_admin' &&
    target.partner_id !== null &&
    target.partner_id === actor.partnerId
  );
}

export function userAbilities(actor: Actor, target: Target) {
  const manage = canManage(actor, target);
  return { update: manage, deactivate: manage && target.id !== actor.userId };
}

/** Roles an actor may hand out. */
export function assignableRoles(actor: Actor): readonly Role[] {
  if (actor.role === 'admin')
    return [
      'admin',
      'channel_manager',
      'sales_rep',
      'finance',
      'marketing',
      'partner_admin',
      'partner_rep',
    ];
  if (actor.role === 'partner_admin') return ['partner_admin', 'partner_rep'];
  return [];
}

export const sameSide = (a: Role, b: Role) => isPartnerRole(a) === isPartnerRole(b);
