import type { z } from 'zod';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Deps } from '../../deps';
import { scopeOf, type Ctx } from '../../http/actor';
import { AppError, notFound, validation } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import { EXPORT_PAGE, pagedRecords, type ExportData } from '../../http/export';
import type { ExportKind } from '../../http/xlsx';
import {
  DEFAULT_PARTNER_COLUMNS,
  PARTNER_COLUMN_LABELS,
  PARTNER_TYPE_LABELS,
  SLA_TIER_LABELS,
  domainOf,
  type BulkPartnerInput,
  type CreatePartnerInput,
  type DeleteImpact,
  type DuplicateQuery,
  type PartnerColumn,
  type PartnerCounts,
  type PartnerExportQuery,
  type PartnerFilters,
  type PartnerListQuery,
  type PartnerStatus,
  type UpdatePartnerInput,
} from '../../../shared/partners';
import { audit, diff } from '../history/audit';
import { levelExists, stageExists } from '../partner-program/partner-program.repo';
import { isPartnerEditor } from './partners.policy';
import { presentPartner } from './partners.presenter';
import * as repo from './partners.repo';
import type { PartnerListRow, PartnerPatch } from './partners.repo';

type Trx = Transaction<DB>;

/**
 * What history records: every field, with level, stage and channel manager by name so the
 * timeline reads "Bronze → Gold" long after ids stop meaning anything to anyone.
 */
export const snapshot = (p: PartnerListRow) => ({
  companyName: p.company_name,
  legalName: p.legal_name,
  website: p.website,
  email: p.email,
  phone: p.phone,
  street: p.street,
  city: p.city,
  postalCode: p.postal_code,
  region: p.region,
  countryCode: p.country_code,
  type: p.partner_type,
  status: p.status,
  level: p.level_name,
  activationStage: p.stage_name,
  channelManager: p.cm_name,
  tags: p.tags,
  partnershipDate: p.partnership_date,
  lastReviewDate: p.last_review_date,
  nextReviewDate: p.next_review_date,
  slaTier: p.sla_tier,
  commissionPlanId: p.commission_plan_id,
});

/**
 * Partner users can read their company's history, so internal notes are recorded as edited
 * without their text.
 */
export function historyChanges(before: PartnerListRow | null, after: PartnerListRow) {
  const changes = diff(before ? snapshot(before) : null, snapshot(after));
  if ((before?.notes ?? '') !== after.notes) {
    changes.notes = {
      from: before?.notes ? '(internal note)' : null,
      to: after.notes ? '(internal note, edited)' : null,
    };
  }
  return changes;
}

export function columnsFrom(input: Omit<UpdatePartnerInput, 'version'>): PartnerPatch {
  const c: PartnerPatch = {};
  if (input.companyName !== undefined) c.company_name = input.companyName;
  if (input.legalName !== undefined) c.legal_name = input.legalName;
  if (input.website !== undefined) {
    c.website = input.website;
    c.domain = domainOf(input.website);
  }
  if (input.email !== undefined) c.email = input.email;
  if (input.phone !== undefined) c.phone = input.phone;
  const a = input.address;
  if (a?.street !== undefined) c.street = a.street;
  if (a?.city !== undefined) c.city = a.city;
  if (a?.postalCode !== undefined) c.postal_code = a.postalCode;
  if (a?.region !== undefined) c.region = a.region;
  if (a?.countryCode !== undefined) c.country_code = a.countryCode;
  if (input.type !== undefined) c.partner_type = input.type;
  if (input.status !== undefined) c.status = input.status;
  if (input.levelId !== undefined) c.level_id = input.levelId;
  if (input.activationStageId !== undefined) c.activation_stage_id = input.activationStageId;
  if (input.channelManagerId !== undefined) c.channel_manager_id = input.channelManagerId;
  if (input.tags !== undefined) c.tags = input.tags;
  if (input.partnershipDate !== undefined) c.partnership_date = input.partnershipDate;
  if (input.lastReviewDate !== undefined) c.last_review_date = input.lastReviewDate;
  if (input.nextReviewDate !== undefined) c.next_review_date = input.nextReviewDate;
  if (input.slaTier !== undefined) c.sla_tier = input.slaTier;
  if (input.notes !== undefined) c.notes = input.notes;
  if (input.commissionPlanId !== undefined) c.commission_plan_id = input.commissionPlanId;
  return c;
}

/** Ids the client sent must name real rows; each wrong one is a field error on its input. */
export async function checkReferences(
  trx: Trx,
  input: {
    levelId?: string | null;
    activationStageId?: string | null;
    channelManagerId?: string | null;
  },
) {
  const fields: Record<string, string> = {};
  if (input.levelId && !(await levelExists(trx, input.levelId))) fields.levelId = 'does not exist';
  if (input.activationStageId && !(await stageExists(trx, input.activationStageId)))
    fields.activationStageId = 'does not exist';
  if (input.channelManagerId && !(await repo.isEligibleChannelManager(trx, input.channelManagerId)))
    fields.channelManagerId = 'must be an active administrator or channel manager';
  if (Object.keys(fields).length) throw validation(fields);
}

const ARCHIVE_BY_DELETE = 'cannot be set here; archive the partner with Delete instead';

/** Archiving and restoring have their own actions; a status field never does either. */
export function checkStatusChange(before: PartnerStatus | null, next: PartnerStatus | undefined) {
  if (next === undefined || next === before) return;
  if (next === 'archived') throw validation({ status: ARCHIVE_BY_DELETE });
  if (before === 'archived')
    throw new AppError('BUSINESS_RULE', 'This partner is archived; restore it first');
}

async function findOrFail(trx: Trx, ctx: Ctx, id: string) {
  const row = await repo.findPartnerForUpdate(trx, scopeOf(ctx.actor), id);
  if (!row) throw notFound('Partner');
  return row;
}

/** Found, then allowed: another company's partner answers 404, one's own 403. */
async function findEditable(trx: Trx, ctx: Ctx, id: string, message: string) {
  const row = await findOrFail(trx, ctx, id);
  if (!isPartnerEditor(ctx.actor)) throw new AppError('FORBIDDEN', message);
  return row;
}

/** The row again after a change the caller was already allowed to make. */
const reload = async (trx: Trx, id: string) => (await repo.findPartnerById(trx, id))!;

// ---------------------------------------------------------------------------------------------
// Reading

export async function listPartners(deps: Deps, ctx: Ctx, f: z.output<typeof PartnerListQuery>) {
  const { rows, keys } = await repo.listPartners(deps.db, scopeOf(ctx.actor), f);
  const p = finishPage(rows, f.limit, (row) =>
    cursorFrom(row, keys, (k) => repo.sortValue(row, k)),
  );
  return { data: p.rows.map((r) => presentPartner(r, ctx.actor)), nextCursor: p.nextCursor };
}

export async function countPartners(deps: Deps, ctx: Ctx, f: PartnerFilters) {
  return { count: await repo.countPartners(deps.db, scopeOf(ctx.actor), f) };
}

export async function getPartner(deps: Deps, ctx: Ctx, id: string) {
  const row = await repo.findPartner(deps.db, scopeOf(ctx.actor), id);
  if (!row) throw notFound('Partner');
  return presentPartner(row, ctx.actor);
}

export async function partnerCounts(deps: Deps, ctx: Ctx, id: string): Promise<PartnerCounts> {
  const c = await repo.partnerCounts(deps.db, scopeOf(ctx.actor), id);
  if (!c) throw notFound('Partner');
  return {
    consultants: c.consultants,
    partnerUsers: c.partner_users,
    accounts: c.accounts,
    cases: c.cases,
    openCases: c.open_cases,
    activities: c.activities,
    comments: c.comments,
  };
}

export async function findDuplicates(deps: Deps, ctx: Ctx, q: z.output<typeof DuplicateQuery>) {
  const name = q.companyName?.trim() || null;
  const domain = domainOf(q.website);
  if (!name && !domain) return { data: [] };
  const rows = await repo.findDuplicates(deps.db, scopeOf(ctx.actor), {
    name,
    domain,
    ...(q.excludeId ? { excludeId: q.excludeId } : {}),
  });
  return {
    data: rows.map((r) => ({
      id: r.id,
      companyName: r.company_name,
      domain: r.domain,
      status: r.status,
      matchedOn: [
        ...(name && r.company_name.toLowerCase() === name.toLowerCase() ? ['name' as const] : []),
        ...(domain && r.domain?.toLowerCase() === domain ? ['domain' as const] : []),
      ],
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * The checks of a new partner, without writing it (an import's preview runs only these). The
 * status check needs no database, so the form's request fails before a transaction starts.
 */
export async function checkNewPartner(trx: Trx, input: CreatePartnerInput) {
  checkStatusChange(null, input.status);
  await checkReferences(trx, input);
}

/** Inserts a checked partner with its history, inside the caller's transaction. */
export async function insertCheckedPartner(trx: Trx, ctx: Ctx, input: CreatePartnerInput) {
  const { company_name, status, ...rest } = columnsFrom(input);
  const row = await repo.insertPartner(trx, {
    ...rest,
    companyName: company_name!,
    ...(status ? { status } : {}),
    // "Not given" and "none" both start the partner at the program's first step.
    level_id: input.levelId ?? undefined,
    activation_stage_id: input.activationStageId ?? undefined,
  });
  await audit(trx, ctx, {
    action: 'create',
    subjectType: 'partner',
    subjectId: row.id,
    partnerId: row.id,
    changes: historyChanges(null, row),
  });
  return row;
}

export async function createPartner(deps: Deps, ctx: Ctx, input: CreatePartnerInput) {
  checkStatusChange(null, input.status);
  const row = await deps.db.transaction().execute(async (trx) => {
    await checkNewPartner(trx, input);
    return insertCheckedPartner(trx, ctx, input);
  });
  return presentPartner(row, ctx.actor);
}

export async function updatePartner(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Omit<UpdatePartnerInput, 'version'>,
) {
  const row = await deps.db.transaction().execute(async (trx) => {
    const before = await findEditable(trx, ctx, id, 'You cannot change this partner');
    checkStatusChange(before.status, input.status);
    await checkReferences(trx, input);
    if (!(await repo.updatePartnerVersioned(trx, id, version, columnsFrom(input))))
      throw staleVersion('partner');
    // A suspended partner's people are signed out at once, not at their next idle timeout.
    if (input.status === 'suspended') await repo.deleteSessionsOfPartner(trx, id);
    const after = await reload(trx, id);
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'partner',
      subjectId: id,
      partnerId: id,
      changes: historyChanges(before, after),
    });
    return after;
  });
  return presentPartner(row, ctx.actor);
}

/** Archives inside the caller's transaction; false when the partner already was archived. */
async function archiveIn(trx: Trx, ctx: Ctx, row: PartnerListRow) {
  if (row.status === 'archived') return false;
  const ok = await repo.updatePartnerVersioned(trx, row.id, row.version, {
    status: 'archived',
    archived_at: new Date(),
    status_before_archive: row.status,
  });
  if (!ok) throw staleVersion('partner');
  await repo.deleteSessionsOfPartner(trx, row.id);
  await audit(trx, ctx, {
    action: 'archive',
    subjectType: 'partner',
    subjectId: row.id,
    partnerId: row.id,
    changes: { status: { from: row.status, to: 'archived' } },
  });
  return true;
}

export async function deletePartner(
  deps: Deps,
  ctx: Ctx,
  id: string,
  opts: { permanent: boolean },
) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await findEditable(trx, ctx, id, 'You cannot delete this partner');
    if (!opts.permanent) {
      await archiveIn(trx, ctx, row);
      return;
    }
    if (row.status !== 'archived') {
      throw new AppError(
        'BUSINESS_RULE',
        'Archive the partner first; only an archived partner can be deleted permanently',
      );
    }
    const impact = await impactOf(trx, ctx, row);
    if (impact.blockers.length) {
      throw new AppError(
        'BUSINESS_RULE',
        `This partner cannot be deleted permanently: ${impact.blockers.join('; ')}`,
      );
    }
    await repo.deletePartnerPermanently(trx, id);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'partner',
      subjectId: id,
      partnerId: id,
      changes: {
        ...diff(snapshot(row), null),
        consultantsRemoved: { from: impact.consultants, to: 0 },
        partnerUsersRemoved: { from: impact.partnerUsers, to: 0 },
        accountsDetached: { from: impact.accounts, to: 0 },
        casesDetached: { from: impact.cases, to: 0 },
        activitiesRemoved: { from: impact.activities, to: 0 },
        commentsRemoved: { from: impact.comments, to: 0 },
      },
    });
  });
}

export async function restorePartner(deps: Deps, ctx: Ctx, id: string) {
  const row = await deps.db.transaction().execute(async (trx) => {
    const before = await findEditable(trx, ctx, id, 'You cannot restore this partner');
    if (before.status !== 'archived')
      throw new AppError('BUSINESS_RULE', 'This partner is not archived');
    const status =
      before.status_before_archive && before.status_before_archive !== 'archived'
        ? before.status_before_archive
        : 'active';
    const ok = await repo.updatePartnerVersioned(trx, id, before.version, {
      status,
      archived_at: null,
      status_before_archive: null,
    });
    if (!ok) throw staleVersion('partner');
    await audit(trx, ctx, {
      action: 'restore',
      subjectType: 'partner',
      subjectId: id,
      partnerId: id,
      changes: { status: { from: 'archived', to: status } },
    });
    return reload(trx, id);
  });
  return presentPartner(row, ctx.actor);
}

async function impactOf(trx: Trx, ctx: Ctx, row: PartnerListRow): Promise<DeleteImpact> {
  const c = await repo.deleteImpactCounts(trx, row.id);
  const blocking = await repo.blockingCounts(trx, row.id);
  const blockers: string[] = [];
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  // Records another party relies on: deleting the partner would orphan them or rewrite money.
  if (blocking.leads) blockers.push(`${n(blocking.leads, 'lead is', 'leads are')} assigned to it`);
  if (blocking.opportunities)
    blockers.push(
      `${n(blocking.opportunities, 'opportunity names', 'opportunities name')} it as a partner`,
    );
  if (blocking.financialRecords)
    blockers.push(
      `${n(blocking.financialRecords, 'financial record', 'financial records')} (orders, invoices, commissions, payouts) refer to it`,
    );
  const edit = isPartnerEditor(ctx.actor);
  const archived = row.status === 'archived';
  return {
    consultants: c.consultants,
    partnerUsers: c.partner_users,
    leads: blocking.leads,
    opportunities: blocking.opportunities,
    accounts: c.accounts,
    cases: c.cases,
    activities: c.activities,
    comments: c.comments,
    financialRecords: blocking.financialRecords,
    archived,
    canArchive: edit && !archived,
    canDeletePermanently: edit && archived && blockers.length === 0,
    blockers,
  };
}

export async function deleteImpact(deps: Deps, ctx: Ctx, id: string) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await findEditable(trx, ctx, id, 'You cannot delete this partner');
    return impactOf(trx, ctx, row);
  });
}

export async function bulkUpdate(deps: Deps, ctx: Ctx, input: z.output<typeof BulkPartnerInput>) {
  const { action, value } = input;
  return deps.db.transaction().execute(async (trx) => {
    if (action === 'setLevel' || action === 'setActivationStage') {
      const exists = action === 'setLevel' ? levelExists : stageExists;
      if (!value || !(await exists(trx, value)))
        throw validation({ value: value ? 'does not exist' : 'is required' });
    }
    if (
      action === 'setChannelManager' &&
      value &&
      !(await repo.isEligibleChannelManager(trx, value))
    )
      throw validation({ value: 'must be an active administrator or channel manager' });

    const result = { updated: 0, unchanged: 0, failed: [] as { id: string; reason: string }[] };
    for (const id of new Set(input.ids)) {
      const row = await repo.findPartnerForUpdate(trx, scopeOf(ctx.actor), id);
      if (!row) {
        result.failed.push({ id, reason: 'Partner not found' });
        continue;
      }
      if (action === 'archive') {
        if (await archiveIn(trx, ctx, row)) result.updated++;
        else result.unchanged++;
        continue;
      }
      const patch: PartnerPatch =
        action === 'setLevel'
          ? { level_id: value }
          : action === 'setActivationStage'
            ? { activation_stage_id: value }
            : { channel_manager_id: value ?? null };
      const current =
        action === 'setLevel'
          ? row.level_id
          : action === 'setActivationStage'
            ? row.activation_stage_id
            : row.channel_manager_id;
      if (current === (value ?? null)) {
        result.unchanged++;
        continue;
      }
      if (!(await repo.updatePartnerVersioned(trx, id, row.version, patch)))
        throw staleVersion('partner');
      const after = await reload(trx, id);
      await audit(trx, ctx, {
        action: 'update',
        subjectType: 'partner',
        subjectId: id,
        partnerId: id,
        changes: historyChanges(row, after),
      });
      result.updated++;
    }
    return result;
  });
}

// ---------------------------------------------------------------------------------------------
// CSV and XLSX export

function exportValue(r: PartnerListRow, column: PartnerColumn): unknown {
  switch (column) {
    case 'companyName':
      return r.company_name;
    case 'legalName':
      return r.legal_name;
    case 'type':
      return PARTNER_TYPE_LABELS[r.partner_type];
    case 'status':
      return r.status;
    case 'level':
      return r.level_name;
    case 'activationStage':
      return r.stage_name;
    case 'channelManager':
      return r.cm_name;
    case 'email':
      return r.email;
    case 'phone':
      return r.phone;
    case 'website':
      return r.website;
    case 'city':
      return r.city;
    case 'countryCode':
      return r.country_code;
    case 'tags':
      return r.tags;
    case 'slaTier':
      return SLA_TIER_LABELS[r.sla_tier];
    case 'partnershipDate':
      return r.partnership_date;
    case 'lastReviewDate':
      return r.last_review_date;
    case 'nextReviewDate':
      return r.next_review_date;
    case 'createdAt':
      return r.created_at;
  }
}

const PARTNER_COLUMN_KINDS: Partial<Record<PartnerColumn, ExportKind>> = {
  partnershipDate: 'date',
  lastReviewDate: 'date',
  nextReviewDate: 'date',
  createdAt: 'datetime',
};

/**
 * The data view as CSV or XLSX: same filters and sort as the list, read in keyset pages so
 * memory stays flat however many partners match.
 */
export async function exportPartners(
  deps: Deps,
  ctx: Ctx,
  q: z.output<typeof PartnerExportQuery>,
): Promise<ExportData> {
  const scope = scopeOf(ctx.actor);
  const { columns: chosen, ...filters } = q;
  const columns = chosen?.length ? chosen : DEFAULT_PARTNER_COLUMNS;
  const records = await pagedRecords(
    async (cursor) => {
      const page = await repo.listPartners(deps.db, scope, {
        ...filters,
        limit: EXPORT_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      return finishPage(page.rows, EXPORT_PAGE, (row) =>
        cursorFrom(row, page.keys, (k) => repo.sortValue(row, k)),
      );
    },
    (r: PartnerListRow) => Object.fromEntries(columns.map((c) => [c, exportValue(r, c)])),
  );
  return {
    name: 'partners',
    columns: columns.map((c) => ({
      key: c,
      header: PARTNER_COLUMN_LABELS[c],
      ...(PARTNER_COLUMN_KINDS[c] ? { kind: PARTNER_COLUMN_KINDS[c] } : {}),
    })),
    records,
  };
}
