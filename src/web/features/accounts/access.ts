import { isPartnerRole } from '../../../shared/role-names';
import type { Me } from '../../lib/types';

/**
 * Who is offered "New account" / "New case". Finance and marketing read customers but do not
 * edit them; partner users create within their own company. The server decides for real.
 */
export const canCreateCustomers = (me: Me): boolean =>
  isPartnerRole(me.role) ||
  me.role === 'admin' ||
  me.role === 'channel_manager' ||
  me.role === 'sales_rep';
