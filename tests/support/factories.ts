import { faker } from '@faker-js/faker';
import type { Deps } from '../../src/server/deps';
import type { Role } from '../../src/shared/roles';
import { insertUser } from '../../src/server/features/users/users.repo';
import { insertPartner } from '../../src/server/features/partners/partners.repo';
import { insertSession } from '../../src/server/features/auth/auth.repo';
import { hashPassword, hashSecret, newSecret } from '../../src/server/features/auth/secrets';
import { SESSION_PREFIX } from '../../src/server/features/auth/auth.service';
import { createToken } from '../../src/server/features/tokens/tokens.service';
import { actorForUser } from '../../src/server/http/actor';
import { client, type Client, type TestEnv } from './app';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | undefined;

export async function makePartner(
  deps: Deps,
  over: { companyName?: string; status?: 'applicant' | 'active' | 'suspended' | 'archived' } = {},
) {
  return insertPartner(deps.db, {
    companyName: over.companyName ?? `${faker.company.name()} ${unique()}`,
    status: over.status ?? 'active',
  });
}

/** A customer account, inserted directly (tests of features that attach to accounts). */
export async function makeAccount(
  deps: Deps,
  over: { name?: string; managedByPartnerId?: string | null; partnerUserId?: string | null } = {},
) {
  return deps.db
    .insertInto('accounts')
    .values({
      name: over.name ?? `${faker.company.name()} ${unique()}`,
      managed_by_partner_id: over.managedByPartnerId ?? null,
      partner_user_id: over.partnerUserId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeContact(
  deps: Deps,
  over: { accountId: string; firstName?: string; lastName?: string },
) {
  return deps.db
    .insertInto('contacts')
    .values({
      account_id: over.accountId,
      first_name: over.firstName ?? faker.person.firstName(),
      last_name: over.lastName ?? faker.person.lastName(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeCase(
  deps: Deps,
  over: {
    subject?: string;
    accountId?: string | null;
    managedByPartnerId?: string | null;
    partnerUserId?: string | null;
  } = {},
) {
  return deps.db
    .insertInto('cases')
    .values({
      subject: over.subject ?? `Case ${unique()}`,
      account_id: over.accountId ?? null,
      managed_by_partner_id: over.managedByPartnerId ?? null,
      partner_user_id: over.partnerUserId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeConsultant(
  deps: Deps,
  over: { partnerId: string; firstName?: string; lastName?: string },
) {
  return deps.db
    .insertInto('consultants')
    .values({
      partner_id: over.partnerId,
      first_name: over.firstName ?? faker.person.firstName(),
      last_name: over.lastName ?? faker.person.lastName(),
      email: `consultant.${unique()}@example.test`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type TestUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  partnerId: string | null;
};

export async function makeUser(
  deps: Deps,
  over: {
    role?: Role;
    partnerId?: string | null;
    email?: string;
    name?: string;
    password?: string | null;
  } = {},
): Promise<TestUser> {
  const role = over.role ?? 'admin';
  const email = (over.email ?? `${role}.${unique()}@example.test`).toLowerCase();
  const name = over.name ?? faker.person.fullName();
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash =
    over.password === null
      ? null
      : over.password
        ? await hashPassword(over.password)
        : await passwordHash;
  const partnerId = over.partnerId ?? null;
  const { id } = await insertUser(deps.db, {
    email,
    name,
    role,
    partner_id: partnerId,
    password_hash: hash,
  });
  return { id, email, name, role, partnerId };
}

/** A signed-in session for the user, without going through the (throttled) login endpoint. */
export async function sessionFor(deps: Deps, user: { id: string }): Promise<string> {
  const token = newSecret(SESSION_PREFIX);
  await insertSession(deps.db, {
    idHash: hashSecret(token),
    userId: user.id,
    expiresAt: new Date(Date.now() + 3_600_000),
    ip: '127.0.0.1',
    userAgent: 'test',
  });
  return `conduit_session=${token}`;
}

export async function tokenFor(deps: Deps, user: TestUser): Promise<string> {
  const created = await createToken(
    deps,
    {
      actor: actorForUser(user),
      requestId: 'test',
      ip: '127.0.0.1',
    },
    { name: 'test token' },
  );
  return created.token;
}

export type Actor = TestUser & { http: Client; cookie: string };

export async function actor(
  env: TestEnv,
  over: Parameters<typeof makeUser>[1] = {},
): Promise<Actor> {
  const user = await makeUser(env.deps, over);
  const cookie = await sessionFor(env.deps, user);
  return { ...user, cookie, http: client(env.app, { cookie }) };
}

/**
 * Two partners, each with an admin and a rep, plus internal users: the cast of every
 * authorization test.
 */
export async function world(env: TestEnv) {
  const partnerA = await makePartner(env.deps, { companyName: `Alpha ${unique()}` });
  const partnerB = await makePartner(env.deps, { companyName: `Beta ${unique()}` });
  const [admin, channelManager, salesRep, finance, marketing, adminA, repA, repA2, adminB, repB] =
    await Promise.all([
      actor(env, { role: 'admin' }),
      actor(env, { role: 'channel_manager' }),
      actor(env, { role: 'sales_rep' }),
      actor(env, { role: 'finance' }),
      actor(env, { role: 'marketing' }),
      actor(env, { role: 'partner_admin', partnerId: partnerA.id }),
      actor(env, { role: 'partner_rep', partnerId: partnerA.id }),
      actor(env, { role: 'partner_rep', partnerId: partnerA.id }),
      actor(env, { role: 'partner_admin', partnerId: partnerB.id }),
      actor(env, { role: 'partner_rep', partnerId: partnerB.id }),
    ]);
  return {
    partnerA,
    partnerB,
    admin,
    channelManager,
    salesRep,
    finance,
    marketing,
    adminA,
    repA,
    repA2,
    adminB,
    repB,
    anon: client(env.app),
  };
}
export type World = Awaited<ReturnType<typeof world>>;
