import { z } from 'zod';
import { Abilities, ListQuery, LIMITS, text, Version } from './common';
import { many, Ref } from './accounts';
import { DateOnly } from './partners';
import { CurrencyCode, Key, Money } from './sales-setup';

// Marketing campaigns, the vendor's own or a partner's (co-marketing), and the attribution of
// leads, conversions and won deals to them. Leads and opportunities keep the campaign they came
// from; the attribution report adds them up per campaign or per partner.

const Id = z.uuid({ message: 'must be a valid id' });

export const CAMPAIGN_STATUSES = ['planned', 'active', 'completed', 'aborted'] as const;
export const CampaignStatus = z.enum(CAMPAIGN_STATUSES);
export type CampaignStatus = z.infer<typeof CampaignStatus>;
export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = {
  planned: 'Planned',
  active: 'Active',
  completed: 'Completed',
  aborted: 'Aborted',
};
/** Statuses a campaign can still be chosen on a new lead in. */
export const LIVE_CAMPAIGN_STATUSES: readonly CampaignStatus[] = ['planned', 'active'];

export const Campaign = z
  .object({
    id: z.string(),
    name: z.string(),
    /** a key of the campaign_type pick list */
    type: z.string(),
    status: CampaignStatus,
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    /** decimal string in `currency`; null when unset or not shown to the caller */
    budget: z.string().nullable(),
    currency: z.string(),
    description: z.string(),
    ownerId: z.string().nullable(),
    owner: Ref.nullable(),
    /** set for a partner's own (co-marketing) campaign; null for the vendor's */
    partnerId: z.string().nullable(),
    partner: Ref.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'Campaign' });
export type Campaign = z.infer<typeof Campaign>;

const campaignFields = {
  name: text(200, 1),
  type: Key,
  status: CampaignStatus.optional(),
  startDate: DateOnly.nullable().optional(),
  endDate: DateOnly.nullable().optional(),
  budget: Money.nullable().optional(),
  currency: CurrencyCode.optional(),
  description: text(5000).optional(),
  ownerId: Id.nullable().optional(),
  /** partner users: always their own company (whatever is sent) */
  partnerId: Id.nullable().optional(),
};

const datesInOrder = (v: { startDate?: string | null; endDate?: string | null }) =>
  !v.startDate || !v.endDate || v.endDate >= v.startDate;
const datesMessage = { message: 'must not be before the start date', path: ['endDate'] };

export const CreateCampaignInput = z
  .object(campaignFields)
  .strict()
  .refine(datesInOrder, datesMessage);
export type CreateCampaignInput = z.infer<typeof CreateCampaignInput>;

export const UpdateCampaignInput = z
  .object({
    ...campaignFields,
    name: campaignFields.name.optional(),
    type: campaignFields.type.optional(),
    version: Version.optional(),
  })
  .strict()
  .refine(datesInOrder, datesMessage);
export type UpdateCampaignInput = z.infer<typeof UpdateCampaignInput>;

export const CampaignFilters = z.object({
  q: z.string().trim().max(LIMITS.searchMax).optional(),
  type: many(Key),
  status: many(CampaignStatus),
  /** campaigns of these partners; `vendor` in the list means the vendor's own */
  partnerId: many(z.union([Id, z.literal('vendor')])),
  /** true: planned or active only (what forms offer); false: completed or aborted only */
  active: z.enum(['true', 'false']).optional(),
});
export type CampaignFilters = z.infer<typeof CampaignFilters>;

export const CAMPAIGN_SORTS = ['name', 'startDate', 'endDate', 'createdAt', 'status'] as const;
export const CampaignListQuery = ListQuery.omit({ q: true }).extend(CampaignFilters.shape);
export type CampaignListQuery = z.infer<typeof CampaignListQuery>;

// ---------------------------------------------------------------------------------------------
// Results

const Rate = z.number().describe('0–1');

/** GET /api/campaigns/:id/summary — amounts in the base currency, as decimal strings. */
export const CampaignSummary = z
  .object({
    campaignId: z.string(),
    /** the base currency every amount below is converted to */
    currency: z.string(),
    leads: z.number(),
    convertedLeads: z.number(),
    conversionRate: Rate.nullable(),
    opportunities: z.number(),
    openOpportunities: z.number(),
    openPipeline: z.string(),
    /** open pipeline weighted by each stage's probability */
    weightedPipeline: z.string(),
    wonCount: z.number(),
    wonAmount: z.string(),
    lostCount: z.number(),
    /** win rate among closed opportunities */
    winRate: Rate.nullable(),
    /** the budget converted to the base currency; null when unset or not shown to the caller */
    budget: z.string().nullable(),
    costPerLead: z.string().nullable(),
    costPerConvertedLead: z.string().nullable(),
    /** (won amount − budget) / budget */
    roi: z.number().nullable(),
    leadsByStatus: z.array(
      z.object({ key: z.string(), label: z.string(), kind: z.string(), count: z.number() }),
    ),
    opportunitiesByStage: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        kind: z.string(),
        count: z.number(),
        amount: z.string(),
      }),
    ),
  })
  .meta({ id: 'CampaignSummary' });
export type CampaignSummary = z.infer<typeof CampaignSummary>;

export const ATTRIBUTION_GROUPS = ['campaign', 'partner'] as const;
export const AttributionGroup = z.enum(ATTRIBUTION_GROUPS);
export type AttributionGroup = z.infer<typeof AttributionGroup>;

/**
 * GET /api/reports/attribution. Leads and opportunities created between `from` and `to`
 * (inclusive, UTC dates) count towards the campaign or partner they carry.
 */
export const AttributionQuery = z
  .object({
    groupBy: AttributionGroup.default('campaign'),
    from: DateOnly.optional(),
    to: DateOnly.optional(),
  })
  .refine((v) => !v.from || !v.to || v.to >= v.from, {
    message: 'must not be before the start date',
    path: ['to'],
  });
export type AttributionQuery = z.infer<typeof AttributionQuery>;

const AttributionFigures = {
  leads: z.number(),
  convertedLeads: z.number(),
  conversionRate: Rate.nullable(),
  opportunities: z.number(),
  wonCount: z.number(),
  /** base currency, decimal string */
  wonAmount: z.string(),
};

export const AttributionRow = z.object({ id: z.string(), name: z.string(), ...AttributionFigures });
export type AttributionRow = z.infer<typeof AttributionRow>;

export const CampaignAttribution = z
  .object({
    groupBy: AttributionGroup,
    from: z.string().nullable(),
    to: z.string().nullable(),
    currency: z.string(),
    /** sorted by won amount, highest first */
    rows: z.array(AttributionRow),
    totals: z.object(AttributionFigures),
  })
  .meta({ id: 'CampaignAttribution' });
export type CampaignAttribution = z.infer<typeof CampaignAttribution>;
