import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, LOG_REDACT } from '../../src/server/app';
import { freshDatabase } from '../support/db';
import { testConfig, TEST_ORIGIN } from '../support/app';
import { makeUser, sessionFor, TEST_PASSWORD, tokenFor } from '../support/factories';
import type { Database } from '../../src/server/db/connection';
import type { App } from '../../src/server/http/types';
import type { Deps } from '../../src/server/deps';

let database: Database;
let app: App;
let deps: Deps;
const lines: string[] = [];

beforeAll(async () => {
  database = await freshDatabase();
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  const log = pino({ level: 'debug', redact: LOG_REDACT }, sink);
  deps = { db: database.db, config: testConfig(), log };
  app = await buildApp(deps, { logger: log });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

it('logs every request with its id, and never a password, token or cookie', async () => {
  const user = await makeUser(deps, { role: 'admin' });
  const cookie = await sessionFor(deps, user);
  const token = await tokenFor(deps, user);
  await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: user.email, password: TEST_PASSWORD },
    headers: { origin: TEST_ORIGIN },
  });
  await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: user.email, password: 'wrong-password-1' },
    headers: { origin: TEST_ORIGIN },
  });
  await app.inject({
    method: 'GET',
    url: '/api/me',
    headers: { authorization: `Bearer ${token}` },
  });
  const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
  await app.inject({
    method: 'POST',
    url: '/api/users',
    payload: {
      email: 'n@x.test',
      name: 'Evil\r\n{"level":60,"msg":"forged"}',
      role: 'finance',
      password: 'another-secret-pass',
    },
    headers: { cookie, origin: TEST_ORIGIN },
  });

  const all = lines.join('\n');
  for (const secret of [
    TEST_PASSWORD,
    'wrong-password-1',
    'another-secret-pass',
    token,
    cookie.split('=')[1]!,
  ]) {
    expect(all).not.toContain(secret);
  }
  // Each line is one JSON object: injected newlines stay inside strings.
  for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  expect(lines.some((l) => JSON.parse(l).msg === 'forged')).toBe(false);
  const reqId = me.headers['x-request-id'];
  expect(lines.filter((l) => l.includes(String(reqId))).length).toBeGreaterThanOrEqual(1);
  // Query strings are not logged (a client may put a secret there).
  await app.inject({ method: 'GET', url: `/api/me?access_token=${token}` });
  expect(lines.join('\n')).not.toContain(token);
  expect(
    lines.some((l) => JSON.parse(l).msg === 'request refused' && JSON.parse(l).status === 401),
  ).toBe(true);
  expect(lines.some((l) => JSON.parse(l).event === 'login_failed')).toBe(true);
});
