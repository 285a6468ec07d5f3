import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, TEST_ORIGIN, type TestEnv } from '../support/app';
import { world, type World } from '../support/factories';
import type { SalesSetup } from '../../src/shared/sales-setup';

let env: TestEnv;
let w: World;
beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
});
afterAll(() => env.close());

const MISSING = '00000000-0000-4000-8000-000000000000';

const setup = async () => (await w.admin.http.get('/api/setup')).body as SalesSetup;

/** The test client has no PUT; currencies are upserted with one. */
async function put(cookie: string | null, url: string, body: unknown) {
  const raw = await env.app.inject({
    method: 'PUT',
    url,
    headers: cookie ? { cookie, origin: TEST_ORIGIN } : {},
    payload: body as object,
  });
  return { status: raw.statusCode, body: raw.body ? JSON.parse(raw.body) : null };
}

async function statusId(key: string) {
  return (await setup()).leadStatuses.find((s) => s.key === key)!.id;
}
async function stageId(key: string) {
  return (await setup()).opportunityStages.find((s) => s.key === key)!.id;
}

async function insertLead(over: { source?: string; statusKey?: string; currency?: string } = {}) {
  return env.deps.db
    .insertInto('leads')
    .values({
      company: 'Acme',
      first_name: 'Ada',
      last_name: 'Lovelace',
      job_title: 'ceo',
      email: 'ada@example.test',
      power: 'decision_maker',
      source: over.source ?? 'web',
      status_id: await statusId(over.statusKey ?? 'new'),
      currency: over.currency ?? 'EUR',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

async function insertOpportunity(over: { stageKey?: string; lossReason?: string } = {}) {
  return env.deps.db
    .insertInto('opportunities')
    .values({
      name: 'Deal',
      stage_id: await stageId(over.stageKey ?? 'prospecting'),
      close_date: '2026-12-31',
      loss_reason: over.lossReason ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

describe('GET /api/setup', () => {
  it('401, then every signed-in user (partner users too) reads the whole setup in order', async () => {
    expect((await w.anon.get('/api/setup')).status).toBe(401);
    for (const a of [w.admin, w.channelManager, w.salesRep, w.marketing, w.adminA, w.repB]) {
      expect((await a.http.get('/api/setup')).status).toBe(200);
    }
    const s = await setup();
    expect(Object.keys(s.picklists).sort()).toEqual(
      ['campaign_type', 'industry', 'job_title', 'lead_source', 'loss_reason', 'power'].sort(),
    );
    expect(s.picklists.power.map((v) => v.key)).toEqual([
      'decision_maker',
      'influencer',
      'evaluator',
      'user',
    ]);
    expect(s.leadStatuses.map((x) => [x.key, x.kind, x.isDefault])).toEqual([
      ['new', 'open', true],
      ['qualification', 'open', false],
      ['not_in_target', 'closed', false],
      ['converted', 'converted', false],
    ]);
    expect(s.opportunityStages.map((x) => x.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(s.baseCurrency).toBe('EUR');
    expect(s.currencies.find((c) => c.code === 'USD')).toEqual({
      code: 'USD',
      rate: '1.08',
      isBase: false,
    });
    expect(s.currencies[0]).toEqual({ code: 'EUR', rate: '1', isBase: true });
  });
});

describe('pick lists', () => {
  const base = '/api/setup/picklists/lead_source';

  it('401 → 403 for everyone but admins (partner users included); unknown list → 400, missing → 404', async () => {
    expect((await w.anon.post(`${base}/values`, { label: 'X' })).status).toBe(401);
    for (const a of [w.channelManager, w.marketing, w.salesRep, w.adminA, w.repB]) {
      expect((await a.http.post(`${base}/values`, { label: 'X' })).status).toBe(403);
      expect((await a.http.patch(`${base}/values/${MISSING}`, { version: 1 })).status).toBe(403);
      expect((await a.http.delete(`${base}/values/${MISSING}`)).status).toBe(403);
      expect((await a.http.post(`${base}/reorder`, { ids: [MISSING] })).status).toBe(403);
    }
    expect(
      (await w.admin.http.post('/api/setup/picklists/colour/values', { label: 'X' })).status,
    ).toBe(400);
    expect((await w.admin.http.patch(`${base}/values/${MISSING}`, { version: 1 })).status).toBe(
      404,
    );
    expect((await w.admin.http.delete(`${base}/values/${MISSING}`)).status).toBe(404);
    // A value of another list is not found under this one.
    const power = (await setup()).picklists.power[0]!;
    expect((await w.admin.http.delete(`${base}/values/${power.id}`)).status).toBe(404);
  });

  it('adds a value at the end with a key from its label; a taken key is a 409 field error', async () => {
    const r = await w.admin.http.post(`${base}/values`, { label: 'Trade fair (Köln)' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      key: 'trade_fair_koln',
      label: 'Trade fair (Köln)',
      position: 8,
    });
    expect(r.body.active).toBe(true);
    // The same label again gets the next free key rather than failing.
    const again = await w.admin.http.post(`${base}/values`, { label: 'Trade fair Koln' });
    expect(again.body.key).toBe('trade_fair_koln_2');
    const taken = await w.admin.http.post(`${base}/values`, { label: 'Web 2', key: 'web' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields).toEqual({ key: 'is already used' });
    const bad = await w.admin.http.post(`${base}/values`, { label: '', key: 'Not A Key' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['key', 'label']);
    const history = await w.admin.http.get(
      `/api/history?subjectType=picklist_value&subjectId=${r.body.id}`,
    );
    expect(history.body.data[0]).toMatchObject({ action: 'create' });
    // The configuration's history is internal.
    expect(
      (await w.adminA.http.get(`/api/history?subjectType=picklist_value&subjectId=${r.body.id}`))
        .status,
    ).toBe(404);
  });

  it('renames and retires with a version; a stale version is 409; a retired value stays listed', async () => {
    const v = (await setup()).picklists.lead_source.find((x) => x.key === 'cold_call')!;
    const r = await w.admin.http.patch(`${base}/values/${v.id}`, {
      version: v.version,
      label: 'Cold calling',
      active: false,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ key: 'cold_call', label: 'Cold calling', active: false });
    const stale = await w.admin.http.patch(`${base}/values/${v.id}`, {
      version: v.version,
      label: 'Again',
    });
    expect(stale.status).toBe(409);
    const noVersion = await w.admin.http.patch(`${base}/values/${v.id}`, { label: 'x' });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.fields.version).toBeDefined();
    const listed = (await setup()).picklists.lead_source.find((x) => x.id === v.id)!;
    expect(listed.active).toBe(false);
    const back = await w.admin.http.patch(`${base}/values/${v.id}`, {
      version: r.body.version,
      active: true,
    });
    expect(back.body.active).toBe(true);
  });

  it('refuses to delete a value a lead, opportunity or campaign uses, and says to retire it', async () => {
    await insertLead({ source: 'event' });
    await insertLead({ source: 'event' });
    const event = (await setup()).picklists.lead_source.find((x) => x.key === 'event')!;
    const r = await w.admin.http.delete(`${base}/values/${event.id}`);
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/2 leads/);
    expect(r.body.error.message).toMatch(/Retire it/);

    await insertOpportunity({ lossReason: 'timing' });
    const timing = (await setup()).picklists.loss_reason.find((x) => x.key === 'timing')!;
    const r2 = await w.admin.http.delete(`/api/setup/picklists/loss_reason/values/${timing.id}`);
    expect(r2.status).toBe(422);
    expect(r2.body.error.message).toMatch(/1 opportunity/);

    await env.deps.db
      .insertInto('campaigns')
      .values({ name: 'Webinar', type: 'webinar' })
      .execute();
    const webinar = (await setup()).picklists.campaign_type.find((x) => x.key === 'webinar')!;
    const r3 = await w.admin.http.delete(`/api/setup/picklists/campaign_type/values/${webinar.id}`);
    expect(r3.status).toBe(422);
    expect(r3.body.error.message).toMatch(/1 campaign/);
  });

  it('deletes an unused value and closes the gap in positions', async () => {
    const before = (await setup()).picklists.power;
    const evaluator = before.find((x) => x.key === 'evaluator')!;
    expect(
      (await w.admin.http.delete(`/api/setup/picklists/power/values/${evaluator.id}`)).status,
    ).toBe(204);
    const after = (await setup()).picklists.power;
    expect(after.map((x) => [x.key, x.position])).toEqual([
      ['decision_maker', 1],
      ['influencer', 2],
      ['user', 3],
    ]);
  });

  it('reorders a whole list at once; an incomplete or foreign list of ids is a 400', async () => {
    const values = (await setup()).picklists.industry;
    const ids = values.map((v) => v.id).reverse();
    const r = await w.admin.http.post('/api/setup/picklists/industry/reorder', { ids });
    expect(r.status).toBe(200);
    expect(r.body.data.map((v: { id: string }) => v.id)).toEqual(ids);
    expect(r.body.data.map((v: { position: number }) => v.position)).toEqual(
      ids.map((_, i) => i + 1),
    );
    expect((await setup()).picklists.industry.map((v) => v.id)).toEqual(ids);
    const partial = await w.admin.http.post('/api/setup/picklists/industry/reorder', {
      ids: ids.slice(1),
    });
    expect(partial.status).toBe(400);
    expect(partial.body.error.fields.ids).toMatch(/exactly once/);
    const foreign = await w.admin.http.post('/api/setup/picklists/industry/reorder', {
      ids: [...ids.slice(1), (await setup()).picklists.power[0]!.id],
    });
    expect(foreign.status).toBe(400);
    const dup = await w.admin.http.post('/api/setup/picklists/industry/reorder', {
      ids: [ids[0], ids[0]],
    });
    expect(dup.status).toBe(400);
    const history = await w.admin.http.get(
      `/api/history?subjectType=picklist_value&subjectId=${ids[0]}`,
    );
    expect(history.body.data[0]).toMatchObject({ action: 'reorder' });
  });
});

describe('lead statuses', () => {
  const base = '/api/setup/lead-statuses';

  it('401 → 403 (partner users and internal non-admins) → 404', async () => {
    expect((await w.anon.post(base, { label: 'X', kind: 'open' })).status).toBe(401);
    for (const a of [w.channelManager, w.marketing, w.adminA, w.repB]) {
      expect((await a.http.post(base, { label: 'X', kind: 'open' })).status).toBe(403);
      expect((await a.http.patch(`${base}/${MISSING}`, { version: 1 })).status).toBe(403);
      expect((await a.http.delete(`${base}/${MISSING}`)).status).toBe(403);
      expect((await a.http.post(`${base}/reorder`, { ids: [MISSING] })).status).toBe(403);
    }
    expect((await w.admin.http.patch(`${base}/${MISSING}`, { version: 1 })).status).toBe(404);
    expect((await w.admin.http.delete(`${base}/${MISSING}`)).status).toBe(404);
  });

  it('creates open or closed statuses only', async () => {
    const r = await w.admin.http.post(base, { label: 'Contacted', kind: 'open' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ key: 'contacted', kind: 'open', isDefault: false, position: 5 });
    expect((await w.admin.http.post(base, { label: 'Won', kind: 'converted' })).status).toBe(400);
  });

  it('keeps exactly one default: setting it moves it; the default must be open', async () => {
    const s = await setup();
    const qual = s.leadStatuses.find((x) => x.key === 'qualification')!;
    const r = await w.admin.http.patch(`${base}/${qual.id}`, {
      version: qual.version,
      isDefault: true,
    });
    expect(r.status).toBe(200);
    expect(r.body.isDefault).toBe(true);
    const after = (await setup()).leadStatuses;
    expect(after.filter((x) => x.isDefault).map((x) => x.key)).toEqual(['qualification']);
    const closed = after.find((x) => x.key === 'not_in_target')!;
    const refused = await w.admin.http.patch(`${base}/${closed.id}`, {
      version: closed.version,
      isDefault: true,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toEqual({ isDefault: 'must be an open status' });
    const toClosed = await w.admin.http.patch(`${base}/${r.body.id}`, {
      version: r.body.version,
      kind: 'closed',
    });
    expect(toClosed.status).toBe(422);
    // The default cannot be deleted either.
    expect((await w.admin.http.delete(`${base}/${r.body.id}`)).status).toBe(422);
    // Back to New for the tests below.
    const n = after.find((x) => x.key === 'new')!;
    expect(
      (await w.admin.http.patch(`${base}/${n.id}`, { version: n.version, isDefault: true })).status,
    ).toBe(200);
  });

  it('the converted status cannot be deleted or change kind', async () => {
    const conv = (await setup()).leadStatuses.find((x) => x.kind === 'converted')!;
    expect((await w.admin.http.delete(`${base}/${conv.id}`)).status).toBe(422);
    const r = await w.admin.http.patch(`${base}/${conv.id}`, {
      version: conv.version,
      kind: 'closed',
    });
    expect(r.status).toBe(422);
    expect(r.body.error.fields.kind).toBeDefined();
    // Renaming it is fine.
    const renamed = await w.admin.http.patch(`${base}/${conv.id}`, {
      version: conv.version,
      label: 'Converted to deal',
    });
    expect(renamed.body).toMatchObject({ label: 'Converted to deal', kind: 'converted' });
  });

  it('a status in use cannot be deleted (422 with the count)', async () => {
    await insertLead({ statusKey: 'not_in_target' });
    const nit = (await setup()).leadStatuses.find((x) => x.key === 'not_in_target')!;
    const r = await w.admin.http.delete(`${base}/${nit.id}`);
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/^1 lead is at "Not in target"/);
  });

  it('at least one open status remains', async () => {
    const s = (await setup()).leadStatuses;
    // Leads only at New (and Not in target) so far: Contacted and Qualification are free.
    const contacted = s.find((x) => x.key === 'contacted')!;
    expect((await w.admin.http.delete(`${base}/${contacted.id}`)).status).toBe(204);
    const qual = (await setup()).leadStatuses.find((x) => x.key === 'qualification')!;
    expect(
      (await w.admin.http.patch(`${base}/${qual.id}`, { version: qual.version, kind: 'closed' }))
        .status,
    ).toBe(200);
    // New is now the only open status (and the default).
    const n = (await setup()).leadStatuses.find((x) => x.key === 'new')!;
    const r = await w.admin.http.patch(`${base}/${n.id}`, { version: n.version, kind: 'closed' });
    expect(r.status).toBe(422);
    const q2 = (await setup()).leadStatuses.find((x) => x.key === 'qualification')!;
    expect(
      (await w.admin.http.patch(`${base}/${q2.id}`, { version: q2.version, kind: 'open' })).status,
    ).toBe(200);
  });

  it('reorders the path and renumbers after a delete', async () => {
    const s = (await setup()).leadStatuses;
    expect(s.map((x) => x.position)).toEqual([1, 2, 3, 4]);
    const ids = [s[1]!.id, s[0]!.id, s[2]!.id, s[3]!.id];
    const r = await w.admin.http.post(`${base}/reorder`, { ids });
    expect(r.status).toBe(200);
    expect((await setup()).leadStatuses.map((x) => x.id)).toEqual(ids);
    expect((await w.admin.http.post(`${base}/reorder`, { ids: ids.slice(0, 3) })).status).toBe(400);
  });
});

describe('opportunity stages', () => {
  const base = '/api/setup/opportunity-stages';
  const body = { label: 'Demo', probability: 30, kind: 'open', forecastCategory: 'pipeline' };

  it('401 → 403 → 404', async () => {
    expect((await w.anon.post(base, body)).status).toBe(401);
    for (const a of [w.channelManager, w.salesRep, w.adminA, w.repB]) {
      expect((await a.http.post(base, body)).status).toBe(403);
      expect((await a.http.patch(`${base}/${MISSING}`, { version: 1 })).status).toBe(403);
      expect((await a.http.delete(`${base}/${MISSING}`)).status).toBe(403);
      expect((await a.http.post(`${base}/reorder`, { ids: [MISSING] })).status).toBe(403);
    }
    expect((await w.admin.http.patch(`${base}/${MISSING}`, { version: 1 })).status).toBe(404);
    expect((await w.admin.http.delete(`${base}/${MISSING}`)).status).toBe(404);
  });

  it('creates a stage; probability must be 0–100', async () => {
    const r = await w.admin.http.post(base, body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ key: 'demo', probability: 30, position: 8 });
    const bad = await w.admin.http.post(base, { ...body, label: 'Too sure', probability: 101 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ probability: 'must be 0–100' });
    const upd = await w.admin.http.patch(`${base}/${r.body.id}`, {
      version: r.body.version,
      probability: 35,
      forecastCategory: 'best_case',
    });
    expect(upd.body).toMatchObject({ probability: 35, forecastCategory: 'best_case' });
  });

  it('keeps one open, one won and one lost stage; a stage in use is not deletable', async () => {
    const won = (await setup()).opportunityStages.find((x) => x.kind === 'won')!;
    expect((await w.admin.http.delete(`${base}/${won.id}`)).status).toBe(422);
    const toOpen = await w.admin.http.patch(`${base}/${won.id}`, {
      version: won.version,
      kind: 'open',
    });
    expect(toOpen.status).toBe(422);
    expect(toOpen.body.error.fields).toEqual({ kind: 'at least one won stage must remain' });

    await insertOpportunity({ stageKey: 'proposal' });
    const proposal = (await setup()).opportunityStages.find((x) => x.key === 'proposal')!;
    const used = await w.admin.http.delete(`${base}/${proposal.id}`);
    expect(used.status).toBe(422);
    expect(used.body.error.message).toMatch(/1 opportunity is at "Proposal"/);

    const demo = (await setup()).opportunityStages.find((x) => x.key === 'demo')!;
    expect((await w.admin.http.delete(`${base}/${demo.id}`)).status).toBe(204);
  });

  it('reorders', async () => {
    const s = (await setup()).opportunityStages;
    const ids = s.map((x) => x.id);
    [ids[0], ids[1]] = [ids[1]!, ids[0]!];
    expect((await w.admin.http.post(`${base}/reorder`, { ids })).status).toBe(200);
    expect((await setup()).opportunityStages.map((x) => x.id)).toEqual(ids);
  });
});

describe('currencies', () => {
  it('401 → 403', async () => {
    expect((await put(null, '/api/setup/currencies', { code: 'JPY', rate: 160 })).status).toBe(401);
    expect((await w.anon.delete('/api/setup/currencies/USD')).status).toBe(401);
    for (const a of [w.channelManager, w.finance, w.adminA, w.repB]) {
      expect(
        (await put(a.cookie, '/api/setup/currencies', { code: 'JPY', rate: 160 })).status,
      ).toBe(403);
      expect((await a.http.delete('/api/setup/currencies/USD')).status).toBe(403);
    }
    expect((await w.admin.http.delete('/api/setup/currencies/XYZ')).status).toBe(404);
  });

  it('adds (201) and updates (200) a rate; the base currency stays at 1', async () => {
    const add = await put(w.admin.cookie, '/api/setup/currencies', { code: 'jpy', rate: '161.5' });
    expect(add.status).toBe(201);
    expect(add.body).toEqual({ code: 'JPY', rate: '161.5', isBase: false });
    const upd = await put(w.admin.cookie, '/api/setup/currencies', { code: 'JPY', rate: 162 });
    expect(upd.status).toBe(200);
    expect(upd.body.rate).toBe('162');
    const base = await put(w.admin.cookie, '/api/setup/currencies', { code: 'EUR', rate: 2 });
    expect(base.status).toBe(422);
    expect(base.body.error.fields).toEqual({ rate: 'the base currency rate is always 1' });
    expect(
      (await put(w.admin.cookie, '/api/setup/currencies', { code: 'EUR', rate: 1 })).status,
    ).toBe(200);
    const bad = await put(w.admin.cookie, '/api/setup/currencies', { code: 'EURO', rate: -1 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['code', 'rate']);
  });

  it('refuses to delete the base currency or one in use; deletes an unused one', async () => {
    expect((await w.admin.http.delete('/api/setup/currencies/EUR')).status).toBe(422);
    await insertLead({ currency: 'GBP' });
    const used = await w.admin.http.delete('/api/setup/currencies/GBP');
    expect(used.status).toBe(422);
    expect(used.body.error.message).toMatch(/1 lead/);
    expect((await w.admin.http.delete('/api/setup/currencies/JPY')).status).toBe(204);
    expect((await setup()).currencies.some((c) => c.code === 'JPY')).toBe(false);
  });
});
