import type { Deps } from '../../deps';
import type { Actor } from '../../http/actor';
import { AppError } from '../../http/errors';
import { audit } from '../history/audit';
import * as repo from './auth.repo';
import { hashPassword, hashSecret, newSecret, passwordProblem, verifyPassword } from './secrets';

export const SESSION_PREFIX = 'cds';
export const TOKEN_PREFIX = 'cdt';

const BAD_CREDENTIALS = () => new AppError('UNAUTHENTICATED', 'Email or password is incorrect');

function throttled(oldest: Date | null, windowMs: number) {
  const retryAfter = oldest
    ? Math.max(1, Math.ceil((oldest.getTime() + windowMs - Date.now()) / 1000))
    : 60;
  return new AppError(
    'RATE_LIMITED',
    `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
    undefined,
    { 'retry-after': String(retryAfter) },
  );
}

/**
 * Signs in. Unknown emails, wrong passwords, deactivated users and users who have not set a
 * password all get the same answer in the same time. Failures are throttled per account and per
 * client address. A new session id is issued on every sign-in (the old one, if any, ends).
 */
export async function login(
  deps: Deps,
  input: {
    email: string;
    password: string;
    ip: string;
    userAgent: string | null;
    previousSession?: string;
  },
) {
  const email = input.email.trim().toLowerCase();
  const { windowMs, maxPerAccount, maxPerIp } = deps.config.loginThrottle;
  const since = new Date(Date.now() - windowMs);
  const [byAccount, byIp] = await Promise.all([
    repo.recentFailures(deps.db, { email }, since),
    repo.recentFailures(deps.db, { ip: input.ip }, since),
  ]);
  if (byAccount.count >= maxPerAccount) throw throttled(byAccount.oldest, windowMs);
  if (byIp.count >= maxPerIp) throw throttled(byIp.oldest, windowMs);

  const user = await repo.findUserByEmail(deps.db, email);
  const passwordOk = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !passwordOk || !user.active || !user.partner_admitted) {
    await repo.recordLoginAttempt(deps.db, { email, ip: input.ip, succeeded: false });
    deps.log.info({ event: 'login_failed', email, ip: input.ip }, 'sign-in failed');
    throw BAD_CREDENTIALS();
  }

  const token = newSecret(SESSION_PREFIX);
  const expiresAt = new Date(Date.now() + deps.config.session.absoluteMs);
  await deps.db.transaction().execute(async (trx) => {
    if (input.previousSession) await repo.deleteSession(trx, hashSecret(input.previousSession));
    await repo.insertSession(trx, {
      idHash: hashSecret(token),
      userId: user.id,
      expiresAt,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await repo.recordLoginAttempt(trx, { email, ip: input.ip, succeeded: true });
    await repo.markLoggedIn(trx, user.id);
  });
  deps.log.info({ event: 'login', userId: user.id, ip: input.ip }, 'signed in');
  return { token, expiresAt, userId: user.id };
}

export async function logout(deps: Deps, sessionToken: string | undefined) {
  if (sessionToken) await repo.deleteSession(deps.db, hashSecret(sessionToken));
}

const TOUCH_EVERY_MS = 60_000;

export async function actorFromSession(deps: Deps, token: string): Promise<Actor | null> {
  if (!token.startsWith(`${SESSION_PREFIX}_`) || token.length > 100) return null;
  const idHash = hashSecret(token);
  const row = await repo.findSession(
    deps.db,
    idHash,
    new Date(Date.now() - deps.config.session.idleMs),
  );
  if (!row) return null;
  // Sliding idle expiry without a write per request.
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await repo.touchSession(deps.db, idHash);
  return { ...identity(row), via: 'session', sessionIdHash: idHash };
}

const identity = (
  row: Pick<Actor, 'userId' | 'name' | 'email' | 'role' | 'partnerId' | 'partnerName'>,
) => ({
  userId: row.userId,
  name: row.name,
  email: row.email,
  role: row.role,
  partnerId: row.partnerId,
  partnerName: row.partnerName,
});

export async function actorFromToken(deps: Deps, token: string): Promise<Actor | null> {
  if (!token.startsWith(`${TOKEN_PREFIX}_`) || token.length > 100) return null;
  const row = await repo.findToken(deps.db, hashSecret(token));
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await repo.touchToken(deps.db, row.tokenId);
  }
  return { ...identity(row), via: 'token', tokenId: row.tokenId };
}

/** Redeems an invitation (single use, expiring) by setting the user's password. */
export async function setPasswordWithInvitation(
  deps: Deps,
  input: { token: string; password: string; ip: string; requestId: string },
) {
  const invalid = () =>
    new AppError(
      'NOT_FOUND',
      'This link is invalid or has expired; ask your administrator for a new invitation',
    );
  if (!input.token.startsWith('inv_')) throw invalid();
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction().execute(async (trx) => {
    const inv = await repo.useInvitation(trx, hashSecret(input.token));
    if (!inv) throw invalid();
    const user = await repo.setPasswordHash(trx, inv.userId, passwordHash);
    if (!user) throw invalid();
    const owner = await repo.userBrief(trx, inv.userId);
    const problem = passwordProblem(input.password, owner.email);
    if (problem)
      throw new AppError('VALIDATION_FAILED', `Password ${problem}`, { password: problem });
    await audit(
      trx,
      {
        actor: { userId: inv.userId, partnerId: owner.partner_id },
        requestId: input.requestId,
        ip: input.ip,
      },
      {
        action: 'set_password',
        subjectType: 'user',
        subjectId: inv.userId,
        partnerId: owner.partner_id,
        changes: {},
      },
    );
  });
}
