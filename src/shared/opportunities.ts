import { z } from 'zod';
import { Abilities, ListQuery, LIMITS, text, Version } from './common';
import { many, optText, Ref } from './accounts';
import { DateOnly } from './partners';
import { CurrencyCode, Key, Money } from './sales-setup';

// Opportunities: qualified deals on a stage path with a probability. The partner working the
// deal (partnerId, with its rep) decides who on the partner side sees it; the partners credited
// for it (sourcing, influencing, implementing) are listed separately.

const Id = z.uuid({ message: 'must be a valid id' });

export const opportunityNumberLabel = (n: number) => `OPP-${String(n).padStart(6, '0')}`;

export const OPPORTUNITY_SOURCES = ['partner_registered', 'vendor_routed', 'direct'] as const;
export const OpportunitySource = z.enum(OPPORTUNITY_SOURCES);
export type OpportunitySource = z.infer<typeof OpportunitySource>;
export const OPPORTUNITY_SOURCE_LABELS: Record<OpportunitySource, string> = {
  partner_registered: 'Partner-registered',
  vendor_routed: 'Vendor-routed',
  direct: 'Direct',
};

export const PARTNER_ROLES_ON_DEAL = ['sourcing', 'influencing', 'implementing'] as const;
export const DealPartnerRole = z.enum(PARTNER_ROLES_ON_DEAL);
export type DealPartnerRole = z.infer<typeof DealPartnerRole>;
export const DEAL_PARTNER_ROLE_LABELS: Record<DealPartnerRole, string> = {
  sourcing: 'Sourcing',
  influencing: 'Influencing',
  implementing: 'Implementing',
};

export const StageRef = z.object({
  id: z.string(),
  key: z.string(),
  label: z.string(),
  probability: z.number(),
  kind: z.enum(['open', 'won', 'lost']),
});

export const Opportunity = z
  .object({
    id: z.string(),
    number: z.number(),
    reference: z.string(),
    name: z.string(),
    accountId: z.string().nullable(),
    account: Ref.nullable(),
    contactId: z.string().nullable(),
    contact: Ref.nullable(),
    stageId: z.string(),
    stage: StageRef,
    amount: z.string().nullable(),
    currency: z.string(),
    /** amount × stage probability, decimal string, in the record's currency */
    weightedAmount: z.string().nullable(),
    closeDate: z.string(),
    ownerId: z.string().nullable(),
    owner: Ref.nullable(),
    nextStep: z.string().nullable(),
    lossReason: z.string().nullable(),
    description: z.string(),
    source: OpportunitySource,
    partnerId: z.string().nullable(),
    partner: Ref.nullable(),
    partnerUserId: z.string().nullable(),
    partnerUser: Ref.nullable(),
    /** credited partners; partner users see only their own company here */
    partners: z.array(z.object({ partnerId: z.string(), name: z.string(), role: DealPartnerRole })),
    referrerId: z.string().nullable(),
    referrer: Ref.nullable(),
    campaignId: z.string().nullable(),
    campaign: Ref.nullable(),
    leadId: z.string().nullable(),
    createdByPartner: z.boolean(),
    closedAt: z.string().nullable(),
    following: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    /** update, changeStage, changeOwner, delete, share */
    abilities: Abilities,
  })
  .meta({ id: 'Opportunity' });
export type Opportunity = z.infer<typeof Opportunity>;

const DealPartners = z
  .array(z.object({ partnerId: Id, role: DealPartnerRole }).strict())
  .max(20)
  .refine((ps) => ps.filter((p) => p.role === 'sourcing').length <= 1, {
    message: 'at most one sourcing partner',
  })
  .refine((ps) => new Set(ps.map((p) => p.partnerId)).size === ps.length, {
    message: 'each partner at most once',
  });

const opportunityFields = {
  name: text(200, 1),
  accountId: Id.nullable().optional(),
  /** must belong to accountId (field error otherwise) */
  contactId: Id.nullable().optional(),
  /** defaults to the first open stage */
  stageId: Id.optional(),
  amount: Money.nullable().optional(),
  currency: CurrencyCode.optional(),
  closeDate: DateOnly,
  ownerId: Id.nullable().optional(),
  nextStep: optText(500),
  /** required when the stage is a lost one */
  lossReason: Key.nullable().optional(),
  description: text(20000).optional(),
  source: OpportunitySource.optional(),
  /** partner users: always their own company */
  partnerId: Id.nullable().optional(),
  partnerUserId: Id.nullable().optional(),
  /** replaces the credited partners; the working partner is added as sourcing if none is */
  partners: DealPartners.optional(),
  referrerId: Id.nullable().optional(),
  campaignId: Id.nullable().optional(),
};

export const CreateOpportunityInput = z.object(opportunityFields).strict();
export type CreateOpportunityInput = z.infer<typeof CreateOpportunityInput>;

export const UpdateOpportunityInput = z
  .object({
    ...opportunityFields,
    name: opportunityFields.name.optional(),
    closeDate: opportunityFields.closeDate.optional(),
  })
  .extend({ version: Version.optional() })
  .strict();
export type UpdateOpportunityInput = z.infer<typeof UpdateOpportunityInput>;

export const OpportunityFilters = z.object({
  /** name, account name */
  q: z.string().trim().max(LIMITS.searchMax).optional(),
  stageId: many(Id),
  /** open | won | lost */
  stageKind: many(z.enum(['open', 'won', 'lost'])),
  source: many(OpportunitySource),
  ownerId: many(Id),
  partnerId: many(Id),
  unassigned: z.enum(['true', 'false']).optional(),
  partnerUserId: many(Id),
  accountId: many(Id),
  campaignId: many(Id),
  closeFrom: DateOnly.optional(),
  closeTo: DateOnly.optional(),
  minAmount: Money.optional(),
  maxAmount: Money.optional(),
  following: z.enum(['true', 'false']).optional(),
});
export type OpportunityFilters = z.infer<typeof OpportunityFilters>;

export const OPPORTUNITY_SORTS = [
  'closeDate',
  'createdAt',
  'updatedAt',
  'number',
  'name',
  'amount',
  'stage',
] as const;
export type OpportunitySort = (typeof OPPORTUNITY_SORTS)[number];

export const OpportunityListQuery = ListQuery.omit({ q: true }).extend(OpportunityFilters.shape);
export type OpportunityListQuery = z.infer<typeof OpportunityListQuery>;

export const OPPORTUNITY_COLUMNS = [
  'reference',
  'name',
  'account',
  'contact',
  'stage',
  'probability',
  'amount',
  'weightedAmount',
  'closeDate',
  'owner',
  'source',
  'partner',
  'partnerUser',
  'campaign',
  'nextStep',
  'createdAt',
  'updatedAt',
] as const;
export type OpportunityColumn = (typeof OPPORTUNITY_COLUMNS)[number];
export const OPPORTUNITY_COLUMN_LABELS: Record<OpportunityColumn, string> = {
  reference: 'Opportunity',
  name: 'Name',
  account: 'Account',
  contact: 'Contact',
  stage: 'Stage',
  probability: 'Probability',
  amount: 'Amount',
  weightedAmount: 'Weighted amount',
  closeDate: 'Close date',
  owner: 'Owner',
  source: 'Source',
  partner: 'Assigned partner',
  partnerUser: 'Partner rep',
  campaign: 'Campaign',
  nextStep: 'Next step',
  createdAt: 'Created',
  updatedAt: 'Last modified',
};
export const DEFAULT_OPPORTUNITY_COLUMNS: OpportunityColumn[] = [
  'name',
  'account',
  'stage',
  'amount',
  'closeDate',
  'partner',
  'owner',
];

export const OpportunityExportQuery = OpportunityListQuery.omit({
  limit: true,
  cursor: true,
}).extend({ columns: many(z.enum(OPPORTUNITY_COLUMNS)) });

/** GET /api/opportunities/board + OpportunityFilters: one column per stage (Board shape). */
export const OpportunityBoardQuery = OpportunityFilters;

// ---------------------------------------------------------------------------------------------
// Actions

/** POST /api/opportunities/:id/owner (the same body as a lead's). */
export const ChangeOpportunityOwnerInput = z.object({ ownerId: Id, version: Version }).strict();

export const OPPORTUNITY_BULK_ACTIONS = ['setOwner', 'setStage', 'setPartner'] as const;
/** POST /api/opportunities/bulk → BulkResult (src/shared/leads.ts). */
export const BulkOpportunityInput = z
  .object({
    ids: z.array(Id).min(1).max(500),
    action: z.enum(OPPORTUNITY_BULK_ACTIONS),
    /** the owner, stage or partner id; null clears the partner (setPartner only) */
    value: Id.nullable(),
    /** setStage to a lost stage: the loss reason for deals that have none yet */
    lossReason: Key.optional(),
  })
  .strict();
export type BulkOpportunityInput = z.infer<typeof BulkOpportunityInput>;

// ---------------------------------------------------------------------------------------------
// Partner forecast (seed 000's "Partner Forecasts" tab)

export const QuarterForecast = z.object({
  /** "2026-Q4" */
  quarter: z.string(),
  from: z.string(),
  to: z.string(),
  /**
   * open pipeline closing in the quarter × stage probability, base currency (stages whose
   * forecast category is "omitted" are left out of every quarter figure)
   */
  weighted: z.string(),
  /** open amounts in commit stages */
  committed: z.string(),
  /** open amounts in commit + best-case stages */
  bestCase: z.string(),
  /** all open amounts */
  pipeline: z.string(),
  /** the same weighted figure for the median partner of the network */
  networkMedianWeighted: z.string(),
  /** how many active partners have open pipeline closing in the quarter (the median's base) */
  networkSample: z.number(),
});

export const ForecastMetric = z.object({
  /** null when the partner has no data for it */
  value: z.number().nullable(),
  /** median over the active partners that have data for it; null when none has */
  networkMedian: z.number().nullable(),
  /** how many closed deals / leads the value rests on */
  sample: z.number(),
  /** how many active partners the median is taken over (those with data for it) */
  networkSample: z.number(),
});

export const PartnerForecast = z
  .object({
    partnerId: z.string(),
    baseCurrency: z.string(),
    quarters: z.array(QuarterForecast),
    /** won ÷ (won + lost), 0–1 (4 decimals), deals closed in the last 12 months */
    winRate: ForecastMetric,
    /** won amount ÷ won deals with an amount, base currency (2 decimals), last 12 months */
    averageDealSize: ForecastMetric,
    /** days from created to won (1 decimal), deals won in the last 12 months */
    averageSalesCycleDays: ForecastMetric,
    /** converted ÷ (converted + closed) leads assigned to the partner, 0–1 (4 decimals) */
    leadConversionRate: ForecastMetric,
    /** how many active partners form the network; each median counts those with data for it */
    networkSize: z.number(),
  })
  .meta({ id: 'PartnerForecast' });
export type PartnerForecast = z.infer<typeof PartnerForecast>;
