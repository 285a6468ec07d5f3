import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types';
import { ratingFor, scoreLead, type ScoringModel } from '../../../shared/scoring';

type Db = Kysely<DB> | Transaction<DB>;

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

/**
 * Recomputes score and rating of the given leads from the model and the activities logged on
 * them. A hand-picked rating (rating_manual) stays the shown rating; the score still moves.
 * Returns how many leads changed.
 */
export async function rescoreLeads(db: Db, ids: string[], model?: ScoringModel) {
  if (ids.length === 0) return 0;
  const m = model ?? (await loadScoringModel(db));
  const leads = await db
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
  let changed = 0;
  for (const l of leads) {
    const { score } = scoreLead(
      {
        source: l.source,
        power: l.power,
        jobTitle: l.job_title,
        companySize: l.company_size,
        countryCode: l.country_code,
        industry: l.industry,
        activityCount: Number(l.activity_count ?? 0),
      },
      m.rules,
    );
    const rating = l.rating_manual ?? ratingFor(score, m.settings);
    if (score === l.score && rating === l.rating) continue;
    await db
      .updateTable('leads')
      .set({ score, rating, scored_at: sql`now()` })
      .where('id', '=', l.id)
      .execute();
    changed++;
  }
  return changed;
}
