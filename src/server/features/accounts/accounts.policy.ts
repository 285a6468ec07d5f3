import type { Actor } from '../../http/actor';
import type { Role } from '../../../shared/roles';

/**
 * Customers (accounts, contacts, cases) are worked by the sales side of the vendor and by the
 * partners who manage them. Finance and marketing read them but change nothing. Partner users
 * only ever reach records inside their scope (the repo applies it), so "may edit" below is
 * always about a record they can already see.
 */
export const CUSTOMER_WRITERS = [
  'admin',
  'channel_manager',
  'sales_rep',
  'partner_admin',
  'partner_rep',
] as const satisfies readonly Role[];

/** Deleting a customer is for the vendor's editors and a partner's admin, never a rep. */
export const ACCOUNT_DELETERS = [
  'admin',
  'channel_manager',
  'sales_rep',
  'partner_admin',
] as const satisfies readonly Role[];

const has = (list: readonly Role[], role: Role) => list.includes(role);

export const canWriteCustomers = (actor: Actor) => has(CUSTOMER_WRITERS, actor.role);

export function accountAbilities(actor: Actor) {
  return {
    update: canWriteCustomers(actor),
    delete: has(ACCOUNT_DELETERS, actor.role),
    addContact: canWriteCustomers(actor),
    addCase: canWriteCustomers(actor),
  };
}

/** A contact is edited by whoever may edit its account. */
export function contactAbilities(actor: Actor) {
  const write = canWriteCustomers(actor);
  return { update: write, delete: write };
}
