import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestEnv, client, type TestEnv } from '../support/app';
import { world, type World } from '../support/factories';
import { audit } from '../../src/server/features/history/audit';

let env: TestEnv;
let w: World;
beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
});
afterAll(() => env.close());

describe('/api/tokens', () => {
  it('401 without a session', async () => {
    expect((await w.anon.get('/api/tokens')).status).toBe(401);
    expect((await w.anon.post('/api/tokens', { name: 'x' })).status).toBe(401);
    expect((await w.anon.delete(`/api/tokens/${w.admin.id}`)).status).toBe(401);
  });

  it('shows the secret once, stores only its hash, lists without it', async () => {
    const res = await w.repA.http.post('/api/tokens', { name: 'CRM sync' });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.token).toMatch(/^cdt_[\w-]{43}$/);
    expect(res.body.prefix).toBe(res.body.token.slice(0, 10));
    const list = await w.repA.http.get('/api/tokens');
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
    const stored = await env.deps.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(res.body.token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const me = await client(env.app, { bearer: res.body.token }).get('/api/me');
    expect(me.body.id).toBe(w.repA.id);
    // Scope follows the user: the token sees exactly what the rep sees.
    expect(
      (await client(env.app, { bearer: res.body.token }).get(`/api/users/${w.repA2.id}`)).status,
    ).toBe(404);
  });

  it("404 when revoking someone else's token", async () => {
    const theirs = await w.adminB.http.post('/api/tokens', { name: 'Theirs' });
    expect((await w.adminA.http.delete(`/api/tokens/${theirs.body.id}`)).status).toBe(404);
    expect((await w.admin.http.delete(`/api/tokens/${theirs.body.id}`)).status).toBe(404);
    expect((await client(env.app, { bearer: theirs.body.token }).get('/api/me')).status).toBe(200);
  });

  it('validates the expiry', async () => {
    expect(
      (await w.admin.http.post('/api/tokens', { name: 'x', expiresAt: '2001-01-01T00:00:00Z' }))
        .status,
    ).toBe(400);
    expect(
      (await w.admin.http.post('/api/tokens', { name: 'x', expiresAt: 'tomorrow' })).status,
    ).toBe(400);
    expect((await w.admin.http.post('/api/tokens', { name: '' })).status).toBe(400);
    const ok = await w.admin.http.post('/api/tokens', {
      name: 'x',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(ok.status).toBe(201);
  });
});

describe('history', () => {
  it('401 → 400 on a bad subject → 404 for records out of scope', async () => {
    expect((await w.anon.get(`/api/history?subjectType=user&subjectId=${w.admin.id}`)).status).toBe(
      401,
    );
    expect(
      (await w.admin.http.get(`/api/history?subjectType=invoice&subjectId=${w.admin.id}`)).status,
    ).toBe(400);
    expect(
      (await w.repA.http.get(`/api/history?subjectType=partner&subjectId=${w.partnerB.id}`)).status,
    ).toBe(404);
  });

  it('is append-only: the database refuses to update or delete events', async () => {
    await w.admin.http.post('/api/partners', { companyName: 'Audit Trail Co' });
    await expect(sql`update events set action = 'forged'`.execute(env.deps.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from events`.execute(env.deps.db)).rejects.toThrow(/append-only/);
  });

  it('is written in the same transaction: a rolled-back change leaves no event', async () => {
    const before = await env.deps.db
      .selectFrom('events')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      env.deps.db.transaction().execute(async (trx) => {
        await audit(
          trx,
          { actor: null, requestId: 'r', ip: 'x' },
          {
            action: 'update',
            subjectType: 'partner',
            subjectId: w.partnerA.id,
            partnerId: w.partnerA.id,
            changes: {},
          },
        );
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await env.deps.db
      .selectFrom('events')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('never records secrets', async () => {
    await w.admin.http.post('/api/users', {
      email: `secret${Date.now()}@x.test`,
      name: 'Has Password',
      role: 'finance',
      password: 'super-secret-password',
    });
    const rows = await env.deps.db.selectFrom('events').select('changes').execute();
    expect(JSON.stringify(rows)).not.toContain('super-secret-password');
    expect(JSON.stringify(rows)).not.toMatch(/password_hash|\$argon2/);
  });

  it('pages newest first with a cursor', async () => {
    const p = (await w.admin.http.post('/api/partners', { companyName: 'Paged' })).body;
    let v = p.version;
    for (let i = 0; i < 4; i++)
      v = (
        await w.admin.http.patch(`/api/partners/${p.id}`, { version: v, companyName: `Paged ${i}` })
      ).body.version;
    const first = await w.admin.http.get(
      `/api/history?subjectType=partner&subjectId=${p.id}&limit=3`,
    );
    expect(
      first.body.data.map(
        (e: { changes: { companyName: { to: string } } }) => e.changes.companyName.to,
      ),
    ).toEqual(['Paged 3', 'Paged 2', 'Paged 1']);
    const second = await w.admin.http.get(
      `/api/history?subjectType=partner&subjectId=${p.id}&limit=3&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.data.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(second.body.nextCursor).toBeNull();
    expect(
      (await w.admin.http.get(`/api/history?subjectType=partner&subjectId=${p.id}&cursor=abc`))
        .status,
    ).toBe(400);
  });
});

describe('database failures', () => {
  it('answer 500 with a request id and no internals, and roll back', async () => {
    const broken = await createTestEnv();
    try {
      const { actor } = await import('../support/factories');
      const a = await actor(broken, { role: 'admin' });
      await sql`alter table partners add constraint no_new check (company_name <> 'Doomed')`.execute(
        broken.deps.db,
      );
      const res = await a.http.post('/api/partners', { companyName: 'Doomed' });
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('INTERNAL');
      expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
      expect(JSON.stringify(res.body)).not.toMatch(/constraint|no_new|partners|insert/i);
      const events = await broken.deps.db
        .selectFrom('events')
        .selectAll()
        .where('subject_type', '=', 'partner')
        .execute();
      expect(events).toEqual([]);
    } finally {
      await broken.close();
    }
  });
});
