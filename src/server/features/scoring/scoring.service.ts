import type { z } from 'zod';
import type { Deps } from '../../deps';
import { scopeOf, type Ctx } from '../../http/actor';
import { notFound, validation } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { enqueue } from '../../jobs/queue';
import { COMPANY_SIZES } from '../../../shared/accounts';
import { countryName, isCountryCode } from '../../../shared/countries';
import type { PicklistName } from '../../../shared/sales-setup';
import {
  ratingFor,
  RATINGS,
  scoreLead,
  SCORING_FIELD_LABELS,
  type LeadScore,
  type Rating,
  type ScoreDistribution,
  type ScoringField,
  type UpdateScoringInput,
  type UpdateScoringResult,
} from '../../../shared/scoring';
import { audit } from '../history/audit';
import { findRecord } from '../records/records.repo';
import { listPicklistValues } from '../sales-setup/sales-setup.repo';
import * as repo from './scoring.repo';

/** The pick list a rule's value comes from, for fields that have one. */
const PICKLIST_OF: Partial<Record<ScoringField, PicklistName>> = {
  source: 'lead_source',
  power: 'power',
  job_title: 'job_title',
  industry: 'industry',
};

export const getModel = (deps: Deps) => repo.loadScoringModel(deps.db);

/**
 * Each rule's value must be one a lead can have: a pick-list key (retired ones included, old
 * leads still carry them), a company size, a country code, or a number of activities. Problems
 * are reported on the rule's own field path, e.g. `rules.3.value`.
 */
async function checkRules(
  deps: Deps,
  rules: z.output<typeof UpdateScoringInput>['rules'],
): Promise<void> {
  const values = await listPicklistValues(deps.db);
  const keys = new Map<string, Set<string>>();
  for (const v of values) {
    if (!keys.has(v.list)) keys.set(v.list, new Set());
    keys.get(v.list)!.add(v.key);
  }
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    const at = `rules.${i}.value`;
    const list = PICKLIST_OF[r.field];
    if (list && !keys.get(list)?.has(r.value)) fields[at] = `is not a value of ${list}`;
    if (r.field === 'company_size' && !(COMPANY_SIZES as readonly string[]).includes(r.value)) {
      fields[at] = `must be one of ${COMPANY_SIZES.join(', ')}`;
    }
    if (r.field === 'country_code' && !isCountryCode(r.value)) {
      fields[at] = 'must be a two-letter ISO country code';
    }
    if (r.field === 'activities' && !/^[1-9]\d{0,5}$/.test(r.value)) {
      fields[at] = 'must be a whole number of activities, 1 or more';
    }
    const k = `${r.field}\u0000${r.value}`;
    if (seen.has(k)) fields[at] = 'this value already has a rule';
    seen.add(k);
  });
  if (Object.keys(fields).length > 0) {
    throw validation(fields, 'Some scoring rules are invalid');
  }
}

/** Enqueues a rescore of every lead, unless one is already waiting to start. */
async function enqueueRescore(db: Parameters<typeof enqueue>[0]) {
  const waiting = await repo.queuedRescoreJob(db);
  if (waiting) return waiting.id;
  return enqueue(db, repo.RESCORE_JOB, {});
}

export async function updateModel(
  deps: Deps,
  ctx: Ctx,
  input: z.output<typeof UpdateScoringInput>,
): Promise<UpdateScoringResult> {
  const { version, ...m } = input;
  await checkRules(deps, m.rules);
  const jobId = await deps.db.transaction().execute(async (trx) => {
    const before = await repo.loadScoringModel(trx);
    if (!(await repo.replaceModel(trx, version, m))) throw staleVersion('scoring model');
    const text = (rules: { field: string; value: string; points: number }[]) =>
      rules
        .map((r) => `${r.field}=${r.value}:${r.points}`)
        .sort()
        .join(', ');
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'lead_scoring',
      subjectId: 'model',
      partnerId: null,
      before: {
        hotMin: before.settings.hotMin,
        warmMin: before.settings.warmMin,
        rules: text(before.rules),
      },
      after: { hotMin: m.hotMin, warmMin: m.warmMin, rules: text(m.rules) },
    });
    // The job exists if and only if the new model commits.
    return enqueueRescore(trx);
  });
  return { ...(await repo.loadScoringModel(deps.db)), jobId };
}

export async function startRescore(deps: Deps, ctx: Ctx) {
  return deps.db.transaction().execute(async (trx) => {
    const jobId = await enqueueRescore(trx);
    await audit(trx, ctx, {
      action: 'rescore',
      subjectType: 'lead_scoring',
      subjectId: 'model',
      partnerId: null,
      changes: {},
    });
    return { jobId };
  });
}

export async function distribution(deps: Deps): Promise<ScoreDistribution> {
  const [counts, buckets, job] = await Promise.all([
    repo.ratingCounts(deps.db),
    repo.scoreBuckets(deps.db),
    repo.latestRescoreJob(deps.db),
  ]);
  const byRating = Object.fromEntries(RATINGS.map((r) => [r, 0])) as Record<Rating, number>;
  for (const c of counts) byRating[c.rating] = Number(c.n);
  const progress = (job?.progress ?? null) as repo.RescoreProgress | null;
  return {
    total: byRating.hot + byRating.warm + byRating.cold,
    byRating,
    buckets: buckets.map((b) => ({ from: b.from, count: b.n })),
    rescore: job
      ? {
          jobId: job.id,
          status: job.status,
          done: progress?.done ?? 0,
          total: progress?.total ?? 0,
          finishedAt: job.finished_at ? job.finished_at.toISOString() : null,
        }
      : null,
  };
}

/** The score of one lead the caller can see, and which rules made it. */
export async function leadScore(deps: Deps, ctx: Ctx, leadId: string): Promise<LeadScore> {
  if (!(await findRecord(deps.db, scopeOf(ctx.actor), 'lead', leadId))) throw notFound('Lead');
  const [found, model, values] = await Promise.all([
    repo.scorableLead(deps.db, leadId),
    repo.loadScoringModel(deps.db),
    listPicklistValues(deps.db),
  ]);
  if (!found) throw notFound('Lead');
  const labels = new Map(values.map((v) => [`${v.list}\u0000${v.key}`, v.label]));
  const valueLabel = (field: ScoringField, value: string) => {
    const list = PICKLIST_OF[field];
    if (list) return labels.get(`${list}\u0000${value}`) ?? value;
    if (field === 'country_code') return countryName(value);
    if (field === 'activities') return `${value} or more`;
    return value;
  };
  const { matched } = scoreLead(found.lead, model.rules);
  return {
    // The stored score: what lists sort and filter by, so the page agrees with them.
    score: found.score,
    rating: found.rating,
    ratingManual: found.ratingManual,
    scoredRating: ratingFor(found.score, model.settings),
    matched: matched.map((m) => ({
      ...m,
      label: `${SCORING_FIELD_LABELS[m.field]}: ${valueLabel(m.field, m.value)}`,
    })),
    thresholds: { hotMin: model.settings.hotMin, warmMin: model.settings.warmMin },
  };
}
