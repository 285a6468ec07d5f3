import type { Actor } from '../../http/actor';
import type { Role } from '../../../shared/roles';

/**
 * Leads are worked by the vendor's sales and marketing people and by partner users on their own
 * company's leads (the repo's scope decides which). Finance reads them but changes nothing.
 */
export const LEAD_WRITERS = [
  'admin',
  'channel_manager',
  'sales_rep',
  'marketing',
  'partner_admin',
  'partner_rep',
] as const satisfies readonly Role[];

/** Deleting a lead loses its history; a partner's admin may, within their company, reps never. */
export const LEAD_DELETERS = [
  'admin',
  'channel_manager',
  'partner_admin',
] as const satisfies readonly Role[];

/** Sharing a lead with a rep is the partner admin's (or the vendor's) decision. */
const LEAD_SHARERS = [
  'admin',
  'channel_manager',
  'sales_rep',
  'marketing',
  'partner_admin',
] as const satisfies readonly Role[];

const has = (list: readonly Role[], role: Role) => list.includes(role);

export const canWriteLeads = (actor: Pick<Actor, 'role'>) => has(LEAD_WRITERS, actor.role);
export const canDeleteLeads = (actor: Pick<Actor, 'role'>) => has(LEAD_DELETERS, actor.role);

/**
 * What the actor may do to a lead they can see. A converted lead is read-only: it may still be
 * cloned (a new lead), shared and deleted, never edited, advanced, reassigned or converted again.
 */
export function leadAbilities(actor: Pick<Actor, 'role'>, lead: { converted: boolean }) {
  const write = canWriteLeads(actor);
  const open = write && !lead.converted;
  return {
    update: open,
    changeStatus: open,
    changeOwner: open,
    convert: open,
    clone: write,
    delete: canDeleteLeads(actor),
    share: has(LEAD_SHARERS, actor.role),
  };
}
