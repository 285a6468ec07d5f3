import type { Deps } from '../../deps';
import { scopeOf, type Ctx } from '../../http/actor';
import { AppError, notFound } from '../../http/errors';
import { decodeCursor, encodeCursor } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import type { SavedView, SavedViewEntity } from '../../../shared/saved-views';
import { SAVED_VIEW_LIMITS } from '../../../shared/saved-views';
import { audit } from '../history/audit';
import { savedViewAbilities } from './saved-views.policy';
import * as repo from './saved-views.repo';

function present(row: repo.SavedViewListRow, ctx: Ctx): SavedView {
  return {
    id: row.id,
    entity: row.entity as SavedViewEntity,
    name: row.name,
    filters: (row.filters ?? {}) as Record<string, unknown>,
    columns: (row.columns ?? []) as string[],
    sort: row.sort,
    shared: row.shared,
    pinned: row.pinned,
    mine: row.owner_id === ctx.actor.userId,
    owner: { id: row.owner_id, name: row.owner_name },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: savedViewAbilities(ctx.actor, row),
  };
}

const snapshot = (v: {
  name: string;
  entity: string;
  filters: unknown;
  columns: unknown;
  sort: string | null;
  shared: boolean;
}) => ({
  name: v.name,
  entity: v.entity,
  filters: v.filters,
  columns: v.columns,
  sort: v.sort,
  shared: v.shared,
});

const duplicateName = () =>
  new AppError('CONFLICT', 'You already have a view with this name for this list', {
    name: 'is already used by another of your views',
  });

/** The unique index is the last word when two saves race past the check. */
function isUniqueViolation(e: unknown) {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';
}

export async function listViews(
  deps: Deps,
  ctx: Ctx,
  f: { entity?: SavedViewEntity; pinned?: boolean; cursor?: string; limit: number },
) {
  const after = decodeCursor(f.cursor, 2);
  if (after && (typeof after[0] !== 'string' || typeof after[1] !== 'string')) {
    throw new AppError('BAD_REQUEST', 'The cursor is invalid; start again from the first page', {
      cursor: 'invalid',
    });
  }
  const rows = await repo.listViews(deps.db, scopeOf(ctx.actor), {
    entity: f.entity,
    pinned: f.pinned,
    after: after ? [after[0] as string, after[1] as string] : null,
    limit: f.limit,
  });
  const more = rows.length > f.limit;
  const pageRows = more ? rows.slice(0, f.limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    data: pageRows.map((r) => present(r, ctx)),
    nextCursor: more && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null,
  };
}

export async function getView(deps: Deps, ctx: Ctx, id: string) {
  const row = await repo.findView(deps.db, scopeOf(ctx.actor), id);
  if (!row) throw notFound('Saved view');
  return present(row, ctx);
}

export async function createView(
  deps: Deps,
  ctx: Ctx,
  input: {
    entity: SavedViewEntity;
    name: string;
    filters: Record<string, unknown>;
    columns: string[];
    sort?: string | null;
    shared: boolean;
    pinned: boolean;
  },
) {
  const { actor } = ctx;
  const id = await deps.db
    .transaction()
    .execute(async (trx) => {
      if (await repo.nameTaken(trx, { ownerId: actor.userId, ...input })) throw duplicateName();
      if (
        (await repo.countOwned(trx, actor.userId, input.entity)) >=
        SAVED_VIEW_LIMITS.perOwnerAndEntity
      ) {
        throw new AppError(
          'BUSINESS_RULE',
          `You can keep at most ${SAVED_VIEW_LIMITS.perOwnerAndEntity} views per list; delete one you no longer use`,
        );
      }
      const values = {
        ownerId: actor.userId,
        partnerId: actor.partnerId,
        entity: input.entity,
        name: input.name,
        filters: input.filters,
        columns: input.columns,
        sort: input.sort ?? null,
        shared: input.shared,
      };
      const { id } = await repo.insertView(trx, values);
      if (input.pinned) await repo.pinView(trx, actor.userId, input.entity, id);
      await audit(trx, ctx, {
        action: 'create',
        subjectType: 'saved_view',
        subjectId: id,
        partnerId: actor.partnerId,
        after: snapshot(values),
      });
      return id;
    })
    .catch((e: unknown) => {
      throw isUniqueViolation(e) ? duplicateName() : e;
    });
  return getView(deps, ctx, id);
}

export async function updateView(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: {
    name?: string;
    filters?: Record<string, unknown>;
    columns?: string[];
    sort?: string | null;
    shared?: boolean;
    pinned?: boolean;
  },
) {
  const { actor } = ctx;
  const scope = scopeOf(actor);
  await deps.db
    .transaction()
    .execute(async (trx) => {
      const before = await repo.findView(trx, scope, id);
      if (!before) throw notFound('Saved view');
      if (!savedViewAbilities(actor, before).update) {
        throw new AppError('FORBIDDEN', 'Only the owner can change a saved view');
      }
      if (before.version !== version) throw staleVersion('saved view');
      if (
        input.name !== undefined &&
        (await repo.nameTaken(trx, {
          ownerId: actor.userId,
          entity: before.entity,
          name: input.name,
          exceptId: id,
        }))
      ) {
        throw duplicateName();
      }
      const { pinned, ...changes } = input;
      const updated = await repo.updateViewVersioned(trx, id, version, changes);
      if (!updated) throw staleVersion('saved view');
      if (changes.shared === false && before.shared) {
        await repo.dropOthersPins(trx, id, actor.userId);
      }
      if (pinned === true) await repo.pinView(trx, actor.userId, before.entity, id);
      if (pinned === false) await repo.unpinView(trx, actor.userId, id);
      await audit(trx, ctx, {
        action: 'update',
        subjectType: 'saved_view',
        subjectId: id,
        partnerId: before.partner_id,
        before: snapshot(before),
        after: snapshot({
          name: changes.name ?? before.name,
          entity: before.entity,
          filters: changes.filters ?? before.filters,
          columns: changes.columns ?? before.columns,
          sort: changes.sort !== undefined ? changes.sort : before.sort,
          shared: changes.shared ?? before.shared,
        }),
      });
    })
    .catch((e: unknown) => {
      throw isUniqueViolation(e) ? duplicateName() : e;
    });
  return getView(deps, ctx, id);
}

export async function deleteView(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findView(trx, scopeOf(ctx.actor), id);
    if (!before) throw notFound('Saved view');
    if (!savedViewAbilities(ctx.actor, before).delete) {
      throw new AppError('FORBIDDEN', 'Only the owner can delete a saved view');
    }
    await repo.deleteView(trx, id);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'saved_view',
      subjectId: id,
      partnerId: before.partner_id,
      before: snapshot(before),
    });
  });
}

/** Makes a view (own or shared with the caller) their default for its list. */
export async function pinView(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const view = await repo.findView(trx, scopeOf(ctx.actor), id);
    if (!view) throw notFound('Saved view');
    await repo.pinView(trx, ctx.actor.userId, view.entity, id);
  });
  return getView(deps, ctx, id);
}

export async function unpinView(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const view = await repo.findView(trx, scopeOf(ctx.actor), id);
    if (!view) throw notFound('Saved view');
    await repo.unpinView(trx, ctx.actor.userId, id);
  });
}
