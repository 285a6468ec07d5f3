import type { PartnerRole, Role } from '../../shared/roles';
import { isPartnerRole } from '../../shared/roles';

/** Who is calling: a signed-in user, directly (session) or through one of their API tokens. */
export type Actor = {
  userId: string;
  name: string;
  email: string;
  role: Role;
  partnerId: string | null;
  partnerName: string | null;
  via: 'session' | 'token';
  sessionIdHash?: string;
  tokenId?: string;
};

/**
 * What partner data an actor may read. Every repo read of partner data takes one and applies it
 * in SQL. Internal users are limited by role in policies; partner users by company (admin) or by
 * their own records (rep).
 */
export type Scope =
  | { kind: 'internal'; userId: string; role: Role }
  | { kind: 'partner'; role: PartnerRole; partnerId: string; userId: string };

export function scopeOf(actor: Actor): Scope {
  if (isPartnerRole(actor.role)) {
    if (!actor.partnerId) throw new Error('partner user without a partner');
    return { kind: 'partner', role: actor.role, partnerId: actor.partnerId, userId: actor.userId };
  }
  return { kind: 'internal', userId: actor.userId, role: actor.role };
}

/** The actor for a stored user, for work done on a user's behalf outside a request. */
export function actorForUser(u: {
  id: string;
  name: string;
  email: string;
  role: Role;
  partnerId: string | null;
  partnerName?: string | null;
}): Actor {
  return {
    userId: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    partnerId: u.partnerId,
    partnerName: u.partnerName ?? null,
    via: 'session',
  };
}

/** Passed from routes into services: the actor plus what the audit log records. */
export type Ctx = {
  actor: Actor;
  requestId: string;
  ip: string;
};
