import type { Deps } from '../../deps';
import { scopeOf, type Ctx } from '../../http/actor';
import { AppError, notFound, validation } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import { isPartnerRole, type Role } from '../../../shared/roles';
import type { CreateUserInput, UpdateUserInput, User } from '../../../shared/users';
import { audit } from '../history/audit';
import { queueEmail } from '../email/email.service';
import { hashPassword, hashSecret, newSecret, passwordProblem } from '../auth/secrets';
import { deleteSessionsOfUser, insertInvitation, revokeTokensOfUser } from '../auth/auth.repo';
import { assignableRoles, canManage, sameSide, userAbilities } from './users.policy';
import { presentUser } from './users.presenter';
import * as repo from './users.repo';

export async function listUsers(deps: Deps, ctx: Ctx, f: Parameters<typeof repo.listUsers>[2]) {
  const { rows, keys } = await repo.listUsers(deps.db, scopeOf(ctx.actor), f);
  const pick = (row: repo.UserListRow) => (field: string) =>
    ({
      name: row.name,
      email: row.email,
      createdAt: row.created_at,
      lastLoginAt: row.last_login_at,
      role: row.role,
    })[field];
  const pageRows = finishPage(rows, f.limit, (row) => cursorFrom(row, keys, pick(row)));
  return {
    data: pageRows.rows.map((r) => presentUser(r, ctx.actor)),
    nextCursor: pageRows.nextCursor,
  };
}

export async function getUser(deps: Deps, ctx: Ctx, id: string): Promise<User> {
  const row = await repo.findUser(deps.db, scopeOf(ctx.actor), id);
  if (!row) throw notFound('User');
  return presentUser(row, ctx.actor);
}

/**
 * Creates a user. Admins create anyone; partner admins only people of their own company, whatever
 * partnerId the request carries. Without a password the user gets a single-use invitation link.
 */
export async function createUser(deps: Deps, ctx: Ctx, input: CreateUserInput): Promise<User> {
  const { actor } = ctx;
  if (!assignableRoles(actor).includes(input.role)) {
    if (assignableRoles(actor).length === 0)
      throw new AppError('FORBIDDEN', 'Your role does not allow adding users');
    throw validation({ role: `must be one of: ${assignableRoles(actor).join(', ')}` });
  }
  let partnerId: string | null = null;
  if (actor.role === 'partner_admin') {
    if (input.partnerId && input.partnerId !== actor.partnerId) {
      throw validation({ partnerId: 'You can only add users to your own company' });
    }
    partnerId = actor.partnerId;
  } else if (isPartnerRole(input.role)) {
    if (!input.partnerId) throw validation({ partnerId: 'is required for partner users' });
    partnerId = input.partnerId;
  } else if (input.partnerId) {
    throw validation({ partnerId: 'must be empty for internal users' });
  }
  if (input.password) {
    const problem = passwordProblem(input.password, input.email);
    if (problem) throw validation({ password: problem });
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;

  const id = await deps.db.transaction().execute(async (trx) => {
    if (partnerId && !(await repo.partnerExists(trx, partnerId))) {
      throw validation({ partnerId: 'No such partner' });
    }
    if (await repo.emailTaken(trx, input.email)) {
      throw new AppError('CONFLICT', 'This email address is already in use', {
        email: 'is already in use',
      });
    }
    const { id } = await repo.insertUser(trx, {
      email: input.email,
      name: input.name,
      role: input.role,
      partner_id: partnerId,
      password_hash: passwordHash,
    });
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'user',
      subjectId: id,
      partnerId,
      after: { email: input.email, name: input.name, role: input.role, partnerId },
    });
    if (!passwordHash)
      await invite(deps, trx, { userId: id, name: input.name, email: input.email, inviter: actor });
    return id;
  });
  return getUser(deps, ctx, id);
}

/**
 * Creates a user who sets their own password from an emailed single-use link, inside the
 * caller's transaction (so the user, its audit event and the email commit together). The caller
 * has already decided the actor may do this; email uniqueness is checked here.
 */
export async function createInvitedUser(
  deps: Deps,
  trx: Parameters<typeof insertInvitation>[0],
  ctx: Ctx,
  input: { email: string; name: string; role: Role; partnerId: string | null },
): Promise<string> {
  if (await repo.emailTaken(trx, input.email)) {
    throw new AppError('CONFLICT', 'This email address is already in use', {
      email: 'is already in use',
    });
  }
  const { id } = await repo.insertUser(trx, {
    email: input.email,
    name: input.name,
    role: input.role,
    partner_id: input.partnerId,
    password_hash: null,
  });
  await audit(trx, ctx, {
    action: 'create',
    subjectType: 'user',
    subjectId: id,
    partnerId: input.partnerId,
    after: { email: input.email, name: input.name, role: input.role, partnerId: input.partnerId },
  });
  await invite(deps, trx, { userId: id, name: input.name, email: input.email, inviter: ctx.actor });
  return id;
}

async function invite(
  deps: Deps,
  trx: Parameters<typeof insertInvitation>[0],
  u: { userId: string; name: string; email: string; inviter: { userId: string; name: string } },
) {
  const token = newSecret('inv');
  const expiresAt = new Date(Date.now() + deps.config.inviteTtlMs);
  await insertInvitation(trx, {
    userId: u.userId,
    tokenHash: hashSecret(token),
    createdBy: u.inviter.userId,
    expiresAt,
  });
  await queueEmail(trx, {
    to: u.email,
    template: 'invitation',
    data: {
      name: u.name,
      inviterName: u.inviter.name,
      link: `${deps.config.publicUrl}/set-password?token=${encodeURIComponent(token)}`,
      expiresAt: expiresAt.toISOString(),
    },
  });
}

export async function updateUser(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Omit<UpdateUserInput, 'version'>,
): Promise<User> {
  const { actor } = ctx;
  const scope = scopeOf(actor);
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findUser(trx, scope, id);
    if (!before) throw notFound('User');
    if (!canManage(actor, before)) throw new AppError('FORBIDDEN', 'You cannot change this user');
    if (before.version !== version) throw staleVersion('user');

    if (input.role !== undefined && input.role !== before.role) {
      if (!assignableRoles(actor).includes(input.role)) {
        throw validation({ role: `must be one of: ${assignableRoles(actor).join(', ')}` });
      }
      if (!sameSide(input.role, before.role)) {
        throw validation({
          role: 'cannot move a user between internal and partner roles; create a new user instead',
        });
      }
    }
    const deactivating = input.active === false && before.active;
    if (deactivating && !userAbilities(actor, before).deactivate) {
      throw new AppError('BUSINESS_RULE', 'You cannot deactivate your own account');
    }
    const losesAdmin =
      before.role === 'admin' &&
      before.active &&
      (deactivating || (input.role && input.role !== 'admin'));
    if (losesAdmin && (await repo.countActiveAdmins(trx)) <= 1) {
      throw new AppError('BUSINESS_RULE', 'Conduit needs at least one active administrator');
    }

    const patch: Parameters<typeof repo.updateUserVersioned>[3] = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.role !== undefined) patch.role = input.role;
    if (input.active !== undefined) {
      patch.active = input.active;
      patch.deactivated_at = input.active ? null : new Date();
    }
    const updated = await repo.updateUserVersioned(trx, id, version, patch);
    if (!updated) throw staleVersion('user');
    if (deactivating) {
      // Access ends at once: every session and API token of the user stops working in this commit.
      await deleteSessionsOfUser(trx, id);
      await revokeTokensOfUser(trx, id);
    }
    await audit(trx, ctx, {
      action: deactivating
        ? 'deactivate'
        : input.active === true && !before.active
          ? 'reactivate'
          : 'update',
      subjectType: 'user',
      subjectId: id,
      partnerId: before.partner_id,
      before: { name: before.name, role: before.role, active: before.active },
      after: {
        name: patch.name ?? before.name,
        role: patch.role ?? before.role,
        active: patch.active ?? before.active,
      },
    });
  });
  return getUser(deps, ctx, id);
}
