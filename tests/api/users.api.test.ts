import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, TEST_ORIGIN, type TestEnv } from '../support/app';
import { actor, makeUser, world, type World } from '../support/factories';

let env: TestEnv;
let w: World;
beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
});
afterAll(() => env.close());

const newEmail = (() => {
  let i = 0;
  return (tag = 'new') => `${tag}.${Date.now()}.${i++}@people.test`;
})();

async function invitationLink(email: string): Promise<string> {
  const row = await env.deps.db
    .selectFrom('email_outbox')
    .select(['text_body', 'html_body', 'to_address', 'template'])
    .where('to_address', '=', email)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  expect(row.template).toBe('invitation');
  const m = /https?:\/\/\S+set-password\?token=([\w%-]+)/.exec(row.text_body);
  expect(m).not.toBeNull();
  return decodeURIComponent(m![1]!);
}

describe('POST /api/users', () => {
  it('401 without a session', async () => {
    expect(
      (await w.anon.post('/api/users', { email: newEmail(), name: 'X', role: 'sales_rep' })).status,
    ).toBe(401);
  });

  it('403 for roles that do not manage users', async () => {
    for (const a of [w.channelManager, w.salesRep, w.finance, w.marketing, w.repA]) {
      const res = await a.http.post('/api/users', {
        email: newEmail(),
        name: 'X',
        role: 'partner_rep',
      });
      expect(res.status).toBe(403);
    }
  });

  it('a partner admin cannot add users to another partner (partnerId is not theirs to set)', async () => {
    const res = await w.adminA.http.post('/api/users', {
      email: newEmail(),
      name: 'Mallory',
      role: 'partner_rep',
      partnerId: w.partnerB.id,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('partnerId');
    const users = await w.adminB.http.get('/api/users');
    expect(users.body.data.map((u: { name: string }) => u.name)).not.toContain('Mallory');
  });

  it('a partner admin cannot create internal users or admins of the vendor', async () => {
    for (const role of ['admin', 'channel_manager', 'finance']) {
      const res = await w.adminA.http.post('/api/users', { email: newEmail(), name: 'Eve', role });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toHaveProperty('role');
    }
  });

  it('a partner admin adds a rep to their own company', async () => {
    const email = newEmail('rep');
    const res = await w.adminA.http.post('/api/users', {
      email,
      name: 'Rita Rep',
      role: 'partner_rep',
      password: 'a-long-enough-pass',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      email,
      role: 'partner_rep',
      partnerId: w.partnerA.id,
      active: true,
      invitationPending: false,
    });
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'a-long-enough-pass' },
      headers: { origin: TEST_ORIGIN },
    });
    expect(login.statusCode).toBe(200);
  });

  it('admin creates internal and partner users; role and partner must agree', async () => {
    expect(
      (
        await w.admin.http.post('/api/users', {
          email: newEmail(),
          name: 'Fin',
          role: 'finance',
          password: 'a-long-enough-pass',
        })
      ).status,
    ).toBe(201);
    const noPartner = await w.admin.http.post('/api/users', {
      email: newEmail(),
      name: 'P',
      role: 'partner_rep',
      password: 'a-long-enough-pass',
    });
    expect(noPartner.status).toBe(400);
    expect(noPartner.body.error.fields).toHaveProperty('partnerId');
    const internalWithPartner = await w.admin.http.post('/api/users', {
      email: newEmail(),
      name: 'P',
      role: 'sales_rep',
      partnerId: w.partnerA.id,
    });
    expect(internalWithPartner.status).toBe(400);
    const ghostPartner = await w.admin.http.post('/api/users', {
      email: newEmail(),
      name: 'P',
      role: 'partner_rep',
      partnerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(ghostPartner.status).toBe(400);
  });

  it('enforces the password policy without truncating', async () => {
    const cases: [string, number][] = [
      ['short', 400],
      ['123456789', 400],
      ['1234567890', 400], // common
      ['aaaaaaaaaaaa', 400], // one repeated character
      ['x'.repeat(257), 400], // refused, never truncated
      ['pässwörd-ünïcödé-ok', 201],
      ['y'.repeat(255) + 'z', 201],
    ];
    for (const [password, status] of cases) {
      const res = await w.admin.http.post('/api/users', {
        email: newEmail('pw'),
        name: 'Pat',
        role: 'marketing',
        password,
      });
      expect(res.status, password.slice(0, 20)).toBe(status);
      if (status === 400) expect(res.body.error.fields).toHaveProperty('password');
    }
    // A 100-character password does not also accept its first 72 characters (the bcrypt trap).
    const email = newEmail('long');
    const long = 'L'.repeat(50) + 'x'.repeat(50);
    await w.admin.http.post('/api/users', {
      email,
      name: 'Long',
      role: 'marketing',
      password: long,
    });
    const prefix = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: long.slice(0, 72) },
      headers: { origin: TEST_ORIGIN, 'x-forwarded-for': '10.3.3.3' },
    });
    expect(prefix.statusCode).toBe(401);
  });

  it('normalises email case and refuses duplicates with 409', async () => {
    const email = newEmail('dup');
    expect(
      (
        await w.admin.http.post('/api/users', {
          email: `  ${email.toUpperCase()} `,
          name: 'D',
          role: 'finance',
        })
      ).body.email,
    ).toBe(email);
    const again = await w.admin.http.post('/api/users', { email, name: 'D2', role: 'finance' });
    expect(again.status).toBe(409);
    expect(again.body.error.fields).toEqual({ email: 'is already in use' });
  });

  it('without a password, queues an invitation whose link sets the password once', async () => {
    const email = newEmail('invite');
    const res = await w.admin.http.post('/api/users', {
      email,
      name: 'Ivy Invite',
      role: 'channel_manager',
    });
    expect(res.status).toBe(201);
    expect(res.body.invitationPending).toBe(true);
    const jobs = await env.deps.db
      .selectFrom('jobs')
      .select(['name', 'status'])
      .where('name', '=', 'email.send')
      .execute();
    expect(jobs.length).toBeGreaterThan(0);
    const token = await invitationLink(email);
    expect(token).toMatch(/^inv_[\w-]{43}$/);

    const weak = await w.anon.post('/api/auth/set-password', { token, password: 'short' });
    expect(weak.status).toBe(400);
    const ok = await w.anon.post('/api/auth/set-password', {
      token,
      password: 'my-new-password-1',
    });
    expect(ok.status).toBe(204);
    const reused = await w.anon.post('/api/auth/set-password', {
      token,
      password: 'another-password-2',
    });
    expect(reused.status).toBe(404);
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'my-new-password-1' },
      headers: { origin: TEST_ORIGIN },
    });
    expect(login.statusCode).toBe(200);
    expect((await w.admin.http.get(`/api/users/${res.body.id}`)).body.invitationPending).toBe(
      false,
    );
  });

  it('refuses expired and tampered invitation tokens alike', async () => {
    const email = newEmail('expired');
    const res = await w.admin.http.post('/api/users', {
      email,
      name: 'Old Invite',
      role: 'sales_rep',
    });
    const token = await invitationLink(email);
    await env.deps.db
      .updateTable('invitations')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', res.body.id)
      .execute();
    const expired = await w.anon.post('/api/auth/set-password', {
      token,
      password: 'my-new-password-1',
    });
    const tampered = await w.anon.post('/api/auth/set-password', {
      token: `${token.slice(0, -2)}xx`,
      password: 'my-new-password-1',
    });
    const junk = await w.anon.post('/api/auth/set-password', {
      token: 'hello',
      password: 'my-new-password-1',
    });
    for (const r of [expired, tampered, junk]) {
      expect(r.status).toBe(404);
      expect(r.body.error.message).toMatch(/invalid or has expired/);
    }
  });

  it('a weak password does not consume the invitation', async () => {
    const email = newEmail('weak');
    await w.admin.http.post('/api/users', { email, name: 'Weak', role: 'sales_rep' });
    const token = await invitationLink(email);
    const same = await w.anon.post('/api/auth/set-password', { token, password: email });
    expect(same.status).toBe(400);
    expect(
      (await w.anon.post('/api/auth/set-password', { token, password: 'a-good-password-9' }))
        .status,
    ).toBe(204);
  });
});

describe('GET /api/users', () => {
  it('401 without a session', async () => {
    expect((await w.anon.get('/api/users')).status).toBe(401);
  });

  it('partner admins see only their company, reps only themselves, even when filtering by another partner', async () => {
    const a = await w.adminA.http.get('/api/users?limit=200');
    expect(a.status).toBe(200);
    expect(new Set(a.body.data.map((u: { partnerId: string }) => u.partnerId))).toEqual(
      new Set([w.partnerA.id]),
    );
    const filtered = await w.adminA.http.get(`/api/users?partnerId=${w.partnerB.id}`);
    expect(filtered.body.data).toEqual([]);
    const rep = await w.repA.http.get('/api/users');
    expect(rep.body.data.map((u: { id: string }) => u.id)).toEqual([w.repA.id]);
    const search = await w.adminA.http.get(`/api/users?q=${encodeURIComponent(w.adminB.email)}`);
    expect(search.body.data).toEqual([]);
  });

  it('internal users see everyone and can filter by role, partner and status', async () => {
    const res = await w.salesRep.http.get(`/api/users?partnerId=${w.partnerB.id}`);
    expect(res.body.data.map((u: { id: string }) => u.id).sort()).toEqual(
      [w.adminB.id, w.repB.id].sort(),
    );
    const reps = await w.admin.http.get('/api/users?role=partner_rep&limit=200');
    expect(reps.body.data.every((u: { role: string }) => u.role === 'partner_rep')).toBe(true);
    const inactive = await w.admin.http.get('/api/users?active=false');
    expect(inactive.body.data.every((u: { active: boolean }) => !u.active)).toBe(true);
  });

  it('carries abilities for the caller', async () => {
    const mine = await w.adminA.http.get(`/api/users/${w.repA.id}`);
    expect(mine.body.abilities).toEqual({ update: true, deactivate: true });
    const self = await w.adminA.http.get(`/api/users/${w.adminA.id}`);
    expect(self.body.abilities).toEqual({ update: true, deactivate: false });
    const asRep = await w.repA.http.get(`/api/users/${w.repA.id}`);
    expect(asRep.body.abilities).toEqual({ update: false, deactivate: false });
    const asSales = await w.salesRep.http.get(`/api/users/${w.repA.id}`);
    expect(asSales.body.abilities).toEqual({ update: false, deactivate: false });
  });
});

describe('GET /api/users/:id', () => {
  it('401, then 404 for another partner and for another rep, identical to a missing id', async () => {
    expect((await w.anon.get(`/api/users/${w.repB.id}`)).status).toBe(401);
    const missing = await w.adminA.http.get('/api/users/00000000-0000-4000-8000-000000000000');
    const other = await w.adminA.http.get(`/api/users/${w.repB.id}`);
    const peer = await w.repA.http.get(`/api/users/${w.repA2.id}`);
    for (const r of [missing, other, peer]) {
      expect(r.status).toBe(404);
      expect(r.body.error.message).toBe('User not found');
    }
    expect((await w.anon.get('/api/users/not-a-uuid')).status).toBe(401);
    expect((await w.admin.http.get('/api/users/not-a-uuid')).status).toBe(400);
  });
});

describe('PATCH /api/users/:id', () => {
  it('401 → 403 → 404 for another partner', async () => {
    expect((await w.anon.patch(`/api/users/${w.repA.id}`, { version: 1, name: 'X' })).status).toBe(
      401,
    );
    expect(
      (await w.repA.http.patch(`/api/users/${w.repA.id}`, { version: 1, name: 'X' })).status,
    ).toBe(403);
    expect(
      (await w.channelManager.http.patch(`/api/users/${w.repA.id}`, { version: 1, name: 'X' }))
        .status,
    ).toBe(403);
    expect(
      (await w.adminA.http.patch(`/api/users/${w.repB.id}`, { version: 1, name: 'X' })).status,
    ).toBe(404);
    const b = await w.admin.http.get(`/api/users/${w.repB.id}`);
    expect(b.body.name).toBe(w.repB.name);
  });

  it('optimistic concurrency: stale version 409, missing version 428, If-Match works', async () => {
    const target = await makeUser(env.deps, { role: 'partner_rep', partnerId: w.partnerA.id });
    const v = (await w.adminA.http.get(`/api/users/${target.id}`)).body.version;
    const first = await w.adminA.http.patch(`/api/users/${target.id}`, {
      version: v,
      name: 'First Edit',
    });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(v + 1);
    const stale = await w.admin.http.patch(`/api/users/${target.id}`, {
      version: v,
      name: 'Second Edit',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect((await w.admin.http.get(`/api/users/${target.id}`)).body.name).toBe('First Edit');
    const none = await w.admin.http.patch(`/api/users/${target.id}`, { name: 'No version' });
    expect(none.status).toBe(428);
    const ifMatch = await w.admin.http.patch(
      `/api/users/${target.id}`,
      { name: 'Header' },
      { 'if-match': `"${v + 1}"` },
    );
    expect(ifMatch.status).toBe(200);
  });

  it('exactly one of many concurrent edits of one version wins', async () => {
    const target = await makeUser(env.deps, { role: 'sales_rep' });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        w.admin.http.patch(`/api/users/${target.id}`, { version: 1, name: `Racer ${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
  });

  it('refuses fields that are not editable (mass assignment)', async () => {
    const target = await makeUser(env.deps, { role: 'partner_rep', partnerId: w.partnerA.id });
    for (const extra of [
      { partnerId: w.partnerB.id },
      { email: 'steal@x.test' },
      { passwordHash: 'x' },
      { id: 'x' },
    ]) {
      const res = await w.adminA.http.patch(`/api/users/${target.id}`, { version: 1, ...extra });
      expect(res.status).toBe(400);
    }
    const after = await w.admin.http.get(`/api/users/${target.id}`);
    expect(after.body).toMatchObject({ partnerId: w.partnerA.id, email: target.email, version: 1 });
  });

  it('partner admins cannot promote their people to vendor roles; nobody moves users across sides', async () => {
    const target = await makeUser(env.deps, { role: 'partner_rep', partnerId: w.partnerA.id });
    const up = await w.adminA.http.patch(`/api/users/${target.id}`, { version: 1, role: 'admin' });
    expect(up.status).toBe(400);
    const cross = await w.admin.http.patch(`/api/users/${target.id}`, {
      version: 1,
      role: 'sales_rep',
    });
    expect(cross.status).toBe(400);
    const promote = await w.adminA.http.patch(`/api/users/${target.id}`, {
      version: 1,
      role: 'partner_admin',
    });
    expect(promote.status).toBe(200);
  });

  it('nobody deactivates themselves, and the last administrator stays', async () => {
    const v = (await w.adminA.http.get(`/api/users/${w.adminA.id}`)).body.version;
    expect(
      (await w.adminA.http.patch(`/api/users/${w.adminA.id}`, { version: v, active: false }))
        .status,
    ).toBe(422);
    const solo = await createTestEnv();
    try {
      const only = await actor(solo, { role: 'admin' });
      const demote = await only.http.patch(`/api/users/${only.id}`, {
        version: 1,
        role: 'finance',
      });
      expect(demote.status).toBe(422);
      expect(demote.body.error.message).toMatch(/at least one active administrator/);
    } finally {
      await solo.close();
    }
  });

  it('writes the change to history in the same transaction', async () => {
    const target = await makeUser(env.deps, {
      role: 'partner_rep',
      partnerId: w.partnerA.id,
      name: 'Before Name',
    });
    await w.adminA.http.patch(`/api/users/${target.id}`, { version: 1, name: 'After Name' });
    const h = await w.adminA.http.get(`/api/history?subjectType=user&subjectId=${target.id}`);
    expect(h.status).toBe(200);
    expect(h.body.data[0]).toMatchObject({
      action: 'update',
      actor: { id: w.adminA.id },
      changes: { name: { from: 'Before Name', to: 'After Name' } },
    });
    const raw = await env.deps.db
      .selectFrom('events')
      .selectAll()
      .where('subject_id', '=', target.id)
      .executeTakeFirstOrThrow();
    expect(raw.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(raw.ip).toBeTruthy();
  });
});
