import type { Actor } from '../../http/actor';
import type { Role } from '../../../shared/roles';

/**
 * Deals are worked by the vendor's sales side and by the partners they are assigned to. Finance
 * and marketing read them but change nothing. Partner users only ever reach opportunities in
 * their scope (the repo applies it), so the abilities below are about a record they can see.
 */
export const OPPORTUNITY_WRITERS = [
  'admin',
  'channel_manager',
  'sales_rep',
  'partner_admin',
  'partner_rep',
] as const satisfies readonly Role[];

/** Deleting a deal loses its history and files; a partner's admin may, a rep may not. */
export const OPPORTUNITY_DELETERS = [
  'admin',
  'channel_manager',
  'partner_admin',
] as const satisfies readonly Role[];

/** Who may give a fellow user (a partner's rep, a colleague) access to a deal. */
const SHARERS = ['admin', 'channel_manager', 'sales_rep', 'partner_admin'] as const;

const has = (list: readonly Role[], role: Role) => list.includes(role);

export const canWriteOpportunities = (actor: Actor) => has(OPPORTUNITY_WRITERS, actor.role);

export function opportunityAbilities(actor: Actor) {
  const write = canWriteOpportunities(actor);
  return {
    update: write,
    changeStage: write,
    changeOwner: write,
    delete: has(OPPORTUNITY_DELETERS, actor.role),
    share: has(SHARERS, actor.role),
  };
}
