import type { z } from 'zod';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Deps } from '../../deps';
import { scopeOf, type Ctx, type Scope } from '../../http/actor';
import { AppError, notFound, validation } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import type {
  ActivationStage,
  CreateActivationStageInput,
  CreatePartnerLevelInput,
  PartnerLevel,
  UpdateActivationStageInput,
  UpdatePartnerLevelInput,
} from '../../../shared/partners';
import { isPartnerRole } from '../../../shared/roles';
import { audit } from '../history/audit';
import { programAbilities } from './partner-program.policy';
import * as repo from './partner-program.repo';

type Db = Kysely<DB> | Transaction<DB>;

export function presentLevel(row: repo.LevelRow, ctx: Ctx): PartnerLevel {
  return {
    id: row.id,
    name: row.name,
    rank: row.rank,
    routingWeight: row.routing_weight,
    description: row.description,
    benefits: row.benefits,
    defaultCommissionPlanId: row.default_commission_plan_id,
    partnerCount: row.partner_count,
    version: row.version,
    abilities: programAbilities(ctx.actor),
  };
}

export function presentStage(row: repo.StageRow, ctx: Ctx): ActivationStage {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    description: row.description,
    partnerCount: row.partner_count,
    version: row.version,
    abilities: programAbilities(ctx.actor),
  };
}

const levelSnapshot = (r: repo.LevelRow) => ({
  name: r.name,
  rank: r.rank,
  routingWeight: r.routing_weight,
  description: r.description,
  benefits: r.benefits,
  defaultCommissionPlanId: r.default_commission_plan_id,
});
const stageSnapshot = (r: repo.StageRow) => ({
  name: r.name,
  position: r.position,
  description: r.description,
});

/** What differs between levels and stages; the rules around them are the same. */
type Item = { id: string; name: string; version: number; partner_count: number };
type Spec<R extends Item, P> = {
  kind: repo.ProgramKind;
  subjectType: 'partner_level' | 'activation_stage';
  /** "level" / "activation stage", for messages */
  noun: string;
  orderField: 'rank' | 'position';
  orderOf: (row: R) => number;
  list: (db: Db, scope: Scope) => Promise<R[]>;
  find: (db: Db, scope: Scope, id: string) => Promise<R | undefined>;
  present: (row: R, ctx: Ctx) => P;
  snapshot: (row: R) => Record<string, unknown>;
};

const LEVELS: Spec<repo.LevelRow, PartnerLevel> = {
  kind: 'level',
  subjectType: 'partner_level',
  noun: 'level',
  orderField: 'rank',
  orderOf: (r) => r.rank,
  list: repo.listLevels,
  find: repo.findLevel,
  present: presentLevel,
  snapshot: levelSnapshot,
};

const STAGES: Spec<repo.StageRow, ActivationStage> = {
  kind: 'stage',
  subjectType: 'activation_stage',
  noun: 'activation stage',
  orderField: 'position',
  orderOf: (r) => r.position,
  list: repo.listStages,
  find: repo.findStage,
  present: presentStage,
  snapshot: stageSnapshot,
};

async function list<R extends Item, P>(spec: Spec<R, P>, deps: Deps, ctx: Ctx) {
  const rows = await spec.list(deps.db, scopeOf(ctx.actor));
  return { data: rows.map((r) => spec.present(r, ctx)), nextCursor: null };
}

async function ensureNameFree(
  db: Db,
  spec: { kind: repo.ProgramKind; noun: string },
  name: string,
  exceptId?: string,
) {
  if (await repo.nameTaken(db, spec.kind, name, exceptId)) {
    throw new AppError('CONFLICT', `A ${spec.noun} named "${name}" already exists`, {
      name: 'is already used',
    });
  }
}

async function createItem<R extends Item, P>(
  spec: Spec<R, P>,
  deps: Deps,
  ctx: Ctx,
  insert: (trx: Transaction<DB>, order: number) => Promise<string>,
  name: string,
) {
  return deps.db.transaction().execute(async (trx) => {
    await repo.lockList(trx, spec.kind);
    await ensureNameFree(trx, spec, name);
    // New entries go to the top: a new level is usually a new, higher tier; a new stage a later step.
    const id = await insert(trx, await repo.nextOrder(trx, spec.kind));
    const row = (await spec.find(trx, scopeOf(ctx.actor), id))!;
    await audit(trx, ctx, {
      action: 'create',
      subjectType: spec.subjectType,
      subjectId: id,
      partnerId: null,
      after: spec.snapshot(row),
    });
    return spec.present(row, ctx);
  });
}

async function updateItem<R extends Item, P>(
  spec: Spec<R, P>,
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  name: string | undefined,
  update: (trx: Transaction<DB>) => Promise<boolean>,
) {
  return deps.db.transaction().execute(async (trx) => {
    const scope = scopeOf(ctx.actor);
    const before = await spec.find(trx, scope, id);
    if (!before) throw notFound(capitalise(spec.noun));
    if (name !== undefined) await ensureNameFree(trx, spec, name, id);
    if (!(await update(trx))) throw staleVersion(spec.noun);
    const after = (await spec.find(trx, scope, id))!;
    await audit(trx, ctx, {
      action: 'update',
      subjectType: spec.subjectType,
      subjectId: id,
      partnerId: null,
      before: spec.snapshot(before),
      after: spec.snapshot(after),
    });
    return spec.present(after, ctx);
  });
}

async function deleteItem<R extends Item, P>(spec: Spec<R, P>, deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockList(trx, spec.kind);
    const row = await spec.find(trx, scopeOf(ctx.actor), id);
    if (!row) throw notFound(capitalise(spec.noun));
    const using = await repo.partnersUsing(trx, spec.kind, id);
    if (using > 0) {
      throw new AppError(
        'BUSINESS_RULE',
        `${using} ${using === 1 ? 'partner is' : 'partners are'} at the ${spec.noun} "${row.name}" (archived partners included). Move them to another ${spec.noun} first.`,
      );
    }
    if ((await repo.countItems(trx, spec.kind)) <= 1) {
      throw new AppError(
        'BUSINESS_RULE',
        `"${row.name}" is the last ${spec.noun}; every partner needs one, so it cannot be deleted.`,
      );
    }
    await repo.deleteItem(trx, spec.kind, id);
    await repo.renumber(trx, spec.kind);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: spec.subjectType,
      subjectId: id,
      partnerId: null,
      before: spec.snapshot(row),
    });
  });
}

async function reorder<R extends Item, P>(spec: Spec<R, P>, deps: Deps, ctx: Ctx, ids: string[]) {
  return deps.db.transaction().execute(async (trx) => {
    await repo.lockList(trx, spec.kind);
    const scope = scopeOf(ctx.actor);
    const current = await spec.list(trx, scope);
    const known = new Set(current.map((r) => r.id));
    if (ids.length !== known.size || !ids.every((id) => known.has(id))) {
      throw validation(
        { ids: `must list every ${spec.noun} exactly once (${known.size} in all)` },
        `Send the complete new order of the ${spec.noun}s`,
      );
    }
    const byId = new Map(current.map((r) => [r.id, r]));
    for (const [i, id] of ids.entries()) {
      const row = byId.get(id)!;
      const from = spec.orderOf(row);
      if (from === i + 1) continue;
      // Ranks may collide until commit: the unique constraint is deferred.
      await repo.setOrder(trx, spec.kind, id, i + 1);
      await audit(trx, ctx, {
        action: 'reorder',
        subjectType: spec.subjectType,
        subjectId: id,
        partnerId: null,
        changes: { [spec.orderField]: { from, to: i + 1 } },
      });
    }
    const rows = await spec.list(trx, scope);
    return { data: rows.map((r) => spec.present(r, ctx)), nextCursor: null };
  });
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// ---------------------------------------------------------------------------------------------
// Levels

export const listLevels = (deps: Deps, ctx: Ctx) => list(LEVELS, deps, ctx);

export function createLevel(deps: Deps, ctx: Ctx, input: z.output<typeof CreatePartnerLevelInput>) {
  return createItem(
    LEVELS,
    deps,
    ctx,
    (trx, rank) =>
      repo.insertLevel(trx, {
        name: input.name,
        rank,
        ...(input.routingWeight !== undefined ? { routing_weight: input.routingWeight } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.benefits !== undefined ? { benefits: input.benefits } : {}),
        ...(input.defaultCommissionPlanId !== undefined
          ? { default_commission_plan_id: input.defaultCommissionPlanId }
          : {}),
      }),
    input.name,
  );
}

export function updateLevel(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Omit<z.output<typeof UpdatePartnerLevelInput>, 'version'>,
) {
  return updateItem(LEVELS, deps, ctx, id, version, input.name, (trx) =>
    repo.updateLevelVersioned(trx, id, version, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.routingWeight !== undefined ? { routing_weight: input.routingWeight } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.benefits !== undefined ? { benefits: input.benefits } : {}),
      ...(input.defaultCommissionPlanId !== undefined
        ? { default_commission_plan_id: input.defaultCommissionPlanId }
        : {}),
    }),
  );
}

export const deleteLevel = (deps: Deps, ctx: Ctx, id: string) => deleteItem(LEVELS, deps, ctx, id);
export const reorderLevels = (deps: Deps, ctx: Ctx, ids: string[]) =>
  reorder(LEVELS, deps, ctx, ids);

// ---------------------------------------------------------------------------------------------
// Activation stages

export const listStages = (deps: Deps, ctx: Ctx) => list(STAGES, deps, ctx);

export function createStage(
  deps: Deps,
  ctx: Ctx,
  input: z.output<typeof CreateActivationStageInput>,
) {
  return createItem(
    STAGES,
    deps,
    ctx,
    (trx, position) =>
      repo.insertStage(trx, {
        name: input.name,
        position,
        ...(input.description !== undefined ? { description: input.description } : {}),
      }),
    input.name,
  );
}

export function updateStage(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Omit<z.output<typeof UpdateActivationStageInput>, 'version'>,
) {
  return updateItem(STAGES, deps, ctx, id, version, input.name, (trx) =>
    repo.updateStageVersioned(trx, id, version, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
    }),
  );
}

export const deleteStage = (deps: Deps, ctx: Ctx, id: string) => deleteItem(STAGES, deps, ctx, id);
export const reorderStages = (deps: Deps, ctx: Ctx, ids: string[]) =>
  reorder(STAGES, deps, ctx, ids);

// ---------------------------------------------------------------------------------------------
// History visibility: how the program was configured is for internal users only.

export const levelHistoryVisible = (deps: Deps, ctx: Ctx, id: string) =>
  isPartnerRole(ctx.actor.role)
    ? Promise.resolve(undefined)
    : repo.findLevel(deps.db, scopeOf(ctx.actor), id);

export const stageHistoryVisible = (deps: Deps, ctx: Ctx, id: string) =>
  isPartnerRole(ctx.actor.role)
    ? Promise.resolve(undefined)
    : repo.findStage(deps.db, scopeOf(ctx.actor), id);
