import { z } from 'zod';
import { Abilities, BoolParam, Email, ListQuery, text, Version, LIMITS } from './common';

/** Portal roles a consultant can be given. */
export const PORTAL_ROLES = ['partner_rep', 'partner_admin'] as const;
export const PortalRole = z.enum(PORTAL_ROLES);
export type PortalRole = z.infer<typeof PortalRole>;

const Tag = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(50, 'must be at most 50 characters')
  .refine((s) => !s.includes('\u0000') && !s.includes(','), 'must not contain commas');
const Tags = z
  .array(Tag)
  .max(30, 'at most 30 tags')
  .transform((tags) => [...new Set(tags)]);

/** Optional text: empty strings clear the field (stored as null). */
const optText = (max: number) =>
  text(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const Consultant = z
  .object({
    id: z.string(),
    partnerId: z.string(),
    partner: z.object({ id: z.string(), name: z.string() }),
    firstName: z.string(),
    lastName: z.string(),
    name: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    mobile: z.string().nullable(),
    jobTitle: z.string().nullable(),
    tags: z.array(z.string()),
    /** shown in the partner's list; hidden people stay in the system */
    visible: z.boolean(),
    archivedAt: z.string().nullable(),
    /** the portal login made for this person */
    portalUser: z.object({ id: z.string(), role: z.string(), active: z.boolean() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'Consultant' });
export type Consultant = z.infer<typeof Consultant>;

const consultantFields = {
  partnerId: z.uuid({ message: 'must be a valid id' }),
  firstName: text(100, 1),
  lastName: text(100, 1),
  email: Email,
  phone: optText(50),
  mobile: optText(50),
  jobTitle: optText(200),
  tags: Tags.optional(),
  visible: z.boolean().optional(),
};

export const CreateConsultantInput = z
  .object({
    ...consultantFields,
    /** partner admins may leave it out: their own company is used */
    partnerId: consultantFields.partnerId.optional(),
    /** also create a portal login and send the invitation, in the same step */
    portalAccess: z.object({ role: PortalRole }).strict().nullish(),
  })
  .strict();
export type CreateConsultantInput = z.infer<typeof CreateConsultantInput>;

export const UpdateConsultantInput = z
  .object(consultantFields)
  .partial()
  .extend({ version: Version.optional() })
  .strict();
export type UpdateConsultantInput = z.infer<typeof UpdateConsultantInput>;

export const PortalAccessInput = z.object({ role: PortalRole }).strict();

export const CONSULTANT_SORTS = ['name', 'email', 'jobTitle', 'partner', 'createdAt'] as const;

export const ConsultantListQuery = ListQuery.extend({
  partnerId: z.uuid({ message: 'must be a valid id' }).optional(),
  visible: BoolParam.optional(),
  includeArchived: BoolParam.optional(),
  /** only archived people (implies includeArchived) */
  archived: BoolParam.optional(),
  hasPortalAccess: BoolParam.optional(),
  tag: Tag.optional(),
});
export type ConsultantListQuery = z.infer<typeof ConsultantListQuery>;

/** Why someone found by the lookup is not in the partner's list, and what would put them there. */
export const LOOKUP_REASONS = ['other_partner', 'archived', 'hidden'] as const;
export type LookupReason = (typeof LOOKUP_REASONS)[number];
export const LOOKUP_FIXES = ['move', 'restore', 'show'] as const;
export type LookupFix = (typeof LOOKUP_FIXES)[number];

export const ConsultantLookupQuery = z.object({
  q: z.string().trim().min(2, 'type at least 2 characters').max(LIMITS.searchMax),
  partnerId: z.uuid({ message: 'must be a valid id' }),
});

export const ConsultantLookupMatch = z
  .object({
    consultant: Consultant,
    /** listed in the partner's list as it stands */
    listed: z.boolean(),
    /** the first thing keeping them out of the list; null when listed */
    reason: z.enum(LOOKUP_REASONS).nullable(),
    /** every such thing, in the order they would be fixed */
    reasons: z.array(z.enum(LOOKUP_REASONS)),
    /** the partner the person is tagged to */
    taggedTo: z.object({ id: z.string(), name: z.string() }),
    /** the one-click action that removes `reason` */
    fix: z.enum(LOOKUP_FIXES).nullable(),
    /** whether the caller may apply the fix */
    canFix: z.boolean(),
    /** why the fix cannot be applied, when it cannot */
    fixBlockedBy: z.string().nullable(),
  })
  .meta({ id: 'ConsultantLookupMatch' });
export type ConsultantLookupMatch = z.infer<typeof ConsultantLookupMatch>;
export const ConsultantLookupResult = z.object({ data: z.array(ConsultantLookupMatch) });
