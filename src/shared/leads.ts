import { z } from 'zod';
import { Abilities, Email, ListQuery, LIMITS, text, Version } from './common';
import { COMPANY_SIZES, many, optText, Ref } from './accounts';
import { CountryCode, DateOnly } from './partners';
import { Rating } from './scoring';
import { CurrencyCode, Key, Money } from './sales-setup';

// Leads: potential customers not yet qualified (seed 004). A lead walks the status path
// (New → Qualification → Not in target | Converted) and is converted into an account, a
// contact and optionally an opportunity. Pick-list fields hold keys from /api/setup.

const Id = z.uuid({ message: 'must be a valid id' });

/** "LEAD-000123" */
export const leadNumberLabel = (n: number) => `LEAD-${String(n).padStart(6, '0')}`;

export const StatusRef = z.object({
  id: z.string(),
  key: z.string(),
  label: z.string(),
  kind: z.enum(['open', 'closed', 'converted']),
});

export const Lead = z
  .object({
    id: z.string(),
    number: z.number(),
    reference: z.string(),
    /** "First Last" */
    name: z.string(),
    company: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    jobTitle: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    power: z.string(),
    statusId: z.string(),
    status: StatusRef,
    source: z.string(),
    rating: Rating,
    /** the hand-picked rating, null when the score decides */
    ratingManual: Rating.nullable(),
    score: z.number(),
    estimatedValue: z.string().nullable(),
    currency: z.string(),
    industry: z.string().nullable(),
    companySize: z.enum(COMPANY_SIZES).nullable(),
    countryCode: z.string().nullable(),
    region: z.string().nullable(),
    city: z.string().nullable(),
    postalCode: z.string().nullable(),
    productInterest: z.string().nullable(),
    description: z.string(),
    ownerId: z.string().nullable(),
    owner: Ref.nullable(),
    partnerId: z.string().nullable(),
    partner: Ref.nullable(),
    partnerUserId: z.string().nullable(),
    partnerUser: Ref.nullable(),
    referrerId: z.string().nullable(),
    referrer: Ref.nullable(),
    campaignId: z.string().nullable(),
    campaign: Ref.nullable(),
    createdByPartner: z.boolean(),
    clonedFromId: z.string().nullable(),
    convertedAt: z.string().nullable(),
    convertedAccount: Ref.nullable(),
    convertedContact: Ref.nullable(),
    convertedOpportunity: Ref.nullable(),
    /** whether the caller follows the lead */
    following: z.boolean(),
    lastActivityAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    /** update, changeStatus, changeOwner, convert, clone, delete, share */
    abilities: Abilities,
  })
  .meta({ id: 'Lead' });
export type Lead = z.infer<typeof Lead>;

/** Seed 004's mandatory fields: company, power, status, source, first and last name, job title, email. */
const leadFields = {
  company: text(200, 1),
  firstName: text(100, 1),
  lastName: text(100, 1),
  jobTitle: Key,
  email: Email,
  phone: optText(50),
  website: optText(500),
  power: Key,
  /** defaults to the default status; never the converted one */
  statusId: Id.optional(),
  source: Key,
  ratingManual: Rating.nullable().optional(),
  estimatedValue: Money.nullable().optional(),
  currency: CurrencyCode.optional(),
  industry: Key.nullable().optional(),
  companySize: z.enum(COMPANY_SIZES).nullable().optional(),
  countryCode: CountryCode.nullable().optional(),
  region: optText(100),
  city: optText(100),
  postalCode: optText(20),
  productInterest: optText(200),
  description: text(20000).optional(),
  /** defaults to the creator */
  ownerId: Id.nullable().optional(),
  /** partner users: always their own company (ignored if given otherwise → 422 if another) */
  partnerId: Id.nullable().optional(),
  /** must be a user of partnerId (field error otherwise) */
  partnerUserId: Id.nullable().optional(),
  referrerId: Id.nullable().optional(),
  campaignId: Id.nullable().optional(),
};

export const CreateLeadInput = z.object(leadFields).strict();
export type CreateLeadInput = z.infer<typeof CreateLeadInput>;

export const UpdateLeadInput = z
  .object({
    ...leadFields,
    company: leadFields.company.optional(),
    firstName: leadFields.firstName.optional(),
    lastName: leadFields.lastName.optional(),
    jobTitle: leadFields.jobTitle.optional(),
    email: leadFields.email.optional(),
    power: leadFields.power.optional(),
    source: leadFields.source.optional(),
  })
  .extend({ version: Version.optional() })
  .strict();
export type UpdateLeadInput = z.infer<typeof UpdateLeadInput>;

export const LeadFilters = z.object({
  /** company, name, email, city */
  q: z.string().trim().max(LIMITS.searchMax).optional(),
  statusId: many(Id),
  /** open | closed | converted: the status kinds */
  statusKind: many(z.enum(['open', 'closed', 'converted'])),
  rating: many(Rating),
  source: many(Key),
  power: many(Key),
  jobTitle: many(Key),
  industry: many(Key),
  companySize: many(z.enum(COMPANY_SIZES)),
  countryCode: many(CountryCode),
  ownerId: many(Id),
  partnerId: many(Id),
  /** "none": leads not assigned to any partner */
  unassigned: z.enum(['true', 'false']).optional(),
  partnerUserId: many(Id),
  referrerId: many(Id),
  campaignId: many(Id),
  createdFrom: DateOnly.optional(),
  createdTo: DateOnly.optional(),
  minValue: Money.optional(),
  maxValue: Money.optional(),
  /** leads the caller follows */
  following: z.enum(['true', 'false']).optional(),
});
export type LeadFilters = z.infer<typeof LeadFilters>;

export const LEAD_SORTS = [
  'createdAt',
  'updatedAt',
  'number',
  'company',
  'lastName',
  'score',
  'estimatedValue',
  'status',
] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

export const LeadListQuery = ListQuery.omit({ q: true }).extend(LeadFilters.shape);
export type LeadListQuery = z.infer<typeof LeadListQuery>;

/** Columns of the list and the CSV export, in default order. */
export const LEAD_COLUMNS = [
  'reference',
  'name',
  'company',
  'jobTitle',
  'email',
  'phone',
  'power',
  'status',
  'source',
  'rating',
  'score',
  'estimatedValue',
  'industry',
  'companySize',
  'countryCode',
  'city',
  'owner',
  'partner',
  'partnerUser',
  'referrer',
  'campaign',
  'createdAt',
  'updatedAt',
] as const;
export type LeadColumn = (typeof LEAD_COLUMNS)[number];
export const LEAD_COLUMN_LABELS: Record<LeadColumn, string> = {
  reference: 'Lead',
  name: 'Name',
  company: 'Company',
  jobTitle: 'Job title',
  email: 'Email',
  phone: 'Phone',
  power: 'Power',
  status: 'Status',
  source: 'Lead source',
  rating: 'Rating',
  score: 'Score',
  estimatedValue: 'Estimated value',
  industry: 'Industry',
  companySize: 'Company size',
  countryCode: 'Country',
  city: 'City',
  owner: 'Owner',
  partner: 'Assigned partner',
  partnerUser: 'Partner rep',
  referrer: 'Referrer',
  campaign: 'Campaign',
  createdAt: 'Created',
  updatedAt: 'Last modified',
};
export const DEFAULT_LEAD_COLUMNS: LeadColumn[] = [
  'name',
  'company',
  'status',
  'rating',
  'source',
  'estimatedValue',
  'partner',
  'owner',
  'createdAt',
];

/** GET /api/exports/leads.csv: the list's filters and sort, plus the columns to write. */
export const LeadExportQuery = LeadListQuery.omit({ limit: true, cursor: true }).extend({
  columns: many(z.enum(LEAD_COLUMNS)),
});

// ---------------------------------------------------------------------------------------------
// Kanban

export const LEAD_BOARD_GROUPS = ['status', 'rating', 'partner'] as const;
export const LeadBoardGroup = z.enum(LEAD_BOARD_GROUPS);
export type LeadBoardGroup = z.infer<typeof LeadBoardGroup>;

/** GET /api/leads/board?groupBy=status + LeadFilters: the columns, without the cards. */
export const LeadBoardQuery = LeadFilters.extend({ groupBy: LeadBoardGroup.default('status') });

/**
 * One column. Cards are fetched per column through GET /api/leads with the column's filter
 * (statusId=, rating=, partnerId= or unassigned=true) added to the board's filters.
 */
export const BoardColumn = z.object({
  /** status id, rating, partner id, or "none" for leads without a partner */
  key: z.string(),
  label: z.string(),
  count: z.number(),
  /** sum of estimated value (or amount) converted to the base currency, decimal string */
  sum: z.string(),
  /** opportunities only: sum × stage probability */
  weightedSum: z.string().optional(),
  /** status columns: the kind, so the board can refuse drops on "converted" before asking */
  kind: z.string().optional(),
});
export type BoardColumn = z.infer<typeof BoardColumn>;
export const Board = z
  .object({ columns: z.array(BoardColumn), baseCurrency: z.string() })
  .meta({ id: 'Board' });
export type Board = z.infer<typeof Board>;

// ---------------------------------------------------------------------------------------------
// Actions

/** POST /api/leads/:id/advance: "Mark status as complete" → the next open status on the path. */
export const AdvanceLeadInput = z.object({ version: Version }).strict();

/** POST /api/leads/:id/owner */
export const ChangeOwnerInput = z.object({ ownerId: Id, version: Version }).strict();

export const LEAD_BULK_ACTIONS = ['setOwner', 'setStatus', 'setPartner'] as const;
export const BulkLeadInput = z
  .object({
    ids: z.array(Id).min(1).max(500),
    action: z.enum(LEAD_BULK_ACTIONS),
    /** the owner, status or partner id; null clears the partner (setPartner only) */
    value: Id.nullable(),
  })
  .strict();
export const BulkResult = z
  .object({
    updated: z.number(),
    unchanged: z.number(),
    failed: z.array(z.object({ id: z.string(), reason: z.string() })),
  })
  .meta({ id: 'BulkResult' });
export type BulkResult = z.infer<typeof BulkResult>;

/** GET /api/leads/:id/conversion-candidates: existing records the conversion could reuse. */
export const ConversionCandidates = z
  .object({
    accounts: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        domain: z.string().nullable(),
        /** why it is proposed: "email domain", "company name", "contact email" */
        reason: z.string(),
      }),
    ),
    contacts: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        email: z.string().nullable(),
        accountId: z.string(),
        accountName: z.string(),
        reason: z.string(),
      }),
    ),
  })
  .meta({ id: 'ConversionCandidates' });
export type ConversionCandidates = z.infer<typeof ConversionCandidates>;

/** POST /api/leads/:id/convert — one transaction; converting twice answers 409. */
export const ConvertLeadInput = z
  .object({
    version: Version,
    /** an existing account (in the caller's scope) or a new one named… (default: lead company) */
    account: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('existing'), id: Id }).strict(),
      z.object({ mode: z.literal('new'), name: text(200, 1).optional() }).strict(),
    ]),
    /** an existing contact of that account, or a new one from the lead's person */
    contact: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('existing'), id: Id }).strict(),
      z.object({ mode: z.literal('new') }).strict(),
    ]),
    opportunity: z
      .object({
        name: text(200, 1),
        amount: Money.nullable().optional(),
        currency: CurrencyCode.optional(),
        closeDate: DateOnly,
        stageId: Id.optional(),
      })
      .strict()
      .nullable(),
  })
  .strict();
export type ConvertLeadInput = z.infer<typeof ConvertLeadInput>;

export const ConvertLeadResult = z
  .object({
    lead: Lead,
    accountId: z.string(),
    contactId: z.string(),
    opportunityId: z.string().nullable(),
  })
  .meta({ id: 'ConvertLeadResult' });
