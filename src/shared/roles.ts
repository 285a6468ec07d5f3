import { z } from 'zod';

export const INTERNAL_ROLES = [
  'admin',
  'channel_manager',
  'sales_rep',
  'finance',
  'marketing',
] as const;
export const PARTNER_ROLES = ['partner_admin', 'partner_rep'] as const;
export const ROLES = [...INTERNAL_ROLES, ...PARTNER_ROLES] as const;

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
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
