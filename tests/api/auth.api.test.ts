import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, client, TEST_ORIGIN, type TestEnv } from '../support/app';
import { actor, makePartner, makeUser, TEST_PASSWORD, tokenFor } from '../support/factories';
import { hashSecret } from '../../src/server/features/auth/secrets';

let env: TestEnv;
beforeAll(async () => {
  // Behind a trusted proxy, so each test can come from its own client address.
  env = await createTestEnv({
    CONDUIT_LOGIN_MAX_PER_ACCOUNT: '5',
    CONDUIT_LOGIN_MAX_PER_IP: '12',
    CONDUIT_TRUST_PROXY: '1',
  });
});
afterAll(() => env.close());

const browser = { origin: TEST_ORIGIN };
const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  env.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    headers: { ...browser, ...headers },
  });
const cookieOf = (res: { cookies: { name: string; value: string }[] }) => {
  const c = res.cookies.find((x) => x.name === 'conduit_session');
  return c ? `conduit_session=${c.value}` : undefined;
};
let ipSeq = 1;
const freshIp = () => ({ 'x-forwarded-for': `10.0.0.${ipSeq++}` });

describe('POST /api/auth/login', () => {
  it('signs in, sets an httpOnly SameSite=Lax cookie and /api/me says who you are', async () => {
    const partner = await makePartner(env.deps, { companyName: 'Login Co' });
    const user = await makeUser(env.deps, { role: 'partner_rep', partnerId: partner.id });
    const res = await login(user.email.toUpperCase(), TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      role: 'partner_rep',
      partner: { id: partner.id, companyName: 'Login Co' },
    });
    const cookie = res.cookies.find((c) => c.name === 'conduit_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy(); // plain http in tests; Secure behind https (unit-tested in config)
    const me = await client(env.app, { cookie: cookieOf(res)! }).get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);
  });

  it('answers unknown email, wrong password, deactivated and invitation-pending users identically', async () => {
    const u = await makeUser(env.deps, { role: 'sales_rep' });
    const off = await makeUser(env.deps, { role: 'sales_rep' });
    await env.deps.db
      .updateTable('users')
      .set({ active: false })
      .where('id', '=', off.id)
      .execute();
    const pending = await makeUser(env.deps, { role: 'sales_rep', password: null });
    const answers = await Promise.all([
      login('nobody@nowhere.test', TEST_PASSWORD, freshIp()),
      login(u.email, 'wrong-password-here', freshIp()),
      login(off.email, TEST_PASSWORD, freshIp()),
      login(pending.email, TEST_PASSWORD, freshIp()),
    ]);
    for (const a of answers) {
      expect(a.statusCode).toBe(401);
      const { requestId: _, ...rest } = a.json().error;
      expect(rest).toEqual({ code: 'UNAUTHENTICATED', message: 'Email or password is incorrect' });
      expect(a.cookies).toEqual([]);
    }
  });

  it('takes about as long for an unknown email as for a wrong password', async () => {
    const u = await makeUser(env.deps, { role: 'sales_rep' });
    const time = async (email: string) => {
      const t = process.hrtime.bigint();
      await login(email, 'wrong-password-here', freshIp());
      return Number(process.hrtime.bigint() - t) / 1e6;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 8; i++) {
      known.push(await time(u.email));
      unknown.push(await time(`ghost${i}@nowhere.test`));
    }
    // Both pay for one argon2 verification; without the dummy hash unknown emails were ~10x faster.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('throttles failures per account with 429 and Retry-After, even from rotating addresses', async () => {
    const u = await makeUser(env.deps, { role: 'finance' });
    for (let i = 0; i < 5; i++)
      expect((await login(u.email, 'wrong-password-here', freshIp())).statusCode).toBe(401);
    const res = await login(u.email, TEST_PASSWORD, freshIp());
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json().error.code).toBe('RATE_LIMITED');
  });

  it('throttles failures per client address across accounts', async () => {
    const ip = { 'x-forwarded-for': '10.9.9.9' };
    for (let i = 0; i < 12; i++) await login(`spray${i}@nowhere.test`, 'wrong-password-here', ip);
    const u = await makeUser(env.deps, { role: 'marketing' });
    const res = await login(u.email, TEST_PASSWORD, ip);
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // The account itself is not locked: the same person elsewhere still gets in.
    expect(
      (await login(u.email, TEST_PASSWORD, { 'x-forwarded-for': '10.1.2.3' })).statusCode,
    ).toBe(200);
  });

  it('does not trust X-Forwarded-For unless configured, so rotating it does not evade the limit', async () => {
    const direct = await createTestEnv({ CONDUIT_LOGIN_MAX_PER_IP: '6' });
    try {
      for (let i = 0; i < 6; i++) {
        await direct.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: `x${i}@nowhere.test`, password: 'wrong-password-here' },
          headers: { 'x-forwarded-for': `10.2.0.${i}` },
        });
      }
      const u = await makeUser(direct.deps, { role: 'admin' });
      const res = await direct.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: u.email, password: TEST_PASSWORD },
        headers: { 'x-forwarded-for': '10.2.0.99' },
      });
      expect(res.statusCode).toBe(429);
    } finally {
      await direct.close();
    }
  });

  it('rotates the session id at every sign-in and ends the previous one', async () => {
    const other = await createTestEnv();
    try {
      const u = await makeUser(other.deps, { role: 'sales_rep' });
      const first = await other.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: u.email, password: TEST_PASSWORD },
        headers: browser,
      });
      const c1 = cookieOf(first)!;
      const second = await other.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: u.email, password: TEST_PASSWORD },
        headers: { ...browser, cookie: c1 },
      });
      const c2 = cookieOf(second)!;
      expect(c2).not.toBe(c1);
      expect((await client(other.app, { cookie: c1 }).get('/api/me')).status).toBe(401);
      expect((await client(other.app, { cookie: c2 }).get('/api/me')).status).toBe(200);
      // Only the hash is stored.
      const rows = await other.deps.db.selectFrom('sessions').select('id_hash').execute();
      expect(rows.map((r) => r.id_hash)).toEqual([hashSecret(c2.split('=')[1]!)]);
    } finally {
      await other.close();
    }
  });

  it('refuses a sign-in posted from a foreign page', async () => {
    const u = await makeUser(env.deps, { role: 'sales_rep' });
    const res = await login(u.email, TEST_PASSWORD, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
  });

  it('validates the body', async () => {
    const res = await login('', '');
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields).sort()).toEqual(['email', 'password']);
  });
});

describe('sessions', () => {
  it('logout ends the session on the server', async () => {
    const a = await actor(env, { role: 'admin' });
    const res = await a.http.post('/api/auth/logout');
    expect(res.status).toBe(204);
    expect((await a.http.get('/api/me')).status).toBe(401);
  });

  it('expires idle sessions and sessions past their absolute lifetime', async () => {
    const idle = await actor(env, { role: 'admin' });
    await env.deps.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - env.deps.config.session.idleMs - 1000) })
      .where('id_hash', '=', hashSecret(idle.cookie.split('=')[1]!))
      .execute();
    expect((await idle.http.get('/api/me')).status).toBe(401);

    const old = await actor(env, { role: 'admin' });
    await env.deps.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id_hash', '=', hashSecret(old.cookie.split('=')[1]!))
      .execute();
    expect((await old.http.get('/api/me')).status).toBe(401);
  });

  it('refuses cookie-authenticated writes from a foreign Origin, or with no browser headers at all', async () => {
    const a = await actor(env, { role: 'admin' });
    const evil = await env.app.inject({
      method: 'POST',
      url: '/api/partners',
      payload: { companyName: 'CSRF Co' },
      headers: { cookie: a.cookie, origin: 'https://evil.example' },
    });
    expect(evil.statusCode).toBe(403);
    const crossSite = await env.app.inject({
      method: 'POST',
      url: '/api/partners',
      payload: { companyName: 'CSRF Co' },
      headers: { cookie: a.cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    const bare = await env.app.inject({
      method: 'POST',
      url: '/api/partners',
      payload: { companyName: 'CSRF Co' },
      headers: { cookie: a.cookie },
    });
    expect(bare.statusCode).toBe(403);
    const same = await env.app.inject({
      method: 'POST',
      url: '/api/partners',
      payload: { companyName: 'CSRF Co' },
      headers: { cookie: a.cookie, 'sec-fetch-site': 'same-origin' },
    });
    expect(same.statusCode).toBe(201);
    // Reads are not state-changing and stay allowed.
    expect(
      (await env.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: a.cookie } }))
        .statusCode,
    ).toBe(200);
  });

  it('rejects garbage and forged cookies as signed out', async () => {
    for (const cookie of [
      'conduit_session=garbage',
      'conduit_session=cds_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      `conduit_session=${'x'.repeat(5000)}`,
    ]) {
      expect((await client(env.app, { cookie }).get('/api/me')).status).toBe(401);
    }
  });
});

describe('API tokens as Bearer credentials', () => {
  it('authenticates with a token, never with one in the query string, and not after revocation', async () => {
    const u = await makeUser(env.deps, { role: 'channel_manager' });
    const token = await tokenFor(env.deps, u);
    expect((await client(env.app, { bearer: token }).get('/api/me')).body.id).toBe(u.id);
    // Bearer writes need no Origin: tokens are not sent automatically by browsers.
    expect(
      (await client(env.app, { bearer: token }).post('/api/partners', { companyName: 'Token Co' }))
        .status,
    ).toBe(201);
    expect((await client(env.app).get(`/api/me?access_token=${token}`)).status).toBe(401);
    const list = await client(env.app, { bearer: token }).get('/api/tokens');
    await client(env.app, { bearer: token }).delete(`/api/tokens/${list.body.data[0].id}`);
    const after = await client(env.app, { bearer: token }).get('/api/me');
    expect(after.status).toBe(401);
  });

  it('refuses expired, malformed and unknown tokens, without falling back to the cookie', async () => {
    const u = await actor(env, { role: 'admin' });
    const token = await tokenFor(env.deps, u);
    await env.deps.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', hashSecret(token))
      .execute();
    expect((await client(env.app, { bearer: token }).get('/api/me')).status).toBe(401);
    for (const h of [
      'Bearer',
      'Bearer cdt_nope',
      'Basic dXNlcjpwYXNz',
      `Bearer ${'x'.repeat(3000)}`,
    ]) {
      const res = await env.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { authorization: h, cookie: u.cookie },
      });
      expect(res.statusCode).toBe(401);
    }
  });
});

describe('deactivation', () => {
  it('ends every session and token of the user at once', async () => {
    const admin = await actor(env, { role: 'admin' });
    const target = await actor(env, { role: 'sales_rep' });
    const token = await tokenFor(env.deps, target);
    expect((await target.http.get('/api/me')).status).toBe(200);
    const current = await admin.http.get(`/api/users/${target.id}`);
    const res = await admin.http.patch(`/api/users/${target.id}`, {
      version: current.body.version,
      active: false,
    });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect((await target.http.get('/api/me')).status).toBe(401);
    expect((await client(env.app, { bearer: token }).get('/api/me')).status).toBe(401);
    expect((await login(target.email, TEST_PASSWORD, freshIp())).statusCode).toBe(401);
    // Reactivation does not bring old credentials back.
    const again = await admin.http.patch(`/api/users/${target.id}`, {
      version: res.body.version,
      active: true,
    });
    expect(again.status).toBe(200);
    expect((await client(env.app, { bearer: token }).get('/api/me')).status).toBe(401);
    expect((await target.http.get('/api/me')).status).toBe(401);
  });

  it('no request that starts after the deactivation commits succeeds (50 concurrent)', async () => {
    const admin = await actor(env, { role: 'admin' });
    const target = await actor(env, { role: 'sales_rep' });
    const token = await tokenFor(env.deps, target);
    const v = (await admin.http.get(`/api/users/${target.id}`)).body.version;
    const deactivated = admin.http.patch(`/api/users/${target.id}`, { version: v, active: false });
    await deactivated;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 ? target.http.get('/api/me') : client(env.app, { bearer: token }).get('/api/me'),
      ),
    );
    expect(results.every((r) => r.status === 401)).toBe(true);
  });
});
