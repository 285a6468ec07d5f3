import {
  IconAddressBook,
  IconAdjustmentsHorizontal,
  IconAward,
  IconChartBar,
  IconGauge,
  IconSpeakerphone,
  IconBuilding,
  IconBuildingSkyscraper,
  IconBuildingStore,
  IconChecklist,
  IconFileImport,
  IconHome,
  IconId,
  IconInbox,
  IconKey,
  IconLayoutDashboard,
  IconLifebuoy,
  IconMagnet,
  IconTargetArrow,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import { canImport } from '../features/imports/access';
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
      { label: 'My tasks', to: '/tasks', icon: IconChecklist },
      ...(can.viewPartnerDetail && user.partner
        ? [{ label: 'Our company', to: `/partners/${user.partner.id}`, icon: IconBuilding }]
        : []),
      { label: 'Accounts', to: '/accounts', icon: IconBuildingSkyscraper },
      { label: 'Contacts', to: '/contacts', icon: IconId },
      { label: 'Cases', to: '/cases', icon: IconLifebuoy },
      { label: 'Leads', to: '/leads', icon: IconMagnet },
      { label: 'Opportunities', to: '/opportunities', icon: IconTargetArrow },
      ...(canImport(user) ? [{ label: 'Import', to: '/imports', icon: IconFileImport }] : []),
      ...(can.viewCampaigns
        ? [{ label: 'Campaigns', to: '/campaigns', icon: IconSpeakerphone }]
        : []),
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
    { label: 'My tasks', to: '/tasks', icon: IconChecklist },
    { label: 'Partners', to: '/partners', icon: IconBuildingStore },
    { label: 'Consultants', to: '/consultants', icon: IconAddressBook },
    { label: 'Accounts', to: '/accounts', icon: IconBuildingSkyscraper },
    { label: 'Contacts', to: '/contacts', icon: IconId },
    { label: 'Cases', to: '/cases', icon: IconLifebuoy },
    { label: 'Leads', to: '/leads', icon: IconMagnet },
    { label: 'Opportunities', to: '/opportunities', icon: IconTargetArrow },
    { label: 'Campaigns', to: '/campaigns', icon: IconSpeakerphone },
    { label: 'Attribution', to: '/reports/attribution', icon: IconChartBar },
    ...(canImport(user) ? [{ label: 'Import', to: '/imports', icon: IconFileImport }] : []),
    ...(can.reviewApplications
      ? [{ label: 'Applications', to: '/applications', icon: IconInbox }]
      : []),
    ...(can.managePartnerProgram
      ? [{ label: 'Partner program', to: '/settings/partner-program', icon: IconAward }]
      : []),
    ...(can.manageSalesSetup
      ? [
          {
            label: 'Sales process',
            to: '/settings/sales-process',
            icon: IconAdjustmentsHorizontal,
          },
        ]
      : []),
    ...(can.viewScoring
      ? [{ label: 'Lead scoring', to: '/settings/lead-scoring', icon: IconGauge }]
      : []),
    ...(can.manageAllUsers ? [{ label: 'Users', to: '/users', icon: IconUsers }] : []),
    { label: 'API tokens', to: '/tokens', icon: IconKey },
  ];
}

export const isActivePath = (itemPath: string, pathname: string): boolean =>
  itemPath === '/'
    ? pathname === '/'
    : pathname === itemPath || pathname.startsWith(`${itemPath}/`);
