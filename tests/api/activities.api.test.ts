import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import {
  makeAccount,
  makeConsultant,
  makeContact,
  world,
  type Actor,
  type World,
} from '../support/factories';

let env: TestEnv;
let w: World;
let accountA: { id: string };
let accountB: { id: string };
let contactA: { id: string };
let contactB: { id: string };
let consultantA: { id: string };
let consultantB: { id: string };

const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  accountA = await makeAccount(env.deps, {
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA.id,
  });
  accountB = await makeAccount(env.deps, { managedByPartnerId: w.partnerB.id });
  contactA = await makeContact(env.deps, { accountId: accountA.id });
  contactB = await makeContact(env.deps, { accountId: accountB.id });
  consultantA = await makeConsultant(env.deps, { partnerId: w.partnerA.id });
  consultantB = await makeConsultant(env.deps, { partnerId: w.partnerB.id });
});
afterAll(() => env.close());

const input = (over: Record<string, unknown> = {}) => ({
  subjectType: 'partner',
  subjectId: w.partnerA.id,
  type: 'call',
  subject: 'Quarterly pipeline review',
  occurredAt: '2026-11-20T10:30:00.000Z',
  durationMinutes: 45,
  outcome: 'Agreed on two joint campaigns',
  ...over,
});

async function logActivity(who: Actor, over: Record<string, unknown> = {}) {
  const res = await who.http.post('/api/activities', input(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number };
}

const list = (who: Actor, type: string, id: string, extra = '') =>
  who.http.get(`/api/activities?subjectType=${type}&subjectId=${id}${extra}`);

describe('POST /api/activities', () => {
  it('401 → 404 for partner records (internal log) and for another partner’s account', async () => {
    expect((await w.anon.post('/api/activities', input())).status).toBe(401);
    // Partner users never reach the vendor's relationship log, not even about their own company.
    for (const a of [w.adminA, w.repA]) {
      const res = await a.http.post('/api/activities', input());
      expect(res.status).toBe(404);
    }
    const other = await w.adminA.http.post(
      '/api/activities',
      input({ subjectType: 'account', subjectId: accountB.id }),
    );
    expect(other.status).toBe(404);
    const missing = await w.adminA.http.post(
      '/api/activities',
      input({ subjectType: 'account', subjectId: MISSING }),
    );
    expect(other.body.error).toEqual({
      ...missing.body.error,
      requestId: other.body.error.requestId,
    });
    // A fellow rep is not the partner-side person on account A.
    expect(
      (
        await w.repA2.http.post(
          '/api/activities',
          input({ subjectType: 'account', subjectId: accountA.id }),
        )
      ).status,
    ).toBe(404);
  });

  it('logs an activity on a partner with the author as owner, and audits it', async () => {
    const res = await w.channelManager.http.post(
      '/api/activities',
      input({ consultantId: consultantA.id, subject: '  Intro call  ' }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      subjectType: 'partner',
      subjectId: w.partnerA.id,
      partnerId: w.partnerA.id,
      type: 'call',
      subject: 'Intro call',
      occurredAt: '2026-11-20T10:30:00.000Z',
      durationMinutes: 45,
      consultant: { id: consultantA.id },
      owner: { id: w.channelManager.id, name: w.channelManager.name },
      author: { id: w.channelManager.id },
      version: 1,
      abilities: { update: true, delete: true },
    });
    const h = await w.channelManager.http.get(
      `/api/history?subjectType=activity&subjectId=${res.body.id}`,
    );
    expect(h.status).toBe(200);
    expect(h.body.data[0]).toMatchObject({
      action: 'create',
      actor: { id: w.channelManager.id },
      changes: { subject: { from: null, to: 'Intro call' } },
    });
    // History follows the parent record's log visibility.
    for (const a of [w.adminA, w.adminB]) {
      expect(
        (await a.http.get(`/api/history?subjectType=activity&subjectId=${res.body.id}`)).status,
      ).toBe(404);
    }
  });

  it('partner users log activities on customer records they see', async () => {
    const res = await w.repA.http.post(
      '/api/activities',
      input({ subjectType: 'account', subjectId: accountA.id, contactId: contactA.id }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      partnerId: w.partnerA.id,
      contact: { id: contactA.id },
      owner: { id: w.repA.id },
    });
    const contactRes = await w.adminA.http.post(
      '/api/activities',
      input({ subjectType: 'contact', subjectId: contactA.id, type: 'email' }),
    );
    expect(contactRes.status).toBe(201);
    expect(contactRes.body.partnerId).toBe(w.partnerA.id);
  });

  it('validates fields, and the people an activity names', async () => {
    const bad = await w.admin.http.post(
      '/api/activities',
      input({
        type: 'lunch',
        subject: '',
        occurredAt: 'yesterday',
        durationMinutes: -5,
        outcome: 'x'.repeat(5001),
      }),
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual([
      'durationMinutes',
      'occurredAt',
      'outcome',
      'subject',
      'type',
    ]);
    expect(
      (await w.admin.http.post('/api/activities', input({ subjectType: 'invoice' }))).status,
    ).toBe(400);
    expect(
      (await w.admin.http.post('/api/activities', input({ partnerId: w.partnerB.id }))).status,
    ).toBe(400);
    const people = await w.admin.http.post(
      '/api/activities',
      input({ consultantId: consultantB.id, contactId: MISSING, ownerId: w.adminB.id }),
    );
    expect(people.status).toBe(400);
    expect(people.body.error.fields).toEqual({
      consultantId: 'must be a consultant of this partner',
      contactId: 'No such contact',
      ownerId: 'must be an active user who can see this record',
    });
    // A partner admin cannot name another partner's contact: it reads as missing.
    const leak = await w.adminA.http.post(
      '/api/activities',
      input({ subjectType: 'account', subjectId: accountA.id, contactId: contactB.id }),
    );
    expect(leak.status).toBe(400);
    expect(leak.body.error.fields).toEqual({ contactId: 'No such contact' });
    // A consultant needs a record that belongs to a partner.
    const unmanaged = await makeAccount(env.deps);
    const noPartner = await w.admin.http.post(
      '/api/activities',
      input({ subjectType: 'account', subjectId: unmanaged.id, consultantId: consultantA.id }),
    );
    expect(noPartner.body.error.fields).toEqual({
      consultantId: 'must be a consultant of this partner',
    });
  });
});

describe('GET /api/activities', () => {
  it('401 → 404 for records out of scope; 400 without a record', async () => {
    expect(
      (await w.anon.get(`/api/activities?subjectType=partner&subjectId=${w.partnerA.id}`)).status,
    ).toBe(401);
    expect((await list(w.adminA, 'partner', w.partnerA.id)).status).toBe(404);
    expect((await list(w.adminA, 'account', accountB.id)).status).toBe(404);
    expect((await list(w.repA2, 'account', accountA.id)).status).toBe(404);
    expect((await list(w.repB, 'contact', contactA.id)).status).toBe(404);
    expect((await w.admin.http.get('/api/activities')).status).toBe(400);
  });

  it('lists newest first with keyset pages, and abilities per caller', async () => {
    const partner = (await w.admin.http.post('/api/partners', { companyName: 'Paging Co' })).body;
    for (const day of [1, 3, 2]) {
      await logActivity(w.salesRep, {
        subjectId: partner.id,
        subject: `Day ${day}`,
        occurredAt: `2026-10-0${day}T09:00:00Z`,
      });
    }
    const first = await list(w.salesRep, 'partner', partner.id, '&limit=2');
    expect(first.body.data.map((a: { subject: string }) => a.subject)).toEqual(['Day 3', 'Day 2']);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await list(
      w.salesRep,
      'partner',
      partner.id,
      `&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.data.map((a: { subject: string }) => a.subject)).toEqual(['Day 1']);
    expect(second.body.nextCursor).toBeNull();
    const asOther = await list(w.finance, 'partner', partner.id);
    expect(asOther.body.data[0].abilities).toEqual({ update: false, delete: false });
    const asAdmin = await list(w.admin, 'partner', partner.id);
    expect(asAdmin.body.data[0].abilities).toEqual({ update: true, delete: true });
    expect((await list(w.salesRep, 'partner', partner.id, '&cursor=garbage')).status).toBe(400);
  });
});

describe('PATCH /api/activities/:id', () => {
  it('401 → 403 (not the author) → 404 (out of scope or missing)', async () => {
    const a = await logActivity(w.channelManager);
    const patch = { version: 1, subject: 'Changed' };
    expect((await w.anon.patch(`/api/activities/${a.id}`, patch)).status).toBe(401);
    expect((await w.salesRep.http.patch(`/api/activities/${a.id}`, patch)).status).toBe(403);
    expect((await w.adminA.http.patch(`/api/activities/${a.id}`, patch)).status).toBe(404);
    expect((await w.admin.http.patch(`/api/activities/${MISSING}`, patch)).status).toBe(404);
    const onAccount = await logActivity(w.repA, { subjectType: 'account', subjectId: accountA.id });
    expect((await w.adminB.http.patch(`/api/activities/${onAccount.id}`, patch)).status).toBe(404);
    expect((await w.adminA.http.patch(`/api/activities/${onAccount.id}`, patch)).status).toBe(403);
  });

  it('the author edits with the current version; stale is 409, missing is 428', async () => {
    const a = await logActivity(w.channelManager);
    const ok = await w.channelManager.http.patch(`/api/activities/${a.id}`, {
      version: 1,
      type: 'meeting',
      subject: 'Moved to a meeting',
      durationMinutes: null,
      consultantId: consultantA.id,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      type: 'meeting',
      subject: 'Moved to a meeting',
      durationMinutes: null,
      consultant: { id: consultantA.id },
      version: 2,
    });
    const stale = await w.channelManager.http.patch(`/api/activities/${a.id}`, {
      version: 1,
      subject: 'Lost update',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect(
      (await w.channelManager.http.patch(`/api/activities/${a.id}`, { subject: 'x' })).status,
    ).toBe(428);
    const ifMatch = await w.channelManager.http.patch(
      `/api/activities/${a.id}`,
      { subject: 'Via If-Match' },
      { 'if-match': '"2"' },
    );
    expect(ifMatch.status).toBe(200);
    const invalid = await w.channelManager.http.patch(`/api/activities/${a.id}`, {
      version: 3,
      subject: '',
      consultantId: consultantB.id,
    });
    expect(invalid.status).toBe(400);
    const people = await w.channelManager.http.patch(`/api/activities/${a.id}`, {
      version: 3,
      consultantId: consultantB.id,
    });
    expect(people.body.error.fields).toEqual({
      consultantId: 'must be a consultant of this partner',
    });
    const h = await w.admin.http.get(`/api/history?subjectType=activity&subjectId=${a.id}`);
    expect(h.body.data[0]).toMatchObject({
      action: 'update',
      changes: { subject: { from: 'Moved to a meeting', to: 'Via If-Match' } },
    });
  });

  it("an admin may edit anyone's activity", async () => {
    const a = await logActivity(w.salesRep);
    const res = await w.admin.http.patch(`/api/activities/${a.id}`, {
      version: 1,
      outcome: 'Corrected by admin',
    });
    expect(res.status).toBe(200);
    expect(res.body.author.id).toBe(w.salesRep.id);
  });
});

describe('DELETE /api/activities/:id', () => {
  it('401 → 403 (not the author) → 404 (out of scope), then the author deletes', async () => {
    const a = await logActivity(w.repA, { subjectType: 'account', subjectId: accountA.id });
    expect((await w.anon.delete(`/api/activities/${a.id}`)).status).toBe(401);
    expect((await w.adminA.http.delete(`/api/activities/${a.id}`)).status).toBe(403);
    expect((await w.salesRep.http.delete(`/api/activities/${a.id}`)).status).toBe(403);
    expect((await w.adminB.http.delete(`/api/activities/${a.id}`)).status).toBe(404);
    expect((await w.repA2.http.delete(`/api/activities/${a.id}`)).status).toBe(404);
    const del = await w.repA.http.delete(`/api/activities/${a.id}`);
    expect(del.status).toBe(204);
    expect(del.raw.body).toBe('');
    const rows = (await list(w.repA, 'account', accountA.id, '&limit=200')).body.data;
    expect(rows.map((r: { id: string }) => r.id)).not.toContain(a.id);
    expect((await w.repA.http.delete(`/api/activities/${a.id}`)).status).toBe(404);
  });

  it("an admin deletes anyone's activity", async () => {
    const a = await logActivity(w.channelManager);
    expect((await w.admin.http.delete(`/api/activities/${a.id}`)).status).toBe(204);
  });
});
