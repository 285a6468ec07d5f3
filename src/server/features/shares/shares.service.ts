import type { Deps } from '../../deps';
import type { Ctx } from '../../http/actor';
import { AppError, forbidden } from '../../http/errors';
import type { ShareableType, ShareList } from '../../../shared/shares';
import { audit } from '../history/audit';
import { notify } from '../notifications/notifications.service';
import { findUsersByIds } from '../records/records.repo';
import { recordLink, requireLogRecord, type RecordRef } from '../records/records.service';
import { canManageShares } from './shares.policy';
import * as repo from './shares.repo';

type Target = { subjectType: ShareableType; subjectId: string };

export async function listShares(deps: Deps, ctx: Ctx, q: Target): Promise<ShareList> {
  const rec = await requireLogRecord(deps.db, ctx.actor, q.subjectType, q.subjectId);
  const rows = await repo.listShares(deps.db, q.subjectType, rec.id);
  const canManage = canManageShares(ctx.actor, rec);
  const partnerUser = rec.partnerUserId
    ? ((await findUsersByIds(deps.db, [rec.partnerUserId]))[0] ?? null)
    : null;
  const candidates =
    canManage && rec.partnerId
      ? await repo.shareCandidates(deps.db, rec.partnerId, [
          ...rows.map((r) => r.user_id),
          ...(rec.partnerUserId ? [rec.partnerUserId] : []),
        ])
      : [];
  return {
    data: rows.map((r) => ({
      user: { id: r.user_id, name: r.user_name },
      sharedBy: r.shared_by ? { id: r.shared_by, name: r.by_name ?? 'Deleted user' } : null,
      createdAt: r.created_at.toISOString(),
    })),
    partnerUser: partnerUser ? { id: partnerUser.id, name: partnerUser.name } : null,
    canManage,
    candidates: candidates.map((c) => ({ id: c.id, name: c.name })),
  };
}

function requireManager(ctx: Ctx, rec: RecordRef) {
  if (!canManageShares(ctx.actor, rec)) {
    throw forbidden(
      "Only the vendor's sales team, the partner's admin or the rep working this record can share it",
    );
  }
}

export async function share(deps: Deps, ctx: Ctx, input: Target & { userId: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const rec = await requireLogRecord(trx, ctx.actor, input.subjectType, input.subjectId);
    requireManager(ctx, rec);
    if (!rec.partnerId) {
      throw new AppError('BUSINESS_RULE', 'Assign the record to a partner before sharing it', {
        userId: 'the record has no partner',
      });
    }
    const user = await repo.activeUserOfPartner(trx, input.userId, rec.partnerId);
    if (!user) {
      throw new AppError('BUSINESS_RULE', "Share only with active users of the record's partner", {
        userId: "must be an active user of the record's partner",
      });
    }
    if (user.id === rec.partnerUserId) {
      throw new AppError('BUSINESS_RULE', 'This person already works the record', {
        userId: 'already works this record',
      });
    }
    const added = await repo.addShare(trx, {
      record_type: input.subjectType,
      record_id: rec.id,
      user_id: user.id,
      shared_by: ctx.actor.userId,
    });
    if (!added) return;
    await audit(trx, ctx, {
      action: 'share',
      subjectType: rec.type,
      subjectId: rec.id,
      partnerId: rec.partnerId,
      changes: { sharedWith: { from: null, to: user.name } },
    });
    if (user.id !== ctx.actor.userId) {
      await notify(trx, [
        {
          userId: user.id,
          kind: 'record_shared',
          title: `${ctx.actor.name} shared ${rec.label} with you`.slice(0, 300),
          link: recordLink(rec),
          recordType: rec.type,
          recordId: rec.id,
          actorUserId: ctx.actor.userId,
        },
      ]);
    }
  });
}

export async function unshare(deps: Deps, ctx: Ctx, input: Target & { userId: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const rec = await requireLogRecord(trx, ctx.actor, input.subjectType, input.subjectId);
    requireManager(ctx, rec);
    const [user] = await findUsersByIds(trx, [input.userId]);
    const removed = await repo.removeShare(trx, input.subjectType, rec.id, input.userId);
    if (!removed) return;
    await audit(trx, ctx, {
      action: 'unshare',
      subjectType: rec.type,
      subjectId: rec.id,
      partnerId: rec.partnerId,
      changes: { sharedWith: { from: user?.name ?? input.userId, to: null } },
    });
  });
}
