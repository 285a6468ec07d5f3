import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { world, type Actor, type World } from '../support/factories';

let env: TestEnv;
let w: World;
let accA1: any; // partner A, rep A
let accA2: any; // partner A, rep A2
let accB: any;
let accV: any; // vendor only
let ctA1: any;
let ctA2: any;
let csA1: any; // partner A, rep A, account A1
let csA2: any; // partner A, rep A2
let csB: any;
let csV: any; // vendor only
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
  accV = await post('/api/accounts', { name: 'Vendor Direct Secret' });
  ctA1 = await post('/api/contacts', { accountId: accA1.id, firstName: 'Alice', lastName: 'A' });
  ctA2 = await post('/api/contacts', { accountId: accA2.id, firstName: 'Bob', lastName: 'B' });
  csA1 = await post('/api/cases', {
    subject: 'Login broken',
    priority: 'high',
    accountId: accA1.id,
    contactId: ctA1.id,
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA.id,
  });
  csA2 = await post('/api/cases', {
    subject: 'Invoice question',
    status: 'pending',
    accountId: accA2.id,
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA2.id,
  });
  csB = await post('/api/cases', {
    subject: 'Beta secret outage',
    priority: 'urgent',
    accountId: accB.id,
    managedByPartnerId: w.partnerB.id,
  });
  csV = await post('/api/cases', { subject: 'Direct escalation', accountId: accV.id });
});
afterAll(() => env.close());

const ids = (body: { data: { id: string }[] }) => body.data.map((c) => c.id).sort();

describe('POST /api/cases', () => {
  it('401 → 403 (finance, marketing) → partner users cannot open cases for another partner', async () => {
    expect((await w.anon.post('/api/cases', { subject: 'X' })).status).toBe(401);
    expect((await w.finance.http.post('/api/cases', { subject: 'X' })).status).toBe(403);
    expect((await w.marketing.http.post('/api/cases', { subject: 'X' })).status).toBe(403);
    const res = await w.adminA.http.post('/api/cases', {
      subject: 'Planted',
      managedByPartnerId: w.partnerB.id,
      accountId: accB.id,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({
      managedByPartnerId: 'must be your own company',
      accountId: 'No such account',
    });
    expect((await w.adminB.http.get('/api/cases?q=Planted')).body.data).toEqual([]);
  });

  it('creates with a human number, names, defaults and history', async () => {
    expect(csA1).toMatchObject({
      subject: 'Login broken',
      status: 'new',
      priority: 'high',
      description: '',
      account: { id: accA1.id, name: 'Acme' },
      contact: { id: ctA1.id, name: 'Alice A' },
      managedByPartner: { id: w.partnerA.id, name: w.partnerA.company_name },
      partnerUser: { id: w.repA.id, name: w.repA.name },
      closedAt: null,
      version: 1,
    });
    expect(csA1.reference).toMatch(/^CASE-\d{6}$/);
    expect(csA1.reference).toBe(`CASE-${String(csA1.number).padStart(6, '0')}`);
    expect(csA2.number).toBeGreaterThan(csA1.number);
    const h = await w.repA.http.get(`/api/history?subjectType=case&subjectId=${csA1.id}`);
    expect(h.body.data[0]).toMatchObject({
      action: 'create',
      changes: { subject: { from: null, to: 'Login broken' }, status: { from: null, to: 'new' } },
    });
  });

  it('a case opened already resolved carries closedAt', async () => {
    const c = await post('/api/cases', { subject: 'Done on the phone', status: 'resolved' });
    expect(c.closedAt).not.toBeNull();
  });

  it('forces partner users onto their company (and reps onto themselves)', async () => {
    const byAdmin = await post(
      '/api/cases',
      { subject: 'From A admin', accountId: accA2.id },
      w.adminA,
    );
    expect(byAdmin).toMatchObject({ managedByPartnerId: w.partnerA.id, partnerUserId: null });
    const byRep = await post(
      '/api/cases',
      { subject: 'From rep', accountId: accA1.id, contactId: ctA1.id },
      w.repA,
    );
    expect(byRep).toMatchObject({ managedByPartnerId: w.partnerA.id, partnerUserId: w.repA.id });
    const repOther = await w.repA.http.post('/api/cases', {
      subject: 'X',
      partnerUserId: w.repA2.id,
      accountId: accA2.id,
    });
    expect(repOther.status).toBe(400);
    expect(repOther.body.error.fields).toEqual({
      partnerUserId: 'must be yourself',
      accountId: 'No such account',
    });
    const owner = await w.repA.http.post('/api/cases', { subject: 'X', ownerId: w.admin.id });
    expect(owner.body.error.fields).toEqual({ ownerId: 'is chosen by the vendor' });
  });

  it('account and contact must be visible and belong together', async () => {
    const wrongContact = await w.channelManager.http.post('/api/cases', {
      subject: 'X',
      accountId: accA1.id,
      contactId: ctA2.id,
    });
    expect(wrongContact.status).toBe(400);
    expect(wrongContact.body.error.fields).toEqual({
      contactId: "must be a contact of the case's account",
    });
    const noAccount = await w.channelManager.http.post('/api/cases', {
      subject: 'X',
      contactId: ctA1.id,
    });
    expect(noAccount.body.error.fields).toEqual({
      contactId: "must be a contact of the case's account",
    });
    const hidden = await w.repA.http.post('/api/cases', {
      subject: 'X',
      accountId: accA1.id,
      contactId: ctA2.id,
    });
    expect(hidden.body.error.fields).toEqual({ contactId: 'No such contact' });
    const missing = await w.admin.http.post('/api/cases', { subject: 'X', accountId: MISSING });
    expect(missing.body.error.fields).toEqual({ accountId: 'No such account' });
  });

  it('validates', async () => {
    const res = await w.admin.http.post('/api/cases', {
      subject: '',
      status: 'lost',
      priority: 'meh',
      description: 'x'.repeat(20001),
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual([
      'description',
      'priority',
      'status',
      'subject',
    ]);
  });
});

describe('GET /api/cases, /api/cases/count and /api/cases/:id', () => {
  it('401 → 404 for out-of-scope cases, exactly like missing ones', async () => {
    expect((await w.anon.get('/api/cases')).status).toBe(401);
    expect((await w.anon.get('/api/cases/count')).status).toBe(401);
    expect((await w.anon.get(`/api/cases/${csA1.id}`)).status).toBe(401);
    const missing = await w.adminA.http.get(`/api/cases/${MISSING}`);
    for (const [who, id] of [
      [w.adminA, csB.id],
      [w.adminA, csV.id],
      [w.repA, csA2.id],
      [w.repA2, csA1.id],
      [w.adminB, csA1.id],
    ] as const) {
      const res = await who.http.get(`/api/cases/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(missing.body.error.message);
      const h = await who.http.get(`/api/history?subjectType=case&subjectId=${id}`);
      expect(h.status).toBe(404);
    }
  });

  it('every role sees its scope; counts agree', async () => {
    for (const a of [w.admin, w.channelManager, w.salesRep, w.finance, w.marketing]) {
      const list = ids((await a.http.get('/api/cases?limit=200')).body);
      expect(list).toEqual(expect.arrayContaining([csA1.id, csA2.id, csB.id, csV.id]));
    }
    const adminA = (await w.adminA.http.get('/api/cases?limit=200')).body.data;
    expect(adminA.every((c: any) => c.managedByPartnerId === w.partnerA.id)).toBe(true);
    expect(adminA.map((c: any) => c.id)).toEqual(expect.arrayContaining([csA1.id, csA2.id]));
    const repA = (await w.repA.http.get('/api/cases?limit=200')).body.data;
    expect(repA.every((c: any) => c.partnerUserId === w.repA.id)).toBe(true);
    expect(ids((await w.adminB.http.get('/api/cases?limit=200')).body)).toEqual([csB.id]);
    for (const a of [w.adminA, w.repA, w.repA2, w.adminB, w.repB, w.marketing]) {
      const n = (await a.http.get('/api/cases?limit=200')).body.data.length;
      expect((await a.http.get('/api/cases/count')).body).toEqual({ count: n });
    }
    const text = JSON.stringify((await w.adminA.http.get('/api/cases?limit=200')).body);
    expect(text).not.toContain(w.partnerB.company_name);
    expect(text).not.toContain('Beta');
  });

  it('does not name an account the partner cannot see', async () => {
    // The vendor hands a case on its own direct customer to partner A.
    const handed = await post('/api/cases', {
      subject: 'Needs a local hand',
      accountId: accV.id,
      managedByPartnerId: w.partnerA.id,
    });
    const seen = (await w.adminA.http.get(`/api/cases/${handed.id}`)).body;
    expect(seen.account).toBeNull();
    expect(seen.accountId).toBeNull();
    expect(JSON.stringify(seen)).not.toContain('Vendor Direct Secret');
    expect((await w.admin.http.get(`/api/cases/${handed.id}`)).body.account.name).toBe(
      'Vendor Direct Secret',
    );
    // and the partner can still work it without touching the account
    const ok = await w.adminA.http.patch(`/api/cases/${handed.id}`, {
      version: 1,
      status: 'open',
    });
    expect(ok.status).toBe(200);
    expect((await w.admin.http.get(`/api/cases/${handed.id}`)).body.accountId).toBe(accV.id);
  });

  it('filters by status, open, priority, partner, account and number or subject', async () => {
    const cm = w.channelManager.http;
    expect(ids((await cm.get('/api/cases?status=pending')).body)).toEqual([csA2.id]);
    const open = (await cm.get('/api/cases?open=true&limit=200')).body.data;
    expect(open.every((c: any) => ['new', 'open', 'pending'].includes(c.status))).toBe(true);
    const statuses = (await cm.get('/api/cases?status=new&status=pending&limit=200')).body.data;
    expect(statuses.every((c: any) => ['new', 'pending'].includes(c.status))).toBe(true);
    expect(ids((await cm.get('/api/cases?priority=urgent')).body)).toEqual([csB.id]);
    const byPartner = (await cm.get(`/api/cases?managedByPartnerId=${w.partnerB.id}`)).body;
    expect(ids(byPartner)).toEqual([csB.id]);
    const byAccount = ids((await cm.get(`/api/cases?accountId=${accA1.id}&limit=200`)).body);
    expect(byAccount).toContain(csA1.id);
    expect(byAccount).not.toContain(csA2.id);
    expect(ids((await cm.get('/api/cases?q=LOGIN')).body)).toEqual([csA1.id]);
    expect(ids((await cm.get(`/api/cases?q=${csA1.reference}`)).body)).toEqual([csA1.id]);
    expect(ids((await cm.get(`/api/cases?q=${csA1.number}`)).body)).toEqual([csA1.id]);
    expect((await cm.get('/api/cases/count?priority=urgent')).body).toEqual({ count: 1 });
    expect((await cm.get('/api/cases?status=lost')).status).toBe(400);
    // partner users filtering for B get nothing
    expect(
      (await w.adminA.http.get(`/api/cases?managedByPartnerId=${w.partnerB.id}`)).body.data,
    ).toEqual([]);
    expect((await w.repA.http.get('/api/cases/count?priority=urgent')).body).toEqual({ count: 0 });
  });

  it('sorts and pages', async () => {
    const all = (await w.admin.http.get('/api/cases?sort=number&limit=200')).body.data;
    const numbers = all.map((c: any) => c.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await w.admin.http.get(
        `/api/cases?sort=number&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...res.body.data.map((c: any) => c.number));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(numbers);
    expect((await w.admin.http.get('/api/cases?sort=password')).status).toBe(400);
  });
});

describe('PATCH /api/cases/:id', () => {
  it('401 → 403 (finance, marketing) → 404 (another partner, another rep)', async () => {
    const body = { version: 1, subject: 'Hacked' };
    expect((await w.anon.patch(`/api/cases/${csA1.id}`, body)).status).toBe(401);
    expect((await w.finance.http.patch(`/api/cases/${csA1.id}`, body)).status).toBe(403);
    expect((await w.marketing.http.patch(`/api/cases/${csA1.id}`, body)).status).toBe(403);
    expect((await w.adminB.http.patch(`/api/cases/${csA1.id}`, body)).status).toBe(404);
    expect((await w.repA2.http.patch(`/api/cases/${csA1.id}`, body)).status).toBe(404);
    expect((await w.adminA.http.patch(`/api/cases/${csV.id}`, body)).status).toBe(404);
    expect((await w.admin.http.get(`/api/cases/${csA1.id}`)).body.subject).toBe('Login broken');
  });

  it('status changes stamp and clear closedAt and read as status changes in history', async () => {
    const c = await post('/api/cases', {
      subject: 'Status walk',
      managedByPartnerId: w.partnerA.id,
      partnerUserId: w.repA.id,
    });
    const open = await w.repA.http.patch(`/api/cases/${c.id}`, { version: 1, status: 'open' });
    expect(open.body).toMatchObject({ status: 'open', closedAt: null, version: 2 });
    const resolved = await w.repA.http.patch(`/api/cases/${c.id}`, {
      version: 2,
      status: 'resolved',
    });
    expect(resolved.body.closedAt).not.toBeNull();
    const closed = await w.repA.http.patch(`/api/cases/${c.id}`, { version: 3, status: 'closed' });
    // moving between closed states keeps the moment the case was first closed
    expect(closed.body.closedAt).toBe(resolved.body.closedAt);
    const reopened = await w.adminA.http.patch(`/api/cases/${c.id}`, {
      version: 4,
      status: 'open',
    });
    expect(reopened.body.closedAt).toBeNull();
    const renamed = await w.adminA.http.patch(`/api/cases/${c.id}`, {
      version: 5,
      subject: 'Status walk (renamed)',
    });
    expect(renamed.status).toBe(200);
    const h = (await w.repA.http.get(`/api/history?subjectType=case&subjectId=${c.id}`)).body.data;
    expect(h.map((e: any) => e.action)).toEqual([
      'update',
      'status_change',
      'status_change',
      'status_change',
      'status_change',
      'create',
    ]);
    expect(h[4].changes.status).toEqual({ from: 'new', to: 'open' });
    expect(h[3].changes.closedAt.from).toBeNull();
    expect(h[1].changes).toMatchObject({ status: { from: 'closed', to: 'open' } });
    expect(h[1].changes.closedAt.to).toBeNull();
    expect(h[0].changes).toEqual({
      subject: { from: 'Status walk', to: 'Status walk (renamed)' },
    });
  });

  it('409 on a stale version, 428 without one', async () => {
    const c = await post('/api/cases', { subject: 'Race' });
    expect(
      (await w.salesRep.http.patch(`/api/cases/${c.id}`, { version: 1, priority: 'low' })).status,
    ).toBe(200);
    const stale = await w.admin.http.patch(`/api/cases/${c.id}`, {
      version: 1,
      priority: 'urgent',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect((await w.admin.http.patch(`/api/cases/${c.id}`, { priority: 'urgent' })).status).toBe(
      428,
    );
    expect((await w.admin.http.get(`/api/cases/${c.id}`)).body.priority).toBe('low');
  });

  it('changing the account drops a contact from the old account; explicit mismatches fail', async () => {
    const c = await post('/api/cases', {
      subject: 'Move me',
      accountId: accA1.id,
      contactId: ctA1.id,
    });
    const bad = await w.channelManager.http.patch(`/api/cases/${c.id}`, {
      version: 1,
      accountId: accA2.id,
      contactId: ctA1.id,
    });
    expect(bad.status).toBe(400);
    const moved = await w.channelManager.http.patch(`/api/cases/${c.id}`, {
      version: 1,
      accountId: accA2.id,
    });
    expect(moved.body).toMatchObject({ accountId: accA2.id, contactId: null });
    const withContact = await w.channelManager.http.patch(`/api/cases/${c.id}`, {
      version: 2,
      contactId: ctA2.id,
    });
    expect(withContact.body.contact).toEqual({ id: ctA2.id, name: 'Bob B' });
  });

  it('partner users cannot hand a case to another partner or to an outsider', async () => {
    const c = (await w.adminA.http.get(`/api/cases/${csA2.id}`)).body;
    const away = await w.adminA.http.patch(`/api/cases/${c.id}`, {
      version: c.version,
      managedByPartnerId: w.partnerB.id,
    });
    expect(away.status).toBe(400);
    const outsider = await w.adminA.http.patch(`/api/cases/${c.id}`, {
      version: c.version,
      partnerUserId: w.repB.id,
    });
    expect(outsider.status).toBe(400);
    const toHidden = await w.adminA.http.patch(`/api/cases/${c.id}`, {
      version: c.version,
      accountId: accB.id,
    });
    expect(toHidden.body.error.fields).toEqual({ accountId: 'No such account' });
  });
});

describe('DELETE /api/cases/:id', () => {
  it('401 → 403 for everyone but admins → 404 missing → deletes with history', async () => {
    const c = await post('/api/cases', { subject: 'Delete me', managedByPartnerId: w.partnerA.id });
    expect((await w.anon.delete(`/api/cases/${c.id}`)).status).toBe(401);
    for (const a of [w.channelManager, w.salesRep, w.finance, w.adminA, w.repA, w.adminB]) {
      expect((await a.http.delete(`/api/cases/${c.id}`)).status).toBe(403);
    }
    expect((await w.admin.http.delete(`/api/cases/${MISSING}`)).status).toBe(404);
    expect((await w.admin.http.delete(`/api/cases/${c.id}`)).status).toBe(204);
    expect((await w.admin.http.get(`/api/cases/${c.id}`)).status).toBe(404);
    const events = await env.deps.db
      .selectFrom('events')
      .select(['action'])
      .where('subject_type', '=', 'case')
      .where('subject_id', '=', c.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['create', 'delete']);
  });
});
