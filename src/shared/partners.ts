import { z } from 'zod';
import { Abilities, ListQuery, text, Version, LIMITS } from './common';

export const PARTNER_STATUSES = ['applicant', 'active', 'suspended', 'archived'] as const;
export const PartnerStatus = z.enum(PARTNER_STATUSES);

export const Partner = z
  .object({
    id: z.string(),
    companyName: z.string(),
    status: PartnerStatus,
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'Partner' });
export type Partner = z.infer<typeof Partner>;

export const CreatePartnerInput = z.object({
  companyName: text(LIMITS.nameMax, 1),
  status: PartnerStatus.optional(),
});

export const UpdatePartnerInput = z
  .object({
    version: Version.optional(),
    companyName: text(LIMITS.nameMax, 1).optional(),
    status: PartnerStatus.optional(),
  })
  .strict();

export const PartnerListQuery = ListQuery.extend({ status: PartnerStatus.optional() });
export const PARTNER_SORTS = ['companyName', 'createdAt', 'status'] as const;
