import { describe, expect, it } from 'vitest';
import { createTestEnv, TEST_ORIGIN } from '../support/app';
import { bootstrapAdmin, DEMO_PASSWORD, DEMO_USERS, loadDemo } from '../../src/server/db/seed';
import { makeUser } from '../support/factories';

const login = (env: Awaited<ReturnType<typeof createTestEnv>>, email: string, password: string) =>
  env.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    headers: { origin: TEST_ORIGIN },
  });

describe('first administrator', () => {
  it('is created from CONDUIT_ADMIN_* on an empty database only', async () => {
    const env = await createTestEnv({
      CONDUIT_ADMIN_EMAIL: 'First@Admin.test',
      CONDUIT_ADMIN_PASSWORD: 'first-admin-password',
    });
    try {
      expect(await bootstrapAdmin(env.deps)).toBe(true);
      expect(await bootstrapAdmin(env.deps)).toBe(false);
      const res = await login(env, 'first@admin.test', 'first-admin-password');
      expect(res.statusCode).toBe(200);
      expect(res.json().user.role).toBe('admin');
    } finally {
      await env.close();
    }
  });

  it('is not created when users exist', async () => {
    const env = await createTestEnv({
      CONDUIT_ADMIN_EMAIL: 'late@admin.test',
      CONDUIT_ADMIN_PASSWORD: 'late-admin-password',
    });
    try {
      await makeUser(env.deps, { role: 'finance' });
      expect(await bootstrapAdmin(env.deps)).toBe(false);
      expect((await login(env, 'late@admin.test', 'late-admin-password')).statusCode).toBe(401);
    } finally {
      await env.close();
    }
  });
});

describe('demo data', () => {
  it('loads every role and partners with their users, with documented logins, once', async () => {
    const env = await createTestEnv();
    try {
      expect(await loadDemo(env.deps)).toBe(true);
      expect(await loadDemo(env.deps)).toBe(false);
      const roles = new Set(DEMO_USERS.map((u) => u.role));
      expect(roles.size).toBe(7);
      for (const u of DEMO_USERS) {
        const res = await login(env, u.email, DEMO_PASSWORD);
        expect(res.statusCode, u.email).toBe(200);
        expect(res.json().user.partner?.companyName ?? null).toBe(u.partner ?? null);
      }
    } finally {
      await env.close();
    }
  });

  it('does not exist unless asked for', async () => {
    const env = await createTestEnv();
    try {
      expect((await login(env, 'admin@demo.conduit.test', DEMO_PASSWORD)).statusCode).toBe(401);
    } finally {
      await env.close();
    }
  });
});
