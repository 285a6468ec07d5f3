import { z } from 'zod';
import { text, Version } from './common';

// Rules-based lead scoring. Each rule gives points when a lead field has a value; engagement
// rules ("activities", value n) give points once at least n activities are logged on the lead.
// The score falls into hot / warm / cold by two thresholds. A rating chosen by hand on the lead
// wins over the scored one.

export const RATINGS = ['hot', 'warm', 'cold'] as const;
export const Rating = z.enum(RATINGS);
export type Rating = z.infer<typeof Rating>;
export const RATING_LABELS: Record<Rating, string> = { hot: 'Hot', warm: 'Warm', cold: 'Cold' };

export const SCORING_FIELDS = [
  'source',
  'power',
  'job_title',
  'company_size',
  'country_code',
  'industry',
  'activities',
] as const;
export const ScoringField = z.enum(SCORING_FIELDS);
export type ScoringField = z.infer<typeof ScoringField>;
export const SCORING_FIELD_LABELS: Record<ScoringField, string> = {
  source: 'Lead source',
  power: 'Power',
  job_title: 'Job title',
  company_size: 'Company size',
  country_code: 'Country',
  industry: 'Industry',
  activities: 'Activities logged (at least)',
};

export const ScoringRule = z
  .object({ id: z.string(), field: ScoringField, value: z.string(), points: z.number() })
  .meta({ id: 'ScoringRule' });
export type ScoringRule = z.infer<typeof ScoringRule>;

export const ScoringSettings = z
  .object({ hotMin: z.number(), warmMin: z.number(), version: z.number() })
  .meta({ id: 'ScoringSettings' });
export type ScoringSettings = z.infer<typeof ScoringSettings>;

export const ScoringModel = z
  .object({ rules: z.array(ScoringRule), settings: ScoringSettings })
  .meta({ id: 'ScoringModel' });
export type ScoringModel = z.infer<typeof ScoringModel>;

const Points = z.number().int().min(-1000).max(1000);
/** PUT /api/scoring: the whole model at once, so a half-edited rule set never scores a lead. */
export const UpdateScoringInput = z
  .object({
    rules: z
      .array(z.object({ field: ScoringField, value: text(50, 1), points: Points }).strict())
      .max(500),
    hotMin: z.number().int().min(-100000).max(100000),
    warmMin: z.number().int().min(-100000).max(100000),
    version: Version,
  })
  .strict()
  .refine((m) => m.hotMin > m.warmMin, {
    message: 'the hot threshold must be above the warm one',
    path: ['hotMin'],
  });

/** What a lead contributes to its score. */
export type ScorableLead = {
  source: string | null;
  power: string | null;
  jobTitle: string | null;
  companySize: string | null;
  countryCode: string | null;
  industry: string | null;
  activityCount: number;
};

const FIELD_OF: Record<Exclude<ScoringField, 'activities'>, keyof ScorableLead> = {
  source: 'source',
  power: 'power',
  job_title: 'jobTitle',
  company_size: 'companySize',
  country_code: 'countryCode',
  industry: 'industry',
};

/** The score and which rules made it, so the detail page can say why a lead is hot. */
export function scoreLead(
  lead: ScorableLead,
  rules: readonly Pick<ScoringRule, 'field' | 'value' | 'points'>[],
): { score: number; matched: { field: ScoringField; value: string; points: number }[] } {
  let score = 0;
  const matched: { field: ScoringField; value: string; points: number }[] = [];
  for (const r of rules) {
    const hit =
      r.field === 'activities'
        ? lead.activityCount >= Number(r.value)
        : lead[FIELD_OF[r.field]] === r.value;
    if (hit) {
      score += r.points;
      matched.push({ field: r.field, value: r.value, points: r.points });
    }
  }
  return { score, matched };
}

export function ratingFor(score: number, t: { hotMin: number; warmMin: number }): Rating {
  if (score >= t.hotMin) return 'hot';
  if (score >= t.warmMin) return 'warm';
  return 'cold';
}

export const ScoreDistribution = z
  .object({
    total: z.number(),
    byRating: z.object({ hot: z.number(), warm: z.number(), cold: z.number() }),
    /** leads per score bucket of 10 points, lowest first: [{ from: 0, count }] */
    buckets: z.array(z.object({ from: z.number(), count: z.number() })),
    /** the latest rescoring job, if any */
    rescore: z
      .object({
        jobId: z.string(),
        status: z.string(),
        done: z.number(),
        total: z.number(),
        finishedAt: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'ScoreDistribution' });
export type ScoreDistribution = z.infer<typeof ScoreDistribution>;

/** GET /api/leads/:id/score: the score, the rating shown and the rules that made it. */
export const LeadScore = z
  .object({
    score: z.number(),
    /** the rating shown: the hand-picked one if any, else the scored one */
    rating: Rating,
    /** set when someone chose the rating by hand; the score still moves */
    ratingManual: Rating.nullable(),
    /** what the score alone would rate the lead */
    scoredRating: Rating,
    matched: z.array(
      z.object({ field: ScoringField, value: z.string(), points: z.number(), label: z.string() }),
    ),
    thresholds: z.object({ hotMin: z.number(), warmMin: z.number() }),
  })
  .meta({ id: 'LeadScore' });
export type LeadScore = z.infer<typeof LeadScore>;

/** POST /api/scoring/rescore and PUT /api/scoring: the job that rescores every lead. */
export const RescoreStarted = z.object({ jobId: z.string() }).meta({ id: 'RescoreStarted' });
export const UpdateScoringResult = ScoringModel.extend({ jobId: z.string() }).meta({
  id: 'UpdateScoringResult',
});
export type UpdateScoringResult = z.infer<typeof UpdateScoringResult>;
