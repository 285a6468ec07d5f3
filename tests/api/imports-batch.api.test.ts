import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { world, type World } from '../support/factories';
import { csv, importHelpers } from '../support/imports';
import { IMPORTERS } from '../../src/server/features/imports/entities';
import type { ImportSettings } from '../../src/shared/imports';

// A batch of rows is written a statement per step (writeMany); a batch the database refuses is
// written again row by row (create/update). Both must leave exactly the same records and history.

let env: TestEnv;
let w: World;
let h: ReturnType<typeof importHelpers>;
let m: string;
let campaign: string;

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  h = importHelpers(env);
  m = `zb${Date.now().toString(36)}`;
  campaign = `Spring webinar ${m}`;
  await env.deps.db.insertInto('campaigns').values({ name: campaign, partner_id: null }).execute();
});
afterAll(() => env.close());

const leads = IMPORTERS.leads!;

/** Runs fn with the set-based path switched off: every row goes through create/update. */
async function rowByRow<T>(fn: () => Promise<T>): Promise<T> {
  const saved = leads.writeMany?.bind(leads);
  leads.writeMany = undefined;
  try {
    return await fn();
  } finally {
    leads.writeMany = saved;
  }
}

const HEADER = [
  'First name',
  'Last name',
  'Company',
  'Email',
  'Job title',
  'Power',
  'Source',
  'Value',
  'Rating',
  'Country',
  'City',
  'Owner',
  'Partner',
  'Campaign',
  'Status',
];
const settings: ImportSettings = {
  mode: 'upsert',
  matchBy: 'email',
  mapping: {
    'First name': 'firstName',
    'Last name': 'lastName',
    Company: 'company',
    Email: 'email',
    'Job title': 'jobTitle',
    Power: 'power',
    Source: 'source',
    Value: 'estimatedValue',
    Rating: 'rating',
    Country: 'countryCode',
    City: 'city',
    Owner: 'owner',
    Partner: 'partner',
    Campaign: 'campaign',
    Status: 'status',
  },
};

/** The same people under two email prefixes, one per write path. */
function people(prefix: string, round: 1 | 2) {
  const rows = [
    ['Ana', 'Ruiz', 'Acme', 'IT manager', 'Influencer', 'Web', '1,200.5', '', 'Germany', 'Köln'],
    ['Ben', 'Okafor', 'Globex', 'IT manager', 'Influencer', 'Web', '007', 'Hot', 'FR', ''],
    ['Cleo', 'Berg', 'Initech', 'IT manager', 'Influencer', 'Web', '', '', '', 'Oslo'],
    ['Dan', 'Marsh', 'Umbrella', 'IT manager', 'Influencer', 'Web', 'lots', '', '', ''],
  ];
  return csv([
    HEADER,
    ...rows.map((r, i) => {
      const [first, last, company, title, power, source, value, rating, country, city] = r as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      const changed = round === 2 && i !== 2; // round 2 changes all but Cleo
      return [
        first,
        last,
        company,
        `${prefix}.${first.toLowerCase()}.${m}@batch.test`,
        title,
        power,
        source,
        changed && i === 0 ? '99.9' : value,
        rating,
        country,
        changed ? 'Berlin' : city,
        changed ? w.salesRep.email : w.channelManager.email,
        i === 1 ? w.partnerA.company_name : '',
        i === 0 ? campaign : '',
        changed && i === 1 ? 'Qualification' : '',
      ];
    }),
  ]);
}

async function state(prefix: string) {
  const rows = await env.deps.db
    .selectFrom('leads')
    .selectAll()
    .where('email', 'like', `${prefix}.%.${m}@batch.test`)
    .orderBy('last_name')
    .execute();
  if (rows.length === 0) return { leads: [], events: [] };
  const events = await env.deps.db
    .selectFrom('events')
    .select(['subject_id', 'action', 'changes'])
    .where(
      'subject_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('id')
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r.last_name]));
  const strip = (changes: unknown) => {
    const c = { ...(changes as Record<string, unknown>) };
    delete c.email;
    return c;
  };
  return {
    leads: rows.map(
      ({ id, number, email, created_at, updated_at, scored_at, ...rest }) => (
        void [id, number, email, created_at, updated_at, scored_at],
        rest
      ),
    ),
    events: events.map((e) => ({
      lead: byId.get(e.subject_id),
      action: e.action,
      changes: strip(e.changes),
    })),
  };
}

async function ledger(importId: string) {
  const rows = await env.deps.db
    .selectFrom('import_rows')
    .select(['line', 'outcome', 'reason', 'field', 'version_after', 'before'])
    .where('import_id', '=', importId)
    .orderBy('line')
    .execute();
  return rows;
}

describe('writing a batch at once', () => {
  it('leaves the same leads, scores, history and ledger as writing row by row', async () => {
    const fast1 = await h.imported(w.channelManager, people('fast', 1), settings);
    const slow1 = await rowByRow(() => h.imported(w.channelManager, people('slow', 1), settings));
    expect(fast1.counts).toMatchObject({ created: 3, failed: 1 });
    expect(slow1.counts).toEqual(fast1.counts);
    expect(await ledger(fast1.id)).toEqual(await ledger(slow1.id));

    const fast2 = await h.imported(w.channelManager, people('fast', 2), settings);
    const slow2 = await rowByRow(() => h.imported(w.channelManager, people('slow', 2), settings));
    expect(fast2.counts).toMatchObject({ updated: 2, skipped: 1, failed: 1 });
    expect(slow2.counts).toEqual(fast2.counts);
    expect(await ledger(fast2.id)).toEqual(await ledger(slow2.id));

    const [fast, slow] = [await state('fast'), await state('slow')];
    expect(fast.leads).toHaveLength(3);
    expect(fast.leads).toEqual(slow.leads);
    expect(fast.events).toEqual(slow.events);
    // Spot checks of what both wrote.
    const ana = fast.leads.find((l) => l.first_name === 'Ana')!;
    expect(ana).toMatchObject({
      estimated_value: '99.90',
      city: 'Berlin',
      owner_id: w.salesRep.id,
    });
    const created = fast.events.find((e) => e.lead === 'Okafor' && e.action === 'lead.created')!;
    expect(created.changes).toMatchObject({
      estimatedValue: { from: null, to: '7.00' },
      partner: { from: null, to: w.partnerA.company_name },
      owner: { from: null, to: expect.any(String) },
    });
    expect(fast.events.some((e) => e.action === 'lead.status_changed')).toBe(true);

    // Undo works on what the batch path wrote: the updates go back, then the creations go (the
    // second undo is forced, since undoing the updates counts as an edit of the created leads).
    expect((await w.channelManager.http.post(`/api/imports/${fast2.id}/undo`, {})).status).toBe(
      202,
    );
    await h.runJobs();
    const undone = await state('fast');
    expect(undone.leads.find((l) => l.first_name === 'Ana')).toMatchObject({
      estimated_value: '1200.50',
      city: 'Köln',
      owner_id: w.channelManager.id,
    });
    expect(
      (await w.channelManager.http.post(`/api/imports/${fast1.id}/undo`, { force: true })).status,
    ).toBe(202);
    await h.runJobs();
    expect((await state('fast')).leads).toEqual([]);
  });

  it('a batch the database refuses is written again row by row, so only bad rows fail', async () => {
    const saved = leads.writeMany!.bind(leads);
    let calls = 0;
    leads.writeMany = async (...args) => {
      calls++;
      await saved(...args); // writes, then the statement after it fails: all of it rolls back
      throw Object.assign(new Error('new row violates check constraint'), { code: '23514' });
    };
    try {
      const done = await h.imported(w.channelManager, people('retry', 1), settings);
      expect(calls).toBe(1);
      expect(done.counts).toMatchObject({ created: 3, failed: 1, total: 4 });
      const { leads: rows, events } = await state('retry');
      expect(rows).toHaveLength(3);
      expect(events.filter((e) => e.action === 'lead.created')).toHaveLength(3);
    } finally {
      leads.writeMany = saved;
    }
  });

  it('an unexpected error of the batch fails the import instead of writing half of it', async () => {
    const saved = leads.writeMany!.bind(leads);
    leads.writeMany = async () => {
      throw new Error('the disk is on fire');
    };
    try {
      const up = await h.upload(w.channelManager, people('fire', 1));
      expect((await w.channelManager.http.post(`/api/imports/${up.id}/run`, settings)).status).toBe(
        202,
      );
      await h.runJobs();
      const after = await h.get(w.channelManager, up.id);
      expect(after.status).not.toBe('done');
      expect((await state('fire')).leads).toEqual([]);
    } finally {
      leads.writeMany = saved;
    }
  });
});
