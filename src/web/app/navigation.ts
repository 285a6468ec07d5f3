import {
  IconAddressBook,
  IconAward,
  IconBuilding,
  IconBuildingSkyscraper,
  IconBuildingStore,
  IconHome,
  IconId,
  IconInbox,
  IconKey,
  IconLayoutDashboard,
  IconLifebuoy,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import { capabilities } from '../lib/session';
import type { Me } from '../lib/types';

export interface NavItem {
  label: string;
  to: string;
  icon: Icon;
}

/**
 * Internal users run the channel; partner users get the portal. Only features that exist are
 * listed, and only to people who may use them.
 */
export function navigationFor(user: Me): NavItem[] {
  const can = capabilities(user);
  if (can.partnerUser) {
    return [
      { label: 'Home', to: '/', icon: IconHome },
      ...(can.viewPartnerDetail && user.partner
        ? [{ label: 'Our company', to: `/partners/${user.partner.id}`, icon: IconBuilding }]
        : []),
      { label: 'Accounts', to: '/accounts', icon: IconBuildingSkyscraper },
      { label: 'Contacts', to: '/contacts', icon: IconId },
      { label: 'Cases', to: '/cases', icon: IconLifebuoy },
      ...(can.manageCompanyUsers
        ? [{ label: 'Consultants', to: '/company/consultants', icon: IconAddressBook }]
        : []),
      ...(can.manageCompanyUsers
        ? [{ label: 'Company users', to: '/company/users', icon: IconUsersGroup }]
        : []),
      { label: 'API tokens', to: '/tokens', icon: IconKey },
    ];
  }
  return [
    { label: 'Dashboard', to: '/', icon: IconLayoutDashboard },
    { label: 'Partners', to: '/partners', icon: IconBuildingStore },
    { label: 'Consultants', to: '/consultants', icon: IconAddressBook },
    { label: 'Accounts', to: '/accounts', icon: IconBuildingSkyscraper },
    { label: 'Contacts', to: '/contacts', icon: IconId },
    { label: 'Cases', to: '/cases', icon: IconLifebuoy },
    ...(can.reviewApplications
      ? [{ label: 'Applications', to: '/applications', icon: IconInbox }]
      : []),
    ...(can.managePartnerProgram
      ? [{ label: 'Partner program', to: '/settings/partner-program', icon: IconAward }]
      : []),
    ...(can.manageAllUsers ? [{ label: 'Users', to: '/users', icon: IconUsers }] : []),
    { label: 'API tokens', to: '/tokens', icon: IconKey },
  ];
}

export const isActivePath = (itemPath: string, pathname: string): boolean =>
  itemPath === '/'
    ? pathname === '/'
    : pathname === itemPath || pathname.startsWith(`${itemPath}/`);
