import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { world, type Actor, type World } from '../support/factories';

let env: TestEnv;
let w: World;
/** accA1: partner A, rep A · accA2: partner A, rep A2 · accA0: partner A, nobody · accB · accV: vendor only */
let accA1: any;
let accA2: any;
let accA0: any;
let accB: any;
let accV: any;
const MISSING = '00000000-0000-4000-8000-000000000000';

async function makeAccount(body: Record<string, unknown>, as: Actor = w.channelManager) {
  const res = await as.http.post('/api/accounts', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  accA1 = await makeAccount({
    name: 'Acme Anvils',
    domain: 'https://www.acme-anvils.example',
    industry: 'Manufacturing',
    companySize: '51-200',
    countryCode: 'de',
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA.id,
  });
  accA2 = await makeAccount({
    name: 'Bolt Brothers',
    industry: 'Retail',
    companySize: '1-10',
    countryCode: 'FR',
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA2.id,
  });
  accA0 = await makeAccount({ name: 'Cog Company', managedByPartnerId: w.partnerA.id });
  accB = await makeAccount({
    name: 'Beta Customer Secret',
    industry: 'Manufacturing',
    managedByPartnerId: w.partnerB.id,
    partnerUserId: w.repB.id,
  });
  accV = await makeAccount({ name: 'Direct Dynamics', industry: 'manufacturing' });
});
afterAll(() => env.close());

const ids = (body: { data: { id: string }[] }) => body.data.map((a) => a.id).sort();

describe('POST /api/accounts', () => {
  it('401 → 403 for finance and marketing → partner users cannot create for another partner', async () => {
    expect((await w.anon.post('/api/accounts', { name: 'X' })).status).toBe(401);
    for (const a of [w.finance, w.marketing]) {
      expect((await a.http.post('/api/accounts', { name: 'X' })).status).toBe(403);
    }
    const res = await w.adminA.http.post('/api/accounts', {
      name: 'Smuggled',
      managedByPartnerId: w.partnerB.id,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ managedByPartnerId: 'must be your own company' });
    const b = await w.adminB.http.get('/api/accounts?q=Smuggled');
    expect(b.body.data).toEqual([]);
  });

  it('creates with normalised fields, names of the people, and history', async () => {
    expect(accA1).toMatchObject({
      name: 'Acme Anvils',
      domain: 'acme-anvils.example',
      countryCode: 'DE',
      companySize: '51-200',
      managedByPartnerId: w.partnerA.id,
      managedByPartner: { id: w.partnerA.id, name: w.partnerA.company_name },
      partnerUserId: w.repA.id,
      partnerUser: { id: w.repA.id, name: w.repA.name },
      ownerId: null,
      contactCount: 0,
      openCaseCount: 0,
      version: 1,
      abilities: { update: true, delete: true },
    });
    const h = await w.admin.http.get(`/api/history?subjectType=account&subjectId=${accA1.id}`);
    expect(h.status).toBe(200);
    expect(h.body.data[0]).toMatchObject({
      action: 'create',
      actor: { id: w.channelManager.id },
      changes: { name: { from: null, to: 'Acme Anvils' } },
    });
  });

  it('forces partner admins onto their company and checks the partner person', async () => {
    const own = await makeAccount({ name: 'Admin A Made', partnerUserId: w.repA2.id }, w.adminA);
    expect(own.managedByPartnerId).toBe(w.partnerA.id);
    expect(own.partnerUserId).toBe(w.repA2.id);
    const foreign = await w.adminA.http.post('/api/accounts', {
      name: 'X',
      partnerUserId: w.repB.id,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields.partnerUserId).toBe(
      'must be a person at the managing partner',
    );
    const internal = await w.adminA.http.post('/api/accounts', {
      name: 'X',
      partnerUserId: w.channelManager.id,
    });
    expect(internal.status).toBe(400);
    const owner = await w.adminA.http.post('/api/accounts', { name: 'X', ownerId: w.salesRep.id });
    expect(owner.status).toBe(400);
    expect(owner.body.error.fields.ownerId).toBe('is chosen by the vendor');
  });

  it('forces partner reps onto themselves', async () => {
    const mine = await makeAccount({ name: 'Rep A Made' }, w.repA);
    expect(mine).toMatchObject({ managedByPartnerId: w.partnerA.id, partnerUserId: w.repA.id });
    const other = await w.repA.http.post('/api/accounts', { name: 'X', partnerUserId: w.repA2.id });
    expect(other.status).toBe(400);
    expect(other.body.error.fields.partnerUserId).toBe('must be yourself');
    expect((await w.repA2.http.get(`/api/accounts/${mine.id}`)).status).toBe(404);
  });

  it('internal users: partner must exist, partner person must work there, owner is internal', async () => {
    const res = await w.channelManager.http.post('/api/accounts', {
      name: 'X',
      managedByPartnerId: MISSING,
      ownerId: w.repA.id,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({
      managedByPartnerId: 'No such partner',
      ownerId: 'must be an active member of your team',
    });
    const mismatch = await w.channelManager.http.post('/api/accounts', {
      name: 'X',
      managedByPartnerId: w.partnerA.id,
      partnerUserId: w.repB.id,
    });
    expect(mismatch.body.error.fields).toEqual({
      partnerUserId: 'must be a person at the managing partner',
    });
    const orphan = await w.channelManager.http.post('/api/accounts', {
      name: 'X',
      partnerUserId: w.repA.id,
    });
    expect(orphan.body.error.fields).toEqual({ partnerUserId: 'needs a managing partner' });
    const owned = await makeAccount({ name: 'Owned', ownerId: w.salesRep.id });
    expect(owned.owner).toEqual({ id: w.salesRep.id, name: w.salesRep.name });
  });

  it('validates the fields', async () => {
    const res = await w.admin.http.post('/api/accounts', {
      name: '',
      domain: 'not a domain',
      companySize: '7',
      countryCode: 'Germany',
      managedByPartnerId: 'nope',
      extra: 1,
    });
    expect(res.status).toBe(400);
    const fields = Object.keys(res.body.error.fields);
    for (const f of ['name', 'domain', 'companySize', 'countryCode', 'managedByPartnerId']) {
      expect(fields).toContain(f);
    }
    expect((await w.admin.http.post('/api/accounts', { name: 'x'.repeat(201) })).status).toBe(400);
  });
});

describe('GET /api/accounts and /api/accounts/count', () => {
  it('401, then each role sees its scope', async () => {
    expect((await w.anon.get('/api/accounts')).status).toBe(401);
    expect((await w.anon.get('/api/accounts/count')).status).toBe(401);
    const base = [accA1.id, accA2.id, accA0.id, accB.id, accV.id];
    for (const a of [w.admin, w.channelManager, w.salesRep, w.finance, w.marketing]) {
      const list = await a.http.get('/api/accounts?limit=200');
      expect(list.status).toBe(200);
      expect(ids(list.body)).toEqual(expect.arrayContaining(base));
    }
    const adminA = ids((await w.adminA.http.get('/api/accounts?limit=200')).body);
    expect(adminA).toEqual(expect.arrayContaining([accA1.id, accA2.id, accA0.id]));
    expect(adminA).not.toContain(accB.id);
    expect(adminA).not.toContain(accV.id);
    const repA = (await w.repA.http.get('/api/accounts?limit=200')).body;
    expect(repA.data.every((a: any) => a.partnerUserId === w.repA.id)).toBe(true);
    expect(ids(repA)).toContain(accA1.id);
    expect(ids(repA)).not.toContain(accA2.id);
    expect(ids(repA)).not.toContain(accA0.id);
    const repA2 = (await w.repA2.http.get('/api/accounts?limit=200')).body.data;
    expect(repA2.map((a: any) => a.id)).toContain(accA2.id);
    expect(repA2.every((a: any) => a.partnerUserId === w.repA2.id)).toBe(true);
    expect(ids((await w.adminB.http.get('/api/accounts?limit=200')).body)).toEqual([accB.id]);
    // counts agree with the lists
    for (const a of [w.adminA, w.repA, w.repA2, w.adminB, w.repB, w.finance]) {
      const n = (await a.http.get('/api/accounts?limit=200')).body.data.length;
      expect((await a.http.get('/api/accounts/count')).body).toEqual({ count: n });
    }
  });

  it('filters by partner (repeated), industry (any case), size, country, owner and search', async () => {
    const cm = w.channelManager.http;
    const byPartner = await cm.get(
      `/api/accounts?managedByPartnerId=${w.partnerA.id}&managedByPartnerId=${w.partnerB.id}&limit=200`,
    );
    expect(byPartner.body.data.every((a: any) => a.managedByPartnerId !== null)).toBe(true);
    expect(ids(byPartner.body)).toEqual(expect.arrayContaining([accA1.id, accB.id]));
    const industry = ids((await cm.get('/api/accounts?industry=MANUFACTURING&limit=200')).body);
    expect(industry).toEqual([accA1.id, accB.id, accV.id].sort());
    expect(ids((await cm.get('/api/accounts?companySize=1-10')).body)).toEqual([accA2.id]);
    expect(ids((await cm.get('/api/accounts?countryCode=de')).body)).toEqual([accA1.id]);
    expect(ids((await cm.get('/api/accounts?q=ANVILS')).body)).toEqual([accA1.id]);
    expect(ids((await cm.get('/api/accounts?q=acme-anvils.example')).body)).toEqual([accA1.id]);
    expect((await cm.get('/api/accounts?q=%25')).body.data).toEqual([]);
    const owned = (await cm.get(`/api/accounts?ownerId=${w.salesRep.id}`)).body.data;
    expect(owned.map((a: any) => a.name)).toEqual(['Owned']);
    expect(
      (await cm.get(`/api/accounts/count?managedByPartnerId=${w.partnerA.id}&industry=retail`))
        .body,
    ).toEqual({ count: 1 });
    expect((await cm.get('/api/accounts?companySize=huge')).status).toBe(400);
  });

  it('partner users learn nothing of B through filters', async () => {
    for (const a of [w.adminA, w.repA]) {
      const res = await a.http.get(`/api/accounts?managedByPartnerId=${w.partnerB.id}`);
      expect(res.body.data).toEqual([]);
      const count = await a.http.get(`/api/accounts/count?q=Beta%20Customer`);
      expect(count.body).toEqual({ count: 0 });
    }
  });

  it('sorts and pages with a keyset cursor', async () => {
    const all = (await w.admin.http.get('/api/accounts?sort=-name&limit=200')).body.data;
    const names = all.map((a: any) => a.name);
    expect(names).toEqual([...names].sort().reverse());
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await w.admin.http.get(
        `/api/accounts?sort=-name&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...res.body.data.map((a: any) => a.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(names);
    expect((await w.admin.http.get('/api/accounts?sort=secret')).status).toBe(400);
    expect((await w.admin.http.get('/api/accounts?cursor=garbage')).status).toBe(400);
  });
});

describe('GET /api/accounts/:id', () => {
  it('401 → 404 for another partner, exactly like a missing one', async () => {
    expect((await w.anon.get(`/api/accounts/${accA1.id}`)).status).toBe(401);
    const missing = await w.adminA.http.get(`/api/accounts/${MISSING}`);
    for (const [who, id] of [
      [w.adminA, accB.id],
      [w.adminA, accV.id],
      [w.repA, accA2.id],
      [w.repA, accA0.id],
      [w.adminB, accA1.id],
    ] as const) {
      const res = await who.http.get(`/api/accounts/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(missing.body.error.message);
      expect(JSON.stringify(res.body)).not.toContain('Beta Customer');
    }
    expect((await w.adminA.http.get('/api/accounts/not-a-uuid')).status).toBe(400);
  });

  it('shows the record with abilities for each caller', async () => {
    expect((await w.finance.http.get(`/api/accounts/${accA1.id}`)).body.abilities).toMatchObject({
      update: false,
      delete: false,
    });
    expect((await w.repA.http.get(`/api/accounts/${accA1.id}`)).body.abilities).toMatchObject({
      update: true,
      delete: false,
    });
    expect((await w.adminA.http.get(`/api/accounts/${accA1.id}`)).body.abilities).toMatchObject({
      update: true,
      delete: true,
    });
  });
});

describe('PATCH /api/accounts/:id', () => {
  it('401 → 403 (finance, marketing) → 404 (another partner, another rep)', async () => {
    const v = { version: 1, name: 'Hacked' };
    expect((await w.anon.patch(`/api/accounts/${accA1.id}`, v)).status).toBe(401);
    expect((await w.finance.http.patch(`/api/accounts/${accA1.id}`, v)).status).toBe(403);
    expect((await w.marketing.http.patch(`/api/accounts/${accA1.id}`, v)).status).toBe(403);
    expect((await w.adminB.http.patch(`/api/accounts/${accA1.id}`, v)).status).toBe(404);
    expect((await w.repA.http.patch(`/api/accounts/${accA2.id}`, v)).status).toBe(404);
    expect((await w.adminA.http.patch(`/api/accounts/${accB.id}`, v)).status).toBe(404);
    expect((await w.admin.http.get(`/api/accounts/${accA1.id}`)).body.name).toBe('Acme Anvils');
  });

  it('updates with versions: 409 stale, 428 missing, field history', async () => {
    const a = await makeAccount({ name: 'Versioned', managedByPartnerId: w.partnerA.id });
    const ok = await w.adminA.http.patch(`/api/accounts/${a.id}`, {
      version: 1,
      name: 'Versioned Two',
      industry: 'Logistics',
      partnerUserId: w.repA.id,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, name: 'Versioned Two', partnerUserId: w.repA.id });
    const stale = await w.channelManager.http.patch(`/api/accounts/${a.id}`, {
      version: 1,
      name: 'Lost',
    });
    expect(stale.status).toBe(409);
    expect(
      (await w.channelManager.http.patch(`/api/accounts/${a.id}`, { name: 'No version' })).status,
    ).toBe(428);
    const ifMatch = await w.channelManager.http.patch(
      `/api/accounts/${a.id}`,
      { name: 'By header' },
      { 'if-match': '"2"' },
    );
    expect(ifMatch.status).toBe(200);
    const h = await w.adminA.http.get(`/api/history?subjectType=account&subjectId=${a.id}`);
    expect(h.body.data[1].changes).toEqual({
      name: { from: 'Versioned', to: 'Versioned Two' },
      industry: { from: null, to: 'Logistics' },
      partnerUserId: { from: null, to: w.repA.id },
    });
    // the rep it was handed to now sees it and may edit it
    expect((await w.repA.http.get(`/api/accounts/${a.id}`)).status).toBe(200);
  });

  it('partner users cannot move an account away, reassign owners, or hand it to outsiders', async () => {
    const a = (await w.adminA.http.get(`/api/accounts/${accA0.id}`)).body;
    const away = await w.adminA.http.patch(`/api/accounts/${a.id}`, {
      version: a.version,
      managedByPartnerId: null,
    });
    expect(away.status).toBe(400);
    expect(away.body.error.fields.managedByPartnerId).toBe('must be your own company');
    const toB = await w.adminA.http.patch(`/api/accounts/${a.id}`, {
      version: a.version,
      partnerUserId: w.adminB.id,
    });
    expect(toB.status).toBe(400);
    const mine = (await w.repA.http.get(`/api/accounts/${accA1.id}`)).body;
    const handOff = await w.repA.http.patch(`/api/accounts/${accA1.id}`, {
      version: mine.version,
      partnerUserId: w.repA2.id,
    });
    expect(handOff.status).toBe(400);
    const ok = await w.repA.http.patch(`/api/accounts/${accA1.id}`, {
      version: mine.version,
      companySize: '201-1000',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.partnerUserId).toBe(w.repA.id);
    accA1 = ok.body;
  });

  it('internal users move an account between partners; the partner person must follow', async () => {
    const a = await makeAccount({
      name: 'Mover',
      managedByPartnerId: w.partnerA.id,
      partnerUserId: w.repA.id,
    });
    const bad = await w.channelManager.http.patch(`/api/accounts/${a.id}`, {
      version: 1,
      managedByPartnerId: w.partnerB.id,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.partnerUserId).toBe('must be a person at the managing partner');
    const moved = await w.channelManager.http.patch(`/api/accounts/${a.id}`, {
      version: 1,
      managedByPartnerId: w.partnerB.id,
      partnerUserId: null,
    });
    expect(moved.status).toBe(200);
    expect((await w.adminA.http.get(`/api/accounts/${a.id}`)).status).toBe(404);
    expect((await w.adminB.http.get(`/api/accounts/${a.id}`)).status).toBe(200);
  });
});

describe('DELETE /api/accounts/:id', () => {
  it('401 → 403 (finance, partner rep) → 404 (another partner)', async () => {
    expect((await w.anon.delete(`/api/accounts/${accA0.id}`)).status).toBe(401);
    expect((await w.finance.http.delete(`/api/accounts/${accA0.id}`)).status).toBe(403);
    expect((await w.repA.http.delete(`/api/accounts/${accA1.id}`)).status).toBe(403);
    expect((await w.adminB.http.delete(`/api/accounts/${accA0.id}`)).status).toBe(404);
    expect((await w.admin.http.get(`/api/accounts/${accA0.id}`)).status).toBe(200);
  });

  it('refuses while contacts or cases refer to it, then deletes and records it', async () => {
    const a = await makeAccount({ name: 'Doomed', managedByPartnerId: w.partnerA.id });
    const c = await w.adminA.http.post('/api/contacts', {
      accountId: a.id,
      firstName: 'Ann',
      lastName: 'Ember',
    });
    expect(c.status).toBe(201);
    const refused = await w.adminA.http.delete(`/api/accounts/${a.id}`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('BUSINESS_RULE');
    expect((await w.adminA.http.delete(`/api/contacts/${c.body.id}`)).status).toBe(204);
    const kase = await w.channelManager.http.post('/api/cases', {
      subject: 'Blocks delete',
      accountId: a.id,
      managedByPartnerId: w.partnerB.id,
    });
    expect(kase.status).toBe(201);
    // a case the partner cannot see still protects the account
    expect((await w.adminA.http.delete(`/api/accounts/${a.id}`)).status).toBe(422);
    expect((await w.admin.http.delete(`/api/cases/${kase.body.id}`)).status).toBe(204);
    expect((await w.adminA.http.delete(`/api/accounts/${a.id}`)).status).toBe(204);
    expect((await w.adminA.http.get(`/api/accounts/${a.id}`)).status).toBe(404);
    expect((await w.adminA.http.delete(`/api/accounts/${a.id}`)).status).toBe(404);
  });
});
