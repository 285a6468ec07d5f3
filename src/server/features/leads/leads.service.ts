import type { z } from 'zod';
import type { Transaction } from 'kysely';
import type { DB, PicklistName } from '../../db/types';
import type { Deps } from '../../deps';
import { scopeOf, type Actor, type Ctx, type Scope } from '../../http/actor';
import { AppError, conflict, forbidden, notFound, validation } from '../../http/errors';
import { finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import { EXPORT_PAGE, pagedRecords, type ExportData } from '../../http/export';
import { isPartnerRole } from '../../../shared/roles';
import { COMPANY_SIZE_LABELS, type CompanySize } from '../../../shared/accounts';
import { RATING_LABELS, RATINGS } from '../../../shared/scoring';
import {
  DEFAULT_LEAD_COLUMNS,
  LEAD_COLUMN_LABELS,
  leadNumberLabel,
  type Board,
  type BoardColumn,
  type BulkLeadInput,
  type BulkResult,
  type CreateLeadInput,
  type LeadBoardQuery,
  type LeadColumn,
  type LeadExportQuery,
  type LeadFilters,
  type LeadListQuery,
  type UpdateLeadInput,
} from '../../../shared/leads';
import { audit, diff } from '../history/audit';
import { notifyFollowers } from '../follows/follows.service';
import type { RecordRef } from '../records/records.service';
import { removeRecordAttachments } from '../records/attachments.repo';
import { rescoreLeads } from '../scoring/scoring.repo';
import { canDeleteLeads, canWriteLeads } from './leads.policy';
import { presentLead } from './leads.presenter';
import * as repo from './leads.repo';
import type { LeadRow, LeadValueColumn } from './leads.repo';

type Trx = Transaction<DB>;
type Changes = Record<string, { from: unknown; to: unknown }>;

// ---------------------------------------------------------------------------------------------
// Reference data a write checks against: pick lists, the status path, currencies.

const PICK_FIELDS = [
  ['jobTitle', 'job_title', 'job_title'],
  ['power', 'power', 'power'],
  ['source', 'source', 'lead_source'],
  ['industry', 'industry', 'industry'],
] as const satisfies readonly [string, keyof LeadValues, PicklistName][];

export type Refs = {
  picks: Map<string, { label: string; active: boolean }>;
  statuses: repo.StatusRow[];
  currencies: Set<string>;
  baseCurrency: string;
};

export async function loadRefs(db: Trx | Deps['db']): Promise<Refs> {
  const [picks, statuses, currencies] = await Promise.all([
    repo.picklistValues(db, ['job_title', 'power', 'lead_source', 'industry']),
    repo.listStatuses(db),
    repo.listCurrencies(db),
  ]);
  return {
    picks: new Map(picks.map((p) => [`${p.list}:${p.key}`, p])),
    statuses,
    currencies: new Set(currencies.map((c) => c.code)),
    baseCurrency: currencies.find((c) => c.is_base)?.code ?? 'EUR',
  };
}

export const pickLabel = (refs: Refs, list: PicklistName, key: string | null) =>
  key === null ? null : (refs.picks.get(`${list}:${key}`)?.label ?? key);

// ---------------------------------------------------------------------------------------------
// History and notifications

/** The parts of a lead its history shows. */
export type LeadSnapshotSource = Pick<
  LeadRow,
  | LeadValueColumn
  | 'status_label'
  | 'owner_name'
  | 'partner_name'
  | 'partner_user_name'
  | 'referrer_name'
  | 'campaign_name'
>;

/** What history records: labels and names rather than keys and ids, so it reads in years. */
export function snapshot(r: LeadSnapshotSource, refs: Refs) {
  return {
    company: r.company,
    firstName: r.first_name,
    lastName: r.last_name,
    jobTitle: pickLabel(refs, 'job_title', r.job_title),
    email: r.email,
    phone: r.phone,
    website: r.website,
    power: pickLabel(refs, 'power', r.power),
    status: r.status_label,
    source: pickLabel(refs, 'lead_source', r.source),
    ratingManual: r.rating_manual ? RATING_LABELS[r.rating_manual] : null,
    estimatedValue: r.estimated_value,
    currency: r.currency,
    industry: pickLabel(refs, 'industry', r.industry),
    companySize: r.company_size,
    countryCode: r.country_code,
    region: r.region,
    city: r.city,
    postalCode: r.postal_code,
    productInterest: r.product_interest,
    description: r.description,
    owner: r.owner_name,
    partner: r.partner_name,
    partnerUser: r.partner_user_name,
    referrer: r.referrer_name,
    campaign: r.campaign_name,
  };
}

const FIELD_LABELS: Record<string, string> = {
  ...LEAD_COLUMN_LABELS,
  firstName: 'First name',
  lastName: 'Last name',
  website: 'Website',
  ratingManual: 'Rating',
  currency: 'Currency',
  region: 'Region',
  postalCode: 'Postal code',
  productInterest: 'Product interest',
  description: 'Description',
  status: 'Status',
  value: 'Value',
  statusId: 'Status',
  ownerId: 'Owner',
  partnerId: 'Assigned partner',
  partnerUserId: 'Partner rep',
  referrerId: 'Referrer',
  campaignId: 'Campaign',
  convertedAccount: 'Account',
  convertedContact: 'Contact',
  convertedOpportunity: 'Opportunity',
};

const shown = (v: unknown) =>
  v === null || v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v);

/** "Status: New → Qualification; Owner: Ana → Ben" for a follower's notification. */
export function summarize(changes: Changes): string {
  return Object.entries(changes)
    .map(([k, c]) =>
      k === 'description'
        ? 'Description edited'
        : `${FIELD_LABELS[k] ?? k}: ${shown(c.from)} → ${shown(c.to)}`,
    )
    .join('; ');
}

export const recordOf = (
  r: Pick<
    LeadRow,
    'id' | 'partner_id' | 'partner_user_id' | 'first_name' | 'last_name' | 'company'
  >,
): RecordRef => ({
  type: 'lead',
  id: r.id,
  partnerId: r.partner_id,
  partnerUserId: r.partner_user_id,
  label: `lead ${r.first_name} ${r.last_name} (${r.company})`,
  accountId: null,
});

/** Everything is visible to the unscoped read used to describe a change the caller just made. */
export const unscoped = (actor: Actor): Scope => ({
  kind: 'internal',
  userId: actor.userId,
  role: 'admin',
});

export const isConverted = (r: Pick<LeadRow, 'converted_at' | 'status_kind'>) =>
  r.converted_at !== null || r.status_kind === 'converted';

export const readOnly = () => conflict('Converted leads are read-only');

// ---------------------------------------------------------------------------------------------
// Reading

export async function listLeads(deps: Deps, ctx: Ctx, f: z.output<typeof LeadListQuery>) {
  const rows = await repo.listLeads(deps.db, scopeOf(ctx.actor), f);
  const p = finishPage(rows, f.limit, repo.cursorOfRow);
  return { data: p.rows.map((r) => presentLead(r, ctx.actor)), nextCursor: p.nextCursor };
}

export async function countLeads(deps: Deps, ctx: Ctx, f: LeadFilters) {
  return { count: await repo.countLeads(deps.db, scopeOf(ctx.actor), f) };
}

export async function getLead(deps: Deps, ctx: Ctx, id: string) {
  const row = await repo.findLead(deps.db, scopeOf(ctx.actor), id);
  if (!row) throw notFound('Lead');
  return presentLead(row, ctx.actor);
}

/** Partner columns on the board: the busiest partners, then the leads without one. */
const BOARD_PARTNERS = 50;

export async function leadBoard(
  deps: Deps,
  ctx: Ctx,
  q: z.output<typeof LeadBoardQuery>,
): Promise<Board> {
  const { groupBy, ...filters } = q;
  const scope = scopeOf(ctx.actor);
  const [groups, currencies] = await Promise.all([
    repo.boardGroups(deps.db, scope, filters, groupBy),
    repo.listCurrencies(deps.db),
  ]);
  const baseCurrency = currencies.find((c) => c.is_base)?.code ?? 'EUR';
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const column = (key: string, label: string, extra: Partial<BoardColumn> = {}): BoardColumn => {
    const g = byKey.get(key === 'none' ? null : key);
    return { key, label, count: g?.count ?? 0, sum: g?.sum ?? '0.00', ...extra };
  };
  let columns: BoardColumn[];
  if (groupBy === 'status') {
    const statuses = await repo.listStatuses(deps.db);
    columns = statuses.map((s) => column(s.id, s.label, { kind: s.kind }));
  } else if (groupBy === 'rating') {
    columns = RATINGS.map((r) => column(r, RATING_LABELS[r]));
  } else {
    const top = groups
      .filter((g) => g.key !== null)
      .sort((a, b) => b.count - a.count || String(a.key).localeCompare(String(b.key)))
      .slice(0, BOARD_PARTNERS);
    const names = new Map(
      (
        await repo.partnersByIds(
          deps.db,
          top.map((g) => g.key!),
        )
      ).map((p) => [p.id, p.company_name]),
    );
    columns = top.map((g) => column(g.key!, names.get(g.key!) ?? 'Unknown partner'));
    // Partner users' leads always belong to their company; the column would stay empty.
    if (scope.kind === 'internal') columns.push(column('none', 'No partner'));
  }
  return { columns, baseCurrency };
}

// ---------------------------------------------------------------------------------------------
// Checking what a lead may hold

type LeadValues = {
  company: string;
  first_name: string;
  last_name: string;
  job_title: string;
  email: string;
  phone: string | null;
  website: string | null;
  power: string;
  status_id: string;
  source: string;
  rating_manual: 'hot' | 'warm' | 'cold' | null;
  estimated_value: string | null;
  currency: string;
  industry: string | null;
  company_size: string | null;
  country_code: string | null;
  region: string | null;
  city: string | null;
  postal_code: string | null;
  product_interest: string | null;
  description: string;
  owner_id: string | null;
  partner_id: string | null;
  partner_user_id: string | null;
  referrer_id: string | null;
  campaign_id: string | null;
};

const valuesOf = (r: LeadRow): LeadValues => ({
  company: r.company,
  first_name: r.first_name,
  last_name: r.last_name,
  job_title: r.job_title,
  email: r.email,
  phone: r.phone,
  website: r.website,
  power: r.power,
  status_id: r.status_id,
  source: r.source,
  rating_manual: r.rating_manual,
  estimated_value: r.estimated_value,
  currency: r.currency,
  industry: r.industry,
  company_size: r.company_size,
  country_code: r.country_code,
  region: r.region,
  city: r.city,
  postal_code: r.postal_code,
  product_interest: r.product_interest,
  description: r.description,
  owner_id: r.owner_id,
  partner_id: r.partner_id,
  partner_user_id: r.partner_user_id,
  referrer_id: r.referrer_id,
  campaign_id: r.campaign_id,
});

type LeadInput = Partial<Omit<UpdateLeadInput, 'version'>>;

/** Input wins where given (null clears), otherwise what the lead had, otherwise the default. */
function take<T>(input: T | undefined, current: T | undefined, fallback: T): T {
  if (input !== undefined) return input;
  return current !== undefined ? current : fallback;
}

/**
 * The lead's values after applying `input` on top of `before` (null: a new lead), with every
 * rule checked. Only values that change are checked, so an edit never fails on a reference the
 * caller did not touch (a retired job title, a deactivated rep). All problems are reported at
 * once as field errors.
 */
/** The records a lead's fields point at, as resolveLead reads them. */
export type LeadLookups = {
  partner(id: string): Promise<{ id: string; status: string } | undefined>;
  users(ids: string[]): Promise<repo.UserRef[]>;
  campaign(id: string): Promise<{ id: string; partner_id: string | null } | undefined>;
};

export const leadLookups = (trx: Trx | Deps['db']): LeadLookups => ({
  partner: (id) => repo.partnerById(trx, id),
  users: (ids) => repo.usersByIds(trx, ids),
  campaign: (id) => repo.campaignById(trx, id),
});

export async function resolveLead(
  trx: Trx,
  actor: Actor,
  refs: Refs,
  input: LeadInput,
  before: LeadRow | null,
  lookups: LeadLookups = leadLookups(trx),
): Promise<LeadValues> {
  const cur = before ? valuesOf(before) : null;
  const partnerCaller = isPartnerRole(actor.role);
  const defaultStatus = refs.statuses.find((s) => s.is_default) ?? refs.statuses[0];
  const v: LeadValues = {
    company: take(input.company, cur?.company, ''),
    first_name: take(input.firstName, cur?.first_name, ''),
    last_name: take(input.lastName, cur?.last_name, ''),
    job_title: take(input.jobTitle, cur?.job_title, ''),
    email: take(input.email, cur?.email, ''),
    phone: take(input.phone, cur?.phone, null),
    website: take(input.website, cur?.website, null),
    power: take(input.power, cur?.power, ''),
    status_id: take(input.statusId, cur?.status_id, defaultStatus?.id ?? ''),
    source: take(input.source, cur?.source, ''),
    rating_manual: take(input.ratingManual, cur?.rating_manual, null),
    estimated_value: take(input.estimatedValue, cur?.estimated_value, null),
    currency: take(input.currency, cur?.currency, refs.baseCurrency),
    industry: take(input.industry, cur?.industry, null),
    company_size: take(input.companySize, cur?.company_size, null),
    country_code: take(input.countryCode, cur?.country_code, null),
    region: take(input.region, cur?.region, null),
    city: take(input.city, cur?.city, null),
    postal_code: take(input.postalCode, cur?.postal_code, null),
    product_interest: take(input.productInterest, cur?.product_interest, null),
    description: take(input.description, cur?.description, ''),
    owner_id: take(input.ownerId, cur?.owner_id, actor.userId),
    partner_id: take(input.partnerId, cur?.partner_id, null),
    partner_user_id: take(input.partnerUserId, cur?.partner_user_id, null),
    referrer_id: take(input.referrerId, cur?.referrer_id, partnerCaller ? actor.userId : null),
    campaign_id: take(input.campaignId, cur?.campaign_id, null),
  };
  const fields: Record<string, string> = {};
  const changed = (k: keyof LeadValues) => !cur || v[k] !== cur[k];

  for (const [field, col, list] of PICK_FIELDS) {
    const key = v[col];
    if (key === null || !changed(col)) continue;
    const p = refs.picks.get(`${list}:${key}`);
    if (!p) fields[field] = 'is not a value of this pick list';
    else if (!p.active) fields[field] = 'is retired and can no longer be chosen';
  }

  if (changed('status_id')) {
    const s = refs.statuses.find((x) => x.id === v.status_id);
    if (!s) fields.statusId = 'No such status';
    else if (s.kind === 'converted')
      fields.statusId = 'Converted is reached only by converting the lead';
  }

  if (changed('currency') && !refs.currencies.has(v.currency))
    fields.currency = 'is not a configured currency';

  // The assigned partner: partner users' leads always belong to their own company.
  if (partnerCaller) {
    if (input.partnerId !== undefined && input.partnerId !== actor.partnerId)
      fields.partnerId = 'must be your own company';
    v.partner_id = actor.partnerId;
  } else if (changed('partner_id') && v.partner_id) {
    const p = await lookups.partner(v.partner_id);
    if (!p) fields.partnerId = 'No such partner';
    else if (p.status === 'archived') fields.partnerId = 'is archived';
  }
  const partnerMoved = !cur || v.partner_id !== cur.partner_id;

  // A rep works their own leads: a new one is theirs, and they cannot hand one to a colleague.
  if (actor.role === 'partner_rep') {
    const own = cur ? cur.partner_user_id : actor.userId;
    if (input.partnerUserId !== undefined && input.partnerUserId !== own)
      fields.partnerUserId = cur ? 'is assigned by your partner admin' : 'must be yourself';
    v.partner_user_id = own;
  }

  const checkPartnerUser =
    v.partner_user_id !== null &&
    !fields.partnerUserId &&
    (changed('partner_user_id') || partnerMoved);
  const checkReferrer = v.referrer_id !== null && (changed('referrer_id') || partnerMoved);
  const checkOwner = v.owner_id !== null && changed('owner_id');
  const users = new Map(
    (
      await lookups.users([
        ...(checkPartnerUser ? [v.partner_user_id!] : []),
        ...(checkReferrer ? [v.referrer_id!] : []),
        ...(checkOwner ? [v.owner_id!] : []),
      ])
    ).map((u) => [u.id, u]),
  );

  if (checkPartnerUser) {
    const u = users.get(v.partner_user_id!);
    const ok =
      u &&
      isPartnerRole(u.role) &&
      v.partner_id !== null &&
      u.partner_id === v.partner_id &&
      (u.active || !changed('partner_user_id'));
    if (!ok) {
      // One merely kept from before leaves with the old partner; one asked for is an error.
      if (input.partnerUserId === undefined && cur) v.partner_user_id = null;
      else
        fields.partnerUserId = v.partner_id
          ? 'must be a user of the assigned partner'
          : 'needs an assigned partner';
    }
  }

  if (checkReferrer) {
    const u = users.get(v.referrer_id!);
    const ok =
      u && isPartnerRole(u.role) && (v.partner_id === null || u.partner_id === v.partner_id);
    if (!ok) {
      if (input.referrerId === undefined && cur) v.referrer_id = null;
      else
        fields.referrerId = v.partner_id
          ? 'must be a user of the assigned partner'
          : 'must be a partner user';
    }
  }

  if (checkOwner) {
    const u = users.get(v.owner_id!);
    if (!u || !u.active) fields.ownerId = 'must be an active user';
    else if (partnerCaller && u.partner_id !== actor.partnerId)
      fields.ownerId = 'must be a user of your company';
    else if (!partnerCaller && isPartnerRole(u.role) && u.partner_id !== v.partner_id)
      fields.ownerId = 'must be a member of your team or a user of the assigned partner';
  }

  if (v.campaign_id && changed('campaign_id')) {
    const c = await lookups.campaign(v.campaign_id);
    if (!c || (partnerCaller && c.partner_id !== null && c.partner_id !== actor.partnerId))
      fields.campaignId = 'No such campaign';
  }

  if (Object.keys(fields).length > 0) throw validation(fields);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Reads and locks a lead the caller may see, or 404. */
export async function lockForChange(trx: Trx, ctx: Ctx, id: string) {
  const scope = scopeOf(ctx.actor);
  if (!(await repo.lockLead(trx, scope, id))) throw notFound('Lead');
  const row = await repo.findLead(trx, scope, id);
  if (!row) throw notFound('Lead');
  return row;
}

function mustWrite(actor: Actor) {
  if (!canWriteLeads(actor)) throw forbidden('Your role does not allow changing leads');
}

/**
 * Applies a change to a locked, editable lead: checks it, writes it with a version bump,
 * rescores, records history (status and owner moves are named as such) and tells followers.
 */
async function applyChange(
  trx: Trx,
  ctx: Ctx,
  refs: Refs,
  before: LeadRow,
  input: LeadInput,
): Promise<'updated' | 'unchanged'> {
  const v = await resolveLead(trx, ctx.actor, refs, input, before);
  const cur = valuesOf(before);
  const patch: repo.LeadPatch = {};
  for (const k of Object.keys(v) as (keyof LeadValues)[]) {
    if (v[k] !== cur[k]) (patch as Record<string, unknown>)[k] = v[k];
  }
  if (Object.keys(patch).length === 0) return 'unchanged';
  if (!(await repo.updateLeadVersioned(trx, before.id, before.version, patch)))
    throw staleVersion('lead');
  await rescoreLeads(trx, [before.id]);
  const after = (await repo.findLead(trx, unscoped(ctx.actor), before.id))!;
  const changes = diff(snapshot(before, refs), snapshot(after, refs));
  const action =
    patch.status_id !== undefined
      ? 'lead.status_changed'
      : patch.owner_id !== undefined
        ? 'lead.owner_changed'
        : 'lead.updated';
  await audit(trx, ctx, {
    action,
    subjectType: 'lead',
    subjectId: before.id,
    partnerId: after.partner_id,
    changes,
  });
  if (Object.keys(changes).length > 0)
    await notifyFollowers(trx, recordOf(after), ctx.actor, summarize(changes));
  return 'updated';
}

async function changeLead(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: (before: LeadRow, refs: Refs) => LeadInput,
) {
  mustWrite(ctx.actor);
  await deps.db.transaction().execute(async (trx) => {
    const before = await lockForChange(trx, ctx, id);
    if (isConverted(before)) throw readOnly();
    if (before.version !== version) throw staleVersion('lead');
    const refs = await loadRefs(trx);
    await applyChange(trx, ctx, refs, before, input(before, refs));
  });
  return getLead(deps, ctx, id);
}

export async function createLead(deps: Deps, ctx: Ctx, input: CreateLeadInput) {
  mustWrite(ctx.actor);
  const id = await deps.db.transaction().execute(async (trx) => {
    const refs = await loadRefs(trx);
    const v = await resolveLead(trx, ctx.actor, refs, input, null);
    const { id } = await repo.insertLead(trx, {
      ...v,
      rating: v.rating_manual ?? 'cold',
      created_by: ctx.actor.userId,
      created_by_partner: isPartnerRole(ctx.actor.role),
    });
    await rescoreLeads(trx, [id]);
    const after = (await repo.findLead(trx, unscoped(ctx.actor), id))!;
    await audit(trx, ctx, {
      action: 'lead.created',
      subjectType: 'lead',
      subjectId: id,
      partnerId: after.partner_id,
      changes: diff(null, snapshot(after, refs)),
    });
    return id;
  });
  return getLead(deps, ctx, id);
}

export function updateLead(deps: Deps, ctx: Ctx, id: string, version: number, input: LeadInput) {
  return changeLead(deps, ctx, id, version, () => input);
}

export function changeOwner(deps: Deps, ctx: Ctx, id: string, version: number, ownerId: string) {
  return changeLead(deps, ctx, id, version, () => ({ ownerId }));
}

/** "Mark status as complete": the next open status on the path. */
export function advanceLead(deps: Deps, ctx: Ctx, id: string, version: number) {
  return changeLead(deps, ctx, id, version, (before, refs) => {
    const current = refs.statuses.find((s) => s.id === before.status_id)!;
    if (current.kind !== 'open') {
      throw new AppError(
        'BUSINESS_RULE',
        `This lead is marked ${current.label}; choose an open status to work it again`,
      );
    }
    const next = refs.statuses.find((s) => s.kind === 'open' && s.position > current.position);
    if (!next) {
      const closed = refs.statuses.find((s) => s.kind === 'closed');
      throw new AppError(
        'BUSINESS_RULE',
        `${current.label} is the last step before conversion — convert the lead` +
          (closed ? ` or mark it ${closed.label}` : ''),
      );
    }
    return { statusId: next.id };
  });
}

export async function deleteLead(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const before = await lockForChange(trx, ctx, id);
    if (!canDeleteLeads(ctx.actor)) throw forbidden('Your role does not allow deleting leads');
    const refs = await loadRefs(trx);
    await notifyFollowers(trx, recordOf(before), ctx.actor, 'Deleted the lead');
    await removeRecordAttachments(trx, 'lead', id);
    await repo.deleteLead(trx, id);
    await audit(trx, ctx, {
      action: 'lead.deleted',
      subjectType: 'lead',
      subjectId: id,
      partnerId: before.partner_id,
      changes: diff(snapshot(before, refs), null),
    });
  });
}

/**
 * A copy to start another lead from: same company, person and details, but a fresh start —
 * default status, no history, no conversion, no partner assignment (partner users' copies stay
 * with their company, a rep's with the rep), owned by the caller.
 */
export async function cloneLead(deps: Deps, ctx: Ctx, id: string) {
  mustWrite(ctx.actor);
  const actor = ctx.actor;
  const newId = await deps.db.transaction().execute(async (trx) => {
    const source = await repo.findLead(trx, scopeOf(actor), id);
    if (!source) throw notFound('Lead');
    const refs = await loadRefs(trx);
    const status = refs.statuses.find((s) => s.is_default) ?? refs.statuses[0]!;
    let campaignId = source.campaign_id;
    if (campaignId && isPartnerRole(actor.role)) {
      const c = await repo.campaignById(trx, campaignId);
      if (!c || (c.partner_id !== null && c.partner_id !== actor.partnerId)) campaignId = null;
    }
    const v = valuesOf(source);
    const { id: cloneId } = await repo.insertLead(trx, {
      ...v,
      status_id: status.id,
      rating: v.rating_manual ?? 'cold',
      owner_id: actor.userId,
      partner_id: isPartnerRole(actor.role) ? actor.partnerId : null,
      partner_user_id: actor.role === 'partner_rep' ? actor.userId : null,
      referrer_id: null,
      campaign_id: campaignId,
      created_by: actor.userId,
      created_by_partner: isPartnerRole(actor.role),
      cloned_from_id: source.id,
    });
    await rescoreLeads(trx, [cloneId]);
    const after = (await repo.findLead(trx, unscoped(actor), cloneId))!;
    await audit(trx, ctx, {
      action: 'lead.cloned',
      subjectType: 'lead',
      subjectId: cloneId,
      partnerId: after.partner_id,
      changes: {
        clonedFrom: { from: null, to: leadNumberLabel(source.number) },
        ...diff(null, snapshot(after, refs)),
      },
    });
    return cloneId;
  });
  return getLead(deps, ctx, newId);
}

/**
 * One change for many leads, in one transaction. Each lead is checked like a single edit; the
 * ones the caller cannot see fail as not found, converted ones as read-only, and a lead the
 * value does not fit (an owner from another partner) fails with the field's reason.
 */
export async function bulkUpdate(
  deps: Deps,
  ctx: Ctx,
  input: z.output<typeof BulkLeadInput>,
): Promise<BulkResult> {
  mustWrite(ctx.actor);
  const { action, value } = input;
  const actor = ctx.actor;
  return deps.db.transaction().execute(async (trx) => {
    const refs = await loadRefs(trx);
    if (action !== 'setPartner' && !value) throw validation({ value: 'is required' });
    if (action === 'setStatus') {
      const s = refs.statuses.find((x) => x.id === value);
      if (!s) throw validation({ value: 'No such status' });
      if (s.kind === 'converted')
        throw validation({ value: 'Converted is reached only by converting the lead' });
    }
    if (action === 'setPartner' && isPartnerRole(actor.role) && value !== actor.partnerId)
      throw validation({ value: 'must be your own company' });
    const patch: LeadInput =
      action === 'setOwner'
        ? { ownerId: value }
        : action === 'setStatus'
          ? { statusId: value! }
          : { partnerId: value };

    const result: BulkResult = { updated: 0, unchanged: 0, failed: [] };
    for (const id of new Set(input.ids)) {
      const scope = scopeOf(actor);
      const row = (await repo.lockLead(trx, scope, id)) && (await repo.findLead(trx, scope, id));
      if (!row) {
        result.failed.push({ id, reason: 'Lead not found' });
        continue;
      }
      if (isConverted(row)) {
        result.failed.push({ id, reason: 'Converted leads are read-only' });
        continue;
      }
      try {
        if ((await applyChange(trx, ctx, refs, row, patch)) === 'updated') result.updated++;
        else result.unchanged++;
      } catch (err) {
        // Field checks throw before anything is written for this lead, so the rest go on.
        if (!(err instanceof AppError) || err.code !== 'VALIDATION_FAILED') throw err;
        const fields = Object.entries(err.fields ?? {});
        const reason = fields.map(([k, m]) => `${FIELD_LABELS[k] ?? k} ${m}`).join('; ');
        result.failed.push({ id, reason: reason || err.message });
      }
    }
    return result;
  });
}

// ---------------------------------------------------------------------------------------------
// CSV export

type NamedKind = 'user' | 'partner' | 'campaign';

/** Names by id, for the ids on a page of an export (ids that no longer exist are left out). */
async function namesByIds(db: Deps['db'], kind: NamedKind, ids: string[]) {
  switch (kind) {
    case 'user':
      return (await repo.usersByIds(db, ids)).map((u) => [u.id, u.name] as const);
    case 'partner':
      return (await repo.partnersByIds(db, ids)).map((p) => [p.id, p.company_name] as const);
    case 'campaign':
      return (await repo.campaignsByIds(db, ids)).map((c) => [c.id, c.name] as const);
  }
}

/** What each export column reads: lead columns, or an id whose name is looked up. */
const EXPORT_NEEDS: Record<
  LeadColumn,
  { fields: repo.LeadExportField[] } | { named: repo.LeadExportField; kind: NamedKind }
> = {
  reference: { fields: ['number'] },
  name: { fields: ['first_name', 'last_name'] },
  company: { fields: ['company'] },
  jobTitle: { fields: ['job_title'] },
  email: { fields: ['email'] },
  phone: { fields: ['phone'] },
  power: { fields: ['power'] },
  status: { fields: [] },
  source: { fields: ['source'] },
  rating: { fields: ['rating'] },
  score: { fields: ['score'] },
  estimatedValue: { fields: ['estimated_value', 'currency'] },
  industry: { fields: ['industry'] },
  companySize: { fields: ['company_size'] },
  countryCode: { fields: ['country_code'] },
  city: { fields: ['city'] },
  owner: { named: 'owner_id', kind: 'user' },
  partner: { named: 'partner_id', kind: 'partner' },
  partnerUser: { named: 'partner_user_id', kind: 'user' },
  referrer: { named: 'referrer_id', kind: 'user' },
  campaign: { named: 'campaign_id', kind: 'campaign' },
  createdAt: { fields: ['created_at'] },
  updatedAt: { fields: ['updated_at'] },
};

/**
 * The names an export shows for the ids on its rows, looked up once per page for the ids not
 * seen before, and kept for the rest of the export (a few thousand people and companies at most).
 */
function exportNames(db: Deps['db'], columns: readonly LeadColumn[]) {
  const named = columns.flatMap((c) => {
    const need = EXPORT_NEEDS[c];
    return 'named' in need ? [need] : [];
  });
  const known = new Map<string, string | null>(); // `${kind}:${id}` → name
  const key = (kind: NamedKind, id: string) => `${kind}:${id}`;
  return {
    async load(rows: readonly repo.LeadExportRow[]) {
      const missing = new Map<NamedKind, Set<string>>();
      for (const n of named) {
        for (const r of rows) {
          const id = r[n.named] as string | null | undefined;
          if (id && !known.has(key(n.kind, id))) {
            const ids = missing.get(n.kind) ?? new Set<string>();
            missing.set(n.kind, ids.add(id));
          }
        }
      }
      for (const [kind, ids] of missing) {
        for (const id of ids) known.set(key(kind, id), null);
        for (const [id, name] of await namesByIds(db, kind, [...ids]))
          known.set(key(kind, id), name);
      }
    },
    name(kind: NamedKind, id: string | null | undefined) {
      return id ? (known.get(key(kind, id)) ?? null) : null;
    },
  };
}

function exportValue(
  r: repo.LeadExportRow,
  c: LeadColumn,
  refs: Refs,
  names: ReturnType<typeof exportNames>,
): unknown {
  switch (c) {
    case 'reference':
      return leadNumberLabel(r.number!);
    case 'name':
      return `${r.first_name} ${r.last_name}`;
    case 'company':
      return r.company;
    case 'jobTitle':
      return pickLabel(refs, 'job_title', r.job_title ?? null);
    case 'email':
      return r.email;
    case 'phone':
      return r.phone;
    case 'power':
      return pickLabel(refs, 'power', r.power ?? null);
    case 'status':
      return r.status_label;
    case 'source':
      return pickLabel(refs, 'lead_source', r.source ?? null);
    case 'rating':
      return RATING_LABELS[r.rating!];
    case 'score':
      return r.score;
    case 'estimatedValue':
      // The currency goes with the amount: a column mixing EUR and USD must say so.
      return r.estimated_value == null ? null : `${r.estimated_value} ${r.currency}`;
    case 'industry':
      return pickLabel(refs, 'industry', r.industry ?? null);
    case 'companySize':
      return r.company_size ? (COMPANY_SIZE_LABELS[r.company_size as CompanySize] ?? '') : null;
    case 'countryCode':
      return r.country_code;
    case 'city':
      return r.city;
    case 'owner':
      return names.name('user', r.owner_id);
    case 'partner':
      return names.name('partner', r.partner_id);
    case 'partnerUser':
      return names.name('user', r.partner_user_id);
    case 'referrer':
      return names.name('user', r.referrer_id);
    case 'campaign':
      return names.name('campaign', r.campaign_id);
    case 'createdAt':
      return r.created_at;
    case 'updatedAt':
      return r.updated_at;
  }
}

/**
 * The list as CSV or XLSX: same filters and sort, read in keyset pages so memory stays flat
 * however many leads match.
 */
export async function exportLeads(
  deps: Deps,
  ctx: Ctx,
  q: z.output<typeof LeadExportQuery>,
): Promise<ExportData> {
  const scope = scopeOf(ctx.actor);
  const { columns: chosen, ...filters } = q;
  const columns = chosen?.length ? chosen : DEFAULT_LEAD_COLUMNS;
  const refs = await loadRefs(deps.db);
  const fields = [
    ...new Set(
      columns.flatMap((c) => {
        const need = EXPORT_NEEDS[c];
        return 'named' in need ? [need.named] : need.fields;
      }),
    ),
  ];
  const names = exportNames(deps.db, columns);
  const records = await pagedRecords(
    async (cursor) => {
      const rows = await repo.exportLeadPage(
        deps.db,
        scope,
        { ...filters, limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) },
        fields,
      );
      await names.load(rows);
      return finishPage(rows, EXPORT_PAGE, repo.cursorOfRow);
    },
    (r) => {
      const record: Record<string, unknown> = {};
      for (const c of columns) record[c] = exportValue(r, c, refs, names);
      return record;
    },
  );
  return {
    name: 'leads',
    columns: columns.map((c) => ({
      key: c,
      header: LEAD_COLUMN_LABELS[c],
      ...(c === 'score' ? { kind: 'number' as const } : {}),
      ...(c === 'createdAt' || c === 'updatedAt' ? { kind: 'datetime' as const } : {}),
    })),
    records,
  };
}
