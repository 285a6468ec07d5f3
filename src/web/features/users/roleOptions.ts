import { INTERNAL_ROLES, PARTNER_ROLES, ROLE_LABELS, type Role } from '../../../shared/role-names';

export type UsersScope = 'all' | 'company';

const option = (role: Role) => ({ value: role, label: ROLE_LABELS[role] });

/** Admins see every role, grouped by side; partner admins only their company's roles. */
export function roleOptions(scope: UsersScope) {
  if (scope === 'company') return PARTNER_ROLES.map(option);
  return [
    { group: 'Vendor (internal)', items: INTERNAL_ROLES.map(option) },
    { group: 'Partner', items: PARTNER_ROLES.map(option) },
  ];
}

/** A user stays on their side: a role change cannot move someone into or out of a partner. */
export const sameSideRoleOptions = (partnerUser: boolean) =>
  (partnerUser ? PARTNER_ROLES : INTERNAL_ROLES).map(option);
