import type { Deps } from '../../src/server/deps';

/**
 * Leads and opportunities inserted directly, for tests of features that attach to them (notes,
 * tasks, files, follows, shares): only the columns the record resolver reads matter there.
 */

type Assignment = { partnerId?: string | null; partnerUserId?: string | null };

export async function makeLead(deps: Deps, over: Assignment = {}) {
  const status = await deps.db
    .selectFrom('lead_statuses')
    .select('id')
    .where('is_default', '=', true)
    .executeTakeFirstOrThrow();
  return deps.db
    .insertInto('leads')
    .values({
      company: 'Acme Widgets',
      first_name: 'Jane',
      last_name: 'Doe',
      job_title: 'ceo',
      email: 'jane@acme.test',
      power: 'decision_maker',
      status_id: status.id,
      source: 'web',
      partner_id: over.partnerId ?? null,
      partner_user_id: over.partnerUserId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeOpportunity(deps: Deps, over: Assignment = {}) {
  const stage = await deps.db
    .selectFrom('opportunity_stages')
    .select('id')
    .where('key', '=', 'proposal')
    .executeTakeFirstOrThrow();
  return deps.db
    .insertInto('opportunities')
    .values({
      name: 'Acme phone system',
      stage_id: stage.id,
      close_date: '2027-03-31',
      partner_id: over.partnerId ?? null,
      partner_user_id: over.partnerUserId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
