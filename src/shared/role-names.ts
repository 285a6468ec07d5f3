/** Role names and labels, free of zod so the web bundle can import them cheaply. */

export const INTERNAL_ROLES = [
  'admin',
  'channel_manager',
  'sales_rep',
  'finance',
  'marketing',
] as const;
export const PARTNER_ROLES = ['partner_admin', 'partner_rep'] as const;
export const ROLES = [...INTERNAL_ROLES, ...PARTNER_ROLES] as const;

export type Role = (typeof ROLES)[number];
export type InternalRole = (typeof INTERNAL_ROLES)[number];
export type PartnerRole = (typeof PARTNER_ROLES)[number];

export const isPartnerRole = (r: Role): r is PartnerRole =>
  (PARTNER_ROLES as readonly string[]).includes(r);

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  channel_manager: 'Channel manager',
  sales_rep: 'Sales rep',
  finance: 'Finance',
  marketing: 'Marketing',
  partner_admin: 'Partner admin',
  partner_rep: 'Partner rep',
};
