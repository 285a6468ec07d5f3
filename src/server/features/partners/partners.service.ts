import type { Deps } from '../../deps';
import { scopeOf, type Ctx } from '../../http/actor';
import { AppError, notFound } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import type { PartnerRow } from '../../db/types';
import type { Partner } from '../../../shared/partners';
import { audit } from '../history/audit';
import { partnerAbilities } from './partners.policy';
import * as repo from './partners.repo';

export function presentPartner(row: PartnerRow, ctx: Ctx): Partner {
  return {
    id: row.id,
    companyName: row.company_name,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: partnerAbilities(ctx.actor),
  };
}

const snapshot = (p: PartnerRow) => ({ companyName: p.company_name, status: p.status });

export async function listPartners(
  deps: Deps,
  ctx: Ctx,
  f: Parameters<typeof repo.listPartners>[2],
) {
  const { rows, keys } = await repo.listPartners(deps.db, scopeOf(ctx.actor), f);
  const value = (row: PartnerRow) => (field: string) =>
    ({ companyName: row.company_name, createdAt: row.created_at, status: row.status })[field];
  const p = finishPage(rows, f.limit, (row) => cursorFrom(row, keys, value(row)));
  return { data: p.rows.map((r) => presentPartner(r, ctx)), nextCursor: p.nextCursor };
}

export async function getPartner(deps: Deps, ctx: Ctx, id: string) {
  const row = await repo.findPartner(deps.db, scopeOf(ctx.actor), id);
  if (!row) throw notFound('Partner');
  return presentPartner(row, ctx);
}

export async function createPartner(
  deps: Deps,
  ctx: Ctx,
  input: { companyName: string; status?: PartnerRow['status'] },
) {
  const row = await deps.db.transaction().execute(async (trx) => {
    const row = await repo.insertPartner(trx, input);
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'partner',
      subjectId: row.id,
      partnerId: row.id,
      after: snapshot(row),
    });
    return row;
  });
  return presentPartner(row, ctx);
}

export async function updatePartner(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: { companyName?: string; status?: PartnerRow['status'] },
) {
  const row = await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findPartner(trx, scopeOf(ctx.actor), id);
    if (!before) throw notFound('Partner');
    if (!partnerAbilities(ctx.actor).update)
      throw new AppError('FORBIDDEN', 'You cannot change this partner');
    const after = await repo.updatePartnerVersioned(trx, id, version, {
      ...(input.companyName !== undefined ? { company_name: input.companyName } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
    });
    if (!after) throw staleVersion('partner');
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'partner',
      subjectId: id,
      partnerId: id,
      before: snapshot(before),
      after: snapshot(after),
    });
    return after;
  });
  return presentPartner(row, ctx);
}
