import { z } from 'zod';
import { AccountListQuery, ContactListQuery, many } from './accounts';
import { CaseListQuery } from './cases';
import { ConsultantListQuery } from './consultants';

/**
 * Export files of the lists that have no column chooser of their own: the columns each file can
 * carry (in default order), their headers, and the query — the list's filters and sort plus
 * `columns`. Partners, leads and opportunities keep theirs beside their list columns.
 */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONSULTANT_EXPORT_COLUMNS = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'mobile',
  'jobTitle',
  'partner',
  'tags',
  'visible',
  'portalAccess',
  'archivedAt',
  'createdAt',
  'updatedAt',
] as const;
export type ConsultantExportColumn = (typeof CONSULTANT_EXPORT_COLUMNS)[number];
export const CONSULTANT_EXPORT_LABELS: Record<ConsultantExportColumn, string> = {
  name: 'Name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  mobile: 'Mobile',
  jobTitle: 'Job title',
  partner: 'Partner',
  tags: 'Tags',
  visible: 'Listed',
  portalAccess: 'Portal access',
  archivedAt: 'Archived',
  createdAt: 'Created',
  updatedAt: 'Last modified',
};
export const DEFAULT_CONSULTANT_EXPORT_COLUMNS: ConsultantExportColumn[] = [
  'name',
  'email',
  'phone',
  'jobTitle',
  'partner',
  'tags',
  'visible',
  'portalAccess',
];
export const ConsultantExportQuery = ConsultantListQuery.omit({ limit: true, cursor: true }).extend(
  {
    columns: many(z.enum(CONSULTANT_EXPORT_COLUMNS)),
  },
);

export const ACCOUNT_EXPORT_COLUMNS = [
  'name',
  'domain',
  'industry',
  'companySize',
  'countryCode',
  'managedByPartner',
  'partnerUser',
  'owner',
  'contactCount',
  'openCaseCount',
  'createdAt',
  'updatedAt',
] as const;
export type AccountExportColumn = (typeof ACCOUNT_EXPORT_COLUMNS)[number];
export const ACCOUNT_EXPORT_LABELS: Record<AccountExportColumn, string> = {
  name: 'Account',
  domain: 'Domain',
  industry: 'Industry',
  companySize: 'Company size',
  countryCode: 'Country',
  managedByPartner: 'Managed by partner',
  partnerUser: 'Partner rep',
  owner: 'Owner',
  contactCount: 'Contacts',
  openCaseCount: 'Open cases',
  createdAt: 'Created',
  updatedAt: 'Last modified',
};
export const DEFAULT_ACCOUNT_EXPORT_COLUMNS: AccountExportColumn[] = [
  'name',
  'domain',
  'industry',
  'countryCode',
  'managedByPartner',
  'owner',
  'contactCount',
  'openCaseCount',
];
export const AccountExportQuery = AccountListQuery.omit({ limit: true, cursor: true }).extend({
  columns: many(z.enum(ACCOUNT_EXPORT_COLUMNS)),
});

export const CONTACT_EXPORT_COLUMNS = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'jobTitle',
  'account',
  'owner',
  'createdAt',
  'updatedAt',
] as const;
export type ContactExportColumn = (typeof CONTACT_EXPORT_COLUMNS)[number];
export const CONTACT_EXPORT_LABELS: Record<ContactExportColumn, string> = {
  name: 'Name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  jobTitle: 'Job title',
  account: 'Account',
  owner: 'Owner',
  createdAt: 'Created',
  updatedAt: 'Last modified',
};
export const DEFAULT_CONTACT_EXPORT_COLUMNS: ContactExportColumn[] = [
  'name',
  'email',
  'phone',
  'jobTitle',
  'account',
  'owner',
];
export const ContactExportQuery = ContactListQuery.omit({ limit: true, cursor: true }).extend({
  columns: many(z.enum(CONTACT_EXPORT_COLUMNS)),
});

export const CASE_EXPORT_COLUMNS = [
  'reference',
  'subject',
  'status',
  'priority',
  'account',
  'contact',
  'managedByPartner',
  'partnerUser',
  'owner',
  'description',
  'closedAt',
  'createdAt',
  'updatedAt',
] as const;
export type CaseExportColumn = (typeof CASE_EXPORT_COLUMNS)[number];
export const CASE_EXPORT_LABELS: Record<CaseExportColumn, string> = {
  reference: 'Case',
  subject: 'Subject',
  status: 'Status',
  priority: 'Priority',
  account: 'Account',
  contact: 'Contact',
  managedByPartner: 'Managed by partner',
  partnerUser: 'Partner rep',
  owner: 'Owner',
  description: 'Description',
  closedAt: 'Closed',
  createdAt: 'Created',
  updatedAt: 'Last modified',
};
export const DEFAULT_CASE_EXPORT_COLUMNS: CaseExportColumn[] = [
  'reference',
  'subject',
  'status',
  'priority',
  'account',
  'managedByPartner',
  'owner',
  'createdAt',
];
export const CaseExportQuery = CaseListQuery.omit({ limit: true, cursor: true }).extend({
  columns: many(z.enum(CASE_EXPORT_COLUMNS)),
});
