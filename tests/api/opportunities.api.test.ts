import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import {
  actor,
  makeAccount,
  makeContact,
  world,
  type Actor,
  type World,
} from '../support/factories';

let env: TestEnv;
let w: World;
const MISSING = '00000000-0000-4000-8000-000000000000';
const stage: Record<string, string> = {};
let accA: { id: string; name: string }; // managed by partner A, rep A
let accA2: { id: string; name: string }; // managed by partner A, rep A2
let accB: { id: string; name: string };
let accV: { id: string; name: string }; // vendor only
let ctA: { id: string };
let ctV: { id: string };
let oA: any; // partner A, worked by rep A
let oA2: any; // partner A, worked by rep A2
let oB: any; // partner B
let oV: any; // vendor direct

async function create(body: Record<string, unknown>, as: Actor = w.channelManager) {
  const res = await as.http.post('/api/opportunities', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const ids = (body: { data: { id: string }[] }) => body.data.map((o) => o.id).sort();

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  const stages = await env.deps.db.selectFrom('opportunity_stages').select(['id', 'key']).execute();
  for (const s of stages) stage[s.key] = s.id;
  accA = await makeAccount(env.deps, {
    name: 'Acme Alpha Customer',
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA.id,
  });
  accA2 = await makeAccount(env.deps, {
    name: 'Bolt Customer',
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA2.id,
  });
  accB = await makeAccount(env.deps, {
    name: 'Beta Secret Customer',
    managedByPartnerId: w.partnerB.id,
  });
  accV = await makeAccount(env.deps, { name: 'Vendor Direct Customer' });
  ctA = await makeContact(env.deps, { accountId: accA.id, firstName: 'Alice', lastName: 'Able' });
  ctV = await makeContact(env.deps, { accountId: accV.id, firstName: 'Vera', lastName: 'Vendor' });
  oA = await create({
    name: 'Alpha rollout',
    accountId: accA.id,
    contactId: ctA.id,
    stageId: stage.proposal,
    amount: '1000.00',
    currency: 'EUR',
    closeDate: '2031-03-15',
    partnerId: w.partnerA.id,
    partnerUserId: w.repA.id,
  });
  oA2 = await create({
    name: 'Alpha expansion',
    accountId: accA2.id,
    stageId: stage.qualification,
    amount: 540,
    currency: 'USD',
    closeDate: '2031-01-10',
    partnerId: w.partnerA.id,
    partnerUserId: w.repA2.id,
  });
  oB = await create({
    name: 'Beta secret deal',
    accountId: accB.id,
    amount: '250.00',
    closeDate: '2031-02-01',
    partnerId: w.partnerB.id,
  });
  oV = await create({
    name: 'Vendor direct deal',
    accountId: accV.id,
    contactId: ctV.id,
    closeDate: '2031-04-01',
  });
});
afterAll(() => env.close());

describe('POST /api/opportunities', () => {
  it('401 → 403 (finance, marketing) → a partner cannot create for another partner', async () => {
    const body = { name: 'X', closeDate: '2031-01-01' };
    expect((await w.anon.post('/api/opportunities', body)).status).toBe(401);
    expect((await w.finance.http.post('/api/opportunities', body)).status).toBe(403);
    expect((await w.marketing.http.post('/api/opportunities', body)).status).toBe(403);
    const res = await w.adminA.http.post('/api/opportunities', {
      ...body,
      name: 'Planted',
      partnerId: w.partnerB.id,
      accountId: accB.id,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({
      partnerId: 'must be your own company',
      accountId: 'No such account',
    });
    expect((await w.adminB.http.get('/api/opportunities?q=Planted')).body.data).toEqual([]);
  });

  it('creates with a number, names, defaults, the working partner credited, and history', async () => {
    expect(oA).toMatchObject({
      name: 'Alpha rollout',
      account: { id: accA.id, name: 'Acme Alpha Customer' },
      contact: { id: ctA.id, name: 'Alice Able' },
      stage: {
        id: stage.proposal,
        key: 'proposal',
        label: 'Proposal',
        probability: 60,
        kind: 'open',
      },
      amount: '1000.00',
      currency: 'EUR',
      weightedAmount: '600.00',
      closeDate: '2031-03-15',
      owner: { id: w.channelManager.id, name: w.channelManager.name },
      source: 'direct',
      partner: { id: w.partnerA.id, name: w.partnerA.company_name },
      partnerUser: { id: w.repA.id, name: w.repA.name },
      partners: [{ partnerId: w.partnerA.id, name: w.partnerA.company_name, role: 'sourcing' }],
      createdByPartner: false,
      closedAt: null,
      lossReason: null,
      following: false,
      version: 1,
      abilities: { update: true, changeStage: true, changeOwner: true, delete: true, share: true },
    });
    expect(oA.reference).toBe(`OPP-${String(oA.number).padStart(6, '0')}`);
    expect(oA2.amount).toBe('540.00');
    // No stage or currency given: the first open stage and the base currency.
    expect(oB).toMatchObject({ stage: { key: 'prospecting' }, currency: 'EUR' });
    expect(oV).toMatchObject({ partnerId: null, partners: [], amount: null, weightedAmount: null });
    const h = await w.channelManager.http.get(
      `/api/history?subjectType=opportunity&subjectId=${oA.id}`,
    );
    expect(h.body.data[0]).toMatchObject({
      action: 'create',
      changes: {
        name: { from: null, to: 'Alpha rollout' },
        stage: { from: null, to: 'Proposal' },
        amount: { from: null, to: '1000.00 EUR' },
        partners: { from: null, to: [`${w.partnerA.company_name} (Sourcing)`] },
      },
    });
  });

  it('partner users register deals for their company; reps for themselves', async () => {
    const byRep = await create(
      { name: 'Rep registered', closeDate: '2031-05-01', accountId: accA.id },
      w.repA,
    );
    expect(byRep).toMatchObject({
      partnerId: w.partnerA.id,
      partnerUserId: w.repA.id,
      ownerId: w.repA.id,
      source: 'partner_registered',
      createdByPartner: true,
      partners: [{ partnerId: w.partnerA.id, role: 'sourcing' }],
      abilities: { update: true, delete: false },
    });
    const byAdmin = await create(
      { name: 'Admin registered', closeDate: '2031-05-01', partnerUserId: w.repA2.id },
      w.adminA,
    );
    expect(byAdmin).toMatchObject({ partnerId: w.partnerA.id, partnerUserId: w.repA2.id });
    const repOther = await w.repA.http.post('/api/opportunities', {
      name: 'X',
      closeDate: '2031-05-01',
      partnerUserId: w.repA2.id,
      accountId: accA2.id,
      ownerId: w.admin.id,
    });
    expect(repOther.status).toBe(422);
    expect(repOther.body.error.fields).toEqual({
      partnerUserId: 'must be yourself',
      accountId: 'No such account',
      ownerId: 'must be an active user of your company',
    });
  });

  it('checks every reference, each on its field', async () => {
    const res = await w.admin.http.post('/api/opportunities', {
      name: 'Refs',
      closeDate: '2031-01-01',
      stageId: MISSING,
      currency: 'XYZ',
      accountId: accA.id,
      contactId: ctV.id,
      partnerId: w.partnerA.id,
      partnerUserId: w.repB.id,
      referrerId: w.salesRep.id,
      campaignId: MISSING,
      partners: [{ partnerId: MISSING, role: 'influencing' }],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({
      stageId: 'No such stage',
      currency: 'No such currency',
      contactId: "must be a contact of the opportunity's account",
      partnerUserId: 'must be an active user of the assigned partner',
      referrerId: 'must be a partner user',
      campaignId: 'No such campaign',
      partners: 'No such partner',
    });
    const inactive = await actor(env, { role: 'sales_rep' });
    await env.deps.db
      .updateTable('users')
      .set({ active: false })
      .where('id', '=', inactive.id)
      .execute();
    const owner = await w.admin.http.post('/api/opportunities', {
      name: 'Owner',
      closeDate: '2031-01-01',
      ownerId: inactive.id,
    });
    expect(owner.body.error.fields).toEqual({
      ownerId: 'must be an active member of your team or of the assigned partner',
    });
    const noPartner = await w.admin.http.post('/api/opportunities', {
      name: 'Rep without partner',
      closeDate: '2031-01-01',
      partnerUserId: w.repA.id,
    });
    expect(noPartner.body.error.fields).toEqual({ partnerUserId: 'needs an assigned partner' });
  });

  it("campaigns: the vendor's and the caller's company's, never another partner's", async () => {
    const [vendorCampaign, campaignB] = await Promise.all([
      env.deps.db
        .insertInto('campaigns')
        .values({ name: 'Vendor webinar' })
        .returning('id')
        .executeTakeFirstOrThrow(),
      env.deps.db
        .insertInto('campaigns')
        .values({ name: 'Beta co-marketing', partner_id: w.partnerB.id })
        .returning('id')
        .executeTakeFirstOrThrow(),
    ]);
    const hidden = await w.adminA.http.post('/api/opportunities', {
      name: 'C',
      closeDate: '2031-01-01',
      campaignId: campaignB.id,
    });
    expect(hidden.body.error.fields).toEqual({ campaignId: 'No such campaign' });
    const ok = await create(
      { name: 'Campaign deal', closeDate: '2031-01-01', campaignId: vendorCampaign.id },
      w.adminA,
    );
    expect(ok.campaign).toEqual({ id: vendorCampaign.id, name: 'Vendor webinar' });
  });

  it('a lost deal needs an active loss reason, and carries closedAt', async () => {
    const noReason = await w.admin.http.post('/api/opportunities', {
      name: 'Lost at once',
      closeDate: '2031-01-01',
      stageId: stage.closed_lost,
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.fields).toEqual({ lossReason: 'is required when the deal is lost' });
    const unknown = await w.admin.http.post('/api/opportunities', {
      name: 'Lost at once',
      closeDate: '2031-01-01',
      stageId: stage.closed_lost,
      lossReason: 'moon_phase',
    });
    expect(unknown.body.error.fields).toEqual({ lossReason: 'must be one of the loss reasons' });
    const lost = await create({
      name: 'Lost at once',
      closeDate: '2031-01-01',
      stageId: stage.closed_lost,
      lossReason: 'price',
    });
    expect(lost.lossReason).toBe('price');
    expect(Date.now() - Date.parse(lost.closedAt)).toBeLessThan(60_000);
  });

  it('refuses two sourcing partners by schema, and validates', async () => {
    const two = await w.admin.http.post('/api/opportunities', {
      name: 'Two sources',
      closeDate: '2031-01-01',
      partners: [
        { partnerId: w.partnerA.id, role: 'sourcing' },
        { partnerId: w.partnerB.id, role: 'sourcing' },
      ],
    });
    expect(two.status).toBe(400);
    expect(two.body.error.fields).toHaveProperty('partners');
    const bad = await w.admin.http.post('/api/opportunities', {
      name: '',
      closeDate: '2031-02-30',
      amount: '12.345',
      source: 'telepathy',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual([
      'amount',
      'closeDate',
      'name',
      'source',
    ]);
  });

  it('credits the working partner as influencing when another one sources the deal', async () => {
    const o = await create({
      name: 'Co-sold',
      closeDate: '2031-06-01',
      partnerId: w.partnerA.id,
      partners: [{ partnerId: w.partnerB.id, role: 'sourcing' }],
    });
    expect(o.partners).toEqual([
      { partnerId: w.partnerB.id, name: w.partnerB.company_name, role: 'sourcing' },
      { partnerId: w.partnerA.id, name: w.partnerA.company_name, role: 'influencing' },
    ]);
    // Partner A's users see only their own company's credit, nowhere B's name or id.
    for (const who of [w.adminA]) {
      const res = await who.http.get(`/api/opportunities/${o.id}`);
      expect(res.body.partners).toEqual([
        { partnerId: w.partnerA.id, name: w.partnerA.company_name, role: 'influencing' },
      ]);
      const list = await who.http.get('/api/opportunities?q=Co-sold');
      const history = await who.http.get(`/api/history?subjectType=opportunity&subjectId=${o.id}`);
      for (const body of [res.body, list.body, history.body]) {
        expect(JSON.stringify(body)).not.toContain(w.partnerB.company_name);
        expect(JSON.stringify(body)).not.toContain(w.partnerB.id);
      }
      expect(list.body.data[0].partners).toHaveLength(1);
    }
  });
});

describe('GET /api/opportunities, /count and /:id', () => {
  it('401 → 404 for out-of-scope deals, exactly like missing ones', async () => {
    expect((await w.anon.get('/api/opportunities')).status).toBe(401);
    expect((await w.anon.get('/api/opportunities/count')).status).toBe(401);
    expect((await w.anon.get(`/api/opportunities/${oA.id}`)).status).toBe(401);
    const missing = await w.adminA.http.get(`/api/opportunities/${MISSING}`);
    for (const [who, id] of [
      [w.adminB, oA.id],
      [w.repB, oA.id],
      [w.adminA, oB.id],
      [w.adminA, oV.id],
      [w.repA, oA2.id],
      [w.repA2, oA.id],
    ] as const) {
      const res = await who.http.get(`/api/opportunities/${id}`);
      expect(res.status).toBe(404);
      expect({ ...res.body.error, requestId: 0 }).toEqual({ ...missing.body.error, requestId: 0 });
    }
  });

  it('scopes lists and counts: admins their company, reps their own plus shares', async () => {
    const inList = async (who: Actor, q = '') =>
      ids((await who.http.get(`/api/opportunities?limit=200${q}`)).body);
    expect(await inList(w.adminB)).toEqual([oB.id]);
    const repA = await inList(w.repA);
    expect(repA).toContain(oA.id);
    expect(repA).not.toContain(oA2.id);
    const adminA = await inList(w.adminA);
    expect(adminA).toEqual(expect.arrayContaining([oA.id, oA2.id]));
    expect(adminA).not.toContain(oB.id);
    expect(adminA).not.toContain(oV.id);
    expect((await w.adminA.http.get('/api/opportunities/count')).body.count).toBe(adminA.length);
    // A partner filter for another company finds nothing rather than an error.
    expect(await inList(w.adminA, `&partnerId=${w.partnerB.id}`)).toEqual([]);

    // Shared with rep A2: now visible to them, and only that one.
    await env.deps.db
      .insertInto('record_shares')
      .values({ record_type: 'opportunity', record_id: oA.id, user_id: w.repA2.id })
      .execute();
    expect((await w.repA2.http.get(`/api/opportunities/${oA.id}`)).status).toBe(200);
    expect(await inList(w.repA2)).toContain(oA.id);
    await env.deps.db.deleteFrom('record_shares').where('record_id', '=', oA.id).execute();
    expect((await w.repA2.http.get(`/api/opportunities/${oA.id}`)).status).toBe(404);
  });

  it("hides the names of an account the partner cannot see, and shows the caller's read rights", async () => {
    const o = await create({
      name: 'Vendor account, partner deal',
      accountId: accV.id,
      closeDate: '2031-01-01',
      partnerId: w.partnerA.id,
    });
    const res = await w.adminA.http.get(`/api/opportunities/${o.id}`);
    expect(res.body).toMatchObject({ accountId: null, account: null });
    expect(JSON.stringify(res.body)).not.toContain('Vendor Direct Customer');
    const asMarketing = await w.marketing.http.get(`/api/opportunities/${o.id}`);
    expect(asMarketing.body.abilities).toEqual({
      update: false,
      changeStage: false,
      changeOwner: false,
      delete: false,
      share: false,
    });
    // The account search does not look into accounts out of reach either.
    expect((await w.adminA.http.get('/api/opportunities?q=Vendor%20Direct')).body.data).toEqual([]);
  });

  it('filters on every field, and the count always matches the list', async () => {
    const mk = (name: string, extra: Record<string, unknown>) =>
      create({ name: `Filt ${name}`, closeDate: '2032-06-15', ...extra });
    const f1 = await mk('one', {
      partnerId: w.partnerA.id,
      stageId: stage.negotiation,
      amount: '100.00',
      closeDate: '2032-01-31',
      accountId: accA.id,
    });
    const f2 = await mk('two', {
      partnerId: w.partnerB.id,
      stageId: stage.closed_won,
      amount: '5000.00',
      source: 'vendor_routed',
      closeDate: '2032-02-01',
    });
    const f3 = await mk('three', {
      amount: '999.99',
      closeDate: '2032-03-01',
      ownerId: w.salesRep.id,
    });
    const f4 = await mk('four', { stageId: stage.closed_lost, lossReason: 'timing' });
    await env.deps.db
      .insertInto('follows')
      .values({ record_type: 'opportunity', record_id: f3.id, user_id: w.admin.id })
      .execute();
    const cases: [string, string[]][] = [
      ['', [f1.id, f2.id, f3.id, f4.id]],
      [`partnerId=${w.partnerA.id}`, [f1.id]],
      [`partnerId=${w.partnerA.id},${w.partnerB.id}`, [f1.id, f2.id]],
      ['unassigned=true', [f3.id, f4.id]],
      ['unassigned=false', [f1.id, f2.id]],
      ['stageKind=open', [f1.id, f3.id]],
      ['stageKind=won,lost', [f2.id, f4.id]],
      [`stageId=${stage.negotiation}`, [f1.id]],
      ['closeFrom=2032-02-01&closeTo=2032-03-01', [f2.id, f3.id]],
      ['closeTo=2032-01-31', [f1.id]],
      ['minAmount=999.99', [f2.id, f3.id]],
      ['minAmount=100&maxAmount=999.99', [f1.id, f3.id]],
      ['source=vendor_routed', [f2.id]],
      [`ownerId=${w.salesRep.id}`, [f3.id]],
      [`accountId=${accA.id}`, [f1.id]],
      ['following=true', [f3.id]],
      ['following=false', [f1.id, f2.id, f4.id]],
      [`q=${encodeURIComponent('Acme Alpha')}`, [f1.id]],
      [`q=OPP-${String(f4.number).padStart(6, '0')}`, [f4.id]],
    ];
    for (const [filter, expected] of cases) {
      const q = `q=Filt&${filter}`.replace('q=Filt&q=', 'q=');
      const list = await w.admin.http.get(`/api/opportunities?limit=200&${q}`);
      expect(list.status, filter).toBe(200);
      const found = ids(list.body).filter((id) => [f1.id, f2.id, f3.id, f4.id].includes(id));
      expect(found, filter).toEqual([...expected].sort());
      const count = await w.admin.http.get(`/api/opportunities/count?${q}`);
      expect(count.body.count, filter).toBe(list.body.data.length);
    }
    const bad = await w.admin.http.get('/api/opportunities?stageKind=maybe&minAmount=-1');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).map((k) => k.split('.')[0])).toEqual(
      expect.arrayContaining(['minAmount', 'stageKind']),
    );
  });

  it('sorts (close date by default) and pages with a cursor', async () => {
    const amounts = ['10.00', '30.00', null, '20.00', '30.00'];
    for (const [i, amount] of amounts.entries()) {
      await create({ name: `Sorted ${i}`, amount, closeDate: `2033-0${5 - i}-01` });
    }
    const all = (await w.admin.http.get('/api/opportunities?q=Sorted&limit=200')).body.data;
    expect(all.map((o: any) => o.closeDate)).toEqual([
      '2033-01-01',
      '2033-02-01',
      '2033-03-01',
      '2033-04-01',
      '2033-05-01',
    ]);
    const walk = async (sort: string) => {
      const seen: any[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/opportunities?q=Sorted&limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await w.admin.http.get(url);
        expect(res.status).toBe(200);
        seen.push(...res.body.data);
        cursor = res.body.nextCursor;
      } while (cursor);
      return seen;
    };
    const byAmount = await walk('-amount,name');
    expect(byAmount.map((o) => o.amount)).toEqual([null, '30.00', '30.00', '20.00', '10.00']);
    expect(byAmount[1].name < byAmount[2].name).toBe(true);
    const byStage = await walk('stage,-closeDate');
    expect(byStage).toHaveLength(5);
    expect((await w.admin.http.get('/api/opportunities?sort=secret')).status).toBe(400);
  });
});

describe('GET /api/opportunities/board', () => {
  it('401 → only the caller’s deals count', async () => {
    expect((await w.anon.get('/api/opportunities/board')).status).toBe(401);
    const b = (await w.adminB.http.get('/api/opportunities/board')).body;
    const own = (await w.adminB.http.get('/api/opportunities?limit=200')).body.data;
    expect(own.every((o: any) => o.partnerId === w.partnerB.id)).toBe(true);
    expect(b.columns.reduce((s: number, c: any) => s + c.count, 0)).toBe(own.length);
    expect((await w.adminB.http.get('/api/opportunities/count')).body.count).toBe(own.length);
  });

  it('one column per stage, with sums and weighted sums in the base currency', async () => {
    const deal = (stageKey: string, amount: string | null, currency = 'EUR') =>
      create({
        name: `Boardy ${stageKey}`,
        stageId: stage[stageKey],
        amount,
        currency,
        closeDate: '2031-01-01',
      });
    await deal('proposal', '1000.00');
    await deal('proposal', '540.00', 'USD'); // 540 / 1.08 = 500
    await deal('negotiation', '85.00', 'GBP'); // 85 / 0.85 = 100
    await deal('negotiation', '33.33');
    // Three times 10 SEK: 30 / 11.4 = 2.6315… — rounded once, not three times 0.88.
    await deal('qualification', '10.00', 'SEK');
    await deal('qualification', '10.00', 'SEK');
    await deal('qualification', '10.00', 'SEK');
    await deal('prospecting', null);
    const res = await w.admin.http.get('/api/opportunities/board?q=Boardy');
    expect(res.status).toBe(200);
    expect(res.body.baseCurrency).toBe('EUR');
    expect(res.body.columns).toEqual([
      {
        key: stage.prospecting,
        label: 'Prospecting',
        kind: 'open',
        count: 1,
        sum: '0.00',
        weightedSum: '0.00',
      },
      {
        key: stage.qualification,
        label: 'Qualification',
        kind: 'open',
        count: 3,
        sum: '2.63',
        weightedSum: '0.53',
      },
      {
        key: stage.needs_analysis,
        label: 'Needs analysis',
        kind: 'open',
        count: 0,
        sum: '0.00',
        weightedSum: '0.00',
      },
      // (1000 + 500) × 60 %
      {
        key: stage.proposal,
        label: 'Proposal',
        kind: 'open',
        count: 2,
        sum: '1500.00',
        weightedSum: '900.00',
      },
      // (100 + 33.33) × 80 % = 106.664
      {
        key: stage.negotiation,
        label: 'Negotiation',
        kind: 'open',
        count: 2,
        sum: '133.33',
        weightedSum: '106.66',
      },
      {
        key: stage.closed_won,
        label: 'Closed won',
        kind: 'won',
        count: 0,
        sum: '0.00',
        weightedSum: '0.00',
      },
      {
        key: stage.closed_lost,
        label: 'Closed lost',
        kind: 'lost',
        count: 0,
        sum: '0.00',
        weightedSum: '0.00',
      },
    ]);
    const filtered = await w.admin.http.get(
      `/api/opportunities/board?q=Boardy&stageKind=open&minAmount=100`,
    );
    expect(filtered.body.columns.map((c: any) => c.count)).toEqual([0, 0, 0, 2, 0, 0, 0]);
  });
});

describe('PATCH /api/opportunities/:id', () => {
  it('401 → 403 (finance, marketing) → 404 for another partner’s or a fellow rep’s deal', async () => {
    expect((await w.anon.patch(`/api/opportunities/${oA.id}`, { version: 1 })).status).toBe(401);
    for (const who of [w.finance, w.marketing]) {
      expect((await who.http.patch(`/api/opportunities/${oA.id}`, { version: 1 })).status).toBe(
        403,
      );
    }
    for (const [who, id] of [
      [w.adminB, oA.id],
      [w.adminA, oB.id],
      [w.repA2, oA.id],
    ] as const) {
      const res = await who.http.patch(`/api/opportunities/${id}`, { version: 1, name: 'Hacked' });
      expect(res.status).toBe(404);
    }
    expect((await w.admin.http.get(`/api/opportunities/${oA.id}`)).body.name).toBe('Alpha rollout');
  });

  it('needs the version and refuses a stale one', async () => {
    const o = await create({ name: 'Versioned', closeDate: '2031-01-01' });
    expect(
      (await w.admin.http.patch(`/api/opportunities/${o.id}`, { name: 'No version' })).status,
    ).toBe(428);
    const ok = await w.admin.http.patch(`/api/opportunities/${o.id}`, { version: 1, name: 'V2' });
    expect(ok.body.version).toBe(2);
    const stale = await w.admin.http.patch(`/api/opportunities/${o.id}`, {
      version: 1,
      name: 'V3',
    });
    expect(stale.status).toBe(409);
    const ifMatch = await w.admin.http.patch(
      `/api/opportunities/${o.id}`,
      { name: 'V3' },
      { 'if-match': '"2"' },
    );
    expect(ifMatch.body).toMatchObject({ name: 'V3', version: 3 });
  });

  it('stage moves: lost needs a reason, closing stamps closedAt, reopening clears it; history and followers see labels', async () => {
    const o = await create({
      name: 'Stage walker',
      closeDate: '2031-01-01',
      stageId: stage.proposal,
      amount: '1000.00',
      partnerId: w.partnerA.id,
      partnerUserId: w.repA.id,
    });
    await env.deps.db
      .insertInto('follows')
      .values({ record_type: 'opportunity', record_id: o.id, user_id: w.channelManager.id })
      .execute();
    const moved = await w.repA.http.patch(`/api/opportunities/${o.id}`, {
      version: 1,
      stageId: stage.negotiation,
      amount: '1200',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      stage: { key: 'negotiation' },
      amount: '1200.00',
      weightedAmount: '960.00',
      closedAt: null,
      version: 2,
    });
    const h = (await w.admin.http.get(`/api/history?subjectType=opportunity&subjectId=${o.id}`))
      .body.data[0];
    expect(h).toMatchObject({
      action: 'stage_change',
      actor: { id: w.repA.id },
      changes: {
        stage: { from: 'Proposal', to: 'Negotiation' },
        amount: { from: '1000.00 EUR', to: '1200.00 EUR' },
      },
    });
    const note = (await w.channelManager.http.get('/api/notifications')).body.data.find(
      (n: any) => n.recordId === o.id,
    );
    expect(note).toMatchObject({
      title: `${w.repA.name} changed opportunity “Stage walker”`,
      link: `/opportunities/${o.id}`,
    });
    expect(note.body).toContain('Stage: Proposal → Negotiation');
    expect(note.body).toContain('Amount: 1000.00 EUR → 1200.00 EUR');

    const lostNoReason = await w.repA.http.patch(`/api/opportunities/${o.id}`, {
      version: 2,
      stageId: stage.closed_lost,
    });
    expect(lostNoReason.status).toBe(422);
    expect(lostNoReason.body.error.fields).toEqual({
      lossReason: 'is required when the deal is lost',
    });
    const lost = await w.repA.http.patch(`/api/opportunities/${o.id}`, {
      version: 2,
      stageId: stage.closed_lost,
      lossReason: 'competitor',
    });
    expect(lost.body).toMatchObject({ lossReason: 'competitor', stage: { kind: 'lost' } });
    expect(lost.body.closedAt).not.toBeNull();
    // Another edit of the lost deal keeps its reason and the moment it closed.
    const renamed = await w.repA.http.patch(`/api/opportunities/${o.id}`, {
      version: 3,
      nextStep: 'Post-mortem',
    });
    expect(renamed.body).toMatchObject({ lossReason: 'competitor', closedAt: lost.body.closedAt });
    const reopened = await w.repA.http.patch(`/api/opportunities/${o.id}`, {
      version: 4,
      stageId: stage.proposal,
    });
    expect(reopened.body).toMatchObject({ closedAt: null, lossReason: null });
    const won = await w.repA.http.patch(`/api/opportunities/${o.id}`, {
      version: 5,
      stageId: stage.closed_won,
    });
    expect(won.body.closedAt).not.toBeNull();
    expect(won.body.lossReason).toBeNull();
  });

  it('partner users stay on their company; a rep cannot take or hand over a deal', async () => {
    const moveAway = await w.adminA.http.patch(`/api/opportunities/${oA.id}`, {
      version: oA.version,
      partnerId: w.partnerB.id,
    });
    expect(moveAway.status).toBe(422);
    expect(moveAway.body.error.fields).toEqual({ partnerId: 'must be your own company' });
    const handOver = await w.repA.http.patch(`/api/opportunities/${oA.id}`, {
      version: oA.version,
      partnerUserId: w.repA2.id,
    });
    expect(handOver.body.error.fields).toEqual({
      partnerUserId: 'is assigned by your partner admin',
    });
    // Shared with rep A2, who edits it: it stays rep A's.
    await env.deps.db
      .insertInto('record_shares')
      .values({ record_type: 'opportunity', record_id: oA2.id, user_id: w.repA.id })
      .execute();
    const edited = await w.repA.http.patch(`/api/opportunities/${oA2.id}`, {
      version: oA2.version,
      nextStep: 'Call back',
    });
    expect(edited.body).toMatchObject({ nextStep: 'Call back', partnerUserId: w.repA2.id });
  });

  it('moving a deal to another partner drops a rep of the old one and credits the new one', async () => {
    const o = await create({
      name: 'Reassigned',
      closeDate: '2031-01-01',
      partnerId: w.partnerA.id,
      partnerUserId: w.repA.id,
    });
    const moved = await w.channelManager.http.patch(`/api/opportunities/${o.id}`, {
      version: 1,
      partnerId: w.partnerB.id,
    });
    expect(moved.body).toMatchObject({ partnerId: w.partnerB.id, partnerUserId: null });
    expect(moved.body.partners).toEqual([
      { partnerId: w.partnerA.id, name: w.partnerA.company_name, role: 'sourcing' },
      { partnerId: w.partnerB.id, name: w.partnerB.company_name, role: 'influencing' },
    ]);
    const named = await w.channelManager.http.patch(`/api/opportunities/${o.id}`, {
      version: 2,
      partnerUserId: w.repA.id,
    });
    expect(named.body.error.fields).toEqual({
      partnerUserId: 'must be an active user of the assigned partner',
    });
  });

  it('credited partners: one sourcing by schema, by the database, and under a concurrent writer', async () => {
    const o = await create({ name: 'Credits', closeDate: '2031-01-01', partnerId: w.partnerA.id });
    const both = await w.admin.http.patch(`/api/opportunities/${o.id}`, {
      version: 1,
      partners: [
        { partnerId: w.partnerA.id, role: 'sourcing' },
        { partnerId: w.partnerB.id, role: 'sourcing' },
      ],
    });
    expect(both.status).toBe(400);
    expect(both.body.error.fields.partners).toBe('at most one sourcing partner');

    // Swapping who sources in one request passes the one-sourcing index.
    const swapped = await w.admin.http.patch(`/api/opportunities/${o.id}`, {
      version: 1,
      partners: [
        { partnerId: w.partnerA.id, role: 'implementing' },
        { partnerId: w.partnerB.id, role: 'sourcing' },
      ],
    });
    expect(swapped.status).toBe(200);
    expect(swapped.body.partners.map((p: any) => p.role)).toEqual(['sourcing', 'implementing']);

    // Partner A's admin changes only A's own credit; B's stays.
    const own = await w.adminA.http.patch(`/api/opportunities/${o.id}`, {
      version: 2,
      partners: [{ partnerId: w.partnerA.id, role: 'influencing' }],
    });
    expect(own.body.partners).toEqual([
      { partnerId: w.partnerA.id, name: w.partnerA.company_name, role: 'influencing' },
    ]);
    const claimOther = await w.adminA.http.patch(`/api/opportunities/${o.id}`, {
      version: 3,
      partners: [{ partnerId: w.partnerB.id, role: 'influencing' }],
    });
    expect(claimOther.body.error.fields).toEqual({ partners: 'may only name your own company' });
    expect((await w.admin.http.get(`/api/opportunities/${o.id}`)).body.partners).toEqual([
      { partnerId: w.partnerB.id, name: w.partnerB.company_name, role: 'sourcing' },
      { partnerId: w.partnerA.id, name: w.partnerA.company_name, role: 'influencing' },
    ]);
    // A's admin claiming sourcing while B sources: the database says no, as a field error.
    const claimSourcing = await w.adminA.http.patch(`/api/opportunities/${o.id}`, {
      version: 3,
      partners: [{ partnerId: w.partnerA.id, role: 'sourcing' }],
    });
    expect(claimSourcing.status).toBe(422);
    expect(claimSourcing.body.error.fields).toEqual({
      partners: 'another partner is already credited as the sourcing partner',
    });

    // Directly in the database: a second sourcing partner is refused by the index.
    const third = await env.deps.db
      .insertInto('partners')
      .values({ company_name: 'Gamma Direct' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      env.deps.db
        .insertInto('opportunity_partners')
        .values({ opportunity_id: o.id, partner_id: third.id, role: 'sourcing' })
        .execute(),
    ).rejects.toMatchObject({ code: '23505' });

    // A writer that credits a sourcing partner in the same instant as a request does.
    const race = await create({ name: 'Race', closeDate: '2031-01-01' });
    await sql`create function plant_sourcing() returns trigger language plpgsql as $$
      begin
        if new.role = 'sourcing' and pg_trigger_depth() = 1 then
          insert into opportunity_partners (opportunity_id, partner_id, role)
            values (new.opportunity_id, ${sql.lit(third.id)}, 'sourcing');
        end if;
        return new;
      end $$`.execute(env.deps.db);
    await sql`create trigger plant_sourcing before insert on opportunity_partners
      for each row execute function plant_sourcing()`.execute(env.deps.db);
    try {
      const raced = await w.admin.http.patch(`/api/opportunities/${race.id}`, {
        version: 1,
        partnerId: w.partnerA.id,
      });
      expect(raced.status).toBe(422);
      expect(raced.body.error.fields).toEqual({
        partners: 'another partner is already credited as the sourcing partner',
      });
    } finally {
      await sql`drop trigger plant_sourcing on opportunity_partners`.execute(env.deps.db);
      await sql`drop function plant_sourcing()`.execute(env.deps.db);
    }
    // Nothing of the refused change stayed.
    expect((await w.admin.http.get(`/api/opportunities/${race.id}`)).body).toMatchObject({
      partnerId: null,
      partners: [],
      version: 1,
    });
  });
});

describe('POST /api/opportunities/:id/owner', () => {
  it('401 → 403 (marketing) → 404 for another partner’s deal → hands it over', async () => {
    const o = await create({ name: 'Owned', closeDate: '2031-01-01', partnerId: w.partnerA.id });
    const body = { ownerId: w.salesRep.id, version: 1 };
    expect((await w.anon.post(`/api/opportunities/${o.id}/owner`, body)).status).toBe(401);
    expect((await w.marketing.http.post(`/api/opportunities/${o.id}/owner`, body)).status).toBe(
      403,
    );
    expect((await w.adminB.http.post(`/api/opportunities/${o.id}/owner`, body)).status).toBe(404);
    const toOther = await w.adminA.http.post(`/api/opportunities/${o.id}/owner`, {
      ownerId: w.repB.id,
      version: 1,
    });
    expect(toOther.status).toBe(422);
    expect(toOther.body.error.fields).toEqual({
      ownerId: 'must be an active user of your company',
    });
    const ok = await w.adminA.http.post(`/api/opportunities/${o.id}/owner`, {
      ownerId: w.repA2.id,
      version: 1,
    });
    expect(ok.body).toMatchObject({ owner: { id: w.repA2.id, name: w.repA2.name }, version: 2 });
    const h = (await w.admin.http.get(`/api/history?subjectType=opportunity&subjectId=${o.id}`))
      .body.data[0];
    expect(h).toMatchObject({
      action: 'owner_change',
      changes: { owner: { from: w.channelManager.name, to: w.repA2.name } },
    });
    const stale = await w.admin.http.post(`/api/opportunities/${o.id}/owner`, body);
    expect(stale.status).toBe(409);
  });
});

describe('DELETE /api/opportunities/:id', () => {
  it('401 → 403 (rep, sales rep, marketing) → 404 for another partner’s deal', async () => {
    expect((await w.anon.delete(`/api/opportunities/${oA.id}`)).status).toBe(401);
    for (const who of [w.repA, w.salesRep, w.marketing, w.finance]) {
      expect((await who.http.delete(`/api/opportunities/${oA.id}`)).status).toBe(403);
    }
    expect((await w.adminB.http.delete(`/api/opportunities/${oA.id}`)).status).toBe(404);
    expect((await w.adminA.http.delete(`/api/opportunities/${oB.id}`)).status).toBe(404);
    expect((await w.admin.http.get(`/api/opportunities/${oA.id}`)).status).toBe(200);
  });

  it('removes what hangs on it, its credits, and unlinks the lead it came from', async () => {
    const o = await create({
      name: 'Doomed',
      closeDate: '2031-01-01',
      partnerId: w.partnerA.id,
      partners: [{ partnerId: w.partnerB.id, role: 'implementing' }],
    });
    const db = env.deps.db;
    const status = await db
      .selectFrom('lead_statuses')
      .select('id')
      .where('kind', '=', 'converted')
      .executeTakeFirstOrThrow();
    const lead = await db
      .insertInto('leads')
      .values({
        company: 'Doomed Co',
        first_name: 'Dee',
        last_name: 'Oomed',
        job_title: 'ceo',
        email: 'dee@doomed.test',
        power: 'decision_maker',
        status_id: status.id,
        source: 'web',
        converted_opportunity_id: o.id,
        converted_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('notes')
      .values({
        record_type: 'opportunity',
        record_id: o.id,
        partner_id: w.partnerA.id,
        title: 'N',
      })
      .execute();
    await db
      .insertInto('follows')
      .values({ record_type: 'opportunity', record_id: o.id, user_id: w.admin.id })
      .execute();
    const res = await w.adminA.http.delete(`/api/opportunities/${o.id}`);
    expect(res.status).toBe(204);
    expect((await w.admin.http.get(`/api/opportunities/${o.id}`)).status).toBe(404);
    const count = async (table: 'notes' | 'follows') =>
      (await db.selectFrom(table).select('record_id').where('record_id', '=', o.id).execute())
        .length;
    expect(await count('notes')).toBe(0);
    expect(await count('follows')).toBe(0);
    expect(
      await db
        .selectFrom('opportunity_partners')
        .selectAll()
        .where('opportunity_id', '=', o.id)
        .execute(),
    ).toEqual([]);
    const after = await db
      .selectFrom('leads')
      .select('converted_opportunity_id')
      .where('id', '=', lead.id)
      .executeTakeFirstOrThrow();
    expect(after.converted_opportunity_id).toBeNull();
    const h = await w.admin.http.get(`/api/history?subjectType=opportunity&subjectId=${o.id}`);
    // The record is gone, so is access to its timeline; the event itself was written.
    expect(h.status).toBe(404);
    const events = await db
      .selectFrom('events')
      .select(['action'])
      .where('subject_id', '=', o.id)
      .execute();
    expect(events.map((e) => e.action)).toContain('delete');
  });
});

describe('POST /api/opportunities/bulk', () => {
  it('401 → 403 (finance) → deals out of scope fail as not found, the rest change', async () => {
    const body = { ids: [oA.id], action: 'setStage', value: stage.negotiation };
    expect((await w.anon.post('/api/opportunities/bulk', body)).status).toBe(401);
    expect((await w.finance.http.post('/api/opportunities/bulk', body)).status).toBe(403);
    const a1 = await create({
      name: 'Bulk 1',
      closeDate: '2031-01-01',
      partnerId: w.partnerA.id,
      stageId: stage.proposal,
    });
    const a2 = await create({
      name: 'Bulk 2',
      closeDate: '2031-01-01',
      partnerId: w.partnerA.id,
      stageId: stage.negotiation,
    });
    const res = await w.adminA.http.post('/api/opportunities/bulk', {
      ids: [a1.id, a2.id, oB.id, MISSING],
      action: 'setStage',
      value: stage.negotiation,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      updated: 1,
      unchanged: 1,
      failed: [
        { id: oB.id, reason: 'Opportunity not found' },
        { id: MISSING, reason: 'Opportunity not found' },
      ],
    });
    expect((await w.admin.http.get(`/api/opportunities/${oB.id}`)).body.stage.key).toBe(
      'prospecting',
    );
    const h = (await w.admin.http.get(`/api/history?subjectType=opportunity&subjectId=${a1.id}`))
      .body.data[0];
    expect(h).toMatchObject({
      action: 'stage_change',
      changes: { stage: { from: 'Proposal', to: 'Negotiation' } },
    });
  });

  it('lost needs a reason per deal; owners and partners follow the single-record rules', async () => {
    const a1 = await create({
      name: 'Bulk lost 1',
      closeDate: '2031-01-01',
      partnerId: w.partnerA.id,
    });
    const noReason = await w.admin.http.post('/api/opportunities/bulk', {
      ids: [a1.id],
      action: 'setStage',
      value: stage.closed_lost,
    });
    expect(noReason.body).toEqual({
      updated: 0,
      unchanged: 0,
      failed: [{ id: a1.id, reason: 'lossReason is required when the deal is lost' }],
    });
    const withReason = await w.admin.http.post('/api/opportunities/bulk', {
      ids: [a1.id],
      action: 'setStage',
      value: stage.closed_lost,
      lossReason: 'no_budget',
    });
    expect(withReason.body.updated).toBe(1);
    expect((await w.admin.http.get(`/api/opportunities/${a1.id}`)).body).toMatchObject({
      lossReason: 'no_budget',
      stage: { kind: 'lost' },
    });
    const setPartner = await w.adminA.http.post('/api/opportunities/bulk', {
      ids: [a1.id],
      action: 'setPartner',
      value: w.partnerB.id,
    });
    expect(setPartner.status).toBe(422);
    expect(setPartner.body.error.fields).toEqual({ value: 'must be your own company' });
    const owner = await w.adminA.http.post('/api/opportunities/bulk', {
      ids: [a1.id],
      action: 'setOwner',
      value: w.repB.id,
    });
    expect(owner.body.failed).toEqual([
      { id: a1.id, reason: 'ownerId must be an active user of your company' },
    ]);
    const badStage = await w.admin.http.post('/api/opportunities/bulk', {
      ids: [a1.id],
      action: 'setStage',
      value: MISSING,
    });
    expect(badStage.status).toBe(422);
    const unassign = await w.admin.http.post('/api/opportunities/bulk', {
      ids: [a1.id],
      action: 'setPartner',
      value: null,
    });
    expect(unassign.body.updated).toBe(1);
    expect((await w.admin.http.get(`/api/opportunities/${a1.id}`)).body.partnerId).toBeNull();
  });
});

describe('GET /api/exports/opportunities.csv', () => {
  it('401 → scoped to the caller → BOM, chosen columns, formula-safe cells', async () => {
    expect((await w.anon.get('/api/exports/opportunities.csv')).status).toBe(401);
    await create({
      name: '=HYPERLINK("http://evil.test","click")',
      closeDate: '2031-01-01',
      partnerId: w.partnerA.id,
      amount: '12.50',
      currency: 'GBP',
      stageId: stage.proposal,
      nextStep: '+SUM(A1:A9)',
    });
    const res = await w.adminA.http.get(
      '/api/exports/opportunities.csv?columns=reference,name,stage,probability,amount,weightedAmount,partner,nextStep&q=HYPERLINK',
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="opportunities-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const body = res.raw.rawPayload.toString('utf8');
    expect(body.startsWith('\uFEFF')).toBe(true);
    const lines = body.slice(1).trim().split('\n');
    expect(lines[0]).toBe(
      'Opportunity,Name,Stage,Probability,Amount,Weighted amount,Currency,Assigned partner,Next step',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    expect(lines[1]).toContain(',Proposal,60,12.50,7.50,GBP,');
    expect(lines[1]).toContain("'+SUM(A1:A9)");

    const all = await w.adminA.http.get('/api/exports/opportunities.csv');
    const text = all.raw.rawPayload.toString('utf8');
    expect(text).not.toContain('Beta secret deal');
    expect(text).not.toContain('Vendor direct deal');
    expect(text).toContain('Alpha rollout');
    expect((await w.admin.http.get('/api/exports/opportunities.csv?columns=secret')).status).toBe(
      400,
    );
  });
});
