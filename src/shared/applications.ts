import { z } from 'zod';
import { isCountryCode } from './countries';
import { Abilities, Email, ListQuery, text, Version } from './common';
import { CountryCode, PartnerStatus, PartnerType, SlaTier, Website, domainOf } from './partners';

export { domainOf };

export const APPLICATION_STATUSES = ['pending', 'approved', 'declined'] as const;
export const ApplicationStatus = z.enum(APPLICATION_STATUSES);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  pending: 'Pending',
  approved: 'Approved',
  declined: 'Declined',
};

/** Optional text from the public form: empty means "not given" (stored as null). */
const optText = (max: number) =>
  text(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const APPLICATION_LIMITS = {
  businessName: 200,
  street: 200,
  city: 100,
  postalCode: 20,
  region: 100,
  phone: 50,
  contactName: 200,
  productsOfInterest: 2000,
  message: 5000,
  declineReason: 2000,
} as const;

/** A signed, time-stamped token the public form fetches when it opens (spam defence). */
export const ApplicationFormToken = z
  .object({
    formToken: z.string(),
    /** the earliest moment a submission with this token is accepted */
    notBefore: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: 'ApplicationFormToken' });
export type ApplicationFormToken = z.infer<typeof ApplicationFormToken>;

/**
 * What an applicant sends. Every field has a length limit, so the body can never grow past a
 * few tens of kilobytes; unknown fields are refused.
 */
export const SubmitApplicationInput = z
  .object({
    businessName: text(APPLICATION_LIMITS.businessName, 1),
    website: Website,
    partnerType: PartnerType.optional(),
    productsOfInterest: text(APPLICATION_LIMITS.productsOfInterest).optional(),
    street: optText(APPLICATION_LIMITS.street),
    city: optText(APPLICATION_LIMITS.city),
    postalCode: optText(APPLICATION_LIMITS.postalCode),
    region: optText(APPLICATION_LIMITS.region),
    countryCode: CountryCode.refine(isCountryCode, 'is not a known country'),
    phone: optText(APPLICATION_LIMITS.phone),
    contactName: text(APPLICATION_LIMITS.contactName, 1),
    contactEmail: Email,
    requestedSlaTier: SlaTier.optional(),
    message: text(APPLICATION_LIMITS.message).optional(),
    formToken: z.string().max(500, 'is invalid'),
    /** Left empty by people (the input is hidden); form-filling bots tend to fill it. */
    companyUrl: z.string().max(500).optional(),
  })
  .strict();
export type SubmitApplicationInput = z.input<typeof SubmitApplicationInput>;
export type SubmitApplicationData = z.output<typeof SubmitApplicationInput>;

export const ApplicationReceipt = z
  .object({ id: z.string(), status: z.literal('pending') })
  .meta({ id: 'ApplicationReceipt' });
export type ApplicationReceipt = z.infer<typeof ApplicationReceipt>;

export const ApplicationDuplicates = z.object({
  /** existing partners with the same website domain or company name */
  partners: z.array(
    z.object({
      id: z.string(),
      companyName: z.string(),
      domain: z.string().nullable(),
      status: PartnerStatus,
      matchedOn: z.array(z.enum(['name', 'domain'])),
    }),
  ),
  /** other applications still waiting for review with the same website domain */
  applications: z.array(
    z.object({
      id: z.string(),
      businessName: z.string(),
      domain: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});
export type ApplicationDuplicates = z.infer<typeof ApplicationDuplicates>;

export const Application = z
  .object({
    id: z.string(),
    businessName: z.string(),
    website: z.string().nullable(),
    domain: z.string().nullable(),
    partnerType: PartnerType,
    productsOfInterest: z.string(),
    address: z.object({
      street: z.string().nullable(),
      city: z.string().nullable(),
      postalCode: z.string().nullable(),
      region: z.string().nullable(),
      countryCode: z.string(),
    }),
    phone: z.string().nullable(),
    contactName: z.string(),
    contactEmail: z.string(),
    requestedSlaTier: SlaTier,
    message: z.string(),
    status: ApplicationStatus,
    declineReason: z.string().nullable(),
    reviewedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    reviewedAt: z.string().nullable(),
    partner: z.object({ id: z.string(), companyName: z.string() }).nullable(),
    duplicates: ApplicationDuplicates,
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'PartnerApplication' });
export type Application = z.infer<typeof Application>;

export const ApplicationListQuery = ListQuery.omit({ sort: true }).extend({
  status: ApplicationStatus.optional(),
});
export type ApplicationListQuery = z.infer<typeof ApplicationListQuery>;

export const ApplicationCounts = z
  .object({ pending: z.number(), approved: z.number(), declined: z.number() })
  .meta({ id: 'ApplicationCounts' });
export type ApplicationCounts = z.infer<typeof ApplicationCounts>;

/** The choices a reviewer makes when approving, with the defaults the server would apply. */
export const ApprovalOptions = z
  .object({
    levels: z.array(z.object({ id: z.string(), name: z.string(), rank: z.number() })),
    activationStages: z.array(z.object({ id: z.string(), name: z.string(), position: z.number() })),
    channelManagers: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })),
    defaults: z.object({
      levelId: z.string().nullable(),
      activationStageId: z.string().nullable(),
      channelManagerId: z.string().nullable(),
    }),
  })
  .meta({ id: 'ApplicationApprovalOptions' });
export type ApprovalOptions = z.infer<typeof ApprovalOptions>;

const OptId = z.uuid({ message: 'must be a valid id' }).optional();

export const ApproveApplicationInput = z
  .object({
    version: Version.optional(),
    levelId: OptId,
    activationStageId: OptId,
    /** null: the new partner has no channel manager yet */
    channelManagerId: z.uuid({ message: 'must be a valid id' }).nullable().optional(),
  })
  .strict();
export type ApproveApplicationInput = z.infer<typeof ApproveApplicationInput>;

export const DeclineApplicationInput = z
  .object({
    reason: text(APPLICATION_LIMITS.declineReason, 1),
    version: Version.optional(),
  })
  .strict();
export type DeclineApplicationInput = z.infer<typeof DeclineApplicationInput>;
