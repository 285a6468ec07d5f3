import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { world, type Actor, type World } from '../support/factories';

let env: TestEnv;
let w: World;
let seq = 0;
const MISSING = '00000000-0000-4000-8000-000000000000';
const marker = () => `zq${Date.now().toString(36)}${(seq++).toString(36)}`;

type Status = { id: string; key: string; label: string; kind: string };
let status: Record<'new' | 'qualification' | 'not_in_target' | 'converted', Status>;

/** Seed 004's mandatory fields. */
const base = (over: Record<string, unknown> = {}) => ({
  company: `Acme ${marker()}`,
  firstName: 'Ana',
  lastName: 'Ruiz',
  jobTitle: 'it_manager',
  email: `ana.${marker()}@acme.test`,
  power: 'influencer',
  source: 'cold_call',
  ...over,
});

async function create(over: Record<string, unknown> = {}, as: Actor = w.channelManager) {
  const res = await as.http.post('/api/leads', base(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const ids = (body: { data: { id: string }[] }) => body.data.map((l) => l.id).sort();

let leadA: any; // partner A, worked by rep A
let leadA2: any; // partner A, worked by rep A2
let leadB: any; // partner B
let leadV: any; // vendor only

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  const rows = await env.deps.db.selectFrom('lead_statuses').selectAll().execute();
  status = Object.fromEntries(rows.map((r) => [r.key, r])) as unknown as typeof status;
  leadA = await create({
    company: 'Alpha Customer',
    partnerId: w.partnerA.id,
    partnerUserId: w.repA.id,
  });
  leadA2 = await create({ partnerId: w.partnerA.id, partnerUserId: w.repA2.id });
  leadB = await create({ company: 'Beta Secret Customer', partnerId: w.partnerB.id });
  leadV = await create({ company: 'Vendor Direct' });
});
afterAll(() => env.close());

async function history(id: string) {
  return env.deps.db
    .selectFrom('events')
    .select(['action', 'changes'])
    .where('subject_type', '=', 'lead')
    .where('subject_id', '=', id)
    .orderBy('id')
    .execute();
}

describe('POST /api/leads', () => {
  it('401 → 403 for finance → partner users cannot assign another partner', async () => {
    expect((await w.anon.post('/api/leads', base())).status).toBe(401);
    expect((await w.finance.http.post('/api/leads', base())).status).toBe(403);
    const res = await w.adminA.http.post('/api/leads', base({ partnerId: w.partnerB.id }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ partnerId: 'must be your own company' });
    const rep = await w.repA.http.post('/api/leads', base({ partnerUserId: w.repB.id }));
    expect(rep.body.error.fields).toEqual({ partnerUserId: 'must be yourself' });
  });

  it('names every missing mandatory field and an invalid email', async () => {
    const res = await w.admin.http.post('/api/leads', {});
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.error.fields).sort()).toEqual(
      ['company', 'email', 'firstName', 'jobTitle', 'lastName', 'power', 'source'].sort(),
    );
    const blank = await w.admin.http.post('/api/leads', base({ company: '  ', email: 'nope' }));
    expect(blank.body.error.fields).toEqual({
      company: 'is required',
      email: 'must be a valid email address',
    });
  });

  it('refuses unknown and retired pick-list values, the converted status and unknown currencies', async () => {
    await env.deps.db
      .updateTable('picklist_values')
      .set({ active: false })
      .where('list', '=', 'industry')
      .where('key', '=', 'hospitality')
      .execute();
    const res = await w.admin.http.post(
      '/api/leads',
      base({
        jobTitle: 'astronaut',
        power: 'ceo',
        source: 'web',
        industry: 'hospitality',
        statusId: status.converted.id,
        currency: 'XYZ',
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({
      jobTitle: 'is not a value of this pick list',
      power: 'is not a value of this pick list',
      industry: 'is retired and can no longer be chosen',
      statusId: 'Converted is reached only by converting the lead',
      currency: 'is not a configured currency',
    });
    const unknownStatus = await w.admin.http.post('/api/leads', base({ statusId: MISSING }));
    expect(unknownStatus.body.error.fields).toEqual({ statusId: 'No such status' });
  });

  it('partner rep, referrer, owner and campaign must fit the assigned partner', async () => {
    const [campaignB] = await env.deps.db
      .insertInto('campaigns')
      .values({ name: 'B co-marketing', partner_id: w.partnerB.id })
      .returning('id')
      .execute();
    const res = await w.channelManager.http.post(
      '/api/leads',
      base({
        partnerId: w.partnerA.id,
        partnerUserId: w.repB.id,
        referrerId: w.salesRep.id,
        ownerId: w.adminB.id,
      }),
    );
    expect(res.body.error.fields).toEqual({
      partnerUserId: 'must be a user of the assigned partner',
      referrerId: 'must be a user of the assigned partner',
      ownerId: 'must be a member of your team or a user of the assigned partner',
    });
    const noPartner = await w.channelManager.http.post(
      '/api/leads',
      base({ partnerUserId: w.repA.id }),
    );
    expect(noPartner.body.error.fields).toEqual({ partnerUserId: 'needs an assigned partner' });
    const unknown = await w.channelManager.http.post('/api/leads', base({ partnerId: MISSING }));
    expect(unknown.body.error.fields).toEqual({ partnerId: 'No such partner' });
    const partnerSide = await w.adminA.http.post(
      '/api/leads',
      base({ ownerId: w.admin.id, campaignId: campaignB!.id, partnerUserId: w.repB.id }),
    );
    expect(partnerSide.body.error.fields).toEqual({
      ownerId: 'must be a user of your company',
      campaignId: 'No such campaign',
      partnerUserId: 'must be a user of the assigned partner',
    });
  });

  it('creates with defaults, names, a score-derived rating and history with labels', async () => {
    const lead = await create({
      jobTitle: 'ceo',
      power: 'decision_maker',
      source: 'web',
      estimatedValue: 1250.5,
    });
    expect(lead).toMatchObject({
      name: 'Ana Ruiz',
      status: { id: status.new.id, key: 'new', label: 'New', kind: 'open' },
      currency: 'EUR',
      estimatedValue: '1250.50',
      ownerId: w.channelManager.id,
      owner: { id: w.channelManager.id, name: w.channelManager.name },
      partner: null,
      referrer: null,
      createdByPartner: false,
      score: 55,
      rating: 'warm',
      ratingManual: null,
      version: 1,
      following: false,
      convertedAt: null,
      abilities: {
        update: true,
        changeStatus: true,
        changeOwner: true,
        convert: true,
        clone: true,
        delete: true,
        share: true,
      },
    });
    expect(lead.reference).toBe(`LEAD-${String(lead.number).padStart(6, '0')}`);
    const manual = await create({ ratingManual: 'hot' });
    expect(manual).toMatchObject({ rating: 'hot', ratingManual: 'hot', score: 25 });
    const [created] = await history(lead.id);
    expect(created).toMatchObject({
      action: 'lead.created',
      changes: {
        status: { from: null, to: 'New' },
        jobTitle: { from: null, to: 'CEO / Managing director' },
        power: { from: null, to: 'Decision maker' },
        owner: { from: null, to: w.channelManager.name },
      },
    });
  });

  it('partner users create for their company; a rep as partner rep, both as referrer', async () => {
    const byAdmin = await create({}, w.adminA);
    expect(byAdmin).toMatchObject({
      partnerId: w.partnerA.id,
      partner: { id: w.partnerA.id, name: w.partnerA.company_name },
      partnerUserId: null,
      referrerId: w.adminA.id,
      ownerId: w.adminA.id,
      createdByPartner: true,
    });
    const byRep = await create({ partnerId: w.partnerA.id }, w.repA);
    expect(byRep).toMatchObject({
      partnerId: w.partnerA.id,
      partnerUserId: w.repA.id,
      partnerUser: { id: w.repA.id, name: w.repA.name },
      referrerId: w.repA.id,
      createdByPartner: true,
      abilities: { update: true, delete: false, share: false },
    });
    const assigned = await create({ partnerUserId: w.repA2.id, referrerId: w.repA2.id }, w.adminA);
    expect(assigned).toMatchObject({ partnerUserId: w.repA2.id, referrerId: w.repA2.id });
  });
});

describe('GET /api/leads/:id', () => {
  it('401 → 404 for another partner (and a fellow rep) → 200 in scope', async () => {
    expect((await w.anon.get(`/api/leads/${leadA.id}`)).status).toBe(401);
    const missing = await w.adminB.http.get(`/api/leads/${MISSING}`);
    const other = await w.adminB.http.get(`/api/leads/${leadA.id}`);
    expect(other.status).toBe(404);
    expect({ ...other.body.error, requestId: 0 }).toEqual({ ...missing.body.error, requestId: 0 });
    expect((await w.repA2.http.get(`/api/leads/${leadA.id}`)).status).toBe(404);
    expect((await w.adminA.http.get(`/api/leads/${leadB.id}`)).status).toBe(404);
    expect((await w.repA.http.get(`/api/leads/${leadA.id}`)).status).toBe(200);
    expect((await w.adminA.http.get(`/api/leads/${leadA2.id}`)).status).toBe(200);
    const fin = await w.finance.http.get(`/api/leads/${leadA.id}`);
    expect(fin.status).toBe(200);
    expect(Object.values(fin.body.abilities).every((a) => a === false)).toBe(true);
  });
});

describe('PATCH /api/leads/:id', () => {
  it('401 → 403 for finance → 404 for another partner and a fellow rep', async () => {
    const body = { version: 1, company: 'Hacked' };
    expect((await w.anon.patch(`/api/leads/${leadA.id}`, body)).status).toBe(401);
    expect((await w.finance.http.patch(`/api/leads/${leadA.id}`, body)).status).toBe(403);
    expect((await w.adminB.http.patch(`/api/leads/${leadA.id}`, body)).status).toBe(404);
    expect((await w.repA2.http.patch(`/api/leads/${leadA.id}`, body)).status).toBe(404);
    expect((await w.admin.http.get(`/api/leads/${leadA.id}`)).body.company).toBe('Alpha Customer');
  });

  it('changes with the version or If-Match; a stale one is 409', async () => {
    const lead = await create();
    const res = await w.salesRep.http.patch(`/api/leads/${lead.id}`, {
      version: 1,
      city: 'Lyon',
      estimatedValue: '99.90',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ city: 'Lyon', estimatedValue: '99.90', version: 2 });
    const stale = await w.salesRep.http.patch(`/api/leads/${lead.id}`, { version: 1, city: 'X' });
    expect(stale.status).toBe(409);
    const viaHeader = await w.salesRep.http.patch(
      `/api/leads/${lead.id}`,
      { city: 'Nice' },
      { 'if-match': '"2"' },
    );
    expect(viaHeader.body).toMatchObject({ city: 'Nice', version: 3 });
    const none = await w.salesRep.http.patch(`/api/leads/${lead.id}`, { city: 'Y' });
    expect(none.status).toBe(428);
  });

  it('a status change is history with labels and tells followers', async () => {
    const lead = await create();
    await env.deps.db
      .insertInto('follows')
      .values({ record_type: 'lead', record_id: lead.id, user_id: w.admin.id })
      .execute();
    const res = await w.salesRep.http.patch(`/api/leads/${lead.id}`, {
      version: 1,
      statusId: status.qualification.id,
    });
    expect(res.body.status.label).toBe('Qualification');
    const events = await history(lead.id);
    expect(events.at(-1)).toEqual({
      action: 'lead.status_changed',
      changes: { status: { from: 'New', to: 'Qualification' } },
    });
    const n = await env.deps.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', w.admin.id)
      .where('record_id', '=', lead.id)
      .execute();
    expect(n).toHaveLength(1);
    expect(n[0]!.body).toBe('Status: New → Qualification');
    expect((await w.admin.http.get(`/api/leads/${lead.id}`)).body.following).toBe(true);
  });

  it('refuses the converted status; keeps an unchanged retired value; ratingManual null returns to the score', async () => {
    await env.deps.db
      .updateTable('picklist_values')
      .set({ active: true })
      .where('list', '=', 'job_title')
      .where('key', '=', 'cfo')
      .execute();
    const lead = await create({ jobTitle: 'cfo', ratingManual: 'hot' });
    await env.deps.db
      .updateTable('picklist_values')
      .set({ active: false })
      .where('list', '=', 'job_title')
      .where('key', '=', 'cfo')
      .execute();
    const conv = await w.admin.http.patch(`/api/leads/${lead.id}`, {
      version: 1,
      statusId: status.converted.id,
    });
    expect(conv.status).toBe(400);
    expect(conv.body.error.fields).toEqual({
      statusId: 'Converted is reached only by converting the lead',
    });
    const ok = await w.admin.http.patch(`/api/leads/${lead.id}`, {
      version: 1,
      jobTitle: 'cfo',
      ratingManual: null,
      lastName: 'Other',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ jobTitle: 'cfo', ratingManual: null, rating: 'cold' });
    await env.deps.db
      .updateTable('picklist_values')
      .set({ active: true })
      .where('list', '=', 'job_title')
      .execute();
  });

  it('partner users cannot move a lead to another partner or hand it to a colleague (reps)', async () => {
    const lead = await create({}, w.repA);
    const move = await w.adminA.http.patch(`/api/leads/${lead.id}`, {
      version: 1,
      partnerId: w.partnerB.id,
    });
    expect(move.body.error.fields).toEqual({ partnerId: 'must be your own company' });
    const hand = await w.repA.http.patch(`/api/leads/${lead.id}`, {
      version: 1,
      partnerUserId: w.repA2.id,
    });
    expect(hand.body.error.fields).toEqual({ partnerUserId: 'is assigned by your partner admin' });
    const byAdmin = await w.adminA.http.patch(`/api/leads/${lead.id}`, {
      version: 1,
      partnerUserId: w.repA2.id,
    });
    expect(byAdmin.body.partnerUserId).toBe(w.repA2.id);
    expect((await w.repA.http.get(`/api/leads/${lead.id}`)).status).toBe(404);
  });

  it('moving a lead to another partner drops the partner rep and referrer of the old one', async () => {
    const lead = await create({
      partnerId: w.partnerA.id,
      partnerUserId: w.repA.id,
      referrerId: w.repA.id,
    });
    const res = await w.channelManager.http.patch(`/api/leads/${lead.id}`, {
      version: 1,
      partnerId: w.partnerB.id,
    });
    expect(res.body).toMatchObject({
      partnerId: w.partnerB.id,
      partnerUserId: null,
      referrerId: null,
    });
  });
});

describe('POST /api/leads/:id/advance', () => {
  it('401 → 403 → 404 for another partner and a fellow rep', async () => {
    const url = `/api/leads/${leadA.id}/advance`;
    expect((await w.anon.post(url, { version: 1 })).status).toBe(401);
    expect((await w.finance.http.post(url, { version: 1 })).status).toBe(403);
    expect((await w.adminB.http.post(url, { version: 1 })).status).toBe(404);
    expect((await w.repA2.http.post(url, { version: 1 })).status).toBe(404);
  });

  it('New → Qualification → refused with the way forward; closed leads refused', async () => {
    const lead = await create({}, w.repA);
    const one = await w.repA.http.post(`/api/leads/${lead.id}/advance`, { version: 1 });
    expect(one.status).toBe(200);
    expect(one.body.status.key).toBe('qualification');
    expect((await history(lead.id)).at(-1)).toMatchObject({
      action: 'lead.status_changed',
      changes: { status: { from: 'New', to: 'Qualification' } },
    });
    const two = await w.repA.http.post(`/api/leads/${lead.id}/advance`, { version: 2 });
    expect(two.status).toBe(422);
    expect(two.body.error).toMatchObject({
      code: 'BUSINESS_RULE',
      message:
        'Qualification is the last step before conversion — convert the lead or mark it Not in target',
    });
    const stale = await w.repA.http.post(`/api/leads/${lead.id}/advance`, { version: 1 });
    expect(stale.status).toBe(409);
    const closed = await create({ statusId: status.not_in_target.id });
    const res = await w.admin.http.post(`/api/leads/${closed.id}/advance`, { version: 1 });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/Not in target/);
  });
});

describe('POST /api/leads/:id/owner', () => {
  it('401 → 403 → 404 for another partner and a fellow rep', async () => {
    const url = `/api/leads/${leadA.id}/owner`;
    const body = { version: 1, ownerId: w.adminB.id };
    expect((await w.anon.post(url, body)).status).toBe(401);
    expect((await w.finance.http.post(url, body)).status).toBe(403);
    expect((await w.adminB.http.post(url, body)).status).toBe(404);
    expect((await w.repA2.http.post(url, body)).status).toBe(404);
  });

  it('changes the owner with history; partner users only to their own people', async () => {
    const lead = await create({ partnerId: w.partnerA.id });
    const res = await w.channelManager.http.post(`/api/leads/${lead.id}/owner`, {
      version: 1,
      ownerId: w.salesRep.id,
    });
    expect(res.body).toMatchObject({ ownerId: w.salesRep.id, version: 2 });
    expect((await history(lead.id)).at(-1)).toEqual({
      action: 'lead.owner_changed',
      changes: { owner: { from: w.channelManager.name, to: w.salesRep.name } },
    });
    const vendor = await w.adminA.http.post(`/api/leads/${lead.id}/owner`, {
      version: 2,
      ownerId: w.admin.id,
    });
    expect(vendor.body.error.fields).toEqual({ ownerId: 'must be a user of your company' });
    const own = await w.adminA.http.post(`/api/leads/${lead.id}/owner`, {
      version: 2,
      ownerId: w.repA2.id,
    });
    expect(own.body.owner).toEqual({ id: w.repA2.id, name: w.repA2.name });
  });
});

describe('POST /api/leads/:id/clone', () => {
  it('401 → 403 → 404 for another partner and a fellow rep', async () => {
    const url = `/api/leads/${leadA.id}/clone`;
    expect((await w.anon.post(url)).status).toBe(401);
    expect((await w.finance.http.post(url)).status).toBe(403);
    expect((await w.adminB.http.post(url)).status).toBe(404);
    expect((await w.repA2.http.post(url)).status).toBe(404);
  });

  it('copies company, person and fields, without assignment, conversion or history', async () => {
    const source = await create({
      partnerId: w.partnerA.id,
      partnerUserId: w.repA.id,
      referrerId: w.repA.id,
      statusId: status.qualification.id,
      jobTitle: 'ceo',
      power: 'decision_maker',
      source: 'event',
      city: 'Bern',
      estimatedValue: '10.00',
      currency: 'CHF',
      companySize: '51-200',
    });
    const res = await w.salesRep.http.post(`/api/leads/${source.id}/clone`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      company: source.company,
      firstName: 'Ana',
      email: source.email,
      jobTitle: 'ceo',
      city: 'Bern',
      estimatedValue: '10.00',
      currency: 'CHF',
      companySize: '51-200',
      status: { key: 'new' },
      partnerId: null,
      partnerUserId: null,
      referrerId: null,
      ownerId: w.salesRep.id,
      clonedFromId: source.id,
      convertedAt: null,
      score: 60,
      rating: 'hot',
      version: 1,
    });
    expect(res.body.id).not.toBe(source.id);
    const events = await history(res.body.id);
    expect(events.map((e) => e.action)).toEqual(['lead.cloned']);
    // A rep's copy stays with the rep (otherwise they could not see it).
    const byRep = await w.repA.http.post(`/api/leads/${source.id}/clone`);
    expect(byRep.body).toMatchObject({
      partnerId: w.partnerA.id,
      partnerUserId: w.repA.id,
      referrerId: null,
      ownerId: w.repA.id,
    });
  });
});

describe('DELETE /api/leads/:id', () => {
  it('401 → 403 (finance, partner rep) → 404 for another partner → 204 with history', async () => {
    const lead = await create({ partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    const url = `/api/leads/${lead.id}`;
    expect((await w.anon.delete(url)).status).toBe(401);
    expect((await w.finance.http.delete(url)).status).toBe(403);
    expect((await w.repA.http.delete(url)).status).toBe(403);
    expect((await w.adminB.http.delete(url)).status).toBe(404);
    await env.deps.db
      .insertInto('follows')
      .values({ record_type: 'lead', record_id: lead.id, user_id: w.admin.id })
      .execute();
    expect((await w.adminA.http.delete(url)).status).toBe(204);
    expect((await w.admin.http.get(url)).status).toBe(404);
    expect((await history(lead.id)).at(-1)!.action).toBe('lead.deleted');
    const follows = await env.deps.db
      .selectFrom('follows')
      .selectAll()
      .where('record_id', '=', lead.id)
      .execute();
    expect(follows).toEqual([]);
  });
});

describe('POST /api/leads/bulk', () => {
  it('401 → 403 → out-of-scope ids fail as not found', async () => {
    const body = { ids: [leadA.id], action: 'setOwner', value: w.adminB.id };
    expect((await w.anon.post('/api/leads/bulk', body)).status).toBe(401);
    expect((await w.finance.http.post('/api/leads/bulk', body)).status).toBe(403);
    const res = await w.adminB.http.post('/api/leads/bulk', body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      updated: 0,
      unchanged: 0,
      failed: [{ id: leadA.id, reason: 'Lead not found' }],
    });
    const rep = await w.repA2.http.post('/api/leads/bulk', {
      ids: [leadA.id],
      action: 'setStatus',
      value: status.qualification.id,
    });
    expect(rep.body.failed).toEqual([{ id: leadA.id, reason: 'Lead not found' }]);
    expect((await w.admin.http.get(`/api/leads/${leadA.id}`)).body.version).toBe(leadA.version);
  });

  it('changes each lead with history; reports unchanged and unfit ones', async () => {
    const a = await create();
    const b = await create({ partnerId: w.partnerB.id });
    const c = await create({ ownerId: w.salesRep.id });
    const res = await w.channelManager.http.post('/api/leads/bulk', {
      ids: [a.id, b.id, c.id, MISSING],
      action: 'setOwner',
      value: w.salesRep.id,
    });
    expect(res.body).toEqual({
      updated: 2,
      unchanged: 1,
      failed: [{ id: MISSING, reason: 'Lead not found' }],
    });
    expect((await history(a.id)).at(-1)!.action).toBe('lead.owner_changed');
    const partnerOwner = await w.channelManager.http.post('/api/leads/bulk', {
      ids: [a.id, b.id],
      action: 'setOwner',
      value: w.repB.id,
    });
    expect(partnerOwner.body).toEqual({
      updated: 1,
      unchanged: 0,
      failed: [
        {
          id: a.id,
          reason: 'Owner must be a member of your team or a user of the assigned partner',
        },
      ],
    });
    const st = await w.channelManager.http.post('/api/leads/bulk', {
      ids: [a.id, b.id],
      action: 'setStatus',
      value: status.qualification.id,
    });
    expect(st.body.updated).toBe(2);
    const partner = await w.channelManager.http.post('/api/leads/bulk', {
      ids: [a.id, c.id],
      action: 'setPartner',
      value: w.partnerA.id,
    });
    expect(partner.body.updated).toBe(2);
    expect((await w.adminA.http.get(`/api/leads/${c.id}`)).status).toBe(200);
  });

  it('refuses the converted status and another partner for partner users', async () => {
    const conv = await w.admin.http.post('/api/leads/bulk', {
      ids: [leadV.id],
      action: 'setStatus',
      value: status.converted.id,
    });
    expect(conv.status).toBe(400);
    expect(conv.body.error.fields).toEqual({
      value: 'Converted is reached only by converting the lead',
    });
    const other = await w.adminA.http.post('/api/leads/bulk', {
      ids: [leadA.id],
      action: 'setPartner',
      value: w.partnerB.id,
    });
    expect(other.body.error.fields).toEqual({ value: 'must be your own company' });
  });
});

describe('lists, counts, board and export', () => {
  const m = marker();
  const made: Record<string, any> = {};
  let campaignId: string;

  beforeAll(async () => {
    [{ id: campaignId }] = (await env.deps.db
      .insertInto('campaigns')
      .values({ name: `Spring ${m}` })
      .returning('id')
      .execute()) as [{ id: string }];
    made.eur = await create({
      company: `${m} Zeta GmbH`,
      estimatedValue: '100.00',
      currency: 'EUR',
      jobTitle: 'ceo',
      power: 'decision_maker',
      source: 'partner_referral',
      partnerId: w.partnerA.id,
      partnerUserId: w.repA.id,
      referrerId: w.repA.id,
      industry: 'retail',
      companySize: '11-50',
      countryCode: 'DE',
      city: 'Köln',
      campaignId,
    });
    made.usd = await create({
      company: `${m} Alpha`,
      estimatedValue: '108.00',
      currency: 'USD',
      partnerId: w.partnerA.id,
      partnerUserId: w.repA2.id,
      statusId: status.qualification.id,
      industry: 'finance',
      ownerId: w.salesRep.id,
    });
    made.gbp = await create({
      company: `${m} Beta`,
      firstName: 'Zora',
      lastName: 'Quill',
      estimatedValue: '85.00',
      currency: 'GBP',
      partnerId: w.partnerB.id,
      statusId: status.not_in_target.id,
      countryCode: 'FR',
    });
    made.none = await create({ company: `${m} Gamma =cmd|' /C calc'!A0`, city: '=HYPERLINK(1)' });
    await env.deps.db
      .insertInto('follows')
      .values({ record_type: 'lead', record_id: made.usd.id, user_id: w.channelManager.id })
      .execute();
    await env.deps.db
      .updateTable('leads')
      .set({ created_at: '2020-01-15T10:00:00Z' })
      .where('id', '=', made.gbp.id)
      .execute();
  });

  const list = (as: Actor, query: string) =>
    as.http.get(`/api/leads?q=${m}&limit=200${query ? `&${query}` : ''}`);

  it('401 on every read', async () => {
    for (const url of [
      '/api/leads',
      '/api/leads/count',
      '/api/leads/board',
      '/api/exports/leads.csv',
    ]) {
      expect((await w.anon.get(url)).status).toBe(401);
    }
  });

  it('every filter works, and the count always equals the list', async () => {
    const cases: [string, any[]][] = [
      ['', [made.eur, made.usd, made.gbp, made.none]],
      [`statusId=${status.qualification.id}`, [made.usd]],
      ['statusKind=closed', [made.gbp]],
      ['statusKind=open', [made.eur, made.usd, made.none]],
      ['rating=hot', [made.eur]],
      ['source=partner_referral', [made.eur]],
      ['power=decision_maker', [made.eur]],
      ['jobTitle=ceo', [made.eur]],
      ['industry=retail,finance', [made.eur, made.usd]],
      ['companySize=11-50', [made.eur]],
      ['countryCode=DE&countryCode=FR', [made.eur, made.gbp]],
      [`ownerId=${w.salesRep.id}`, [made.usd]],
      [`partnerId=${w.partnerA.id}`, [made.eur, made.usd]],
      ['unassigned=true', [made.none]],
      ['unassigned=false', [made.eur, made.usd, made.gbp]],
      [`partnerUserId=${w.repA2.id}`, [made.usd]],
      [`referrerId=${w.repA.id}`, [made.eur]],
      [`campaignId=${campaignId}`, [made.eur]],
      ['createdFrom=2020-01-15&createdTo=2020-01-15', [made.gbp]],
      ['createdTo=2020-01-14', []],
      ['minValue=100', [made.eur, made.usd]],
      ['maxValue=99.99', [made.gbp]],
      ['following=true', [made.usd]],
    ];
    for (const [query, expected] of cases) {
      const res = await list(w.channelManager, query);
      expect(res.status, query).toBe(200);
      expect(ids(res.body), query).toEqual(expected.map((l) => l.id).sort());
      const count = await w.channelManager.http.get(`/api/leads/count?q=${m}&${query}`);
      expect(count.body, query).toEqual({ count: expected.length });
    }
    const followed = (await list(w.channelManager, 'following=true')).body.data[0];
    expect(followed.following).toBe(true);
  });

  it('searches company, name, email, city and the lead number', async () => {
    const q = async (text: string) =>
      ids((await w.admin.http.get(`/api/leads?q=${encodeURIComponent(text)}&limit=200`)).body);
    expect(await q(`${m} zeta`)).toEqual([made.eur.id]);
    expect(await q('Zora Quill')).toEqual([made.gbp.id]);
    expect(await q(made.usd.email)).toEqual([made.usd.id]);
    expect(await q(made.eur.reference)).toContain(made.eur.id);
    expect(ids((await list(w.admin, '')).body)).toHaveLength(4);
    const city = ids((await w.admin.http.get(`/api/leads?q=K%C3%B6ln&limit=200`)).body);
    expect(city).toContain(made.eur.id);
    expect(
      (await w.admin.http.get(`/api/leads?q=${encodeURIComponent("' or 1=1 --")}`)).body.data,
    ).toEqual([]);
  });

  it('sorts by each field and walks every page once with the cursor', async () => {
    // Two leads in the same millisecond (microseconds apart) must both come back.
    await env.deps.db
      .updateTable('leads')
      .set({ created_at: '2026-01-01T00:00:00.123456Z' })
      .where('id', '=', made.eur.id)
      .execute();
    await env.deps.db
      .updateTable('leads')
      .set({ created_at: '2026-01-01T00:00:00.123789Z' })
      .where('id', '=', made.usd.id)
      .execute();
    const byName = await list(w.admin, 'sort=company');
    expect(byName.body.data.map((l: any) => l.company)).toEqual([
      `${m} Alpha`,
      `${m} Beta`,
      `${m} Gamma =cmd|' /C calc'!A0`,
      `${m} Zeta GmbH`,
    ]);
    const byValue = await list(w.admin, 'sort=-estimatedValue');
    // A lead without a value is not the biggest one: nulls go last in both directions.
    expect(byValue.body.data.map((l: any) => l.estimatedValue)).toEqual([
      '108.00',
      '100.00',
      '85.00',
      null,
    ]);
    const byValueUp = await list(w.admin, 'sort=estimatedValue');
    expect(byValueUp.body.data.map((l: any) => l.estimatedValue)).toEqual([
      '85.00',
      '100.00',
      '108.00',
      null,
    ]);
    for (const sort of [
      '-createdAt',
      'createdAt',
      'updatedAt',
      'number',
      '-company',
      'lastName,-score',
      'score',
      'estimatedValue',
      '-estimatedValue',
      'status,company',
      '-status',
    ]) {
      const all = await list(w.admin, `sort=${sort}`);
      expect(all.status, sort).toBe(200);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await w.admin.http.get(
          `/api/leads?q=${m}&sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status, sort).toBe(200);
        seen.push(...res.body.data.map((l: any) => l.id));
        cursor = res.body.nextCursor;
      } while (cursor && seen.length < 10);
      expect(seen, sort).toEqual(all.body.data.map((l: any) => l.id));
    }
    expect((await w.admin.http.get('/api/leads?sort=email')).status).toBe(400);
    expect((await w.admin.http.get('/api/leads?cursor=abc')).status).toBe(400);
    const forged = Buffer.from(JSON.stringify(['not a date', MISSING])).toString('base64url');
    expect((await w.admin.http.get(`/api/leads?cursor=${forged}`)).status).toBe(400);
  });

  it('board columns count and sum (in the base currency) what the list shows per column', async () => {
    const byStatus = await w.channelManager.http.get(`/api/leads/board?q=${m}`);
    expect(byStatus.status).toBe(200);
    expect(byStatus.body.baseCurrency).toBe('EUR');
    expect(byStatus.body.columns).toEqual([
      { key: status.new.id, label: 'New', kind: 'open', count: 2, sum: '100.00' },
      {
        key: status.qualification.id,
        label: 'Qualification',
        kind: 'open',
        count: 1,
        sum: '100.00',
      },
      {
        key: status.not_in_target.id,
        label: 'Not in target',
        kind: 'closed',
        count: 1,
        sum: '100.00',
      },
      { key: status.converted.id, label: 'Converted', kind: 'converted', count: 0, sum: '0.00' },
    ]);
    for (const col of byStatus.body.columns) {
      const l = await list(w.channelManager, `statusId=${col.key}`);
      expect(l.body.data.length).toBe(col.count);
    }
    const byRating = await w.channelManager.http.get(`/api/leads/board?q=${m}&groupBy=rating`);
    expect(byRating.body.columns.map((c: any) => [c.key, c.label, c.count, c.sum])).toEqual([
      ['hot', 'Hot', 1, '100.00'],
      ['warm', 'Warm', 0, '0.00'],
      ['cold', 'Cold', 3, '200.00'],
    ]);
    const byPartner = await w.channelManager.http.get(`/api/leads/board?q=${m}&groupBy=partner`);
    expect(byPartner.body.columns).toEqual([
      { key: w.partnerA.id, label: w.partnerA.company_name, count: 2, sum: '200.00' },
      { key: w.partnerB.id, label: w.partnerB.company_name, count: 1, sum: '100.00' },
      { key: 'none', label: 'No partner', count: 1, sum: '0.00' },
    ]);
    for (const col of byPartner.body.columns) {
      const filter = col.key === 'none' ? 'unassigned=true' : `partnerId=${col.key}`;
      expect((await list(w.channelManager, filter)).body.data.length).toBe(col.count);
    }
    const filtered = await w.channelManager.http.get(
      `/api/leads/board?q=${m}&groupBy=partner&partnerId=${w.partnerA.id}&statusKind=open`,
    );
    expect(filtered.body.columns.map((c: any) => [c.count, c.sum])).toEqual([
      [2, '200.00'],
      [0, '0.00'],
    ]);
    expect((await w.channelManager.http.get('/api/leads/board?groupBy=owner')).status).toBe(400);
  });

  it('exports the filtered, sorted list with chosen columns and labels, formula-safe, with a BOM', async () => {
    const res = await w.channelManager.http.get(
      `/api/exports/leads.csv?q=${m}&sort=company&columns=company,status,jobTitle,estimatedValue,partner,city&unassigned=false`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.raw.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows: string[][] = parse(res.raw.rawPayload.toString('utf8'), { bom: true });
    expect(rows).toEqual([
      ['Company', 'Status', 'Job title', 'Estimated value', 'Assigned partner', 'City'],
      [`${m} Alpha`, 'Qualification', 'IT manager', '108.00 USD', w.partnerA.company_name, ''],
      [`${m} Beta`, 'Not in target', 'IT manager', '85.00 GBP', w.partnerB.company_name, ''],
      [
        `${m} Zeta GmbH`,
        'New',
        'CEO / Managing director',
        '100.00 EUR',
        w.partnerA.company_name,
        'Köln',
      ],
    ]);
    const unsafe = await w.admin.http.get(
      `/api/exports/leads.csv?q=${m}&unassigned=true&columns=company,city`,
    );
    const [, row]: string[][] = parse(unsafe.raw.rawPayload.toString('utf8'), { bom: true });
    expect(row).toEqual([`${m} Gamma =cmd|' /C calc'!A0`, "'=HYPERLINK(1)"]);
    const defaults = await w.admin.http.get(`/api/exports/leads.csv?q=${m}`);
    const [header, ...body] = parse(defaults.raw.rawPayload.toString('utf8'), { bom: true });
    expect(header).toEqual([
      'Name',
      'Company',
      'Status',
      'Rating',
      'Lead source',
      'Estimated value',
      'Assigned partner',
      'Owner',
      'Created',
    ]);
    expect(body).toHaveLength(4);
    expect((await w.admin.http.get('/api/exports/leads.csv?columns=secret')).status).toBe(400);
  });

  it('exports every column as the lead detail shows it, names and times included', async () => {
    const all = [
      'reference',
      'name',
      'company',
      'email',
      'status',
      'score',
      'countryCode',
      'city',
      'owner',
      'partner',
      'partnerUser',
      'referrer',
      'campaign',
      'createdAt',
      'updatedAt',
    ].join(',');
    const res = await w.admin.http.get(
      `/api/exports/leads.csv?q=${m}&sort=company&unassigned=false&columns=${all}`,
    );
    const [, ...body]: string[][] = parse(res.raw.rawPayload.toString('utf8'), { bom: true });
    const expected = [];
    for (const id of [made.usd.id, made.gbp.id, made.eur.id]) {
      const l = (await w.admin.http.get(`/api/leads/${id}`)).body;
      expected.push([
        l.reference,
        l.name,
        l.company,
        l.email,
        l.status.label,
        String(l.score),
        l.countryCode ?? '',
        l.city ?? '',
        l.owner?.name ?? '',
        l.partner?.name ?? '',
        l.partnerUser?.name ?? '',
        l.referrer?.name ?? '',
        l.campaign?.name ?? '',
        l.createdAt,
        l.updatedAt,
      ]);
    }
    expect(body).toEqual(expected);
    // The names are really there: partner rep, referrer, campaign and owner all appear.
    expect(body.flat()).toEqual(
      expect.arrayContaining([
        w.repA.name,
        `Spring ${m}`,
        w.salesRep.name,
        w.partnerB.company_name,
      ]),
    );
  });

  it('partner scope: admin A sees all of A, rep A his own plus shared, B none of A', async () => {
    const adminA = ids((await list(w.adminA, '')).body);
    expect(adminA).toEqual([made.eur.id, made.usd.id].sort());
    expect(ids((await list(w.repA, '')).body)).toEqual([made.eur.id]);
    await env.deps.db
      .insertInto('record_shares')
      .values({ record_type: 'lead', record_id: made.usd.id, user_id: w.repA.id })
      .execute();
    expect(ids((await list(w.repA, '')).body)).toEqual([made.eur.id, made.usd.id].sort());
    expect((await w.repA.http.get(`/api/leads/${made.usd.id}`)).status).toBe(200);
    expect((await w.repA.http.get(`/api/leads/count?q=${m}`)).body).toEqual({ count: 2 });

    const b = w.adminB;
    expect(ids((await list(b, '')).body)).toEqual([made.gbp.id]);
    expect(ids((await list(b, `partnerId=${w.partnerA.id}`)).body)).toEqual([]);
    expect((await b.http.get(`/api/leads/count?q=${m}&partnerId=${w.partnerA.id}`)).body).toEqual({
      count: 0,
    });
    expect(ids((await b.http.get('/api/leads?q=Alpha%20Customer')).body)).toEqual([]);
    const board = await b.http.get(`/api/leads/board?q=${m}&groupBy=partner`);
    expect(board.body.columns).toEqual([
      { key: w.partnerB.id, label: w.partnerB.company_name, count: 1, sum: '100.00' },
    ]);
    const statusBoard = await b.http.get(`/api/leads/board?q=${m}`);
    expect(statusBoard.body.columns.reduce((s: number, c: any) => s + c.count, 0)).toBe(1);
    const csv = await b.http.get(`/api/exports/leads.csv?columns=company,partner`);
    const text = csv.raw.rawPayload.toString('utf8');
    expect(text).not.toContain(w.partnerA.company_name);
    expect(text).not.toContain('Alpha Customer');
    for (const res of [
      await b.http.get('/api/leads?limit=200'),
      await w.repB.http.get('/api/leads?limit=200'),
      await b.http.get(`/api/leads/board?groupBy=partner`),
    ]) {
      expect(JSON.stringify(res.body)).not.toContain(w.partnerA.id);
    }
  });
});
