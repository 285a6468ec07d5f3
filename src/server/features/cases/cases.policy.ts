import type { Actor } from '../../http/actor';
import { canWriteCustomers } from '../accounts/accounts.policy';

/** Cases are worked like accounts; deleting one erases support history, so only admins may. */
export const CASE_DELETERS = ['admin'] as const;

export function caseAbilities(actor: Actor) {
  const write = canWriteCustomers(actor);
  return { update: write, changeStatus: write, delete: actor.role === 'admin' };
}
