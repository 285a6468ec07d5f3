import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestEnv, type TestEnv } from '../support/app';
import {
  makePartner,
  makeUser,
  sessionFor,
  world,
  type Actor,
  type World,
} from '../support/factories';

let env: TestEnv;
let w: World;
beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
});
afterAll(() => env.close());

const MISSING = '00000000-0000-4000-8000-000000000000';
let n = 0;
const email = (base = 'person') => `${base}.${++n}@consult.test`;

type C = {
  id: string;
  partnerId: string;
  email: string;
  version: number;
  visible: boolean;
  archivedAt: string | null;
  portalUser: { id: string; role: string; active: boolean } | null;
};

async function consultant(
  who: Actor,
  over: Record<string, unknown> = {},
): Promise<C & Record<string, unknown>> {
  const res = await who.http.post('/api/consultants', {
    partnerId: w.partnerA.id,
    firstName: 'Ada',
    lastName: `Lovelace${++n}`,
    email: email(),
    ...over,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((c) => c.id);

describe('POST /api/consultants', () => {
  it('401 → 403 for roles that may not add people → 400 for another company', async () => {
    const body = { partnerId: w.partnerA.id, firstName: 'X', lastName: 'Y', email: email() };
    expect((await w.anon.post('/api/consultants', body)).status).toBe(401);
    for (const a of [w.salesRep, w.finance, w.marketing, w.repA, w.repB]) {
      expect((await a.http.post('/api/consultants', body)).status).toBe(403);
    }
    const planted = await w.adminB.http.post('/api/consultants', body);
    expect(planted.status).toBe(400);
    expect(planted.body.error.fields).toHaveProperty('partnerId');
    const list = await w.admin.http.get(`/api/consultants?partnerId=${w.partnerA.id}&limit=200`);
    expect(list.body.data.map((c: { email: string }) => c.email)).not.toContain(body.email);
  });

  it('creates a consultant with contact details and records history', async () => {
    const res = await w.channelManager.http.post('/api/consultants', {
      partnerId: w.partnerA.id,
      firstName: '  Grace ',
      lastName: 'Hopper',
      email: 'Grace.Hopper@Navy.test',
      phone: '+1 555 0100',
      mobile: '',
      jobTitle: 'Rear admiral',
      tags: ['cobol', 'cobol', 'compilers'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      partnerId: w.partnerA.id,
      partner: { id: w.partnerA.id, name: w.partnerA.company_name },
      firstName: 'Grace',
      lastName: 'Hopper',
      name: 'Grace Hopper',
      email: 'grace.hopper@navy.test',
      phone: '+1 555 0100',
      mobile: null,
      jobTitle: 'Rear admiral',
      tags: ['cobol', 'compilers'],
      visible: true,
      archivedAt: null,
      portalUser: null,
      version: 1,
      abilities: {
        update: true,
        archive: true,
        restore: false,
        move: true,
        grantPortalAccess: true,
      },
    });
    const h = await w.channelManager.http.get(
      `/api/history?subjectType=consultant&subjectId=${res.body.id}`,
    );
    expect(h.status).toBe(200);
    expect(h.body.data[0]).toMatchObject({
      action: 'create',
      actor: { id: w.channelManager.id },
      changes: { email: { from: null, to: 'grace.hopper@navy.test' } },
    });
  });

  it('partner admins add to their own company, with or without naming it', async () => {
    const implicit = await consultant(w.adminA, { partnerId: undefined });
    expect(implicit.partnerId).toBe(w.partnerA.id);
    expect(implicit.abilities).toMatchObject({ update: true, move: false });
    const explicit = await consultant(w.adminA, { partnerId: w.partnerA.id });
    expect(explicit.partnerId).toBe(w.partnerA.id);
  });

  it('validates', async () => {
    const res = await w.admin.http.post('/api/consultants', {
      partnerId: 'nope',
      firstName: '',
      lastName: 'x'.repeat(101),
      email: 'not-an-email',
      tags: ['a,b'],
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(
      ['email', 'firstName', 'lastName', 'partnerId', 'tags.0'].sort(),
    );
    const noPartner = await w.admin.http.post('/api/consultants', {
      firstName: 'A',
      lastName: 'B',
      email: email(),
    });
    expect(noPartner.status).toBe(400);
    expect(noPartner.body.error.fields).toHaveProperty('partnerId');
    const ghost = await w.admin.http.post('/api/consultants', {
      partnerId: MISSING,
      firstName: 'A',
      lastName: 'B',
      email: email(),
    });
    expect(ghost.status).toBe(400);
    expect(ghost.body.error.fields).toHaveProperty('partnerId');
    const extra = await w.admin.http.post('/api/consultants', {
      partnerId: w.partnerA.id,
      firstName: 'A',
      lastName: 'B',
      email: email(),
      user_id: w.repA.id,
    });
    expect(extra.status).toBe(400);
  });

  it('409 with fields.email for an email already at the same partner (any case, archived too)', async () => {
    const first = await consultant(w.admin, { email: 'dupe@consult.test' });
    const dup = await w.admin.http.post('/api/consultants', {
      partnerId: w.partnerA.id,
      firstName: 'Other',
      lastName: 'Person',
      email: 'DUPE@consult.test',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('CONFLICT');
    expect(dup.body.error.fields).toHaveProperty('email');
    await w.admin.http.delete(`/api/consultants/${first.id}`);
    expect(
      (
        await w.admin.http.post('/api/consultants', {
          partnerId: w.partnerA.id,
          firstName: 'O',
          lastName: 'P',
          email: 'dupe@consult.test',
        })
      ).status,
    ).toBe(409);
    // Another partner may have the same person's address.
    await consultant(w.admin, { partnerId: w.partnerB.id, email: 'dupe@consult.test' });
  });

  it('creates with portal access in one step: user, invitation and link', async () => {
    const addr = email('portal');
    const c = await consultant(w.adminA, {
      firstName: 'Linus',
      lastName: 'Portal',
      email: addr,
      portalAccess: { role: 'partner_rep' },
    });
    expect(c.portalUser).toMatchObject({ role: 'partner_rep', active: true });
    const u = await w.adminA.http.get(`/api/users/${c.portalUser!.id}`);
    expect(u.body).toMatchObject({
      email: addr,
      name: 'Linus Portal',
      role: 'partner_rep',
      partnerId: w.partnerA.id,
      invitationPending: true,
    });
    expect(c.abilities).toMatchObject({ grantPortalAccess: false });
  });

  it('rolls the consultant back when the portal login cannot be made', async () => {
    const addr = email('taken');
    await makeUser(env.deps, { role: 'partner_rep', partnerId: w.partnerB.id, email: addr });
    const res = await w.admin.http.post('/api/consultants', {
      partnerId: w.partnerA.id,
      firstName: 'Roll',
      lastName: 'Back',
      email: addr,
      portalAccess: { role: 'partner_admin' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.fields).toHaveProperty('email');
    const list = await w.admin.http.get(`/api/consultants?q=${encodeURIComponent(addr)}`);
    expect(list.body.data).toEqual([]);
    const bad = await w.admin.http.post('/api/consultants', {
      partnerId: w.partnerA.id,
      firstName: 'R',
      lastName: 'B',
      email: email(),
      portalAccess: { role: 'admin' },
    });
    expect(bad.status).toBe(400);
  });
});

describe('GET /api/consultants and /:id', () => {
  let listedA: C;
  let hiddenA: C;
  let archivedA: C;
  let onlyB: C;
  let p: { id: string };
  beforeAll(async () => {
    p = await makePartner(env.deps, { companyName: 'Listing Partner' });
    listedA = await consultant(w.admin, {
      partnerId: p.id,
      firstName: 'Zoe',
      lastName: 'Listed',
      jobTitle: 'Sales engineer',
      tags: ['emea'],
    });
    hiddenA = await consultant(w.admin, {
      partnerId: p.id,
      firstName: 'Hank',
      lastName: 'Hidden',
      visible: false,
    });
    archivedA = await consultant(w.admin, {
      partnerId: p.id,
      firstName: 'Abe',
      lastName: 'Archived',
    });
    await w.admin.http.delete(`/api/consultants/${archivedA.id}`);
    onlyB = await consultant(w.admin, {
      partnerId: w.partnerB.id,
      firstName: 'Bea',
      lastName: 'Beta',
    });
  });

  it('401, then internal users read all; archived only when asked', async () => {
    expect((await w.anon.get('/api/consultants')).status).toBe(401);
    expect((await w.anon.get(`/api/consultants/${listedA.id}`)).status).toBe(401);
    const res = await w.salesRep.http.get(`/api/consultants?partnerId=${p.id}`);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([hiddenA.id, listedA.id]);
    expect(res.body.data[0].abilities).toMatchObject({ update: false, archive: false });
    expect(
      ids(await w.salesRep.http.get(`/api/consultants?partnerId=${p.id}&includeArchived=true`)),
    ).toEqual([archivedA.id, hiddenA.id, listedA.id]);
    expect(
      ids(await w.salesRep.http.get(`/api/consultants?partnerId=${p.id}&archived=true`)),
    ).toEqual([archivedA.id]);
    expect(
      ids(await w.salesRep.http.get(`/api/consultants?partnerId=${p.id}&visible=true`)),
    ).toEqual([listedA.id]);
    expect((await w.finance.http.get(`/api/consultants/${archivedA.id}`)).status).toBe(200);
  });

  it('searches name, email and job title; filters by tag; sorts; pages', async () => {
    const get = (qs: string) => w.admin.http.get(`/api/consultants?partnerId=${p.id}&${qs}`);
    expect(ids(await get('q=zoe%20listed'))).toEqual([listedA.id]);
    expect(ids(await get('q=listed%20zoe'))).toEqual([listedA.id]);
    expect(ids(await get('q=engineer'))).toEqual([listedA.id]);
    expect(ids(await get(`q=${encodeURIComponent(hiddenA.email)}`))).toEqual([hiddenA.id]);
    expect(ids(await get('q=%25'))).toEqual([]);
    expect(ids(await get('tag=emea'))).toEqual([listedA.id]);
    expect(ids(await get('sort=-name'))).toEqual([listedA.id, hiddenA.id]);
    const first = await get('limit=1');
    expect(ids(first)).toEqual([hiddenA.id]);
    expect(ids(await get(`limit=1&cursor=${first.body.nextCursor}`))).toEqual([listedA.id]);
    expect((await get('sort=password')).status).toBe(400);
    expect((await get('cursor=nonsense')).status).toBe(400);
  });

  it('partner admins see their company (hidden and archived too); reps only the listed people', async () => {
    const pa = await makeUser(env.deps, { role: 'partner_admin', partnerId: p.id });
    const pr = await makeUser(env.deps, { role: 'partner_rep', partnerId: p.id });
    const admin = client(env.app, { cookie: await sessionFor(env.deps, pa) });
    const rep = client(env.app, { cookie: await sessionFor(env.deps, pr) });
    expect(ids(await admin.get('/api/consultants?includeArchived=true'))).toEqual([
      archivedA.id,
      hiddenA.id,
      listedA.id,
    ]);
    expect(ids(await rep.get('/api/consultants?includeArchived=true&visible=false'))).toEqual([]);
    expect(ids(await rep.get('/api/consultants?includeArchived=true'))).toEqual([listedA.id]);
    expect((await rep.get(`/api/consultants/${listedA.id}`)).body.abilities).toEqual({
      update: false,
      archive: false,
      restore: false,
      move: false,
      grantPortalAccess: false,
    });
    expect((await rep.get(`/api/consultants/${hiddenA.id}`)).status).toBe(404);
    expect((await rep.get(`/api/consultants/${archivedA.id}`)).status).toBe(404);
    // Another company's person, by id or by filter: as if they did not exist.
    const missing = await rep.get(`/api/consultants/${MISSING}`);
    const other = await rep.get(`/api/consultants/${onlyB.id}`);
    expect(other.status).toBe(404);
    expect(other.body.error.message).toBe(missing.body.error.message);
    expect((await admin.get(`/api/consultants/${onlyB.id}`)).status).toBe(404);
    expect(ids(await admin.get(`/api/consultants?partnerId=${w.partnerB.id}`))).toEqual([]);
    expect(ids(await rep.get(`/api/consultants?q=Beta`))).toEqual([]);
  });
});

describe('PATCH /api/consultants/:id', () => {
  it('401 → 403 (reps and read-only roles) → 404 for another company', async () => {
    const c = await consultant(w.admin);
    const body = { version: 1, jobTitle: 'Hacked' };
    expect((await w.anon.patch(`/api/consultants/${c.id}`, body)).status).toBe(401);
    for (const a of [w.salesRep, w.finance, w.marketing, w.repA]) {
      expect((await a.http.patch(`/api/consultants/${c.id}`, body)).status).toBe(403);
    }
    for (const a of [w.adminB, w.repB]) {
      expect((await a.http.patch(`/api/consultants/${c.id}`, body)).status).toBe(404);
    }
    expect((await w.admin.http.get(`/api/consultants/${c.id}`)).body.jobTitle).toBeNull();
  });

  it('edits; versioned; empty strings clear optional fields', async () => {
    const c = await consultant(w.adminA, { phone: '123', jobTitle: 'CTO' });
    expect((await w.adminA.http.patch(`/api/consultants/${c.id}`, { phone: '1' })).status).toBe(
      428,
    );
    const ok = await w.adminA.http.patch(`/api/consultants/${c.id}`, {
      version: 1,
      phone: '',
      mobile: '+49 170 000',
      jobTitle: 'CEO',
      visible: false,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      phone: null,
      mobile: '+49 170 000',
      jobTitle: 'CEO',
      visible: false,
      version: 2,
    });
    const stale = await w.adminA.http.patch(`/api/consultants/${c.id}`, {
      version: 1,
      jobTitle: 'Stale',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.fields).toHaveProperty('version');
    const h = await w.adminA.http.get(`/api/history?subjectType=consultant&subjectId=${c.id}`);
    expect(h.body.data[0]).toMatchObject({
      action: 'update',
      changes: { jobTitle: { from: 'CTO', to: 'CEO' }, visible: { from: true, to: false } },
    });
  });

  it('409 with fields.email when the new email is taken at the partner', async () => {
    const a = await consultant(w.admin);
    const b = await consultant(w.admin);
    const res = await w.admin.http.patch(`/api/consultants/${b.id}`, {
      version: 1,
      email: a.email.toUpperCase(),
    });
    expect(res.status).toBe(409);
    expect(res.body.error.fields).toHaveProperty('email');
    // Its own address in another case is fine.
    const self = await w.admin.http.patch(`/api/consultants/${b.id}`, {
      version: 1,
      email: b.email.toUpperCase(),
    });
    expect(self.status).toBe(200);
  });

  it('moves to another partner (internal editors only)', async () => {
    const c = await consultant(w.adminA);
    const byAdminA = await w.adminA.http.patch(`/api/consultants/${c.id}`, {
      version: 1,
      partnerId: w.partnerB.id,
    });
    expect(byAdminA.status).toBe(400);
    expect(byAdminA.body.error.fields).toHaveProperty('partnerId');
    // Naming the current partner is not a move.
    expect(
      (
        await w.adminA.http.patch(`/api/consultants/${c.id}`, {
          version: 1,
          partnerId: w.partnerA.id,
        })
      ).status,
    ).toBe(200);
    const ghost = await w.channelManager.http.patch(`/api/consultants/${c.id}`, {
      version: 2,
      partnerId: MISSING,
    });
    expect(ghost.status).toBe(400);
    const moved = await w.channelManager.http.patch(`/api/consultants/${c.id}`, {
      version: 2,
      partnerId: w.partnerB.id,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      partnerId: w.partnerB.id,
      partner: { name: w.partnerB.company_name },
    });
    expect((await w.adminA.http.get(`/api/consultants/${c.id}`)).status).toBe(404);
    expect((await w.adminB.http.get(`/api/consultants/${c.id}`)).status).toBe(200);
    const h = await w.adminB.http.get(`/api/history?subjectType=consultant&subjectId=${c.id}`);
    expect(h.body.data[0]).toMatchObject({
      action: 'move',
      changes: { partnerId: { from: w.partnerA.id, to: w.partnerB.id } },
    });
  });

  it('refuses a move onto an email the target partner already has, or of someone with a login', async () => {
    const inB = await consultant(w.admin, { partnerId: w.partnerB.id });
    const inA = await consultant(w.admin, { email: inB.email });
    const clash = await w.admin.http.patch(`/api/consultants/${inA.id}`, {
      version: 1,
      partnerId: w.partnerB.id,
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.fields).toHaveProperty('email');
    const withLogin = await consultant(w.admin, { portalAccess: { role: 'partner_rep' } });
    const res = await w.admin.http.patch(`/api/consultants/${withLogin.id}`, {
      version: withLogin.version,
      partnerId: w.partnerB.id,
    });
    expect(res.status).toBe(422);
  });
});

describe('DELETE /api/consultants/:id and POST /:id/restore', () => {
  it('401 → 403 → 404, then archives (204) and restores', async () => {
    const c = await consultant(w.adminA);
    expect((await w.anon.delete(`/api/consultants/${c.id}`)).status).toBe(401);
    expect((await w.anon.post(`/api/consultants/${c.id}/restore`)).status).toBe(401);
    for (const a of [w.salesRep, w.marketing, w.repA]) {
      expect((await a.http.delete(`/api/consultants/${c.id}`)).status).toBe(403);
    }
    for (const a of [w.adminB, w.repB]) {
      expect((await a.http.delete(`/api/consultants/${c.id}`)).status).toBe(404);
      expect((await a.http.post(`/api/consultants/${c.id}/restore`)).status).toBe(404);
    }
    expect((await w.adminA.http.delete(`/api/consultants/${c.id}`)).status).toBe(204);
    const archived = await w.adminA.http.get(`/api/consultants/${c.id}`);
    expect(archived.body.archivedAt).not.toBeNull();
    expect(archived.body.abilities).toMatchObject({ archive: false, restore: true });
    expect(ids(await w.adminA.http.get('/api/consultants?limit=200'))).not.toContain(c.id);
    // Archived people are out of the rep's reach entirely.
    expect((await w.repA.http.post(`/api/consultants/${c.id}/restore`)).status).toBe(404);
    // Archiving twice changes nothing.
    expect((await w.adminA.http.delete(`/api/consultants/${c.id}`)).status).toBe(204);
    const restored = await w.adminA.http.post(`/api/consultants/${c.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.archivedAt).toBeNull();
    expect((await w.repA.http.post(`/api/consultants/${c.id}/restore`)).status).toBe(403);
    const h = await w.adminA.http.get(`/api/history?subjectType=consultant&subjectId=${c.id}`);
    expect(h.body.data.map((e: { action: string }) => e.action)).toEqual([
      'restore',
      'archive',
      'create',
    ]);
  });
});

describe('POST /api/consultants/:id/portal-access', () => {
  it('401 → 403 → 404 for another company', async () => {
    const c = await consultant(w.admin);
    const url = `/api/consultants/${c.id}/portal-access`;
    expect((await w.anon.post(url, { role: 'partner_rep' })).status).toBe(401);
    for (const a of [w.salesRep, w.finance, w.repA]) {
      expect((await a.http.post(url, { role: 'partner_rep' })).status).toBe(403);
    }
    expect((await w.adminB.http.post(url, { role: 'partner_rep' })).status).toBe(404);
    expect((await w.admin.http.get(`/api/consultants/${c.id}`)).body.portalUser).toBeNull();
  });

  it('creates the login, sends the invitation and links it; then 409', async () => {
    const c = await consultant(w.adminA, { firstName: 'Marie', lastName: 'Curie' });
    const res = await w.adminA.http.post(`/api/consultants/${c.id}/portal-access`, {
      role: 'partner_admin',
    });
    expect(res.status).toBe(200);
    expect(res.body.portalUser).toMatchObject({ role: 'partner_admin', active: true });
    const user = await w.adminA.http.get(`/api/users/${res.body.portalUser.id}`);
    expect(user.body).toMatchObject({
      name: `Marie Curie`,
      email: c.email,
      partnerId: w.partnerA.id,
      invitationPending: true,
    });
    const mails = await env.deps.db.selectFrom('email_outbox').selectAll().execute();
    expect(JSON.stringify(mails)).toContain(c.email);
    const again = await w.adminA.http.post(`/api/consultants/${c.id}/portal-access`, {
      role: 'partner_rep',
    });
    expect(again.status).toBe(409);
    const h = await w.adminA.http.get(`/api/history?subjectType=consultant&subjectId=${c.id}`);
    expect(h.body.data[0]).toMatchObject({
      action: 'grant_portal_access',
      changes: { portalAccess: { from: null, to: 'partner_admin' } },
    });
  });

  it('409 with fields.email when another user has the address; 422 when archived; 400 bad role', async () => {
    const addr = email('used');
    await makeUser(env.deps, { role: 'sales_rep', email: addr });
    const c = await consultant(w.channelManager, { email: addr });
    const res = await w.channelManager.http.post(`/api/consultants/${c.id}/portal-access`, {
      role: 'partner_rep',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.fields).toHaveProperty('email');
    expect((await w.admin.http.get(`/api/consultants/${c.id}`)).body.portalUser).toBeNull();
    const bad = await w.channelManager.http.post(`/api/consultants/${c.id}/portal-access`, {
      role: 'admin',
    });
    expect(bad.status).toBe(400);
    const gone = await consultant(w.channelManager);
    await w.channelManager.http.delete(`/api/consultants/${gone.id}`);
    const archived = await w.channelManager.http.post(`/api/consultants/${gone.id}/portal-access`, {
      role: 'partner_rep',
    });
    expect(archived.status).toBe(422);
  });
});

describe('GET /api/consultants/lookup — why someone is missing from a list', () => {
  let target: { id: string; company_name: string };
  let other: { id: string; company_name: string };
  beforeAll(async () => {
    target = await makePartner(env.deps, { companyName: 'Lookup Target' });
    other = await makePartner(env.deps, { companyName: 'Lookup Elsewhere' });
  });
  const lookup = (who: Actor, q: string, partnerId = target.id) =>
    who.http.get(`/api/consultants/lookup?partnerId=${partnerId}&q=${encodeURIComponent(q)}`);

  it('401 → 403 for reps → 404 for another company; validates', async () => {
    expect((await w.anon.get(`/api/consultants/lookup?partnerId=${target.id}&q=ab`)).status).toBe(
      401,
    );
    expect((await lookup(w.repA, 'ab', w.partnerA.id)).status).toBe(403);
    expect((await lookup(w.adminA, 'ab', w.partnerB.id)).status).toBe(404);
    expect((await lookup(w.admin, 'ab', MISSING)).status).toBe(404);
    expect((await lookup(w.admin, 'a')).status).toBe(400);
    expect((await w.admin.http.get('/api/consultants/lookup?q=abc')).status).toBe(400);
  });

  it("other_partner → 'move', and the move fixes it", async () => {
    const c = await consultant(w.admin, {
      partnerId: other.id,
      firstName: 'Otto',
      lastName: 'Elsewhere',
    });
    const res = await lookup(w.channelManager, 'otto elsewhere');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      consultant: { id: c.id },
      listed: false,
      reason: 'other_partner',
      reasons: ['other_partner'],
      taggedTo: { id: other.id, name: 'Lookup Elsewhere' },
      fix: 'move',
      canFix: true,
      fixBlockedBy: null,
    });
    // Read-only internal roles learn why, but cannot fix.
    const ro = await lookup(w.salesRep, 'otto elsewhere');
    expect(ro.body.data[0]).toMatchObject({ reason: 'other_partner', canFix: false });
    const fixed = await w.channelManager.http.patch(`/api/consultants/${c.id}`, {
      version: c.version,
      partnerId: target.id,
    });
    expect(fixed.status).toBe(200);
    expect((await lookup(w.channelManager, c.email)).body.data[0]).toMatchObject({
      listed: true,
      reason: null,
      fix: null,
    });
    expect(
      ids(await w.admin.http.get(`/api/consultants?partnerId=${target.id}&visible=true`)),
    ).toContain(c.id);
  });

  it("hidden → 'show', and showing fixes it", async () => {
    const c = await consultant(w.admin, {
      partnerId: target.id,
      lastName: 'Hiddenperson',
      visible: false,
    });
    const res = await lookup(w.admin, 'hiddenperson');
    expect(res.body.data[0]).toMatchObject({ reason: 'hidden', fix: 'show', canFix: true });
    await w.admin.http.patch(`/api/consultants/${c.id}`, { version: c.version, visible: true });
    expect((await lookup(w.admin, 'hiddenperson')).body.data[0]).toMatchObject({
      listed: true,
      reason: null,
    });
  });

  it("archived → 'restore', and restoring fixes it", async () => {
    const c = await consultant(w.admin, { partnerId: target.id, lastName: 'Archivedperson' });
    await w.admin.http.delete(`/api/consultants/${c.id}`);
    const res = await lookup(w.admin, 'archivedperson');
    expect(res.body.data[0]).toMatchObject({ reason: 'archived', fix: 'restore', canFix: true });
    await w.admin.http.post(`/api/consultants/${c.id}/restore`);
    expect((await lookup(w.admin, 'archivedperson')).body.data[0]).toMatchObject({ listed: true });
  });

  it('several reasons are fixed one after another, first the partner tag', async () => {
    const c = await consultant(w.admin, {
      partnerId: other.id,
      lastName: 'Everythingwrong',
      visible: false,
    });
    await w.admin.http.delete(`/api/consultants/${c.id}`);
    const first = (await lookup(w.admin, 'everythingwrong')).body.data[0];
    expect(first).toMatchObject({
      reason: 'other_partner',
      reasons: ['other_partner', 'archived', 'hidden'],
      fix: 'move',
    });
    const moved = await w.admin.http.patch(`/api/consultants/${c.id}`, {
      version: first.consultant.version,
      partnerId: target.id,
    });
    expect(moved.status).toBe(200);
    expect((await lookup(w.admin, 'everythingwrong')).body.data[0]).toMatchObject({
      reason: 'archived',
      fix: 'restore',
    });
    const restored = await w.admin.http.post(`/api/consultants/${c.id}/restore`);
    expect((await lookup(w.admin, 'everythingwrong')).body.data[0]).toMatchObject({
      reason: 'hidden',
      fix: 'show',
    });
    await w.admin.http.patch(`/api/consultants/${c.id}`, {
      version: restored.body.version,
      visible: true,
    });
    expect((await lookup(w.admin, 'everythingwrong')).body.data[0].listed).toBe(true);
  });

  it('says when a move cannot be the fix', async () => {
    const login = await consultant(w.admin, {
      partnerId: other.id,
      lastName: 'Haslogin',
      portalAccess: { role: 'partner_rep' },
    });
    const res = await lookup(w.admin, 'haslogin');
    expect(res.body.data[0]).toMatchObject({
      consultant: { id: login.id },
      fix: 'move',
      canFix: false,
    });
    expect(res.body.data[0].fixBlockedBy).toMatch(/portal login/);
    const addr = email('both');
    await consultant(w.admin, { partnerId: target.id, email: addr, lastName: 'Twinhere' });
    await consultant(w.admin, { partnerId: other.id, email: addr, lastName: 'Twinthere' });
    const twin = (await lookup(w.admin, 'twinthere')).body.data[0];
    expect(twin).toMatchObject({ reason: 'other_partner', canFix: false });
    expect(twin.fixBlockedBy).toMatch(/already has a consultant/);
  });

  it('partner admins look up within their company only', async () => {
    await consultant(w.admin, { partnerId: w.partnerB.id, lastName: 'Onlyinbeta' });
    const hidden = await consultant(w.adminA, { lastName: 'Alphahidden', visible: false });
    expect((await lookup(w.adminA, 'onlyinbeta', w.partnerA.id)).body.data).toEqual([]);
    const res = await lookup(w.adminA, 'alphahidden', w.partnerA.id);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      consultant: { id: hidden.id },
      reason: 'hidden',
      fix: 'show',
      canFix: true,
    });
    expect(JSON.stringify(res.body)).not.toContain(w.partnerB.id);
  });
});

describe('history visibility', () => {
  it('follows the consultant: hidden from reps and other companies', async () => {
    const c = await consultant(w.adminA, { visible: false });
    const url = `/api/history?subjectType=consultant&subjectId=${c.id}`;
    expect((await w.adminA.http.get(url)).status).toBe(200);
    expect((await w.salesRep.http.get(url)).status).toBe(200);
    expect((await w.repA.http.get(url)).status).toBe(404);
    expect((await w.adminB.http.get(url)).status).toBe(404);
  });
});
