import type { User } from '../../../shared/users';
import type { Actor } from '../../http/actor';
import { userAbilities } from './users.policy';
import type { UserListRow } from './users.repo';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentUser(row: UserListRow, actor: Actor): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    partnerId: row.partner_id,
    partnerName: row.partner_name,
    active: row.active,
    invitationPending: row.invitation_pending,
    lastLoginAt: iso(row.last_login_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: userAbilities(actor, row),
  };
}
