import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, ScoringFieldValue } from '../../db/types';
import {
  ratingFor,
  scoreLead,
  type ScorableLead,
  type ScoringModel,
} from '../../../shared/scoring';

type Db = Kysely<DB> | Transaction<DB>;

export const RESCORE_JOB = 'leads.rescore';

export async function loadScoringModel(db: Db): Promise<ScoringModel> {
  const [rules, settings] = await Promise.all([
    db
      .selectFrom('lead_scoring_rules')
      .select(['id', 'field', 'value', 'points'])
      .orderBy('field')
      .orderBy('value')
      .execute(),
    db
      .selectFrom('lead_scoring_settings')
      .select(['hot_min', 'warm_min', 'version'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rules,
    settings: { hotMin: settings.hot_min, warmMin: settings.warm_min, version: settings.version },
  };
}

/** What the scoring rules look at, for the given leads, with their current score and rating. */
function scorableLeads(db: Db, ids: string[]) {
  return db
    .selectFrom('leads')
    .select([
      'leads.id',
      'leads.source',
      'leads.power',
      'leads.job_title',
      'leads.company_size',
      'leads.country_code',
      'leads.industry',
      'leads.score',
      'leads.rating',
      'leads.rating_manual',
      (eb) =>
        eb
          .selectFrom('activities')
          .select(eb.fn.countAll<number>().as('n'))
          .where('activities.record_type', '=', 'lead')
          .whereRef('activities.record_id', '=', 'leads.id')
          .as('activity_count'),
    ])
    .where('leads.id', 'in', ids)
    .execute();
}

/** How many activities are logged on each of the leads (those with none are left out). */
export async function leadActivityCounts(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('activities')
    .select(['record_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('record_type', '=', 'lead')
    .where('record_id', 'in', ids)
    .groupBy('record_id')
    .execute();
  return new Map(rows.map((r) => [r.record_id, Number(r.n)]));
}

type ScorableRow = Awaited<ReturnType<typeof scorableLeads>>[number];

const asScorable = (l: ScorableRow): ScorableLead => ({
  source: l.source,
  power: l.power,
  jobTitle: l.job_title,
  companySize: l.company_size,
  countryCode: l.country_code,
  industry: l.industry,
  activityCount: Number(l.activity_count ?? 0),
});

/**
 * Recomputes score and rating of the given leads from the model and the activities logged on
 * them. A hand-picked rating (rating_manual) stays the shown rating; the score still moves.
 * Only leads whose score or rating changes are written, in one statement. Returns how many.
 */
export async function rescoreLeads(db: Db, ids: string[], model?: ScoringModel) {
  if (ids.length === 0) return 0;
  const m = model ?? (await loadScoringModel(db));
  const leads = await scorableLeads(db, ids);
  const changed: { id: string; score: number; rating: string }[] = [];
  for (const l of leads) {
    const { score } = scoreLead(asScorable(l), m.rules);
    const rating = l.rating_manual ?? ratingFor(score, m.settings);
    if (score !== l.score || rating !== l.rating) changed.push({ id: l.id, score, rating });
  }
  if (changed.length === 0) return 0;
  await sql`update leads set score = v.score, rating = v.rating, scored_at = now()
    from unnest(${changed.map((c) => c.id)}::uuid[], ${changed.map((c) => c.score)}::int[],
                ${changed.map((c) => c.rating)}::text[]) as v(id, score, rating)
    where leads.id = v.id`.execute(db);
  return changed.length;
}

/** One lead's inputs to its score, for the "why is this lead hot" breakdown. */
export async function scorableLead(db: Db, id: string) {
  const [row] = await scorableLeads(db, [id]);
  if (!row) return undefined;
  return {
    lead: asScorable(row),
    score: row.score,
    rating: row.rating,
    ratingManual: row.rating_manual,
  };
}

/**
 * Replaces the whole model if it is still at `version`. Returns false when someone else saved
 * first (nothing is written then).
 */
export async function replaceModel(
  trx: Transaction<DB>,
  version: number,
  m: {
    rules: { field: ScoringFieldValue; value: string; points: number }[];
    hotMin: number;
    warmMin: number;
  },
) {
  const updated = await trx
    .updateTable('lead_scoring_settings')
    .set({
      hot_min: m.hotMin,
      warm_min: m.warmMin,
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', 1)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  if (!updated) return false;
  await trx.deleteFrom('lead_scoring_rules').execute();
  if (m.rules.length > 0) await trx.insertInto('lead_scoring_rules').values(m.rules).execute();
  return true;
}

// --- Distribution -------------------------------------------------------------------------------

export async function ratingCounts(db: Db) {
  return db
    .selectFrom('leads')
    .select(['rating', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('rating')
    .execute();
}

/** Leads per 10-point score bucket (floor), lowest first. */
export async function scoreBuckets(db: Db) {
  const { rows } = await sql<{ from: number; n: number }>`
    select (floor(score / 10.0) * 10)::int as "from", count(*)::int as n
    from leads group by 1 order by 1`.execute(db);
  return rows;
}

// --- The rescoring job --------------------------------------------------------------------------

export function latestRescoreJob(db: Db) {
  return db
    .selectFrom('jobs')
    .select(['id', 'status', 'progress', 'finished_at', 'created_at'])
    .where('name', '=', RESCORE_JOB)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A rescoring job that has not started yet: asking again before it runs adds nothing. */
export function queuedRescoreJob(db: Db) {
  return db
    .selectFrom('jobs')
    .select('id')
    .where('name', '=', RESCORE_JOB)
    .where('status', '=', 'queued')
    .where('attempts', '=', 0)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}

export async function countLeads(db: Db) {
  const { n } = await db
    .selectFrom('leads')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** The next batch of lead ids after `after`, in id order (keyset: every batch costs the same). */
export async function leadIdsAfter(db: Db, after: string | null, limit: number) {
  let q = db.selectFrom('leads').select('id').orderBy('id').limit(limit);
  if (after) q = q.where('id', '>', after);
  return (await q.execute()).map((r) => r.id);
}

export type RescoreProgress = { done: number; total: number; after?: string | null };

export async function writeProgress(db: Db, jobId: string, p: RescoreProgress) {
  await db
    .updateTable('jobs')
    .set({ progress: JSON.stringify(p) })
    .where('id', '=', jobId)
    .execute();
}

export async function readProgress(db: Db, jobId: string) {
  const row = await db
    .selectFrom('jobs')
    .select('progress')
    .where('id', '=', jobId)
    .executeTakeFirst();
  return (row?.progress ?? null) as RescoreProgress | null;
}
