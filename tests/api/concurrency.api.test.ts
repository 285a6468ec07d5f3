import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { actor, makeUser, type Actor } from '../support/factories';

/**
 * Many requests at once, each with its own parameterised statements and transactions. On the
 * embedded database this once bound one connection's statement to another's parameters
 * ("bind message supplies 3 parameters, but prepared statement requires 1"); nothing may fail
 * and every race must have exactly one winner.
 */
let env: TestEnv;
let admin: Actor;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await actor(env, { role: 'admin' });
});
afterAll(() => env.close());

it('concurrent edits, reads and lists never fail and never mix up statements', async () => {
  const outcomes: string[] = [];
  for (let round = 0; round < 15; round++) {
    const target = await makeUser(env.deps, { role: 'sales_rep', name: `Round ${round}` });
    const results = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) =>
        admin.http.patch(`/api/users/${target.id}`, { version: 1, name: `Racer ${i}` }),
      ),
      admin.http.get('/api/me'),
      admin.http.get(`/api/users/${target.id}`),
      admin.http.get('/api/users?limit=5&sort=-createdAt'),
      admin.http.get('/api/dashboard/summary'),
    ]);
    const patches = results.slice(0, 8).map((r) => r.status);
    outcomes.push(patches.sort().join(','));
    expect(results.slice(8).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results[8]!.body.id).toBe(admin.id);
    expect(results[9]!.body.id).toBe(target.id);
  }
  expect(new Set(outcomes)).toEqual(new Set(['200,409,409,409,409,409,409,409']));
});
