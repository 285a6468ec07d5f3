import type { Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Deps } from '../../deps';
import { scopeOf, type Ctx } from '../../http/actor';
import { AppError, forbidden, notFound, validation } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import type {
  AttributionQuery,
  Campaign,
  CampaignAttribution,
  CampaignFilters,
  CampaignStatus,
  CampaignSummary,
  CreateCampaignInput,
  UpdateCampaignInput,
} from '../../../shared/campaigns';
import { isPartnerRole } from '../../../shared/roles';
import { audit } from '../history/audit';
import { campaignAbilities, seesCampaignDetails } from './campaigns.policy';
import * as repo from './campaigns.repo';

const ref = (id: string | null, name: string | null | undefined) =>
  id && name != null ? { id, name } : null;

export function presentCampaign(row: repo.CampaignListRow, ctx: Ctx): Campaign {
  const full = seesCampaignDetails(ctx.actor, row);
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    status: row.status,
    startDate: row.start_date,
    endDate: row.end_date,
    budget: full && row.budget !== null ? String(row.budget) : null,
    currency: row.currency,
    description: row.description,
    ownerId: full ? row.owner_id : null,
    owner: full ? ref(row.owner_id, row.owner_name) : null,
    partnerId: row.partner_id,
    partner: ref(row.partner_id, row.partner_name),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: campaignAbilities(ctx.actor, row),
  };
}

type Values = {
  name: string;
  type: string;
  status: CampaignStatus;
  start_date: string | null;
  end_date: string | null;
  budget: string | null;
  currency: string;
  description: string;
  owner_id: string | null;
  partner_id: string | null;
};

const snapshot = (c: Values) => ({
  name: c.name,
  type: c.type,
  status: c.status,
  startDate: c.start_date,
  endDate: c.end_date,
  budget: c.budget === null ? null : String(c.budget),
  currency: c.currency,
  description: c.description,
  ownerId: c.owner_id,
  partnerId: c.partner_id,
});

export async function listCampaigns(
  deps: Deps,
  ctx: Ctx,
  f: CampaignFilters & { sort?: string; cursor?: string; limit: number },
) {
  const { rows, keys } = await repo.listCampaigns(deps.db, scopeOf(ctx.actor), f);
  const pick = (row: repo.CampaignListRow) => (field: string) =>
    ({
      name: row.name,
      startDate: row.start_date,
      endDate: row.end_date,
      createdAt: row.created_at,
      status: row.status,
    })[field];
  const p = finishPage(rows, f.limit, (row) => cursorFrom(row, keys, pick(row)));
  return { data: p.rows.map((r) => presentCampaign(r, ctx)), nextCursor: p.nextCursor };
}

export async function getCampaign(deps: Deps, ctx: Ctx, id: string) {
  const row = await repo.findCampaign(deps.db, scopeOf(ctx.actor), id);
  if (!row) throw notFound('Campaign');
  return presentCampaign(row, ctx);
}

/**
 * What a campaign names must exist and fit: a campaign type from the pick list (a retired one
 * only if the campaign already has it), a known currency, an existing partner, and an owner
 * who is an active internal user or works for the campaign's partner. All problems at once.
 */
async function checkValues(trx: Transaction<DB>, v: Values, before: Values | null): Promise<void> {
  const fields: Record<string, string> = {};
  if (v.type !== before?.type) {
    const t = await repo.campaignTypeExists(trx, v.type);
    if (!t) fields.type = 'is not a campaign type';
    else if (!t.active) fields.type = 'is retired; choose an active campaign type';
  }
  if (v.currency !== before?.currency && !(await repo.currencyExists(trx, v.currency))) {
    fields.currency = 'is not a configured currency';
  }
  if (
    v.partner_id &&
    v.partner_id !== before?.partner_id &&
    !(await repo.partnerExists(trx, v.partner_id))
  ) {
    fields.partnerId = 'No such partner';
  }
  if (
    v.owner_id &&
    (v.owner_id !== before?.owner_id || v.partner_id !== before?.partner_id) &&
    !(await repo.ownerFits(trx, v.owner_id, v.partner_id))
  ) {
    fields.ownerId = v.partner_id
      ? "must be an active internal user or a user of the campaign's partner"
      : 'must be an active internal user';
  }
  if (v.start_date && v.end_date && v.end_date < v.start_date) {
    fields.endDate = 'must not be before the start date';
  }
  if (Object.keys(fields).length > 0) throw validation(fields);
}

export async function createCampaign(deps: Deps, ctx: Ctx, input: CreateCampaignInput) {
  const partnerUser = isPartnerRole(ctx.actor.role);
  const id = await deps.db.transaction().execute(async (trx) => {
    const values: Values = {
      name: input.name,
      type: input.type,
      status: input.status ?? 'planned',
      start_date: input.startDate ?? null,
      end_date: input.endDate ?? null,
      budget: input.budget ?? null,
      currency: input.currency ?? (await repo.baseCurrency(trx)),
      description: input.description ?? '',
      owner_id: input.ownerId === undefined ? ctx.actor.userId : input.ownerId,
      // A partner admin's campaign is always their own company's.
      partner_id: partnerUser ? ctx.actor.partnerId : (input.partnerId ?? null),
    };
    await checkValues(trx, values, null);
    const { id } = await repo.insertCampaign(trx, values);
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'campaign',
      subjectId: id,
      partnerId: values.partner_id,
      after: snapshot(values),
    });
    return id;
  });
  return getCampaign(deps, ctx, id);
}

export async function updateCampaign(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Omit<UpdateCampaignInput, 'version'>,
) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.findCampaign(trx, scopeOf(ctx.actor), id);
    if (!row) throw notFound('Campaign');
    if (!campaignAbilities(ctx.actor, row).update) {
      throw forbidden("Only the vendor's marketing team changes the vendor's campaigns");
    }
    const before: Values = {
      name: row.name,
      type: row.type,
      status: row.status,
      start_date: row.start_date,
      end_date: row.end_date,
      budget: row.budget === null ? null : String(row.budget),
      currency: row.currency,
      description: row.description,
      owner_id: row.owner_id,
      partner_id: row.partner_id,
    };
    const partnerUser = isPartnerRole(ctx.actor.role);
    const after: Values = {
      name: input.name ?? before.name,
      type: input.type ?? before.type,
      status: input.status ?? before.status,
      start_date: input.startDate !== undefined ? input.startDate : before.start_date,
      end_date: input.endDate !== undefined ? input.endDate : before.end_date,
      budget: input.budget !== undefined ? input.budget : before.budget,
      currency: input.currency ?? before.currency,
      description: input.description ?? before.description,
      owner_id: input.ownerId !== undefined ? input.ownerId : before.owner_id,
      partner_id: partnerUser
        ? before.partner_id
        : input.partnerId !== undefined
          ? input.partnerId
          : before.partner_id,
    };
    await checkValues(trx, after, before);
    const changed = await repo.updateCampaignVersioned(trx, id, version, after);
    if (!changed) throw staleVersion('campaign');
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'campaign',
      subjectId: id,
      partnerId: after.partner_id,
      before: snapshot(before),
      after: snapshot(after),
    });
  });
  return getCampaign(deps, ctx, id);
}

export async function deleteCampaign(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.findCampaign(trx, scopeOf(ctx.actor), id);
    if (!row) throw notFound('Campaign');
    if (!campaignAbilities(ctx.actor, row).delete) {
      throw forbidden("Only the vendor's marketing team deletes the vendor's campaigns");
    }
    const used = await repo.campaignUsage(trx, id);
    if (used.leads + used.opportunities > 0) {
      const parts = [
        used.leads ? `${used.leads} ${used.leads === 1 ? 'lead' : 'leads'}` : null,
        used.opportunities
          ? `${used.opportunities} ${used.opportunities === 1 ? 'opportunity' : 'opportunities'}`
          : null,
      ].filter(Boolean);
      throw new AppError(
        'BUSINESS_RULE',
        `${parts.join(' and ')} came from "${row.name}"; deleting it would lose that attribution. Mark it completed or aborted instead.`,
      );
    }
    await repo.deleteCampaign(trx, id);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'campaign',
      subjectId: id,
      partnerId: row.partner_id,
      before: snapshot({ ...row, budget: row.budget === null ? null : String(row.budget) }),
    });
  });
}

const rate = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null;

/**
 * A campaign's funnel: its leads, conversions, pipeline and won deals within the caller's
 * scope (a partner sees what their own company made of a vendor campaign), in the base currency.
 */
export async function campaignSummary(deps: Deps, ctx: Ctx, id: string): Promise<CampaignSummary> {
  const scope = scopeOf(ctx.actor);
  const row = await repo.findCampaign(deps.db, scope, id);
  if (!row) throw notFound('Campaign');
  const [leadRows, oppRows, currency] = await Promise.all([
    repo.campaignLeadFigures(deps.db, scope, id),
    repo.campaignOpportunityFigures(deps.db, scope, id),
    repo.baseCurrency(deps.db),
  ]);
  const leads = leadRows.reduce((s, r) => s + r.count, 0);
  const converted = leadRows.reduce((s, r) => s + r.converted, 0);
  const money = await repo.campaignMoney(deps.db, scope, id, { all: leads, converted });
  const count = (kind: string) =>
    oppRows.filter((r) => r.kind === kind).reduce((s, r) => s + r.count, 0);
  const wonCount = count('won');
  const lostCount = count('lost');
  const full = seesCampaignDetails(ctx.actor, row);
  return {
    campaignId: id,
    currency,
    leads,
    convertedLeads: converted,
    conversionRate: rate(converted, leads),
    opportunities: oppRows.reduce((s, r) => s + r.count, 0),
    openOpportunities: count('open'),
    openPipeline: money.open_pipeline,
    weightedPipeline: money.weighted_pipeline,
    wonCount,
    wonAmount: money.won_amount,
    lostCount,
    winRate: rate(wonCount, wonCount + lostCount),
    budget: full ? money.budget : null,
    costPerLead: full ? money.cost_per_lead : null,
    costPerConvertedLead: full ? money.cost_per_converted : null,
    roi: full && money.roi !== null ? Math.round(Number(money.roi) * 10000) / 10000 : null,
    leadsByStatus: leadRows.map((r) => ({
      key: r.key,
      label: r.label,
      kind: r.kind,
      count: r.count,
    })),
    opportunitiesByStage: oppRows.map((r) => ({
      key: r.key,
      label: r.label,
      kind: r.kind,
      count: r.count,
      amount: r.amount,
    })),
  };
}

export async function attributionReport(
  deps: Deps,
  ctx: Ctx,
  q: AttributionQuery,
): Promise<CampaignAttribution> {
  const scope = scopeOf(ctx.actor);
  const [rows, currency] = await Promise.all([
    repo.attribution(deps.db, scope, q),
    repo.baseCurrency(deps.db),
  ]);
  const sum = (f: (r: repo.AttributionRowSql) => number) => rows.reduce((s, r) => s + f(r), 0);
  const leads = sum((r) => r.leads);
  const convertedLeads = sum((r) => r.converted_leads);
  return {
    groupBy: q.groupBy,
    from: q.from ?? null,
    to: q.to ?? null,
    currency,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      leads: r.leads,
      convertedLeads: r.converted_leads,
      conversionRate: rate(r.converted_leads, r.leads),
      opportunities: r.opportunities,
      wonCount: r.won_count,
      wonAmount: r.won_amount,
    })),
    totals: {
      leads,
      convertedLeads,
      conversionRate: rate(convertedLeads, leads),
      opportunities: sum((r) => r.opportunities),
      wonCount: sum((r) => r.won_count),
      wonAmount: await repo.sumAmounts(
        deps.db,
        rows.map((r) => r.won_amount),
      ),
    },
  };
}

/** Campaign history: partner users see it only for their own company's campaigns. */
export async function campaignHistoryVisible(deps: Deps, ctx: Ctx, id: string) {
  const row = await repo.findCampaign(deps.db, scopeOf(ctx.actor), id);
  return row && seesCampaignDetails(ctx.actor, row) ? row : undefined;
}
