import { z } from 'zod';
import { text, Version } from './common';

// The configurable parts of the sales process: pick lists, the lead status path, opportunity
// stages and currencies. Administrators change them under Settings → Sales process.

export const PICKLISTS = [
  'job_title',
  'power',
  'lead_source',
  'industry',
  'loss_reason',
  'campaign_type',
] as const;
export const PicklistName = z.enum(PICKLISTS);
export type PicklistName = z.infer<typeof PicklistName>;
export const PICKLIST_LABELS: Record<PicklistName, string> = {
  job_title: 'Job titles',
  power: 'Power',
  lead_source: 'Lead sources',
  industry: 'Industries',
  loss_reason: 'Loss reasons',
  campaign_type: 'Campaign types',
};

/** A stored key: lower-case letters, digits and underscores. */
export const Key = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]{1,50}$/, 'must be 1–50 lower-case letters, digits or underscores');

/** "Decision maker" → "decision_maker": the key a new value gets when none is given. */
export function keyFromLabel(label: string): string {
  const k = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 50);
  return k || 'value';
}

export const PicklistValue = z
  .object({
    id: z.string(),
    list: PicklistName,
    key: z.string(),
    label: z.string(),
    position: z.number(),
    /** retired values stay readable on old records but cannot be chosen */
    active: z.boolean(),
    version: z.number(),
  })
  .meta({ id: 'PicklistValue' });
export type PicklistValue = z.infer<typeof PicklistValue>;

export const CreatePicklistValueInput = z
  .object({ label: text(100, 1), key: Key.optional() })
  .strict();
export const UpdatePicklistValueInput = z
  .object({ label: text(100, 1).optional(), active: z.boolean().optional(), version: Version })
  .strict();

/** GET /api/setup: everything forms need to render pick lists, paths and stages, in one call. */
export const LEAD_STATUS_KINDS = ['open', 'closed', 'converted'] as const;
export const LeadStatusKind = z.enum(LEAD_STATUS_KINDS);
export type LeadStatusKind = z.infer<typeof LeadStatusKind>;

export const LeadStatus = z
  .object({
    id: z.string(),
    key: z.string(),
    label: z.string(),
    position: z.number(),
    kind: LeadStatusKind,
    isDefault: z.boolean(),
    version: z.number(),
  })
  .meta({ id: 'LeadStatus' });
export type LeadStatus = z.infer<typeof LeadStatus>;

export const CreateLeadStatusInput = z
  .object({
    label: text(100, 1),
    key: Key.optional(),
    /** a new status is open or closed; the one converted status exists from the start */
    kind: z.enum(['open', 'closed']),
  })
  .strict();
export const UpdateLeadStatusInput = z
  .object({
    label: text(100, 1).optional(),
    kind: z.enum(['open', 'closed']).optional(),
    isDefault: z.literal(true).optional(),
    version: Version,
  })
  .strict();

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export const StageKind = z.enum(STAGE_KINDS);
export type StageKind = z.infer<typeof StageKind>;
export const FORECAST_CATEGORIES = [
  'pipeline',
  'best_case',
  'commit',
  'closed',
  'omitted',
] as const;
export const ForecastCategory = z.enum(FORECAST_CATEGORIES);
export type ForecastCategory = z.infer<typeof ForecastCategory>;
export const FORECAST_CATEGORY_LABELS: Record<ForecastCategory, string> = {
  pipeline: 'Pipeline',
  best_case: 'Best case',
  commit: 'Commit',
  closed: 'Closed',
  omitted: 'Omitted',
};

export const OpportunityStage = z
  .object({
    id: z.string(),
    key: z.string(),
    label: z.string(),
    position: z.number(),
    probability: z.number(),
    kind: StageKind,
    forecastCategory: ForecastCategory,
    version: z.number(),
  })
  .meta({ id: 'OpportunityStage' });
export type OpportunityStage = z.infer<typeof OpportunityStage>;

const Probability = z.number().int().min(0, 'must be 0–100').max(100, 'must be 0–100');
export const CreateOpportunityStageInput = z
  .object({
    label: text(100, 1),
    key: Key.optional(),
    probability: Probability,
    kind: StageKind,
    forecastCategory: ForecastCategory,
  })
  .strict();
export const UpdateOpportunityStageInput = z
  .object({
    label: text(100, 1).optional(),
    probability: Probability.optional(),
    kind: StageKind.optional(),
    forecastCategory: ForecastCategory.optional(),
    version: Version,
  })
  .strict();

export const CurrencyCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 currency code'));

export const Currency = z
  .object({
    code: z.string(),
    /** units of this currency per one unit of the base currency, as a decimal string */
    rate: z.string(),
    isBase: z.boolean(),
  })
  .meta({ id: 'Currency' });
export type Currency = z.infer<typeof Currency>;
export const UpsertCurrencyInput = z
  .object({
    code: CurrencyCode,
    rate: z
      .union([z.number(), z.string()])
      .transform((v) => String(v).trim())
      .pipe(z.string().regex(/^\d{1,10}(\.\d{1,8})?$/, 'must be a positive decimal rate'))
      .refine((s) => Number(s) > 0, 'must be greater than zero'),
  })
  .strict();

/**
 * Money travels as a decimal string with at most two decimals ("1250.00"), never a float, so
 * nothing is lost between the database, the API and spreadsheets. Input accepts a number too.
 */
export const Money = z
  .union([z.number(), z.string()])
  .transform((v) => (typeof v === 'number' ? v.toFixed(2) : v.trim().replace(/,/g, '')))
  .pipe(
    z.string().regex(/^\d{1,14}(\.\d{1,2})?$/, 'must be an amount ≥ 0 with at most two decimals'),
  );

export const SalesSetup = z
  .object({
    picklists: z.record(PicklistName, z.array(PicklistValue)),
    leadStatuses: z.array(LeadStatus),
    opportunityStages: z.array(OpportunityStage),
    currencies: z.array(Currency),
    baseCurrency: z.string(),
  })
  .meta({ id: 'SalesSetup' });
export type SalesSetup = z.infer<typeof SalesSetup>;

/** POST …/reorder: the complete new order, first first. */
export const SetupReorderInput = z
  .object({
    ids: z
      .array(z.uuid({ message: 'must be a valid id' }))
      .min(1)
      .max(1000),
  })
  .strict()
  .refine((v) => new Set(v.ids).size === v.ids.length, {
    message: 'ids must not repeat',
    path: ['ids'],
  });

export const PicklistParams = z.object({ list: PicklistName });
export const PicklistValueParams = z.object({
  list: PicklistName,
  id: z.uuid({ message: 'must be a valid id' }),
});
export const CurrencyParams = z.object({ code: CurrencyCode });
