import { z } from 'zod';
import { Abilities, ListQuery, text, Version, LIMITS } from './common';

export const PARTNER_STATUSES = ['applicant', 'active', 'suspended', 'archived'] as const;
export const PartnerStatus = z.enum(PARTNER_STATUSES);
export type PartnerStatus = z.infer<typeof PartnerStatus>;

export const PARTNER_TYPES = [
  'reseller',
  'var',
  'distributor',
  'system_integrator',
  'referral',
  'oem',
] as const;
export const PartnerType = z.enum(PARTNER_TYPES);
export type PartnerType = z.infer<typeof PartnerType>;
export const PARTNER_TYPE_LABELS: Record<PartnerType, string> = {
  reseller: 'Reseller',
  var: 'Value-added reseller',
  distributor: 'Distributor',
  system_integrator: 'System integrator',
  referral: 'Referral partner',
  oem: 'OEM',
};

export const SLA_TIERS = ['basic', 'standard', 'premium'] as const;
export const SlaTier = z.enum(SLA_TIERS);
export type SlaTier = z.infer<typeof SlaTier>;
export const SLA_TIER_LABELS: Record<SlaTier, string> = {
  basic: 'Basic',
  standard: 'Standard',
  premium: 'Premium',
};

/** ISO 3166-1 alpha-2, upper-cased on the way in ("de" → "DE"). */
export const CountryCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code'));

/** A calendar date without time. */
export const DateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
      new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'must be a real date',
  );

export const Tag = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(50, 'must be at most 50 characters')
  .refine((s) => !s.includes('\u0000') && !s.includes(','), 'must not contain commas');
export const Tags = z
  .array(Tag)
  .max(30, 'at most 30 tags')
  .transform((tags) => [...new Set(tags)]);

/** Optional text: empty strings clear the field (stored as null). */
const optText = (max: number) =>
  text(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

/** "https://www.Example.com/x" → "example.com"; bare domains are accepted too. */
export function domainOf(website: string | null | undefined): string | null {
  if (!website) return null;
  const raw = website.trim();
  if (!raw) return null;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
    const host = url.hostname.toLowerCase().replace(/^www\./, '');
    return host.includes('.') ? host : null;
  } catch {
    return null;
  }
}

export const Website = text(500)
  .refine((s) => s === '' || domainOf(s) !== null, 'must be a website address like example.com')
  .transform((s) => (s === '' ? null : s))
  .nullable()
  .optional();

const OptEmail = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .refine((s) => s === '' || z.email().safeParse(s).success, 'must be a valid email address')
  .transform((s) => (s === '' ? null : s.toLowerCase()))
  .nullable()
  .optional();

// ---------------------------------------------------------------------------------------------
// Levels and activation stages

export const PartnerLevel = z
  .object({
    id: z.string(),
    name: z.string(),
    rank: z.number(),
    routingWeight: z.number(),
    description: z.string(),
    benefits: z.string(),
    defaultCommissionPlanId: z.string().nullable(),
    partnerCount: z.number(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'PartnerLevel' });
export type PartnerLevel = z.infer<typeof PartnerLevel>;

export const CreatePartnerLevelInput = z
  .object({
    name: text(100, 1),
    routingWeight: z.number().int().min(0).max(1000).optional(),
    description: text(5000).optional(),
    benefits: text(5000).optional(),
    defaultCommissionPlanId: z.uuid().nullable().optional(),
  })
  .strict();
export const UpdatePartnerLevelInput = CreatePartnerLevelInput.partial()
  .extend({ version: Version.optional() })
  .strict();

export const ActivationStage = z
  .object({
    id: z.string(),
    name: z.string(),
    position: z.number(),
    description: z.string(),
    partnerCount: z.number(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'ActivationStage' });
export type ActivationStage = z.infer<typeof ActivationStage>;

export const CreateActivationStageInput = z
  .object({ name: text(100, 1), description: text(5000).optional() })
  .strict();
export const UpdateActivationStageInput = CreateActivationStageInput.partial()
  .extend({ version: Version.optional() })
  .strict();

/** New order of every level (or stage): all ids, lowest rank first. */
export const ReorderInput = z
  .object({ ids: z.array(z.uuid()).min(1).max(100) })
  .strict()
  .refine((v) => new Set(v.ids).size === v.ids.length, {
    message: 'ids must not repeat',
    path: ['ids'],
  });

// ---------------------------------------------------------------------------------------------
// Partners

const Ref = z.object({ id: z.string(), name: z.string() });

export const Partner = z
  .object({
    id: z.string(),
    companyName: z.string(),
    legalName: z.string().nullable(),
    website: z.string().nullable(),
    domain: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.object({
      street: z.string().nullable(),
      city: z.string().nullable(),
      postalCode: z.string().nullable(),
      region: z.string().nullable(),
      countryCode: z.string().nullable(),
    }),
    type: PartnerType,
    status: PartnerStatus,
    level: Ref.extend({ rank: z.number() }).nullable(),
    activationStage: Ref.extend({ position: z.number() }).nullable(),
    channelManager: Ref.extend({ email: z.string() }).nullable(),
    tags: z.array(z.string()),
    partnershipDate: z.string().nullable(),
    lastReviewDate: z.string().nullable(),
    nextReviewDate: z.string().nullable(),
    slaTier: SlaTier,
    /** internal notes; omitted for partner users */
    notes: z.string().optional(),
    commissionPlanId: z.string().nullable(),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'Partner' });
export type Partner = z.infer<typeof Partner>;

const AddressInput = z
  .object({
    street: optText(200),
    city: optText(100),
    postalCode: optText(20),
    region: optText(100),
    countryCode: CountryCode.nullable().optional(),
  })
  .strict();

const partnerFields = {
  companyName: text(LIMITS.nameMax, 1),
  legalName: optText(200),
  website: Website,
  email: OptEmail,
  phone: optText(50),
  address: AddressInput.optional(),
  type: PartnerType.optional(),
  status: PartnerStatus.optional(),
  levelId: z.uuid({ message: 'must be a valid id' }).nullable().optional(),
  activationStageId: z.uuid({ message: 'must be a valid id' }).nullable().optional(),
  channelManagerId: z.uuid({ message: 'must be a valid id' }).nullable().optional(),
  tags: Tags.optional(),
  partnershipDate: DateOnly.nullable().optional(),
  lastReviewDate: DateOnly.nullable().optional(),
  nextReviewDate: DateOnly.nullable().optional(),
  slaTier: SlaTier.optional(),
  notes: text(20000).optional(),
  commissionPlanId: z.uuid({ message: 'must be a valid id' }).nullable().optional(),
};

export const CreatePartnerInput = z.object(partnerFields).strict();
export type CreatePartnerInput = z.infer<typeof CreatePartnerInput>;

export const UpdatePartnerInput = z
  .object({ ...partnerFields, companyName: partnerFields.companyName.optional() })
  .partial()
  .extend({ version: Version.optional() })
  .strict();
export type UpdatePartnerInput = z.infer<typeof UpdatePartnerInput>;

/** Repeated query parameters arrive as arrays; single ones as strings. Both become arrays. */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    // Anything else (an object from a nested query string) is left for the array check to refuse.
    (v) => (v === undefined || v === '' ? undefined : typeof v === 'string' ? v.split(',') : v),
    z.array(item).max(50).optional(),
  );

export const PartnerFilters = z.object({
  q: z.string().trim().max(LIMITS.searchMax).optional(),
  levelId: many(z.uuid({ message: 'must be a valid id' })),
  activationStageId: many(z.uuid({ message: 'must be a valid id' })),
  type: many(PartnerType),
  status: many(PartnerStatus),
  channelManagerId: many(z.uuid({ message: 'must be a valid id' })),
  countryCode: many(CountryCode),
  tag: many(Tag),
  createdFrom: DateOnly.optional(),
  createdTo: DateOnly.optional(),
  nextReviewFrom: DateOnly.optional(),
  nextReviewTo: DateOnly.optional(),
  /** archived partners are left out unless asked for (or filtered by status) */
  includeArchived: z.enum(['true', 'false']).optional(),
});
export type PartnerFilters = z.infer<typeof PartnerFilters>;

export const PartnerListQuery = ListQuery.omit({ q: true }).extend(PartnerFilters.shape);
export type PartnerListQuery = z.infer<typeof PartnerListQuery>;
export const PARTNER_SORTS = [
  'companyName',
  'createdAt',
  'status',
  'type',
  'level',
  'activationStage',
  'countryCode',
  'nextReviewDate',
  'partnershipDate',
] as const;

/** Columns of the data view and the CSV export, in their default order. */
export const PARTNER_COLUMNS = [
  'companyName',
  'legalName',
  'type',
  'status',
  'level',
  'activationStage',
  'channelManager',
  'email',
  'phone',
  'website',
  'city',
  'countryCode',
  'tags',
  'slaTier',
  'partnershipDate',
  'lastReviewDate',
  'nextReviewDate',
  'createdAt',
] as const;
export type PartnerColumn = (typeof PARTNER_COLUMNS)[number];
export const PARTNER_COLUMN_LABELS: Record<PartnerColumn, string> = {
  companyName: 'Company',
  legalName: 'Legal name',
  type: 'Type',
  status: 'Status',
  level: 'Level',
  activationStage: 'Activation stage',
  channelManager: 'Channel manager',
  email: 'Email',
  phone: 'Phone',
  website: 'Website',
  city: 'City',
  countryCode: 'Country',
  tags: 'Tags',
  slaTier: 'SLA tier',
  partnershipDate: 'Partner since',
  lastReviewDate: 'Last review',
  nextReviewDate: 'Next review',
  createdAt: 'Created',
};
export const DEFAULT_PARTNER_COLUMNS: PartnerColumn[] = [
  'companyName',
  'type',
  'level',
  'activationStage',
  'channelManager',
  'countryCode',
  'status',
];

export const PartnerExportQuery = PartnerListQuery.omit({ limit: true, cursor: true }).extend({
  columns: many(z.enum(PARTNER_COLUMNS)),
});

export const PartnerCount = z.object({ count: z.number() }).meta({ id: 'PartnerCount' });

export const DuplicateQuery = z.object({
  companyName: z.string().trim().max(LIMITS.nameMax).optional(),
  website: z.string().trim().max(500).optional(),
  excludeId: z.uuid().optional(),
});
export const PartnerDuplicate = z
  .object({
    id: z.string(),
    companyName: z.string(),
    domain: z.string().nullable(),
    status: PartnerStatus,
    matchedOn: z.array(z.enum(['name', 'domain'])),
  })
  .meta({ id: 'PartnerDuplicate' });
export const PartnerDuplicates = z.object({ data: z.array(PartnerDuplicate) });

/** What a delete would touch, counted before anything happens. */
export const DeleteImpact = z
  .object({
    consultants: z.number(),
    partnerUsers: z.number(),
    leads: z.number(),
    opportunities: z.number(),
    accounts: z.number(),
    cases: z.number(),
    activities: z.number(),
    comments: z.number(),
    /** sales orders, invoices, commissions, purchase orders: anything with money */
    financialRecords: z.number(),
    archived: z.boolean(),
    canArchive: z.boolean(),
    canDeletePermanently: z.boolean(),
    /** why permanent delete is refused, in words for the dialog */
    blockers: z.array(z.string()),
  })
  .meta({ id: 'DeleteImpact' });
export type DeleteImpact = z.infer<typeof DeleteImpact>;

export const DeletePartnerQuery = z.object({
  permanent: z.enum(['true', 'false']).optional(),
});

/** Counts shown on the detail page's tabs. */
export const PartnerCounts = z
  .object({
    consultants: z.number(),
    partnerUsers: z.number(),
    accounts: z.number(),
    cases: z.number(),
    openCases: z.number(),
    activities: z.number(),
    comments: z.number(),
  })
  .meta({ id: 'PartnerCounts' });
export type PartnerCounts = z.infer<typeof PartnerCounts>;

export const BULK_ACTIONS = [
  'setLevel',
  'setActivationStage',
  'setChannelManager',
  'archive',
] as const;
export const BulkPartnerInput = z
  .object({
    ids: z.array(z.uuid()).min(1).max(500),
    action: z.enum(BULK_ACTIONS),
    /** the level, stage or channel manager id; null clears the manager; unused for archive */
    value: z.uuid().nullable().optional(),
  })
  .strict();
export const BulkPartnerResult = z
  .object({
    updated: z.number(),
    unchanged: z.number(),
    failed: z.array(z.object({ id: z.string(), reason: z.string() })),
  })
  .meta({ id: 'BulkPartnerResult' });
