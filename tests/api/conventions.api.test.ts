import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, client, type TestEnv } from '../support/app';
import { actor, makeUser, type Actor } from '../support/factories';
import { UNDECLARED_ALLOWED } from '../../src/server/http/access';

let env: TestEnv;
let admin: Actor;

beforeAll(async () => {
  env = await createTestEnv({ CONDUIT_BODY_LIMIT_BYTES: '4096' });
  admin = await actor(env, { role: 'admin' });
});
afterAll(() => env.close());

function expectErrorShape(body: unknown, code: string) {
  expect(body).toMatchObject({
    error: { code, message: expect.any(String), requestId: expect.any(String) },
  });
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+|select |insert into|syntax error/i);
}

describe('every route declares who may call it', () => {
  it('has an access declaration on every /api route', () => {
    const api = env.app.routeTable.filter((r) => r.url.startsWith('/api') && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThan(10);
    const undeclared = api.filter(
      (r) => !r.access && !UNDECLARED_ALLOWED.some((re) => re.test(r.url)),
    );
    expect(undeclared).toEqual([]);
    // Only documentation, sign-in and the partner application form are public.
    const publicRoutes = api
      .filter((r) => r.access === 'public')
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(publicRoutes).toEqual([
      'GET /api/applications/form',
      'GET /api/health',
      'GET /api/openapi.json',
      'POST /api/applications',
      'POST /api/auth/login',
      'POST /api/auth/logout',
      'POST /api/auth/set-password',
    ]);
  });

  it('refuses to start when a route has no declaration', async () => {
    const Fastify = (await import('fastify')).default;
    const { requireAccessDeclarations } = await import('../../src/server/http/access');
    const bare = Fastify();
    requireAccessDeclarations(bare);
    expect(() => bare.get('/api/forgotten', async () => 'x')).toThrow(/no access declaration/);
    expect(() =>
      bare.get('/api/fine', { config: { access: 'public' } }, async () => 'x'),
    ).not.toThrow();
  });

  it('documents the exemptions (only the rendered API docs)', () => {
    expect(UNDECLARED_ALLOWED.map(String)).toEqual([String(/^\/api\/docs(\/|$)/)]);
  });
});

describe('HTTP conventions', () => {
  it('GET /api/health answers ok', async () => {
    const res = await client(env.app).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves an OpenAPI 3.1 document naming every route, and rendered docs', async () => {
    const res = await client(env.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const p of [
      '/api/auth/login',
      '/api/me',
      '/api/users',
      '/api/users/{id}',
      '/api/tokens',
      '/api/tokens/{id}',
      '/api/partners',
      '/api/partners/{id}',
      '/api/history',
      '/api/health',
      '/api/dashboard/summary',
    ]) {
      expect(res.body.paths).toHaveProperty([p]);
    }
    const docs = await env.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('answers an unknown /api path with a JSON 404', async () => {
    const res = await admin.http.get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expectErrorShape(res.body, 'NOT_FOUND');
  });

  it('answers malformed JSON with 400', async () => {
    const res = await admin.http.post('/api/partners', '{"companyName": ', {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'BAD_REQUEST');
  });

  it('answers a body over the limit with 413', async () => {
    const res = await admin.http.post('/api/partners', { companyName: 'x'.repeat(10_000) });
    expect(res.status).toBe(413);
    expectErrorShape(res.body, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a wrong content type with 415', async () => {
    const res = await admin.http.post('/api/partners', 'companyName=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expectErrorShape(res.body, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses prototype-poisoning JSON with 400', async () => {
    const res = await admin.http.post(
      '/api/partners',
      '{"companyName":"x","__proto__":{"polluted":1}}',
      { 'content-type': 'application/json' },
    );
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the invalid fields', async () => {
    const res = await admin.http.post('/api/users', {
      email: 'not-an-email',
      name: '',
      role: 'wizard',
    });
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'VALIDATION_FAILED');
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['email', 'name', 'role']);
  });

  it('refuses NUL characters cleanly instead of failing in the database', async () => {
    const res = await admin.http.post('/api/partners', { companyName: 'Acme\u0000Corp' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('companyName');
  });

  it('clamps ?limit to the maximum', async () => {
    const res = await admin.http.get('/api/users?limit=1000000');
    expect(res.status).toBe(200);
    const res2 = await admin.http.get('/api/users?limit=-5');
    expect(res2.status).toBe(200);
    expect(res2.body.data.length).toBe(1);
  });

  it.each([
    'name;drop table users',
    '(select password_hash from users)',
    'password_hash',
    'nope',
    '__proto__',
  ])('refuses an unknown sort field %s with 400', async (sort) => {
    const res = await admin.http.get(`/api/users?sort=${encodeURIComponent(sort)}`);
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'BAD_REQUEST');
  });

  it('refuses a forged cursor with 400', async () => {
    const res = await admin.http.get('/api/users?cursor=not-a-cursor');
    expect(res.status).toBe(400);
  });

  it('treats SQL in search text as text', async () => {
    const res = await admin.http.get(`/api/users?q=${encodeURIComponent("' OR 1=1 --")}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });

  it('sends security headers', async () => {
    const res = await client(env.app).get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('ignores a client-chosen request id', async () => {
    const res = await client(env.app).get('/api/health', { 'x-request-id': 'forged\r\nline' });
    expect(res.headers['x-request-id']).not.toBe('forged\r\nline');
  });
});

describe('keyset pagination', () => {
  it('walks every row exactly once, in order, for each sort', async () => {
    for (let i = 0; i < 12; i++)
      await makeUser(env.deps, {
        role: 'sales_rep',
        name: `Pager ${i % 3}`,
        email: `pager${i}@page.test`,
      });
    for (const sort of ['name', '-name', 'email', '-createdAt', 'role,-name', '-lastLoginAt']) {
      const all = await admin.http.get(`/api/users?q=page.test&limit=200&sort=${sort}`);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { data: { id: string }[]; nextCursor: string | null } } =
          await admin.http.get(
            `/api/users?q=page.test&limit=5&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`,
          );
        expect(res.status).toBe(200);
        seen.push(...res.body.data.map((u) => u.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.body.data.map((u: { id: string }) => u.id));
      expect(new Set(seen).size).toBe(12);
    }
  });

  it('does not repeat rows whose timestamps differ only in microseconds', async () => {
    // A cursor carries milliseconds; the database keeps microseconds.
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const u = await makeUser(env.deps, { role: 'sales_rep', email: `micro${i}@micro.test` });
      ids.push(u.id);
      await env.deps.db
        .updateTable('users')
        .set({ created_at: `2026-01-01T00:00:00.123${100 + i * 7}Z` })
        .where('id', '=', u.id)
        .execute();
    }
    for (const sort of ['createdAt', '-createdAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { data: { id: string }[]; nextCursor: string | null } } =
          await admin.http.get(
            `/api/users?q=micro.test&limit=1&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`,
          );
        seen.push(...res.body.data.map((u) => u.id));
        cursor = res.body.nextCursor;
      } while (cursor && seen.length < 10);
      expect(seen.sort()).toEqual([...ids].sort());
    }
  });
});

describe('overload', () => {
  it('sheds requests beyond the in-flight limit with 503 instead of queueing', async () => {
    const small = await createTestEnv({ CONDUIT_MAX_IN_FLIGHT: '2' });
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => client(small.app).get('/api/health')),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses).toContain(503);
      expect(statuses).toContain(200);
      const shed = results.find((r) => r.status === 503)!;
      expect(shed.headers['retry-after']).toBe('1');
      expectErrorShape(shed.body, 'UNAVAILABLE');
      // Recovers once the burst is over.
      expect((await client(small.app).get('/api/health')).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});
