import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { world, type Actor, type World } from '../support/factories';

let env: TestEnv;
let w: World;
let accA1: any; // partner A, rep A
let accA2: any; // partner A, rep A2
let accB: any;
let ctA1: any;
let ctA2: any;
let ctB: any;
const MISSING = '00000000-0000-4000-8000-000000000000';

async function post(path: string, body: Record<string, unknown>, as: Actor = w.channelManager) {
  const res = await as.http.post(path, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  accA1 = await post('/api/accounts', {
    name: 'Acme',
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA.id,
  });
  accA2 = await post('/api/accounts', {
    name: 'Bolt',
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA2.id,
  });
  accB = await post('/api/accounts', { name: 'Beta Customer', managedByPartnerId: w.partnerB.id });
  ctA1 = await post('/api/contacts', {
    accountId: accA1.id,
    firstName: 'Alice',
    lastName: 'Anders',
    email: 'Alice@Acme.example',
    jobTitle: 'CTO',
  });
  ctA2 = await post('/api/contacts', { accountId: accA2.id, firstName: 'Bob', lastName: 'Bolt' });
  ctB = await post('/api/contacts', {
    accountId: accB.id,
    firstName: 'Secret',
    lastName: 'Betaperson',
    email: 'secret@beta.example',
  });
});
afterAll(() => env.close());

const ids = (body: { data: { id: string }[] }) => body.data.map((c) => c.id).sort();

describe('POST /api/contacts', () => {
  it('401 → 403 (finance, marketing) → another partner’s account is a field error', async () => {
    const body = { accountId: accA1.id, firstName: 'X', lastName: 'Y' };
    expect((await w.anon.post('/api/contacts', body)).status).toBe(401);
    expect((await w.finance.http.post('/api/contacts', body)).status).toBe(403);
    expect((await w.marketing.http.post('/api/contacts', body)).status).toBe(403);
    for (const [who, accountId] of [
      [w.adminB, accA1.id],
      [w.repA, accA2.id],
      [w.adminA, MISSING],
    ] as const) {
      const res = await who.http.post('/api/contacts', { ...body, accountId });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual({ accountId: 'No such account' });
    }
    expect(ids((await w.admin.http.get(`/api/contacts?accountId=${accA1.id}`)).body)).toEqual([
      ctA1.id,
    ]);
  });

  it('creates with normalised fields and history', async () => {
    expect(ctA1).toMatchObject({
      accountId: accA1.id,
      account: { id: accA1.id, name: 'Acme' },
      name: 'Alice Anders',
      email: 'alice@acme.example',
      jobTitle: 'CTO',
      version: 1,
      abilities: { update: true, delete: true },
    });
    const h = await w.adminA.http.get(`/api/history?subjectType=contact&subjectId=${ctA1.id}`);
    expect(h.body.data[0]).toMatchObject({
      action: 'create',
      changes: { firstName: { from: null, to: 'Alice' } },
    });
    const rep = await post(
      '/api/contacts',
      { accountId: accA1.id, firstName: 'Rep', lastName: 'Made' },
      w.repA,
    );
    expect(rep.accountId).toBe(accA1.id);
  });

  it('validates, and only the vendor picks an owner', async () => {
    const res = await w.admin.http.post('/api/contacts', {
      accountId: 'x',
      firstName: '',
      lastName: 'x'.repeat(101),
      email: 'nope',
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual([
      'accountId',
      'email',
      'firstName',
      'lastName',
    ]);
    const owner = await w.adminA.http.post('/api/contacts', {
      accountId: accA1.id,
      firstName: 'A',
      lastName: 'B',
      ownerId: w.salesRep.id,
    });
    expect(owner.body.error.fields).toEqual({ ownerId: 'is chosen by the vendor' });
    const partnerOwner = await w.admin.http.post('/api/contacts', {
      accountId: accA1.id,
      firstName: 'A',
      lastName: 'B',
      ownerId: w.repA.id,
    });
    expect(partnerOwner.body.error.fields).toEqual({
      ownerId: 'must be an active member of your team',
    });
  });
});

describe('GET /api/contacts and /api/contacts/:id', () => {
  it('401 → 404 for contacts of accounts out of scope', async () => {
    expect((await w.anon.get('/api/contacts')).status).toBe(401);
    expect((await w.anon.get(`/api/contacts/${ctA1.id}`)).status).toBe(401);
    const missing = await w.adminA.http.get(`/api/contacts/${MISSING}`);
    for (const [who, id] of [
      [w.adminA, ctB.id],
      [w.repA, ctA2.id],
      [w.adminB, ctA1.id],
      [w.repB, ctB.id],
    ] as const) {
      const res = await who.http.get(`/api/contacts/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(missing.body.error.message);
    }
    expect((await w.repA.http.get(`/api/contacts/${ctA1.id}`)).status).toBe(200);
    expect((await w.finance.http.get(`/api/contacts/${ctB.id}`)).body.abilities).toEqual({
      update: false,
      delete: false,
    });
  });

  it('lists through the account scope, with account filter and search', async () => {
    const all = ids((await w.marketing.http.get('/api/contacts?limit=200')).body);
    expect(all).toEqual(expect.arrayContaining([ctA1.id, ctA2.id, ctB.id]));
    const adminA = ids((await w.adminA.http.get('/api/contacts?limit=200')).body);
    expect(adminA).toEqual(expect.arrayContaining([ctA1.id, ctA2.id]));
    expect(adminA).not.toContain(ctB.id);
    const repA = (await w.repA.http.get('/api/contacts?limit=200')).body.data;
    expect(repA.every((c: any) => c.accountId === accA1.id)).toBe(true);
    expect((await w.adminA.http.get(`/api/contacts?accountId=${accB.id}`)).body.data).toEqual([]);
    expect((await w.repA.http.get('/api/contacts?q=secret')).body.data).toEqual([]);
    expect(ids((await w.admin.http.get('/api/contacts?q=alice%20anders')).body)).toEqual([ctA1.id]);
    expect(ids((await w.admin.http.get('/api/contacts?q=acme.example')).body)).toEqual([ctA1.id]);
    const sorted = (await w.admin.http.get('/api/contacts?sort=-lastName&limit=200')).body.data;
    const last = sorted.map((c: any) => c.lastName);
    expect(last).toEqual([...last].sort().reverse());
    const page1 = await w.admin.http.get('/api/contacts?limit=1');
    const page2 = await w.admin.http.get(`/api/contacts?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.data[0].id).not.toBe(page1.body.data[0].id);
  });
});

describe('PATCH /api/contacts/:id', () => {
  it('401 → 403 (finance) → 404 (another partner, another rep)', async () => {
    const body = { version: 1, firstName: 'Hacked' };
    expect((await w.anon.patch(`/api/contacts/${ctA1.id}`, body)).status).toBe(401);
    expect((await w.finance.http.patch(`/api/contacts/${ctA1.id}`, body)).status).toBe(403);
    expect((await w.adminB.http.patch(`/api/contacts/${ctA1.id}`, body)).status).toBe(404);
    expect((await w.repA.http.patch(`/api/contacts/${ctA2.id}`, body)).status).toBe(404);
    expect((await w.admin.http.get(`/api/contacts/${ctA1.id}`)).body.firstName).toBe('Alice');
  });

  it('updates with versions and history; cannot move to another account', async () => {
    const ok = await w.repA.http.patch(`/api/contacts/${ctA1.id}`, {
      version: 1,
      phone: '+49 30 1234',
      jobTitle: '',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, phone: '+49 30 1234', jobTitle: null });
    expect(
      (await w.adminA.http.patch(`/api/contacts/${ctA1.id}`, { version: 1, phone: 'x' })).status,
    ).toBe(409);
    expect((await w.adminA.http.patch(`/api/contacts/${ctA1.id}`, { phone: 'x' })).status).toBe(
      428,
    );
    const move = await w.admin.http.patch(`/api/contacts/${ctA1.id}`, {
      version: 2,
      accountId: accB.id,
    });
    expect(move.status).toBe(400);
    const h = await w.repA.http.get(`/api/history?subjectType=contact&subjectId=${ctA1.id}`);
    expect(h.body.data[0]).toMatchObject({
      action: 'update',
      actor: { id: w.repA.id },
      changes: { phone: { from: null, to: '+49 30 1234' }, jobTitle: { from: 'CTO', to: null } },
    });
    const owned = await w.channelManager.http.patch(`/api/contacts/${ctA1.id}`, {
      version: 2,
      ownerId: w.salesRep.id,
    });
    expect(owned.body.owner).toEqual({ id: w.salesRep.id, name: w.salesRep.name });
  });
});

describe('DELETE /api/contacts/:id', () => {
  it('401 → 403 (marketing) → 404 (another partner) → deletes, and cases lose the contact', async () => {
    const c = await post('/api/contacts', {
      accountId: accA1.id,
      firstName: 'Gone',
      lastName: 'Soon',
    });
    expect((await w.anon.delete(`/api/contacts/${c.id}`)).status).toBe(401);
    expect((await w.marketing.http.delete(`/api/contacts/${c.id}`)).status).toBe(403);
    expect((await w.adminB.http.delete(`/api/contacts/${c.id}`)).status).toBe(404);
    expect((await w.repA2.http.delete(`/api/contacts/${c.id}`)).status).toBe(404);
    const kase = await post('/api/cases', {
      subject: 'Printer on fire',
      accountId: accA1.id,
      contactId: c.id,
    });
    expect(kase.contact).toEqual({ id: c.id, name: 'Gone Soon' });
    expect((await w.repA.http.delete(`/api/contacts/${c.id}`)).status).toBe(204);
    expect((await w.repA.http.get(`/api/contacts/${c.id}`)).status).toBe(404);
    const after = (await w.admin.http.get(`/api/cases/${kase.id}`)).body;
    expect(after.contactId).toBeNull();
    const h = await w.admin.http.get(`/api/history?subjectType=contact&subjectId=${c.id}`);
    expect(h.status).toBe(404); // the record is gone, so its history is no longer reachable
  });
});
