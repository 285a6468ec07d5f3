import type { Actor } from '../../http/actor';

/**
 * Levels and activation stages shape the whole partner program, so only admins change them.
 * Everyone signed in may read them: partner users see their own level and stage in the portal.
 */
export const PROGRAM_ADMINS = ['admin'] as const;

export function programAbilities(actor: Actor) {
  const admin = (PROGRAM_ADMINS as readonly string[]).includes(actor.role);
  return { update: admin, delete: admin };
}
