import type { z } from 'zod';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Deps } from '../../deps';
import type { Ctx } from '../../http/actor';
import { AppError, notFound, validation } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import {
  keyFromLabel,
  PICKLISTS,
  type CreateLeadStatusInput,
  type CreateOpportunityStageInput,
  type CreatePicklistValueInput,
  type Currency,
  type LeadStatus,
  type OpportunityStage,
  type PicklistName,
  type PicklistValue,
  type SalesSetup,
  type UpdateLeadStatusInput,
  type UpdateOpportunityStageInput,
  type UpdatePicklistValueInput,
  type UpsertCurrencyInput,
} from '../../../shared/sales-setup';
import { isPartnerRole } from '../../../shared/roles';
import { audit } from '../history/audit';
import * as repo from './sales-setup.repo';

// --- Presenters ---------------------------------------------------------------------------------

export const presentPicklistValue = (r: repo.PicklistValueRow): PicklistValue => ({
  id: r.id,
  list: r.list,
  key: r.key,
  label: r.label,
  position: r.position,
  active: r.active,
  version: r.version,
});

export const presentLeadStatus = (r: repo.LeadStatusRow): LeadStatus => ({
  id: r.id,
  key: r.key,
  label: r.label,
  position: r.position,
  kind: r.kind,
  isDefault: r.is_default,
  version: r.version,
});

export const presentStage = (r: repo.StageRow): OpportunityStage => ({
  id: r.id,
  key: r.key,
  label: r.label,
  position: r.position,
  probability: r.probability,
  kind: r.kind,
  forecastCategory: r.forecast_category,
  version: r.version,
});

/** "1.08000000" → "1.08": the column's scale is storage detail, not part of the rate. */
export function decimalText(v: string): string {
  return v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
}

export const presentCurrency = (r: repo.CurrencyRow): Currency => ({
  code: r.code,
  rate: decimalText(String(r.rate)),
  isBase: r.is_base,
});

const picklistSnapshot = (r: repo.PicklistValueRow) => ({
  list: r.list,
  key: r.key,
  label: r.label,
  position: r.position,
  active: r.active,
});
const statusSnapshot = (r: repo.LeadStatusRow) => ({
  key: r.key,
  label: r.label,
  position: r.position,
  kind: r.kind,
  isDefault: r.is_default,
});
const stageSnapshot = (r: repo.StageRow) => ({
  key: r.key,
  label: r.label,
  position: r.position,
  probability: r.probability,
  kind: r.kind,
  forecastCategory: r.forecast_category,
});

// --- Reading ------------------------------------------------------------------------------------

export async function getSetup(deps: Deps): Promise<SalesSetup> {
  const [values, statuses, stages, currencies] = await Promise.all([
    repo.listPicklistValues(deps.db),
    repo.listLeadStatuses(deps.db),
    repo.listStages(deps.db),
    repo.listCurrencies(deps.db),
  ]);
  const picklists = Object.fromEntries(PICKLISTS.map((l) => [l, [] as PicklistValue[]])) as Record<
    PicklistName,
    PicklistValue[]
  >;
  for (const v of values) picklists[v.list].push(presentPicklistValue(v));
  return {
    picklists,
    leadStatuses: statuses.map(presentLeadStatus),
    opportunityStages: stages.map(presentStage),
    currencies: currencies.map(presentCurrency),
    baseCurrency: currencies.find((c) => c.is_base)?.code ?? 'EUR',
  };
}

// --- Shared rules -------------------------------------------------------------------------------

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function usageText(u: repo.Usage) {
  const parts = [
    u.leads ? plural(u.leads, 'lead') : null,
    u.opportunities ? plural(u.opportunities, 'opportunity', 'opportunities') : null,
    u.campaigns ? plural(u.campaigns, 'campaign') : null,
  ].filter(Boolean);
  return parts.join(', ');
}
const usageTotal = (u: repo.Usage) => u.leads + u.opportunities + u.campaigns;

async function newKey(trx: Transaction<DB>, o: repo.Ordered, label: string, key?: string) {
  if (key !== undefined) {
    if (await repo.keyTaken(trx, o, key)) {
      throw new AppError('CONFLICT', `The key "${key}" is already used`, {
        key: 'is already used',
      });
    }
    return key;
  }
  return repo.freeKey(trx, o, keyFromLabel(label));
}

async function reorderList<R extends { id: string; position: number }>(
  trx: Transaction<DB>,
  ctx: Ctx,
  o: repo.Ordered,
  current: R[],
  ids: string[],
  subjectType: string,
  noun: string,
) {
  const known = new Set(current.map((r) => r.id));
  if (ids.length !== known.size || !ids.every((id) => known.has(id))) {
    throw validation(
      { ids: `must list every ${noun} exactly once (${known.size} in all)` },
      `Send the complete new order of the ${noun}s`,
    );
  }
  const byId = new Map(current.map((r) => [r.id, r]));
  for (const [i, id] of ids.entries()) {
    const from = byId.get(id)!.position;
    if (from === i + 1) continue;
    // Positions may collide until commit: the unique constraint is deferred.
    await repo.setPosition(trx, o, id, i + 1);
    await audit(trx, ctx, {
      action: 'reorder',
      subjectType,
      subjectId: id,
      partnerId: null,
      changes: { position: { from, to: i + 1 } },
    });
  }
}

// --- Pick lists ---------------------------------------------------------------------------------

const picklistOf = (list: PicklistName): repo.Ordered => ({ table: 'picklist_values', list });

export async function createPicklistValue(
  deps: Deps,
  ctx: Ctx,
  list: PicklistName,
  input: z.output<typeof CreatePicklistValueInput>,
) {
  return deps.db.transaction().execute(async (trx) => {
    const o = picklistOf(list);
    await repo.lock(trx, o);
    const key = await newKey(trx, o, input.label, input.key);
    const row = await repo.insertPicklistValue(trx, {
      list,
      key,
      label: input.label,
      position: await repo.nextPosition(trx, o),
    });
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'picklist_value',
      subjectId: row.id,
      partnerId: null,
      after: picklistSnapshot(row),
    });
    return presentPicklistValue(row);
  });
}

export async function updatePicklistValue(
  deps: Deps,
  ctx: Ctx,
  list: PicklistName,
  id: string,
  version: number,
  input: Omit<z.output<typeof UpdatePicklistValueInput>, 'version'>,
) {
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.findPicklistValue(trx, list, id);
    if (!before) throw notFound('Pick-list value');
    const after = await repo.updatePicklistValue(trx, id, version, input);
    if (!after) throw staleVersion('pick-list value');
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'picklist_value',
      subjectId: id,
      partnerId: null,
      before: picklistSnapshot(before),
      after: picklistSnapshot(after),
    });
    return presentPicklistValue(after);
  });
}

export async function deletePicklistValue(deps: Deps, ctx: Ctx, list: PicklistName, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const o = picklistOf(list);
    await repo.lock(trx, o);
    const row = await repo.findPicklistValue(trx, list, id);
    if (!row) throw notFound('Pick-list value');
    const usage = await repo.picklistUsage(trx, list, row.key);
    if (usageTotal(usage) > 0) {
      throw new AppError(
        'BUSINESS_RULE',
        `"${row.label}" is used by ${usageText(usage)}, so it cannot be deleted. Retire it instead: old records keep it, new ones cannot pick it.`,
      );
    }
    await repo.deleteRow(trx, o, id);
    await repo.renumber(trx, o);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'picklist_value',
      subjectId: id,
      partnerId: null,
      before: picklistSnapshot(row),
    });
  });
}

export async function reorderPicklist(deps: Deps, ctx: Ctx, list: PicklistName, ids: string[]) {
  return deps.db.transaction().execute(async (trx) => {
    const o = picklistOf(list);
    await repo.lock(trx, o);
    const current = (await repo.listPicklistValues(trx)).filter((v) => v.list === list);
    await reorderList(trx, ctx, o, current, ids, 'picklist_value', 'value');
    const rows = (await repo.listPicklistValues(trx)).filter((v) => v.list === list);
    return { data: rows.map(presentPicklistValue), nextCursor: null };
  });
}

// --- Lead statuses ------------------------------------------------------------------------------

const STATUSES: repo.Ordered = { table: 'lead_statuses' };

export async function createLeadStatus(
  deps: Deps,
  ctx: Ctx,
  input: z.output<typeof CreateLeadStatusInput>,
) {
  return deps.db.transaction().execute(async (trx) => {
    await repo.lock(trx, STATUSES);
    const key = await newKey(trx, STATUSES, input.label, input.key);
    const row = await repo.insertLeadStatus(trx, {
      key,
      label: input.label,
      kind: input.kind,
      position: await repo.nextPosition(trx, STATUSES),
    });
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'lead_status',
      subjectId: row.id,
      partnerId: null,
      after: statusSnapshot(row),
    });
    return presentLeadStatus(row);
  });
}

export async function updateLeadStatus(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Omit<z.output<typeof UpdateLeadStatusInput>, 'version'>,
) {
  return deps.db.transaction().execute(async (trx) => {
    await repo.lock(trx, STATUSES);
    const all = await repo.listLeadStatuses(trx);
    const before = all.find((s) => s.id === id);
    if (!before) throw notFound('Lead status');
    if (before.version !== version) throw staleVersion('lead status');
    const kind = input.kind ?? before.kind;
    if (before.kind === 'converted' && input.kind !== undefined) {
      throw new AppError(
        'BUSINESS_RULE',
        `"${before.label}" is the converted status, reached only by converting a lead; it cannot become an ${input.kind} status.`,
        { kind: 'cannot change on the converted status' },
      );
    }
    const makesDefault = input.isDefault === true && !before.is_default;
    if ((makesDefault || before.is_default) && kind !== 'open') {
      throw new AppError(
        'BUSINESS_RULE',
        before.is_default && !makesDefault
          ? `"${before.label}" is where new leads start, so it must stay open. Make another status the default first.`
          : 'New leads start at the default status, so it must be an open status.',
        makesDefault
          ? { isDefault: 'must be an open status' }
          : { kind: 'the default status must stay open' },
      );
    }
    if (before.kind === 'open' && kind !== 'open') {
      const open = all.filter((s) => s.kind === 'open').length;
      if (open <= 1) {
        throw new AppError(
          'BUSINESS_RULE',
          `"${before.label}" is the last open status; leads need at least one status to be worked in.`,
          { kind: 'at least one open status must remain' },
        );
      }
    }
    // Only one status is the default; the partial unique index is checked per row, so the old
    // one lets go first.
    if (makesDefault) await repo.clearDefaultStatus(trx, id);
    const after = await repo.updateLeadStatus(trx, id, version, {
      ...(input.label !== undefined ? { label: input.label } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(makesDefault ? { is_default: true } : {}),
    });
    if (!after) throw staleVersion('lead status');
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'lead_status',
      subjectId: id,
      partnerId: null,
      before: statusSnapshot(before),
      after: statusSnapshot(after),
    });
    if (makesDefault) {
      const old = all.find((s) => s.is_default && s.id !== id);
      if (old) {
        await audit(trx, ctx, {
          action: 'update',
          subjectType: 'lead_status',
          subjectId: old.id,
          partnerId: null,
          changes: { isDefault: { from: true, to: false } },
        });
      }
    }
    return presentLeadStatus(after);
  });
}

export async function deleteLeadStatus(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    await repo.lock(trx, STATUSES);
    const all = await repo.listLeadStatuses(trx);
    const row = all.find((s) => s.id === id);
    if (!row) throw notFound('Lead status');
    if (row.kind === 'converted') {
      throw new AppError(
        'BUSINESS_RULE',
        `"${row.label}" is the converted status that lead conversion sets; it cannot be deleted.`,
      );
    }
    const used = await repo.leadStatusUsage(trx, id);
    if (used > 0) {
      throw new AppError(
        'BUSINESS_RULE',
        `${plural(used, 'lead is', 'leads are')} at "${row.label}". Move them to another status first.`,
      );
    }
    if (row.is_default) {
      throw new AppError(
        'BUSINESS_RULE',
        `"${row.label}" is where new leads start. Make another status the default first.`,
      );
    }
    if (row.kind === 'open' && all.filter((s) => s.kind === 'open').length <= 1) {
      throw new AppError(
        'BUSINESS_RULE',
        `"${row.label}" is the last open status; leads need at least one status to be worked in.`,
      );
    }
    await repo.deleteRow(trx, STATUSES, id);
    await repo.renumber(trx, STATUSES);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'lead_status',
      subjectId: id,
      partnerId: null,
      before: statusSnapshot(row),
    });
  });
}

export async function reorderLeadStatuses(deps: Deps, ctx: Ctx, ids: string[]) {
  return deps.db.transaction().execute(async (trx) => {
    await repo.lock(trx, STATUSES);
    const current = await repo.listLeadStatuses(trx);
    await reorderList(trx, ctx, STATUSES, current, ids, 'lead_status', 'status');
    return { data: (await repo.listLeadStatuses(trx)).map(presentLeadStatus), nextCursor: null };
  });
}

// --- Opportunity stages -------------------------------------------------------------------------

const STAGES: repo.Ordered = { table: 'opportunity_stages' };

const KIND_WORD = { open: 'open', won: 'won', lost: 'lost' } as const;

export async function createStage(
  deps: Deps,
  ctx: Ctx,
  input: z.output<typeof CreateOpportunityStageInput>,
) {
  return deps.db.transaction().execute(async (trx) => {
    await repo.lock(trx, STAGES);
    const key = await newKey(trx, STAGES, input.label, input.key);
    const row = await repo.insertStage(trx, {
      key,
      label: input.label,
      probability: input.probability,
      kind: input.kind,
      forecast_category: input.forecastCategory,
      position: await repo.nextPosition(trx, STAGES),
    });
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'opportunity_stage',
      subjectId: row.id,
      partnerId: null,
      after: stageSnapshot(row),
    });
    return presentStage(row);
  });
}

function lastOfKind(all: repo.StageRow[], row: repo.StageRow) {
  return all.filter((s) => s.kind === row.kind).length <= 1;
}

export async function updateStage(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Omit<z.output<typeof UpdateOpportunityStageInput>, 'version'>,
) {
  return deps.db.transaction().execute(async (trx) => {
    await repo.lock(trx, STAGES);
    const all = await repo.listStages(trx);
    const before = all.find((s) => s.id === id);
    if (!before) throw notFound('Opportunity stage');
    if (before.version !== version) throw staleVersion('opportunity stage');
    if (input.kind !== undefined && input.kind !== before.kind && lastOfKind(all, before)) {
      throw new AppError(
        'BUSINESS_RULE',
        `"${before.label}" is the only ${KIND_WORD[before.kind]} stage; the pipeline needs at least one open, one won and one lost stage.`,
        { kind: `at least one ${before.kind} stage must remain` },
      );
    }
    const after = await repo.updateStage(trx, id, version, {
      ...(input.label !== undefined ? { label: input.label } : {}),
      ...(input.probability !== undefined ? { probability: input.probability } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.forecastCategory !== undefined
        ? { forecast_category: input.forecastCategory }
        : {}),
    });
    if (!after) throw staleVersion('opportunity stage');
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'opportunity_stage',
      subjectId: id,
      partnerId: null,
      before: stageSnapshot(before),
      after: stageSnapshot(after),
    });
    return presentStage(after);
  });
}

export async function deleteStage(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    await repo.lock(trx, STAGES);
    const all = await repo.listStages(trx);
    const row = all.find((s) => s.id === id);
    if (!row) throw notFound('Opportunity stage');
    const used = await repo.stageUsage(trx, id);
    if (used > 0) {
      throw new AppError(
        'BUSINESS_RULE',
        `${plural(used, 'opportunity is', 'opportunities are')} at "${row.label}". Move them to another stage first.`,
      );
    }
    if (lastOfKind(all, row)) {
      throw new AppError(
        'BUSINESS_RULE',
        `"${row.label}" is the only ${KIND_WORD[row.kind]} stage; the pipeline needs at least one open, one won and one lost stage.`,
      );
    }
    await repo.deleteRow(trx, STAGES, id);
    await repo.renumber(trx, STAGES);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'opportunity_stage',
      subjectId: id,
      partnerId: null,
      before: stageSnapshot(row),
    });
  });
}

export async function reorderStages(deps: Deps, ctx: Ctx, ids: string[]) {
  return deps.db.transaction().execute(async (trx) => {
    await repo.lock(trx, STAGES);
    const current = await repo.listStages(trx);
    await reorderList(trx, ctx, STAGES, current, ids, 'opportunity_stage', 'stage');
    return { data: (await repo.listStages(trx)).map(presentStage), nextCursor: null };
  });
}

// --- Currencies ---------------------------------------------------------------------------------

export async function upsertCurrency(
  deps: Deps,
  ctx: Ctx,
  input: z.output<typeof UpsertCurrencyInput>,
) {
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.findCurrency(trx, input.code);
    if (before?.is_base && Number(input.rate) !== 1) {
      throw new AppError(
        'BUSINESS_RULE',
        `${input.code} is the base currency; every other rate is relative to it, so its rate stays 1.`,
        { rate: 'the base currency rate is always 1' },
      );
    }
    const after = await repo.upsertCurrency(trx, input.code, input.rate);
    await audit(trx, ctx, {
      action: before ? 'update' : 'create',
      subjectType: 'currency',
      subjectId: input.code,
      partnerId: null,
      before: before ? { rate: decimalText(String(before.rate)) } : null,
      after: { rate: decimalText(String(after.rate)) },
    });
    return { currency: presentCurrency(after), created: !before };
  });
}

export async function deleteCurrency(deps: Deps, ctx: Ctx, code: string) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.findCurrency(trx, code);
    if (!row) throw notFound('Currency');
    if (row.is_base) {
      throw new AppError(
        'BUSINESS_RULE',
        `${code} is the base currency that totals are converted to; it cannot be deleted.`,
      );
    }
    const usage = await repo.currencyUsage(trx, code);
    if (usageTotal(usage) > 0) {
      throw new AppError(
        'BUSINESS_RULE',
        `${code} is used by ${usageText(usage)}, so it cannot be deleted.`,
      );
    }
    await repo.deleteCurrency(trx, code);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'currency',
      subjectId: code,
      partnerId: null,
      before: { rate: decimalText(String(row.rate)) },
    });
  });
}

// --- History visibility: the sales process configuration is for internal users ----------------

export const setupHistoryVisible =
  (kind: repo.SetupSubject) =>
  (deps: Deps, ctx: Ctx, id: string): Promise<unknown> =>
    isPartnerRole(ctx.actor.role)
      ? Promise.resolve(undefined)
      : repo.setupRowExists(deps.db, kind, id);
