import type { Deps } from '../../deps';
import type { Ctx } from '../../http/actor';
import { notFound } from '../../http/errors';
import type { ApiToken } from '../../../shared/tokens';
import { hashSecret, newSecret } from '../auth/secrets';
import { TOKEN_PREFIX } from '../auth/auth.service';
import { audit } from '../history/audit';
import * as repo from './tokens.repo';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentToken(t: repo.TokenRow): ApiToken {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.created_at.toISOString(),
    lastUsedAt: iso(t.last_used_at),
    expiresAt: iso(t.expires_at),
    revokedAt: iso(t.revoked_at),
  };
}

export async function listTokens(deps: Deps, ctx: Ctx) {
  return { data: (await repo.listTokensOfUser(deps.db, ctx.actor.userId)).map(presentToken) };
}

/** Creates a token for the caller. The secret is returned once; only its hash is kept. */
export async function createToken(
  deps: Deps,
  ctx: Ctx,
  input: { name: string; expiresAt?: string },
) {
  const token = newSecret(TOKEN_PREFIX);
  const row = await deps.db.transaction().execute(async (trx) => {
    const row = await repo.insertToken(trx, {
      userId: ctx.actor.userId,
      name: input.name,
      tokenHash: hashSecret(token),
      prefix: token.slice(0, 10),
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    });
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'api_token',
      subjectId: row.id,
      partnerId: ctx.actor.partnerId,
      after: { name: row.name, expiresAt: row.expires_at },
    });
    return row;
  });
  return { ...presentToken(row), token };
}

export async function revokeToken(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const existing = await repo.findTokenOfUser(trx, ctx.actor.userId, id);
    if (!existing) throw notFound('API token');
    if (existing.revoked_at) return;
    await repo.revokeToken(trx, id);
    await audit(trx, ctx, {
      action: 'revoke',
      subjectType: 'api_token',
      subjectId: id,
      partnerId: ctx.actor.partnerId,
      changes: {},
    });
  });
}
