import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { world, type World } from '../support/factories';
import type { Campaign } from '../../src/shared/campaigns';

let env: TestEnv;
let w: World;

const MISSING = '00000000-0000-4000-8000-000000000000';

/** The attribution fixture: three campaigns with leads and opportunities, hand-counted below. */
let C1: Campaign; // vendor, active, budget 1000 EUR
let C2: Campaign; // vendor, completed
let C3: Campaign; // partner A's own
let CB: Campaign; // partner B's own

async function statusId(key: string) {
  const r = await env.deps.db
    .selectFrom('lead_statuses')
    .select('id')
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return r.id;
}
async function stageId(key: string) {
  const r = await env.deps.db
    .selectFrom('opportunity_stages')
    .select('id')
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return r.id;
}

async function lead(o: {
  campaignId: string | null;
  partnerId?: string | null;
  partnerUserId?: string | null;
  converted?: boolean;
  createdAt?: string;
}) {
  await env.deps.db
    .insertInto('leads')
    .values({
      company: 'Acme',
      first_name: 'Ada',
      last_name: 'Lovelace',
      job_title: 'other',
      email: 'ada@example.test',
      power: 'user',
      source: 'web',
      status_id: await statusId(o.converted ? 'converted' : 'new'),
      converted_at: o.converted ? new Date() : null,
      campaign_id: o.campaignId,
      partner_id: o.partnerId ?? null,
      partner_user_id: o.partnerUserId ?? null,
      ...(o.createdAt ? { created_at: o.createdAt } : {}),
    })
    .execute();
}

async function opportunity(o: {
  campaignId: string | null;
  stage: string;
  amount: string;
  currency?: string;
  partnerId?: string | null;
  partnerUserId?: string | null;
  createdAt?: string;
}) {
  await env.deps.db
    .insertInto('opportunities')
    .values({
      name: 'Deal',
      stage_id: await stageId(o.stage),
      amount: o.amount,
      currency: o.currency ?? 'EUR',
      close_date: '2026-12-31',
      campaign_id: o.campaignId,
      partner_id: o.partnerId ?? null,
      partner_user_id: o.partnerUserId ?? null,
      ...(o.createdAt ? { created_at: o.createdAt } : {}),
    })
    .execute();
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  const create = async (a: typeof w.marketing, body: Record<string, unknown>) => {
    const r = await a.http.post('/api/campaigns', body);
    expect(r.status).toBe(201);
    return r.body as Campaign;
  };
  C1 = await create(w.marketing, {
    name: 'Spring launch',
    type: 'event',
    status: 'active',
    budget: '1000',
    startDate: '2026-03-01',
    endDate: '2026-05-31',
    description: 'Trade fair and follow-up mailing',
  });
  C2 = await create(w.marketing, { name: 'Old webinar', type: 'webinar', status: 'completed' });
  C3 = await create(w.adminA, { name: 'Alpha roadshow', type: 'partner_mdf', budget: 200 });
  CB = await create(w.adminB, { name: 'Beta mailing', type: 'email', budget: 50 });

  const A = w.partnerA.id;
  const B = w.partnerB.id;
  // C1: four leads (two converted), four opportunities (two won, one open, one lost).
  await lead({ campaignId: C1.id, partnerId: A, partnerUserId: w.repA.id, converted: true });
  await lead({ campaignId: C1.id, partnerId: A });
  await lead({ campaignId: C1.id, partnerId: B, converted: true });
  await lead({ campaignId: C1.id, createdAt: '2025-01-15T10:00:00Z' });
  await opportunity({
    campaignId: C1.id,
    stage: 'closed_won',
    amount: '1000.00',
    partnerId: A,
    partnerUserId: w.repA.id,
  });
  // 1080 USD at 1.08 per EUR = 1000 EUR
  await opportunity({
    campaignId: C1.id,
    stage: 'closed_won',
    amount: '1080.00',
    currency: 'USD',
    partnerId: B,
  });
  await opportunity({ campaignId: C1.id, stage: 'proposal', amount: '500.00' }); // 60 %
  await opportunity({
    campaignId: C1.id,
    stage: 'closed_lost',
    amount: '300.00',
    partnerId: A,
    createdAt: '2025-01-15T10:00:00Z',
  });
  // C3 (partner A): two leads, one converted; one won deal of 850 GBP at 0.85 = 1000 EUR.
  await lead({ campaignId: C3.id, partnerId: A, converted: true });
  await lead({ campaignId: C3.id, partnerId: A });
  await opportunity({
    campaignId: C3.id,
    stage: 'closed_won',
    amount: '850.00',
    currency: 'GBP',
    partnerId: A,
  });
  // CB (partner B): one lead, one open deal.
  await lead({ campaignId: CB.id, partnerId: B });
  await opportunity({ campaignId: CB.id, stage: 'prospecting', amount: '100.00', partnerId: B });
  // Unattributed records count nowhere.
  await lead({ campaignId: null, partnerId: A });
  await opportunity({ campaignId: null, stage: 'closed_won', amount: '999.00', partnerId: A });
});
afterAll(() => env.close());

const names = (rows: { name: string }[]) => rows.map((r) => r.name);

describe('access', () => {
  it('401 on every endpoint', async () => {
    expect((await w.anon.get('/api/campaigns')).status).toBe(401);
    expect((await w.anon.post('/api/campaigns', { name: 'X', type: 'email' })).status).toBe(401);
    expect((await w.anon.get(`/api/campaigns/${C1.id}`)).status).toBe(401);
    expect((await w.anon.get(`/api/campaigns/${C1.id}/summary`)).status).toBe(401);
    expect((await w.anon.patch(`/api/campaigns/${C1.id}`, { version: 1 })).status).toBe(401);
    expect((await w.anon.delete(`/api/campaigns/${C1.id}`)).status).toBe(401);
    expect((await w.anon.get('/api/reports/attribution')).status).toBe(401);
  });

  it('403 for roles that do not run campaigns', async () => {
    for (const a of [w.salesRep, w.finance, w.repA]) {
      expect((await a.http.post('/api/campaigns', { name: 'X', type: 'email' })).status).toBe(403);
      expect((await a.http.patch(`/api/campaigns/${C1.id}`, { version: 1 })).status).toBe(403);
      expect((await a.http.delete(`/api/campaigns/${C1.id}`)).status).toBe(403);
    }
    // A partner admin may not change the vendor's campaigns they can see.
    const r = await w.adminA.http.patch(`/api/campaigns/${C1.id}`, {
      version: C1.version,
      name: 'Hijacked',
    });
    expect(r.status).toBe(403);
    expect((await w.adminA.http.delete(`/api/campaigns/${C1.id}`)).status).toBe(403);
  });

  it("404 for another partner's campaign, exactly like a missing one, on every endpoint", async () => {
    for (const a of [w.adminA, w.repA]) {
      const missing = await a.http.get(`/api/campaigns/${MISSING}`);
      for (const url of [`/api/campaigns/${CB.id}`, `/api/campaigns/${CB.id}/summary`]) {
        const r = await a.http.get(url);
        expect(r.status).toBe(404);
        expect(r.body.error.message).toBe(missing.body.error.message);
      }
    }
    expect((await w.adminA.http.patch(`/api/campaigns/${CB.id}`, { version: 1 })).status).toBe(404);
    expect((await w.adminA.http.delete(`/api/campaigns/${CB.id}`)).status).toBe(404);
    // A finished vendor campaign is not offered to partners either.
    expect((await w.adminA.http.get(`/api/campaigns/${C2.id}`)).status).toBe(404);
    expect((await w.adminB.http.get(`/api/campaigns/${C3.id}`)).status).toBe(404);
    const history = await w.adminA.http.get(`/api/history?subjectType=campaign&subjectId=${CB.id}`);
    expect(history.status).toBe(404);
  });
});

describe('visibility', () => {
  it('internal users see every campaign with budget and owner', async () => {
    const r = await w.salesRep.http.get('/api/campaigns?limit=200');
    expect(r.status).toBe(200);
    const all = r.body.data as Campaign[];
    expect(names(all)).toEqual(['Alpha roadshow', 'Beta mailing', 'Old webinar', 'Spring launch']);
    const c1 = all.find((c) => c.id === C1.id)!;
    expect(c1).toMatchObject({
      budget: '1000.00',
      currency: 'EUR',
      ownerId: w.marketing.id,
      owner: { id: w.marketing.id, name: w.marketing.name },
      partnerId: null,
      partner: null,
      status: 'active',
      type: 'event',
      startDate: '2026-03-01',
      endDate: '2026-05-31',
      abilities: { update: false, delete: false },
    });
    expect((await w.marketing.http.get(`/api/campaigns/${C1.id}`)).body.abilities).toEqual({
      update: true,
      delete: true,
    });
    expect(all.find((c) => c.id === C3.id)).toMatchObject({
      partnerId: w.partnerA.id,
      partner: { id: w.partnerA.id, name: w.partnerA.company_name },
      budget: '200.00',
    });
  });

  it("partner users see their company's campaigns in full and live vendor campaigns without budget or owner", async () => {
    for (const a of [w.adminA, w.repA]) {
      const r = await a.http.get('/api/campaigns');
      const list = r.body.data as Campaign[];
      expect(names(list)).toEqual(['Alpha roadshow', 'Spring launch']);
      const c1 = list.find((c) => c.id === C1.id)!;
      expect(c1).toMatchObject({ budget: null, ownerId: null, owner: null, name: 'Spring launch' });
      expect(list.find((c) => c.id === C3.id)).toMatchObject({
        budget: '200.00',
        ownerId: w.adminA.id,
      });
      const one = await a.http.get(`/api/campaigns/${C1.id}`);
      expect(one.body).toMatchObject({ budget: null, owner: null });
    }
    expect(
      ((await w.adminA.http.get(`/api/campaigns/${C3.id}`)).body as Campaign).abilities,
    ).toEqual({ update: true, delete: true });
    expect(((await w.repA.http.get(`/api/campaigns/${C3.id}`)).body as Campaign).abilities).toEqual(
      { update: false, delete: false },
    );
    // History: their own campaign's, never the vendor's (budget changes are internal).
    expect(
      (await w.adminA.http.get(`/api/history?subjectType=campaign&subjectId=${C3.id}`)).status,
    ).toBe(200);
    expect(
      (await w.adminA.http.get(`/api/history?subjectType=campaign&subjectId=${C1.id}`)).status,
    ).toBe(404);
  });

  it('filters, searches (the campaign picker), sorts and pages', async () => {
    const picker = await w.repA.http.get('/api/campaigns?q=spr&limit=20');
    expect(picker.body.data.map((c: Campaign) => [c.id, c.name])).toEqual([
      [C1.id, 'Spring launch'],
    ]);
    const get = async (qs: string) =>
      names((await w.admin.http.get(`/api/campaigns?${qs}`)).body.data);
    expect(await get('active=true')).toEqual(['Alpha roadshow', 'Beta mailing', 'Spring launch']);
    expect(await get('active=false')).toEqual(['Old webinar']);
    expect(await get('status=completed,active')).toEqual(['Old webinar', 'Spring launch']);
    expect(await get('type=email,webinar')).toEqual(['Beta mailing', 'Old webinar']);
    expect(await get('partnerId=vendor')).toEqual(['Old webinar', 'Spring launch']);
    expect(await get(`partnerId=${w.partnerB.id},vendor`)).toEqual([
      'Beta mailing',
      'Old webinar',
      'Spring launch',
    ]);
    expect(await get('sort=-name')).toEqual([
      'Spring launch',
      'Old webinar',
      'Beta mailing',
      'Alpha roadshow',
    ]);
    expect((await w.admin.http.get('/api/campaigns?sort=budget')).status).toBe(400);
    const p1 = await w.admin.http.get('/api/campaigns?limit=3');
    expect(p1.body.data).toHaveLength(3);
    const p2 = await w.admin.http.get(`/api/campaigns?limit=3&cursor=${p1.body.nextCursor}`);
    expect(names(p2.body.data)).toEqual(['Spring launch']);
    expect(p2.body.nextCursor).toBeNull();
  });
});

describe('writing', () => {
  it('partner admins create only for their own company', async () => {
    const r = await w.adminA.http.post('/api/campaigns', {
      name: 'Alpha webinar',
      type: 'webinar',
      partnerId: w.partnerB.id,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ partnerId: w.partnerA.id, ownerId: w.adminA.id });
    expect((await w.adminB.http.get(`/api/campaigns/${r.body.id}`)).status).toBe(404);
    // A partner admin cannot hand it to a user of another partner.
    const bad = await w.adminA.http.patch(`/api/campaigns/${r.body.id}`, {
      version: r.body.version,
      ownerId: w.repB.id,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.ownerId).toBeDefined();
    const ok = await w.adminA.http.patch(`/api/campaigns/${r.body.id}`, {
      version: r.body.version,
      ownerId: w.repA.id,
      partnerId: null, // ignored for partner users
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ownerId: w.repA.id, partnerId: w.partnerA.id });
    expect((await w.adminA.http.delete(`/api/campaigns/${r.body.id}`)).status).toBe(204);
  });

  it('refuses bad values with field errors and keeps nothing', async () => {
    const r = await w.marketing.http.post('/api/campaigns', {
      name: '',
      type: 'Not a key',
      budget: -5,
      startDate: '2026-02-30',
    });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields).sort()).toEqual([
      'budget',
      'name',
      'startDate',
      'type',
    ]);
    const r2 = await w.marketing.http.post('/api/campaigns', {
      name: 'Bad refs',
      type: 'carrier_pigeon',
      currency: 'XYZ',
      ownerId: w.repA.id,
      partnerId: MISSING,
    });
    expect(r2.status).toBe(400);
    expect(r2.body.error.fields).toEqual({
      type: 'is not a campaign type',
      currency: 'is not a configured currency',
      partnerId: 'No such partner',
      ownerId: "must be an active internal user or a user of the campaign's partner",
    });
    const r3 = await w.marketing.http.post('/api/campaigns', {
      name: 'Backwards',
      type: 'email',
      startDate: '2026-05-01',
      endDate: '2026-04-01',
    });
    expect(r3.status).toBe(400);
    expect(r3.body.error.fields).toEqual({ endDate: 'must not be before the start date' });
    const count = await env.deps.db
      .selectFrom('campaigns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', 'in', ['Bad refs', 'Backwards'])
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('updates with a version (409 when stale), checks the dates against the stored ones, audits', async () => {
    const c = (await w.marketing.http.post('/api/campaigns', { name: 'Autumn', type: 'email' }))
      .body as Campaign;
    const u = await w.channelManager.http.patch(`/api/campaigns/${c.id}`, {
      version: c.version,
      budget: '2500.50',
      currency: 'usd',
      startDate: '2026-09-01',
      status: 'active',
    });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({
      budget: '2500.50',
      currency: 'USD',
      startDate: '2026-09-01',
      status: 'active',
    });
    const stale = await w.marketing.http.patch(`/api/campaigns/${c.id}`, {
      version: c.version,
      name: 'Lost edit',
    });
    expect(stale.status).toBe(409);
    const before = await w.marketing.http.patch(`/api/campaigns/${c.id}`, {
      version: u.body.version,
      endDate: '2026-08-01',
    });
    expect(before.status).toBe(400);
    expect(before.body.error.fields).toEqual({ endDate: 'must not be before the start date' });
    const h = await w.admin.http.get(`/api/history?subjectType=campaign&subjectId=${c.id}`);
    expect(h.body.data.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(h.body.data[0].changes.budget).toEqual({ from: null, to: '2500.50' });
    // A retired campaign type cannot be chosen, but a campaign keeps the one it has.
    const setup = (await w.admin.http.get('/api/setup')).body;
    const email = setup.picklists.campaign_type.find((v: { key: string }) => v.key === 'email');
    await w.admin.http.patch(`/api/setup/picklists/campaign_type/values/${email.id}`, {
      version: email.version,
      active: false,
    });
    const keep = await w.marketing.http.patch(`/api/campaigns/${c.id}`, {
      version: u.body.version,
      name: 'Autumn mailing',
    });
    expect(keep.status).toBe(200);
    const retired = await w.marketing.http.post('/api/campaigns', { name: 'New', type: 'email' });
    expect(retired.status).toBe(400);
    expect(retired.body.error.fields.type).toMatch(/retired/);
  });

  it('refuses to delete a campaign leads or opportunities came from, and says how many', async () => {
    const r = await w.marketing.http.delete(`/api/campaigns/${C1.id}`);
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/^4 leads and 4 opportunities came from "Spring launch"/);
    const r3 = await w.adminA.http.delete(`/api/campaigns/${C3.id}`);
    expect(r3.status).toBe(422);
    expect(r3.body.error.message).toMatch(/^2 leads and 1 opportunity/);
    const free = (await w.marketing.http.post('/api/campaigns', { name: 'Tmp', type: 'other' }))
      .body as Campaign;
    expect((await w.marketing.http.delete(`/api/campaigns/${free.id}`)).status).toBe(204);
    expect((await w.marketing.http.get(`/api/campaigns/${free.id}`)).status).toBe(404);
    const h = await w.admin.http.get(`/api/history?subjectType=campaign&subjectId=${free.id}`);
    expect(h.status).toBe(404);
  });
});

describe('summary', () => {
  it('adds up a campaign for internal users, in the base currency', async () => {
    const r = await w.marketing.http.get(`/api/campaigns/${C1.id}/summary`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      campaignId: C1.id,
      currency: 'EUR',
      leads: 4,
      convertedLeads: 2,
      conversionRate: 0.5,
      opportunities: 4,
      openOpportunities: 1,
      openPipeline: '500.00',
      weightedPipeline: '300.00',
      wonCount: 2,
      wonAmount: '2000.00',
      lostCount: 1,
      winRate: 0.6667,
      budget: '1000.00',
      costPerLead: '250.00',
      costPerConvertedLead: '500.00',
      roi: 1,
    });
    expect(r.body.leadsByStatus).toEqual([
      { key: 'new', label: 'New', kind: 'open', count: 2 },
      { key: 'converted', label: 'Converted', kind: 'converted', count: 2 },
    ]);
    expect(r.body.opportunitiesByStage).toEqual([
      { key: 'proposal', label: 'Proposal', kind: 'open', count: 1, amount: '500.00' },
      { key: 'closed_won', label: 'Closed won', kind: 'won', count: 2, amount: '2000.00' },
      { key: 'closed_lost', label: 'Closed lost', kind: 'lost', count: 1, amount: '300.00' },
    ]);
  });

  it("shows a partner what their own company made of a vendor campaign, without the vendor's budget", async () => {
    const r = await w.adminA.http.get(`/api/campaigns/${C1.id}/summary`);
    expect(r.body).toMatchObject({
      leads: 2,
      convertedLeads: 1,
      opportunities: 2,
      wonCount: 1,
      wonAmount: '1000.00',
      lostCount: 1,
      budget: null,
      costPerLead: null,
      costPerConvertedLead: null,
      roi: null,
    });
    const rep = await w.repA.http.get(`/api/campaigns/${C1.id}/summary`);
    expect(rep.body).toMatchObject({ leads: 1, convertedLeads: 1, opportunities: 1, wonCount: 1 });
    const own = await w.adminA.http.get(`/api/campaigns/${C3.id}/summary`);
    expect(own.body).toMatchObject({
      leads: 2,
      wonAmount: '1000.00',
      budget: '200.00',
      costPerLead: '100.00',
      roi: 4,
    });
  });

  it('an empty campaign has zeros and no rates', async () => {
    const r = await w.marketing.http.get(`/api/campaigns/${C2.id}/summary`);
    expect(r.body).toMatchObject({
      leads: 0,
      conversionRate: null,
      winRate: null,
      wonAmount: '0.00',
      budget: null,
      costPerLead: null,
      roi: null,
      leadsByStatus: [],
      opportunitiesByStage: [],
    });
  });
});

describe('GET /api/reports/attribution', () => {
  it('per campaign, sorted by won amount, with totals (hand-computed)', async () => {
    const r = await w.channelManager.http.get('/api/reports/attribution?groupBy=campaign');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      groupBy: 'campaign',
      from: null,
      to: null,
      currency: 'EUR',
      rows: [
        {
          id: C1.id,
          name: 'Spring launch',
          leads: 4,
          convertedLeads: 2,
          conversionRate: 0.5,
          opportunities: 4,
          wonCount: 2,
          wonAmount: '2000.00',
        },
        {
          id: C3.id,
          name: 'Alpha roadshow',
          leads: 2,
          convertedLeads: 1,
          conversionRate: 0.5,
          opportunities: 1,
          wonCount: 1,
          wonAmount: '1000.00',
        },
        {
          id: CB.id,
          name: 'Beta mailing',
          leads: 1,
          convertedLeads: 0,
          conversionRate: 0,
          opportunities: 1,
          wonCount: 0,
          wonAmount: '0.00',
        },
      ],
      totals: {
        leads: 7,
        convertedLeads: 3,
        conversionRate: 0.4286,
        opportunities: 6,
        wonCount: 3,
        wonAmount: '3000.00',
      },
    });
  });

  it('per partner', async () => {
    const r = await w.admin.http.get('/api/reports/attribution?groupBy=partner');
    expect(r.body.rows).toEqual([
      {
        id: w.partnerA.id,
        name: w.partnerA.company_name,
        leads: 5,
        convertedLeads: 2,
        conversionRate: 0.4,
        opportunities: 4,
        wonCount: 3,
        wonAmount: '2999.00',
      },
      {
        id: w.partnerB.id,
        name: w.partnerB.company_name,
        leads: 2,
        convertedLeads: 1,
        conversionRate: 0.5,
        opportunities: 2,
        wonCount: 1,
        wonAmount: '1000.00',
      },
    ]);
    expect(r.body.totals).toMatchObject({ leads: 7, wonAmount: '3999.00' });
  });

  it('within a date range (UTC calendar days, inclusive)', async () => {
    const late = await w.admin.http.get('/api/reports/attribution?from=2025-06-01');
    expect(late.body.rows[0]).toMatchObject({ id: C1.id, leads: 3, opportunities: 3, wonCount: 2 });
    const early = await w.admin.http.get('/api/reports/attribution?from=2025-01-15&to=2025-01-15');
    expect(early.body.rows).toEqual([
      {
        id: C1.id,
        name: 'Spring launch',
        leads: 1,
        convertedLeads: 0,
        conversionRate: 0,
        opportunities: 1,
        wonCount: 0,
        wonAmount: '0.00',
      },
    ]);
    const none = await w.admin.http.get('/api/reports/attribution?from=2024-01-01&to=2024-12-31');
    expect(none.body).toMatchObject({
      rows: [],
      totals: { leads: 0, conversionRate: null, wonAmount: '0.00' },
    });
    const bad = await w.admin.http.get('/api/reports/attribution?from=2026-02-01&to=2026-01-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.to).toBeDefined();
    expect((await w.admin.http.get('/api/reports/attribution?groupBy=region')).status).toBe(400);
  });

  it("partner users: only their own company's (or, for reps, their own) records", async () => {
    const a = await w.adminA.http.get('/api/reports/attribution');
    expect(a.status).toBe(200);
    expect(a.body.rows).toEqual([
      {
        id: C3.id,
        name: 'Alpha roadshow',
        leads: 2,
        convertedLeads: 1,
        conversionRate: 0.5,
        opportunities: 1,
        wonCount: 1,
        wonAmount: '1000.00',
      },
      {
        id: C1.id,
        name: 'Spring launch',
        leads: 2,
        convertedLeads: 1,
        conversionRate: 0.5,
        opportunities: 2,
        wonCount: 1,
        wonAmount: '1000.00',
      },
    ]);
    expect(a.body.totals).toMatchObject({ leads: 4, wonAmount: '2000.00' });
    const rep = await w.repA.http.get('/api/reports/attribution');
    expect(rep.body.rows.map((r: { id: string; leads: number }) => [r.id, r.leads])).toEqual([
      [C1.id, 1],
    ]);
    const b = await w.adminB.http.get('/api/reports/attribution?groupBy=partner');
    expect(names(b.body.rows)).toEqual([w.partnerB.company_name]);
    expect(JSON.stringify(b.body)).not.toContain(w.partnerA.company_name);
    expect(JSON.stringify(b.body)).not.toContain('Alpha roadshow');
  });

  it('counts a lead of another partner on a foreign campaign without naming that campaign', async () => {
    // Not possible through the forms; a partner's report must still not leak the name.
    await sql`insert into leads (company, first_name, last_name, job_title, email, power, source,
      status_id, campaign_id, partner_id)
      select 'X', 'Y', 'Z', 'other', 'x@example.test', 'user', 'web', id, ${C3.id}, ${w.partnerB.id}
      from lead_statuses where key = 'new'`.execute(env.deps.db);
    const b = await w.adminB.http.get('/api/reports/attribution');
    expect(names(b.body.rows).sort()).toEqual(['Beta mailing', 'Other campaign', 'Spring launch']);
  });
});
