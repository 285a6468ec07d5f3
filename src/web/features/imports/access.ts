import type { ImportEntity } from '../../../shared/imports';
import type { Role } from '../../../shared/role-names';
import type { Me } from '../../lib/types';

/**
 * Who may import what: the roles that may create such records by hand. The server checks every
 * request itself; this only decides which choices the wizard and the navigation offer. Kept free
 * of runtime imports, as the navigation loads it with the first page.
 */
const IMPORTERS: Record<ImportEntity, readonly Role[]> = {
  leads: ['admin', 'channel_manager', 'sales_rep', 'marketing', 'partner_admin', 'partner_rep'],
  // Partner users import customers, leads and people of their own company only.
  accounts: ['admin', 'channel_manager', 'sales_rep', 'partner_admin', 'partner_rep'],
  contacts: ['admin', 'channel_manager', 'sales_rep', 'partner_admin', 'partner_rep'],
  partners: ['admin', 'channel_manager'],
  consultants: ['admin', 'channel_manager', 'partner_admin'],
};

const ORDER: readonly ImportEntity[] = ['leads', 'accounts', 'contacts', 'partners', 'consultants'];

export const importableEntities = (user: Pick<Me, 'role'>): ImportEntity[] =>
  ORDER.filter((e) => IMPORTERS[e].includes(user.role));

export const canImport = (user: Pick<Me, 'role'>) => importableEntities(user).length > 0;
