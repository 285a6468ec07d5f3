import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { makeAccount, makeContact, world, type Actor, type World } from '../support/factories';

let env: TestEnv;
let w: World;
let seq = 0;
const MISSING = '00000000-0000-4000-8000-000000000000';
const marker = () => `cv${Date.now().toString(36)}${(seq++).toString(36)}`;

let stages: Record<string, { id: string; label: string }>;
let campaignId: string;

async function create(over: Record<string, unknown> = {}, as: Actor = w.channelManager) {
  const m = marker();
  const res = await as.http.post('/api/leads', {
    company: `Company ${m}`,
    firstName: 'Lia',
    lastName: 'Stone',
    jobTitle: 'cto',
    email: `lia@${m}.test`,
    power: 'decision_maker',
    source: 'web',
    ...over,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const newAll = (version: number, opportunity: Record<string, unknown> | null = null) => ({
  version,
  account: { mode: 'new' },
  contact: { mode: 'new' },
  opportunity,
});

const counts = async () => {
  const db = env.deps.db;
  const n = async (t: 'accounts' | 'contacts' | 'opportunities') =>
    Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    accounts: await n('accounts'),
    contacts: await n('contacts'),
    opps: await n('opportunities'),
  };
};

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  const rows = await env.deps.db.selectFrom('opportunity_stages').selectAll().execute();
  stages = Object.fromEntries(rows.map((r) => [r.key, r]));
  [{ id: campaignId }] = (await env.deps.db
    .insertInto('campaigns')
    .values({ name: 'Webinar' })
    .returning('id')
    .execute()) as [{ id: string }];
});
afterAll(() => env.close());

describe('POST /api/leads/:id/convert', () => {
  it('401 → 403 for finance → 404 for another partner and a fellow rep', async () => {
    const lead = await create({ partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    const url = `/api/leads/${lead.id}/convert`;
    expect((await w.anon.post(url, newAll(1))).status).toBe(401);
    expect((await w.finance.http.post(url, newAll(1))).status).toBe(403);
    expect((await w.adminB.http.post(url, newAll(1))).status).toBe(404);
    expect((await w.repA2.http.post(url, newAll(1))).status).toBe(404);
    expect((await w.admin.http.post(`/api/leads/${MISSING}/convert`, newAll(1))).status).toBe(404);
    expect((await w.admin.http.get(`/api/leads/${lead.id}`)).body.convertedAt).toBeNull();
  });

  it('creates account, contact and opportunity with partner, rep, referrer and campaign carried over', async () => {
    const lead = await create(
      {
        company: 'Globex GmbH',
        email: 'lia.stone@globex.test',
        website: 'https://www.globex-group.test/about',
        phone: '+41 44 000',
        industry: 'manufacturing',
        companySize: '201-1000',
        countryCode: 'CH',
        estimatedValue: '5000.00',
        currency: 'CHF',
        partnerUserId: w.repA.id,
        referrerId: w.repA2.id,
        campaignId,
      },
      w.adminA,
    );
    await env.deps.db
      .insertInto('follows')
      .values({ record_type: 'lead', record_id: lead.id, user_id: w.channelManager.id })
      .execute();
    const res = await w.repA.http.post(`/api/leads/${lead.id}/convert`, {
      version: 1,
      account: { mode: 'new' },
      contact: { mode: 'new' },
      opportunity: { name: 'Globex phones', amount: '4800', closeDate: '2027-03-31' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { accountId, contactId, opportunityId } = res.body;
    expect(res.body.lead).toMatchObject({
      status: { key: 'converted', kind: 'converted' },
      convertedAccount: { id: accountId, name: 'Globex GmbH' },
      convertedContact: { id: contactId, name: 'Lia Stone' },
      convertedOpportunity: { id: opportunityId, name: 'Globex phones' },
      version: 2,
      abilities: {
        update: false,
        changeStatus: false,
        changeOwner: false,
        convert: false,
        clone: true,
      },
    });
    expect(res.body.lead.convertedAt).not.toBeNull();

    const db = env.deps.db;
    const account = await db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({
      name: 'Globex GmbH',
      domain: 'globex-group.test',
      industry: 'Manufacturing',
      company_size: '201-1000',
      country_code: 'CH',
      managed_by_partner_id: w.partnerA.id,
      partner_user_id: w.repA.id,
      owner_id: w.adminA.id,
    });
    const contact = await db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({
      account_id: accountId,
      first_name: 'Lia',
      last_name: 'Stone',
      email: 'lia.stone@globex.test',
      phone: '+41 44 000',
      job_title: 'CTO / CIO',
    });
    const opp = await db
      .selectFrom('opportunities')
      .selectAll()
      .where('id', '=', opportunityId)
      .executeTakeFirstOrThrow();
    expect(opp).toMatchObject({
      name: 'Globex phones',
      amount: '4800.00',
      currency: 'CHF',
      close_date: '2027-03-31',
      stage_id: stages.prospecting!.id,
      account_id: accountId,
      contact_id: contactId,
      owner_id: w.adminA.id,
      partner_id: w.partnerA.id,
      partner_user_id: w.repA.id,
      referrer_id: w.repA2.id,
      campaign_id: campaignId,
      lead_id: lead.id,
      source: 'partner_registered',
    });
    const credited = await db
      .selectFrom('opportunity_partners')
      .selectAll()
      .where('opportunity_id', '=', opportunityId)
      .execute();
    expect(credited.map((c) => [c.partner_id, c.role])).toEqual([[w.partnerA.id, 'sourcing']]);

    const events = await db
      .selectFrom('events')
      .select(['action', 'subject_type', 'subject_id'])
      .where('subject_id', 'in', [lead.id, accountId, contactId, opportunityId])
      .orderBy('id')
      .execute();
    expect(events.map((e) => [e.action, e.subject_type])).toEqual([
      ['lead.created', 'lead'],
      ['account.created', 'account'],
      ['contact.created', 'contact'],
      ['opportunity.created', 'opportunity'],
      ['lead.converted', 'lead'],
    ]);
    const note = await db
      .selectFrom('notifications')
      .select('body')
      .where('user_id', '=', w.channelManager.id)
      .where('record_id', '=', lead.id)
      .executeTakeFirstOrThrow();
    expect(note.body).toBe(
      'Status: New → Converted; Account: — → Globex GmbH; Contact: — → Lia Stone; Opportunity: — → Globex phones',
    );
  });

  it('a vendor-routed lead and a direct one get their source; no opportunity is fine', async () => {
    const routed = await create({ partnerId: w.partnerB.id });
    const r = await w.channelManager.http.post(
      `/api/leads/${routed.id}/convert`,
      newAll(1, {
        name: 'Routed deal',
        closeDate: '2027-01-01',
        stageId: stages.proposal!.id,
        currency: 'usd',
      }),
    );
    const opp = await env.deps.db
      .selectFrom('opportunities')
      .selectAll()
      .where('id', '=', r.body.opportunityId)
      .executeTakeFirstOrThrow();
    expect(opp).toMatchObject({
      source: 'vendor_routed',
      stage_id: stages.proposal!.id,
      currency: 'USD',
      amount: null,
    });
    const direct = await create({ email: 'someone@gmail.com', website: null });
    const d = await w.channelManager.http.post(
      `/api/leads/${direct.id}/convert`,
      newAll(1, {
        name: 'Direct deal',
        closeDate: '2027-01-01',
      }),
    );
    const dOpp = await env.deps.db
      .selectFrom('opportunities')
      .selectAll()
      .where('id', '=', d.body.opportunityId)
      .executeTakeFirstOrThrow();
    expect(dOpp.source).toBe('direct');
    const account = await env.deps.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', d.body.accountId)
      .executeTakeFirstOrThrow();
    expect(account.domain).toBeNull(); // a free-mail domain says nothing about the company
    const noOpp = await create();
    const n = await w.salesRep.http.post(`/api/leads/${noOpp.id}/convert`, {
      ...newAll(1),
      account: { mode: 'new', name: 'Renamed Inc' },
    });
    expect(n.body).toMatchObject({
      opportunityId: null,
      lead: { convertedOpportunity: null, convertedAccount: { name: 'Renamed Inc' } },
    });
  });

  it('reuses an existing account and contact in scope', async () => {
    const account = await makeAccount(env.deps, {
      name: 'Existing Co',
      managedByPartnerId: w.partnerA.id,
    });
    const contact = await makeContact(env.deps, { accountId: account.id });
    const lead = await create({}, w.adminA);
    const before = await counts();
    const res = await w.adminA.http.post(`/api/leads/${lead.id}/convert`, {
      version: 1,
      account: { mode: 'existing', id: account.id },
      contact: { mode: 'existing', id: contact.id },
      opportunity: { name: 'Upsell', closeDate: '2027-06-30' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accountId: account.id, contactId: contact.id });
    const after = await counts();
    expect(after).toEqual({ ...before, opps: before.opps + 1 });
    // A new contact on an existing account.
    const lead2 = await create({}, w.adminA);
    const res2 = await w.adminA.http.post(`/api/leads/${lead2.id}/convert`, {
      version: 1,
      account: { mode: 'existing', id: account.id },
      contact: { mode: 'new' },
      opportunity: null,
    });
    const c = await env.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', res2.body.contactId)
      .executeTakeFirstOrThrow();
    expect(c.account_id).toBe(account.id);
  });

  it('refuses records out of scope, a contact of another account, a closed stage and a bad currency', async () => {
    const accountB = await makeAccount(env.deps, { managedByPartnerId: w.partnerB.id });
    const contactB = await makeContact(env.deps, { accountId: accountB.id });
    const accountA = await makeAccount(env.deps, { managedByPartnerId: w.partnerA.id });
    const accountA2 = await makeAccount(env.deps, { managedByPartnerId: w.partnerA.id });
    const contactA2 = await makeContact(env.deps, { accountId: accountA2.id });
    const lead = await create({}, w.adminA);
    const before = await counts();
    const out = await w.adminA.http.post(`/api/leads/${lead.id}/convert`, {
      version: 1,
      account: { mode: 'existing', id: accountB.id },
      contact: { mode: 'existing', id: contactB.id },
      opportunity: {
        name: 'X',
        closeDate: '2027-01-01',
        stageId: stages.closed_won!.id,
        currency: 'XYZ',
      },
    });
    expect(out.status).toBe(400);
    expect(out.body.error.fields).toEqual({
      account: 'No such account',
      contact: 'No such contact',
      'opportunity.stageId': 'must be an open stage',
      'opportunity.currency': 'is not a configured currency',
    });
    const wrong = await w.adminA.http.post(`/api/leads/${lead.id}/convert`, {
      version: 1,
      account: { mode: 'existing', id: accountA.id },
      contact: { mode: 'existing', id: contactA2.id },
      opportunity: null,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields).toEqual({ contact: 'must be a contact of the chosen account' });
    const newAccount = await w.adminA.http.post(`/api/leads/${lead.id}/convert`, {
      version: 1,
      account: { mode: 'new' },
      contact: { mode: 'existing', id: contactA2.id },
      opportunity: null,
    });
    expect(newAccount.status).toBe(422);
    expect(await counts()).toEqual(before);
    expect((await w.adminA.http.get(`/api/leads/${lead.id}`)).body.convertedAt).toBeNull();
  });

  it('converting twice answers 409; a stale version 409 too', async () => {
    const lead = await create();
    const stale = await w.admin.http.post(`/api/leads/${lead.id}/convert`, newAll(7));
    expect(stale.status).toBe(409);
    expect((await w.admin.http.post(`/api/leads/${lead.id}/convert`, newAll(1))).status).toBe(200);
    const again = await w.admin.http.post(`/api/leads/${lead.id}/convert`, newAll(2));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'CONFLICT',
      message: 'This lead was already converted',
    });
  });

  it('two conversions started together: exactly one succeeds and one set of records exists', async () => {
    const lead = await create({ partnerId: w.partnerA.id });
    const before = await counts();
    const body = newAll(1, { name: 'Race deal', closeDate: '2027-01-01' });
    const results = await Promise.all([
      w.channelManager.http.post(`/api/leads/${lead.id}/convert`, body),
      w.adminA.http.post(`/api/leads/${lead.id}/convert`, body),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await counts()).toEqual({
      accounts: before.accounts + 1,
      contacts: before.contacts + 1,
      opps: before.opps + 1,
    });
    const links = await env.deps.db
      .selectFrom('opportunities')
      .select('id')
      .where('lead_id', '=', lead.id)
      .execute();
    expect(links).toHaveLength(1);
  });

  it('a converted lead is read-only, but can still be cloned', async () => {
    const lead = await create();
    const done = await w.admin.http.post(`/api/leads/${lead.id}/convert`, newAll(1));
    const v = done.body.lead.version;
    const patch = await w.admin.http.patch(`/api/leads/${lead.id}`, { version: v, city: 'X' });
    expect(patch.status).toBe(409);
    expect(patch.body.error.message).toBe('Converted leads are read-only');
    expect((await w.admin.http.post(`/api/leads/${lead.id}/advance`, { version: v })).status).toBe(
      409,
    );
    expect(
      (
        await w.admin.http.post(`/api/leads/${lead.id}/owner`, {
          version: v,
          ownerId: w.salesRep.id,
        })
      ).status,
    ).toBe(409);
    const bulk = await w.admin.http.post('/api/leads/bulk', {
      ids: [lead.id],
      action: 'setOwner',
      value: w.salesRep.id,
    });
    expect(bulk.body).toEqual({
      updated: 0,
      unchanged: 0,
      failed: [{ id: lead.id, reason: 'Converted leads are read-only' }],
    });
    const clone = await w.admin.http.post(`/api/leads/${lead.id}/clone`);
    expect(clone.status).toBe(201);
    expect(clone.body).toMatchObject({
      status: { key: 'new' },
      convertedAt: null,
      convertedAccount: null,
    });
  });
});

describe('GET /api/leads/:id/conversion-candidates', () => {
  it('401 → 403 for finance → 404 for another partner and a fellow rep', async () => {
    const lead = await create({ partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    const url = `/api/leads/${lead.id}/conversion-candidates`;
    expect((await w.anon.get(url)).status).toBe(401);
    expect((await w.finance.http.get(url)).status).toBe(403);
    expect((await w.adminB.http.get(url)).status).toBe(404);
    expect((await w.repA2.http.get(url)).status).toBe(404);
    expect((await w.repA.http.get(url)).status).toBe(200);
  });

  it('proposes accounts by email domain, website and name (without legal form), and contacts by email then domain', async () => {
    const m = marker();
    const byDomain = await makeAccount(env.deps, { name: `Initech ${m} Holding` });
    await env.deps.db
      .updateTable('accounts')
      .set({ domain: `initech-${m}.test` })
      .where('id', '=', byDomain.id)
      .execute();
    const byName = await makeAccount(env.deps, { name: `Initech ${m}, Inc.` });
    const unrelated = await makeAccount(env.deps, { name: `Initech ${m} Europe` });
    const ofB = await makeAccount(env.deps, {
      name: `Initech ${m} Ltd`,
      managedByPartnerId: w.partnerB.id,
    });
    const sameEmail = await env.deps.db
      .insertInto('contacts')
      .values({
        account_id: unrelated.id,
        first_name: 'Pat',
        last_name: 'Same',
        email: `pat@initech-${m}.test`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const sameDomain = await env.deps.db
      .insertInto('contacts')
      .values({
        account_id: byDomain.id,
        first_name: 'Kim',
        last_name: 'Colleague',
        email: `kim@initech-${m}.test`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const lead = await create({ company: `Initech ${m} GmbH`, email: `pat@initech-${m}.test` });
    const res = await w.channelManager.http.get(`/api/leads/${lead.id}/conversion-candidates`);
    expect(res.status).toBe(200);
    const [first, second, ...byNames] = res.body.accounts;
    expect([first, second]).toEqual([
      { id: unrelated.id, name: unrelated.name, domain: null, reason: 'contact email' },
      { id: byDomain.id, name: byDomain.name, domain: `initech-${m}.test`, reason: 'email domain' },
    ]);
    const sortById = <T extends { id: string }>(xs: T[]) =>
      [...xs].sort((x, y) => x.id.localeCompare(y.id));
    expect(sortById(byNames)).toEqual(
      sortById([
        { id: ofB.id, name: ofB.name, domain: null, reason: 'company name' },
        { id: byName.id, name: byName.name, domain: null, reason: 'company name' },
      ]),
    );
    expect(res.body.contacts).toEqual([
      {
        id: sameEmail.id,
        name: 'Pat Same',
        email: `pat@initech-${m}.test`,
        accountId: unrelated.id,
        accountName: unrelated.name,
        reason: 'same email',
      },
      {
        id: sameDomain.id,
        name: 'Kim Colleague',
        email: `kim@initech-${m}.test`,
        accountId: byDomain.id,
        accountName: byDomain.name,
        reason: 'same email domain',
      },
    ]);
    // Partner users only ever see candidates within their scope.
    const leadA = await create({ company: `Initech ${m}`, email: `x@gmail.com` }, w.adminA);
    const scoped = await w.adminA.http.get(`/api/leads/${leadA.id}/conversion-candidates`);
    expect(scoped.body).toEqual({ accounts: [], contacts: [] });
  });
});
