import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, TEST_ORIGIN, type TestEnv } from '../support/app';
import { makeAccount, world, type Actor, type World } from '../support/factories';
import { makeLead } from '../support/sales';

let env: TestEnv;
let w: World;
let accountA: { id: string };
let accountB: { id: string };
let leadA: { id: string };
let leadB: { id: string };

const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  accountA = await makeAccount(env.deps, {
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA.id,
  });
  accountB = await makeAccount(env.deps, { managedByPartnerId: w.partnerB.id });
  leadA = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
  leadB = await makeLead(env.deps, { partnerId: w.partnerB.id, partnerUserId: w.repB.id });
});
afterAll(() => env.close());

const input = (over: Record<string, unknown> = {}) => ({
  subjectType: 'lead',
  subjectId: leadA.id,
  title: 'Budget confirmed',
  body: 'They have budget for Q1.',
  ...over,
});

async function addNote(who: Actor, over: Record<string, unknown> = {}) {
  const res = await who.http.post('/api/notes', input(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number; title: string };
}

const list = (who: Actor, type: string, id: string, extra = '') =>
  who.http.get(`/api/notes?subjectType=${type}&subjectId=${id}${extra}`);

/** The test client has no PUT; send it as a browser on our origin would. */
async function put(who: Actor, url: string, body: unknown) {
  const raw = await env.app.inject({
    method: 'PUT',
    url,
    headers: { cookie: who.cookie, origin: TEST_ORIGIN },
    payload: body as object,
  });
  return { status: raw.statusCode, body: raw.body ? JSON.parse(raw.body) : undefined };
}

const stripId = (b: { error: Record<string, unknown> }) => ({ ...b.error, requestId: undefined });

describe('POST /api/notes', () => {
  it('401 → 403 (internal notes are vendor-only) → 404 for records out of scope', async () => {
    expect((await w.anon.post('/api/notes', input())).status).toBe(401);
    const internal = await w.repA.http.post('/api/notes', input({ internal: true }));
    expect(internal.status).toBe(403);
    // Partner users never reach a partner record's log, not even their own company's.
    for (const a of [w.adminA, w.repA]) {
      expect(
        (
          await a.http.post(
            '/api/notes',
            input({ subjectType: 'partner', subjectId: w.partnerA.id }),
          )
        ).status,
      ).toBe(404);
    }
    const missing = await w.adminB.http.post('/api/notes', input({ subjectId: MISSING }));
    for (const [a, type, id] of [
      [w.adminB, 'lead', leadA.id],
      [w.repB, 'lead', leadA.id],
      [w.repA2, 'lead', leadA.id],
      [w.adminA, 'account', accountB.id],
      [w.repA, 'lead', leadB.id],
    ] as const) {
      const res = await a.http.post('/api/notes', input({ subjectType: type, subjectId: id }));
      expect(res.status).toBe(404);
      expect(stripId(res.body)).toEqual(stripId(missing.body));
    }
  });

  it('adds a note with the record’s partner and the author, and audits it', async () => {
    const res = await w.repA.http.post('/api/notes', input({ title: '  Call back Monday  ' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      subjectType: 'lead',
      subjectId: leadA.id,
      partnerId: w.partnerA.id,
      title: 'Call back Monday',
      body: 'They have budget for Q1.',
      internal: false,
      author: { id: w.repA.id, name: w.repA.name },
      version: 1,
      abilities: { update: true, delete: true },
    });
    const h = await w.adminA.http.get(`/api/history?subjectType=note&subjectId=${res.body.id}`);
    expect(h.status).toBe(200);
    expect(h.body.data[0]).toMatchObject({
      action: 'create',
      actor: { id: w.repA.id },
      changes: { title: { from: null, to: 'Call back Monday' } },
    });
    expect(
      (await w.adminB.http.get(`/api/history?subjectType=note&subjectId=${res.body.id}`)).status,
    ).toBe(404);
  });

  it('finance and marketing may add notes to records they see; internal users on partners', async () => {
    for (const a of [w.finance, w.marketing, w.channelManager]) {
      await addNote(a, { subjectType: 'account', subjectId: accountA.id });
    }
    const onPartner = await addNote(w.channelManager, {
      subjectType: 'partner',
      subjectId: w.partnerA.id,
    });
    expect(onPartner).toMatchObject({ partnerId: w.partnerA.id });
  });

  it('validates fields', async () => {
    const bad = await w.admin.http.post(
      '/api/notes',
      input({ title: ' ', body: 'x'.repeat(50001), internal: 'yes' }),
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['body', 'internal', 'title']);
    expect((await w.admin.http.post('/api/notes', input({ subjectType: 'invoice' }))).status).toBe(
      400,
    );
    expect((await w.admin.http.post('/api/notes', input({ authorId: w.repA.id }))).status).toBe(
      400,
    );
  });
});

describe('internal notes', () => {
  it('are never shown to partner users, in lists or by id', async () => {
    const internal = await addNote(w.channelManager, { title: 'Margin is thin', internal: true });
    const shared = await addNote(w.channelManager, { title: 'Shared with partner' });
    const titles = (res: { body: { data: { title: string }[] } }) =>
      res.body.data.map((n) => n.title);
    for (const a of [w.adminA, w.repA]) {
      const res = await list(a, 'lead', leadA.id);
      expect(res.status).toBe(200);
      expect(titles(res)).toContain('Shared with partner');
      expect(titles(res)).not.toContain('Margin is thin');
      expect(JSON.stringify(res.body)).not.toContain(internal.id);
      const byId = await a.http.get(`/api/notes/${internal.id}`);
      const missing = await a.http.get(`/api/notes/${MISSING}`);
      expect(byId.status).toBe(404);
      expect(stripId(byId.body)).toEqual(stripId(missing.body));
      expect(
        (await a.http.patch(`/api/notes/${internal.id}`, { version: 1, title: 'x' })).status,
      ).toBe(404);
      expect((await a.http.delete(`/api/notes/${internal.id}`)).status).toBe(404);
      expect(
        (await a.http.get(`/api/history?subjectType=note&subjectId=${internal.id}`)).status,
      ).toBe(404);
      expect((await a.http.get(`/api/notes/${shared.id}`)).status).toBe(200);
    }
    const internalView = await list(w.finance, 'lead', leadA.id);
    expect(titles(internalView)).toContain('Margin is thin');
    expect((await w.finance.http.get(`/api/notes/${internal.id}`)).body).toMatchObject({
      internal: true,
      abilities: { update: false, delete: false },
    });
  });

  it('a partner user cannot turn their note internal', async () => {
    const n = await addNote(w.repA);
    const res = await w.repA.http.patch(`/api/notes/${n.id}`, { version: 1, internal: true });
    expect(res.status).toBe(403);
    // The vendor may, which hides it from the partner from then on.
    const admin = await w.admin.http.patch(`/api/notes/${n.id}`, { version: 1, internal: true });
    expect(admin.status).toBe(200);
    expect((await w.repA.http.get(`/api/notes/${n.id}`)).status).toBe(404);
  });
});

describe('GET /api/notes', () => {
  it('401 → 404 for records out of scope; 400 without a record', async () => {
    expect((await w.anon.get(`/api/notes?subjectType=lead&subjectId=${leadA.id}`)).status).toBe(
      401,
    );
    expect((await list(w.adminA, 'partner', w.partnerA.id)).status).toBe(404);
    expect((await list(w.adminB, 'lead', leadA.id)).status).toBe(404);
    expect((await list(w.repA2, 'lead', leadA.id)).status).toBe(404);
    expect((await list(w.adminA, 'account', accountB.id)).status).toBe(404);
    expect((await w.admin.http.get('/api/notes')).status).toBe(400);
  });

  it('lists newest first with keyset pages, and abilities per caller', async () => {
    const account = await makeAccount(env.deps);
    for (const t of ['First', 'Second', 'Third']) {
      await addNote(w.salesRep, { subjectType: 'account', subjectId: account.id, title: t });
    }
    const first = await list(w.salesRep, 'account', account.id, '&limit=2');
    expect(first.body.data.map((n: { title: string }) => n.title)).toEqual(['Third', 'Second']);
    const second = await list(
      w.salesRep,
      'account',
      account.id,
      `&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.data.map((n: { title: string }) => n.title)).toEqual(['First']);
    expect(second.body.nextCursor).toBeNull();
    expect((await list(w.finance, 'account', account.id)).body.data[0].abilities).toEqual({
      update: false,
      delete: false,
    });
    expect((await list(w.admin, 'account', account.id)).body.data[0].abilities).toEqual({
      update: true,
      delete: true,
    });
    expect((await list(w.admin, 'account', account.id, '&cursor=garbage')).status).toBe(400);
  });
});

describe('GET /api/notes/:id', () => {
  it('401 → 404 out of scope → the note', async () => {
    const n = await addNote(w.repA);
    expect((await w.anon.get(`/api/notes/${n.id}`)).status).toBe(401);
    expect((await w.adminB.http.get(`/api/notes/${n.id}`)).status).toBe(404);
    expect((await w.repA2.http.get(`/api/notes/${n.id}`)).status).toBe(404);
    expect((await w.adminA.http.get(`/api/notes/${n.id}`)).body).toMatchObject({ id: n.id });
  });
});

describe('PATCH /api/notes/:id', () => {
  it('401 → 403 (not the author) → 404 (out of scope or missing)', async () => {
    const n = await addNote(w.repA);
    const patch = { version: 1, title: 'Changed' };
    expect((await w.anon.patch(`/api/notes/${n.id}`, patch)).status).toBe(401);
    expect((await w.adminA.http.patch(`/api/notes/${n.id}`, patch)).status).toBe(403);
    expect((await w.channelManager.http.patch(`/api/notes/${n.id}`, patch)).status).toBe(403);
    expect((await w.adminB.http.patch(`/api/notes/${n.id}`, patch)).status).toBe(404);
    expect((await w.repA2.http.patch(`/api/notes/${n.id}`, patch)).status).toBe(404);
    expect((await w.admin.http.patch(`/api/notes/${MISSING}`, patch)).status).toBe(404);
  });

  it('changes the note with its version, audits it, and refuses stale edits', async () => {
    const n = await addNote(w.repA);
    expect((await w.repA.http.patch(`/api/notes/${n.id}`, { title: 'No version' })).status).toBe(
      428,
    );
    const res = await w.repA.http.patch(`/api/notes/${n.id}`, {
      version: 1,
      title: 'Budget moved to Q2',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'Budget moved to Q2', version: 2 });
    const stale = await w.repA.http.patch(`/api/notes/${n.id}`, { version: 1, body: 'Lost' });
    expect(stale.status).toBe(409);
    const viaHeader = await w.admin.http.patch(
      `/api/notes/${n.id}`,
      { body: 'Admin edit' },
      { 'if-match': '"2"' },
    );
    expect(viaHeader.status).toBe(200);
    const h = await w.repA.http.get(`/api/history?subjectType=note&subjectId=${n.id}`);
    expect(h.body.data[0]).toMatchObject({
      action: 'update',
      actor: { id: w.admin.id },
      changes: { body: { from: 'They have budget for Q1.', to: 'Admin edit' } },
    });
    expect((await w.repA.http.patch(`/api/notes/${n.id}`, { version: 3, title: '' })).status).toBe(
      400,
    );
  });
});

describe('DELETE /api/notes/:id', () => {
  it('401 → 403 (not the author) → 404 → deletes with history', async () => {
    const n = await addNote(w.repA);
    expect((await w.anon.delete(`/api/notes/${n.id}`)).status).toBe(401);
    expect((await w.salesRep.http.delete(`/api/notes/${n.id}`)).status).toBe(403);
    expect((await w.adminB.http.delete(`/api/notes/${n.id}`)).status).toBe(404);
    expect((await w.repA2.http.delete(`/api/notes/${n.id}`)).status).toBe(404);
    expect((await w.repA.http.delete(`/api/notes/${n.id}`)).status).toBe(204);
    expect((await w.repA.http.get(`/api/notes/${n.id}`)).status).toBe(404);
    expect((await w.repA.http.delete(`/api/notes/${n.id}`)).status).toBe(404);
    const h = await w.admin.http.get(`/api/history?subjectType=note&subjectId=${n.id}`);
    // The note is gone, so its history is no longer reachable through it.
    expect(h.status).toBe(404);
    const event = await env.deps.db
      .selectFrom('events')
      .select(['action'])
      .where('subject_type', '=', 'note')
      .where('subject_id', '=', n.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event.action).toBe('delete');
  });

  it('an administrator may delete anyone’s note', async () => {
    const n = await addNote(w.repA);
    expect((await w.admin.http.delete(`/api/notes/${n.id}`)).status).toBe(204);
  });
});

describe('followers', () => {
  it('are told about a new shared note, but not about an internal one', async () => {
    const lead = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    expect(
      (await put(w.repA, '/api/follows', { subjectType: 'lead', subjectId: lead.id })).status,
    ).toBe(204);
    await addNote(w.salesRep, { subjectId: lead.id, title: 'Secret pricing', internal: true });
    await addNote(w.salesRep, { subjectId: lead.id, title: 'Demo booked' });
    const mine = await w.repA.http.get('/api/notifications');
    const about = mine.body.data.filter((n: { recordId: string }) => n.recordId === lead.id);
    expect(about).toHaveLength(1);
    expect(about[0]).toMatchObject({
      body: 'Added a note: Demo booked',
      link: `/leads/${lead.id}`,
    });
    expect(JSON.stringify(mine.body)).not.toContain('Secret pricing');
  });
});
