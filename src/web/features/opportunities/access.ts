import { isPartnerRole } from '../../../shared/role-names';
import type { Me } from '../../lib/types';

/**
 * Who is offered "New opportunity" and bulk changes: the people who sell (admins, channel
 * managers, sales reps) and partner users within their own company. Finance and marketing read
 * the pipeline. The server decides for real; records carry their own abilities.
 */
export const canWriteOpportunities = (me: Me): boolean =>
  isPartnerRole(me.role) ||
  me.role === 'admin' ||
  me.role === 'channel_manager' ||
  me.role === 'sales_rep';

/** Leads are also worked by marketing, who bring them in from campaigns. */
export const canWriteLeads = (me: Me): boolean =>
  canWriteOpportunities(me) || me.role === 'marketing';
