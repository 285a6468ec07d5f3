import type { z } from 'zod';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Deps } from '../../deps';
import { scopeOf, type Ctx, type Scope } from '../../http/actor';
import { AppError, forbidden, notFound } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import { EXPORT_PAGE, pagedRecords, type ExportColumn, type ExportData } from '../../http/export';
import type { ExportKind } from '../../http/xlsx';
import { isPartnerRole } from '../../../shared/roles';
import type { Board, BulkResult } from '../../../shared/leads';
import {
  DEFAULT_OPPORTUNITY_COLUMNS,
  OPPORTUNITY_COLUMN_LABELS,
  OPPORTUNITY_SOURCE_LABELS,
  opportunityNumberLabel,
  type BulkOpportunityInput,
  type CreateOpportunityInput,
  type Opportunity,
  type OpportunityColumn,
  type OpportunityExportQuery,
  type OpportunityFilters,
  type OpportunityListQuery,
  type UpdateOpportunityInput,
} from '../../../shared/opportunities';
import { audit, diff } from '../history/audit';
import { findAccount, partnerById, userById } from '../accounts/accounts.repo';
import { findContact } from '../accounts/contacts.repo';
import { followedAmong, notifyFollowers } from '../follows/follows.service';
import { removeRecordAttachments } from '../records/attachments.repo';
import type { RecordRef } from '../records/records.service';
import { opportunityAbilities } from './opportunities.policy';
import * as repo from './opportunities.repo';

type Db = Kysely<DB> | Transaction<DB>;
type Changes = Omit<UpdateOpportunityInput, 'version'>;

/** A business rule refused some fields (422): each problem named on its field, all at once. */
const refused = (fields: Record<string, string>, message = 'Some fields are invalid') =>
  new AppError('BUSINESS_RULE', message, fields);

const ref = (id: string | null, name: string | null | undefined) =>
  id && name != null ? { id, name } : null;

// ---------------------------------------------------------------------------------------------
// Presenting

export function presentOpportunity(
  row: repo.OpportunityRow,
  ctx: Ctx,
  following: boolean,
): Opportunity {
  // Ids of things the caller may not see (an account beyond a partner's reach, another
  // company's referrer or campaign) are left out together with their names.
  const accountId = row.visible_account_id ?? null;
  const contactId = row.visible_contact_id ?? null;
  const referrerId = row.visible_referrer_id ?? null;
  const campaignId = row.visible_campaign_id ?? null;
  return {
    id: row.id,
    number: row.number,
    reference: opportunityNumberLabel(row.number),
    name: row.name,
    accountId,
    account: ref(accountId, row.account_name),
    contactId,
    contact: ref(contactId, row.contact_name),
    stageId: row.stage_id,
    stage: {
      id: row.stage_id,
      key: row.stage_key,
      label: row.stage_label,
      probability: row.stage_probability,
      kind: row.stage_kind,
    },
    amount: row.amount,
    currency: row.currency,
    weightedAmount: row.weighted_amount,
    closeDate: row.close_date,
    ownerId: row.owner_id,
    owner: ref(row.owner_id, row.owner_name),
    nextStep: row.next_step,
    lossReason: row.loss_reason,
    description: row.description,
    source: row.source,
    partnerId: row.partner_id,
    partner: ref(row.partner_id, row.partner_name),
    partnerUserId: row.partner_user_id,
    partnerUser: ref(row.partner_user_id, row.partner_user_name),
    partners: row.credited,
    referrerId,
    referrer: ref(referrerId, row.referrer_name),
    campaignId,
    campaign: ref(campaignId, row.campaign_name),
    leadId: row.lead_id,
    createdByPartner: row.created_by_partner,
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
    following,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: opportunityAbilities(ctx.actor),
  };
}

async function presentMany(db: Db, ctx: Ctx, rows: repo.OpportunityRow[]) {
  const followed = await followedAmong(
    db,
    ctx.actor.userId,
    'opportunity',
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentOpportunity(r, ctx, followed.has(r.id)));
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function listOpportunities(
  deps: Deps,
  ctx: Ctx,
  f: z.output<typeof OpportunityListQuery>,
) {
  const { rows, keys } = await repo.listOpportunities(
    deps.db,
    scopeOf(ctx.actor),
    ctx.actor.userId,
    f,
  );
  const p = finishPage(rows, f.limit, (row) =>
    cursorFrom(row, keys, (k) => repo.sortValue(row, k)),
  );
  return { data: await presentMany(deps.db, ctx, p.rows), nextCursor: p.nextCursor };
}

export async function countOpportunities(deps: Deps, ctx: Ctx, f: OpportunityFilters) {
  return {
    count: await repo.countOpportunities(deps.db, scopeOf(ctx.actor), ctx.actor.userId, f),
  };
}

export async function board(deps: Deps, ctx: Ctx, f: OpportunityFilters): Promise<Board> {
  const rows = await repo.boardColumns(deps.db, scopeOf(ctx.actor), ctx.actor.userId, f);
  const baseCurrency = await repo.baseCurrency(deps.db);
  return {
    baseCurrency,
    columns: rows.map((r) => ({
      key: r.id,
      label: r.label,
      count: r.n,
      sum: r.sum,
      weightedSum: r.weighted,
      kind: r.kind,
    })),
  };
}

export async function getOpportunity(deps: Deps, ctx: Ctx, id: string) {
  const row = await repo.findOpportunity(deps.db, scopeOf(ctx.actor), id);
  if (!row) throw notFound('Opportunity');
  const [presented] = await presentMany(deps.db, ctx, [row]);
  return presented!;
}

// ---------------------------------------------------------------------------------------------
// Deciding what a change writes

type Values = {
  name: string;
  description: string;
  next_step: string | null;
  close_date: string;
  stage_id: string;
  loss_reason: string | null;
  closed_at: Date | null;
  amount: string | null;
  currency: string;
  account_id: string | null;
  contact_id: string | null;
  owner_id: string | null;
  source: Opportunity['source'];
  partner_id: string | null;
  partner_user_id: string | null;
  referrer_id: string | null;
  campaign_id: string | null;
};

type Resolved = {
  values: Values;
  /** null: the credited partners stay as they are */
  credits: { current: repo.Credit[]; wanted: repo.Credit[] } | null;
};

/**
 * The columns a create or an update writes, after every rule: references must exist and be
 * visible to the caller, partner users act for their own company (reps for themselves), a lost
 * deal needs a loss reason, a closed stage stamps closedAt. Only what the request changes is
 * checked, so an edit never fails on a reference the caller did not touch. All problems are
 * reported at once, each on its field.
 */
async function resolve(
  trx: Db,
  ctx: Ctx,
  input: Changes,
  before: repo.LockedOpportunity | null,
): Promise<Resolved> {
  const actor = ctx.actor;
  const scope = scopeOf(actor);
  const partnerActor = isPartnerRole(actor.role);
  const fields: Record<string, string> = {};
  const given = <T>(v: T | undefined): v is T => v !== undefined;
  const changed = <T>(v: T | undefined, current: T) => v !== undefined && v !== current;

  // Stage, loss reason and the closing moment.
  let stage: repo.StageInfo | undefined;
  if (before && !changed(input.stageId, before.stage_id)) {
    stage = { id: before.stage_id, label: before.stage_label, kind: before.stage_kind };
  } else if (given(input.stageId)) {
    stage = await repo.stageById(trx, input.stageId);
    if (!stage) fields.stageId = 'No such stage';
  } else {
    stage = await repo.firstOpenStage(trx);
    if (!stage) fields.stageId = 'is required: no open stage is configured';
  }
  let lossReason = given(input.lossReason) ? input.lossReason : (before?.loss_reason ?? null);
  if (stage?.kind === 'lost') {
    if (!lossReason) fields.lossReason = 'is required when the deal is lost';
    else if (
      changed(input.lossReason, before?.loss_reason ?? null) &&
      !(await repo.isActiveLossReason(trx, lossReason))
    )
      fields.lossReason = 'must be one of the loss reasons';
  } else {
    lossReason = null; // only a lost deal keeps a reason; reopening clears it
  }
  let closedAt: Date | null = null;
  if (stage && stage.kind !== 'open') {
    // Moving between closed stages of the same kind keeps the moment it closed.
    closedAt =
      before?.closed_at && before.stage_kind === stage.kind ? before.closed_at : new Date();
  }

  let currency = input.currency ?? before?.currency;
  if (currency === undefined) currency = await repo.baseCurrency(trx);
  else if (changed(input.currency, before?.currency) && !(await repo.currencyExists(trx, currency)))
    fields.currency = 'No such currency';

  // Customer: the account must be visible to the caller, the contact must work there.
  const accountChanged = changed(input.accountId, before?.account_id ?? null);
  const accountId = given(input.accountId) ? input.accountId : (before?.account_id ?? null);
  if (accountChanged && accountId && !(await findAccount(trx, scope, accountId)))
    fields.accountId = 'No such account';
  let contactId = given(input.contactId) ? input.contactId : (before?.contact_id ?? null);
  if (contactId && (changed(input.contactId, before?.contact_id ?? null) || accountChanged)) {
    const contact = await findContact(trx, scope, contactId);
    const fits = contact && contact.account_id === accountId;
    if (given(input.contactId)) {
      if (!contact) fields.contactId = 'No such contact';
      else if (!fits) fields.contactId = "must be a contact of the opportunity's account";
    } else if (!fits) {
      contactId = null; // left behind when the account changed
    }
  }

  // The partner working the deal and its rep.
  let partnerId = given(input.partnerId) ? input.partnerId : (before?.partner_id ?? null);
  if (partnerActor) {
    if (given(input.partnerId) && input.partnerId !== actor.partnerId)
      fields.partnerId = 'must be your own company';
    partnerId = actor.partnerId;
  } else if (changed(input.partnerId, before?.partner_id ?? null) && partnerId) {
    if (!(await partnerById(trx, partnerId))) fields.partnerId = 'No such partner';
  }
  const partnerMoved = partnerId !== (before?.partner_id ?? null);

  let partnerUserId = given(input.partnerUserId)
    ? input.partnerUserId
    : (before?.partner_user_id ?? null);
  if (actor.role === 'partner_rep') {
    // A rep registers deals for themselves; who works an existing deal is their admin's call
    // (a deal merely shared with a rep must not move to them by an edit).
    if (before) {
      if (changed(input.partnerUserId, before.partner_user_id))
        fields.partnerUserId = 'is assigned by your partner admin';
      partnerUserId = before.partner_user_id;
    } else {
      if (given(input.partnerUserId) && input.partnerUserId !== actor.userId)
        fields.partnerUserId = 'must be yourself';
      partnerUserId = actor.userId;
    }
  } else if (
    partnerUserId &&
    (changed(input.partnerUserId, before?.partner_user_id ?? null) || partnerMoved)
  ) {
    const u = partnerId ? await userById(trx, partnerUserId) : undefined;
    const fits = u && isPartnerRole(u.role) && u.partner_id === partnerId && u.active;
    if (given(input.partnerUserId)) {
      if (!partnerId) fields.partnerUserId = 'needs an assigned partner';
      else if (!fits) fields.partnerUserId = 'must be an active user of the assigned partner';
    } else if (!fits) {
      partnerUserId = null; // left behind when the partner changed
    }
  }

  const referrerId = given(input.referrerId) ? input.referrerId : (before?.referrer_id ?? null);
  if (changed(input.referrerId, before?.referrer_id ?? null) && referrerId) {
    const u = await userById(trx, referrerId);
    if (partnerActor) {
      if (!u || u.partner_id !== actor.partnerId)
        fields.referrerId = 'must be a user of your company';
    } else if (!u || !isPartnerRole(u.role)) fields.referrerId = 'must be a partner user';
  }

  // The owner: new deals are the creator's. Partner users hand deals only within their company;
  // the vendor to its own team or to a person at the assigned partner.
  const ownerId = given(input.ownerId) ? input.ownerId : before ? before.owner_id : actor.userId;
  if (given(input.ownerId) && input.ownerId && input.ownerId !== (before?.owner_id ?? null)) {
    const u = await userById(trx, input.ownerId);
    if (partnerActor) {
      if (!u || !u.active || u.partner_id !== actor.partnerId)
        fields.ownerId = 'must be an active user of your company';
    } else if (!u || !u.active || (isPartnerRole(u.role) && u.partner_id !== partnerId)) {
      fields.ownerId = 'must be an active member of your team or of the assigned partner';
    }
  }

  const campaignId = given(input.campaignId) ? input.campaignId : (before?.campaign_id ?? null);
  if (
    changed(input.campaignId, before?.campaign_id ?? null) &&
    campaignId &&
    !(await repo.campaignVisible(trx, scope, campaignId))
  )
    fields.campaignId = 'No such campaign';

  // Credited partners. Partner users manage only their own company's entry and never see the
  // others, which stay as they are.
  if (given(input.partners)) {
    if (partnerActor) {
      if (input.partners.some((p) => p.partnerId !== actor.partnerId))
        fields.partners = 'may only name your own company';
    } else if (
      (
        await repo.missingPartners(
          trx,
          input.partners.map((p) => p.partnerId),
        )
      ).length
    ) {
      fields.partners = 'No such partner';
    }
  }

  if (Object.keys(fields).length > 0) throw refused(fields);

  let credits: Resolved['credits'] = null;
  if (given(input.partners) || partnerMoved || !before) {
    const current = before ? await repo.listCredits(trx, before.id) : [];
    let wanted: repo.Credit[] = given(input.partners)
      ? input.partners.map((p) => ({ partnerId: p.partnerId, role: p.role }))
      : current;
    if (partnerActor && given(input.partners))
      wanted = [...current.filter((c) => c.partnerId !== actor.partnerId), ...wanted];
    // The working partner is credited too: as the sourcing partner unless another already is.
    if (partnerId && !wanted.some((c) => c.partnerId === partnerId)) {
      const sourced = wanted.some((c) => c.role === 'sourcing');
      wanted = [...wanted, { partnerId, role: sourced ? 'influencing' : 'sourcing' }];
    }
    credits = { current, wanted };
  }

  return {
    values: {
      name: input.name ?? before!.name,
      description: input.description ?? before?.description ?? '',
      next_step: given(input.nextStep) ? input.nextStep : (before?.next_step ?? null),
      close_date: input.closeDate ?? before!.close_date,
      stage_id: stage!.id,
      loss_reason: lossReason,
      closed_at: closedAt,
      amount: given(input.amount) ? input.amount : (before?.amount ?? null),
      currency,
      account_id: accountId,
      contact_id: contactId,
      owner_id: ownerId,
      source: input.source ?? before?.source ?? (partnerActor ? 'partner_registered' : 'direct'),
      partner_id: partnerId,
      partner_user_id: partnerUserId,
      referrer_id: referrerId,
      campaign_id: campaignId,
    },
    credits,
  };
}

/** The one-sourcing index (or a duplicate credit) hit by a concurrent writer: a field error. */
function creditConflict(e: unknown) {
  const err = e as { code?: string; constraint?: string } | null;
  if (err?.code !== '23505') return e;
  if (err.constraint === 'opportunity_partners_one_sourcing')
    return refused(
      { partners: 'another partner is already credited as the sourcing partner' },
      'An opportunity has at most one sourcing partner',
    );
  if (err.constraint === 'opportunity_partners_pkey')
    return refused({ partners: 'each partner at most once' });
  return e;
}

async function inTransaction<T>(deps: Deps, work: (trx: Transaction<DB>) => Promise<T>) {
  try {
    return await deps.db.transaction().execute(work);
  } catch (e) {
    throw creditConflict(e);
  }
}

// ---------------------------------------------------------------------------------------------
// History and notifications

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  stage: 'Stage',
  amount: 'Amount',
  closeDate: 'Close date',
  lossReason: 'Loss reason',
  nextStep: 'Next step',
  description: 'Description',
  source: 'Source',
  account: 'Account',
  contact: 'Contact',
  owner: 'Owner',
  partner: 'Assigned partner',
  partnerUser: 'Partner rep',
  referrer: 'Referrer',
  campaign: 'Campaign',
  partners: 'Credited partners',
  closedAt: 'Closed',
};

/** Names, labels and "1250.00 EUR" rather than ids, so the timeline reads "Proposal → Negotiation". */
const snapshot = (s: repo.SnapshotRow) => ({
  name: s.name,
  stage: s.stage_label,
  amount: s.amount === null ? null : `${s.amount} ${s.currency}`,
  closeDate: s.close_date,
  lossReason: s.loss_reason,
  nextStep: s.next_step,
  description: s.description,
  source: OPPORTUNITY_SOURCE_LABELS[s.source as Opportunity['source']] ?? s.source,
  account: s.account_name,
  contact: s.contact_name,
  owner: s.owner_name,
  partner: s.partner_name,
  partnerUser: s.partner_user_name,
  referrer: s.referrer_label,
  campaign: s.campaign_label,
  partners: s.credited.length ? s.credited : null,
  closedAt: s.closed_at,
});
type Snapshot = ReturnType<typeof snapshot>;

async function snapshotOf(trx: Db, id: string): Promise<Snapshot> {
  return snapshot((await repo.snapshotRow(trx, id))!);
}

const shown = (v: unknown) => {
  if (v === null || v === undefined || v === '') return '—';
  // Snapshot values are text, lists of text, or (after diff) ISO timestamps.
  const s = Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
};

/** "Stage: Proposal → Negotiation; Amount: 100.00 EUR → 120.00 EUR" for followers. */
function summarise(changes: Record<string, { from: unknown; to: unknown }>) {
  return Object.entries(changes)
    .map(([k, c]) =>
      k === 'description'
        ? 'Description edited'
        : `${FIELD_LABELS[k] ?? k}: ${shown(c.from)} → ${shown(c.to)}`,
    )
    .join('; ');
}

function recordRef(
  id: string,
  v: Pick<Values, 'partner_id' | 'partner_user_id' | 'name' | 'account_id'>,
): RecordRef {
  return {
    type: 'opportunity',
    id,
    partnerId: v.partner_id,
    partnerUserId: v.partner_user_id,
    label: `opportunity “${v.name}”`,
    accountId: v.account_id,
  };
}

// ---------------------------------------------------------------------------------------------
// Writing

async function findLocked(trx: Db, scope: Scope, id: string) {
  const row = await repo.findOpportunityForUpdate(trx, scope, id);
  if (!row) throw notFound('Opportunity');
  return row;
}

export async function createOpportunity(deps: Deps, ctx: Ctx, input: CreateOpportunityInput) {
  const id = await inTransaction(deps, async (trx) => {
    const { values, credits } = await resolve(trx, ctx, input, null);
    const { id } = await repo.insertOpportunity(trx, {
      ...values,
      created_by: ctx.actor.userId,
      created_by_partner: isPartnerRole(ctx.actor.role),
    });
    if (credits) await repo.writeCredits(trx, id, credits.current, credits.wanted);
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'opportunity',
      subjectId: id,
      partnerId: values.partner_id,
      after: await snapshotOf(trx, id),
    });
    return id;
  });
  return getOpportunity(deps, ctx, id);
}

/**
 * Applies a change to a locked row inside the caller's transaction: the version-checked update,
 * the credited partners, history and followers. Returns whether anything visible changed.
 */
async function applyChange(
  trx: Db,
  ctx: Ctx,
  before: repo.LockedOpportunity,
  version: number,
  input: Changes,
  action?: string,
) {
  if (before.version !== version) throw staleVersion('opportunity');
  const { values, credits } = await resolve(trx, ctx, input, before);
  const prior = await snapshotOf(trx, before.id);
  if (!(await repo.updateOpportunityVersioned(trx, before.id, version, values)))
    throw staleVersion('opportunity');
  if (credits) await repo.writeCredits(trx, before.id, credits.current, credits.wanted);
  const changes = diff(prior, await snapshotOf(trx, before.id));
  await audit(trx, ctx, {
    // A stage move is what people look for in a deal's history, so it is named as one.
    action: action ?? (values.stage_id !== before.stage_id ? 'stage_change' : 'update'),
    subjectType: 'opportunity',
    subjectId: before.id,
    partnerId: values.partner_id,
    changes,
  });
  if (Object.keys(changes).length > 0)
    await notifyFollowers(trx, recordRef(before.id, values), ctx.actor, summarise(changes));
  return Object.keys(changes).length > 0;
}

export async function updateOpportunity(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Changes,
) {
  await inTransaction(deps, async (trx) => {
    const before = await findLocked(trx, scopeOf(ctx.actor), id);
    if (!opportunityAbilities(ctx.actor).update)
      throw forbidden('You cannot change this opportunity');
    await applyChange(trx, ctx, before, version, input);
  });
  return getOpportunity(deps, ctx, id);
}

export async function changeOwner(
  deps: Deps,
  ctx: Ctx,
  id: string,
  input: { ownerId: string; version: number },
) {
  await inTransaction(deps, async (trx) => {
    const before = await findLocked(trx, scopeOf(ctx.actor), id);
    if (!opportunityAbilities(ctx.actor).changeOwner)
      throw forbidden('You cannot change the owner of this opportunity');
    await applyChange(trx, ctx, before, input.version, { ownerId: input.ownerId }, 'owner_change');
  });
  return getOpportunity(deps, ctx, id);
}

export async function deleteOpportunity(deps: Deps, ctx: Ctx, id: string) {
  await inTransaction(deps, async (trx) => {
    const before = await findLocked(trx, scopeOf(ctx.actor), id);
    if (!opportunityAbilities(ctx.actor).delete)
      throw forbidden('You cannot delete this opportunity');
    const prior = await snapshotOf(trx, id);
    // Followers hear of it while they can still be checked against the record.
    await notifyFollowers(trx, recordRef(id, before), ctx.actor, 'Deleted', 'followed_delete');
    await removeRecordAttachments(trx, 'opportunity', id);
    // Credited partners go by cascade; a lead converted into it keeps existing, unlinked.
    await repo.deleteOpportunity(trx, id);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'opportunity',
      subjectId: id,
      partnerId: before.partner_id,
      before: prior,
    });
  });
}

/**
 * Sets the owner, stage or assigned partner of many deals in one transaction. Deals the caller
 * cannot see, or that a rule refuses (a lost stage without a loss reason), are listed as failed
 * with the reason; the others change, each with its own history line.
 */
export async function bulkUpdate(
  deps: Deps,
  ctx: Ctx,
  input: BulkOpportunityInput,
): Promise<BulkResult> {
  const { action, value } = input;
  const actor = ctx.actor;
  return inTransaction(deps, async (trx) => {
    if (action !== 'setPartner' && !value) throw refused({ value: 'is required' });
    if (action === 'setStage' && value && !(await repo.stageById(trx, value)))
      throw refused({ value: 'No such stage' });
    if (action === 'setPartner' && isPartnerRole(actor.role) && value !== actor.partnerId)
      throw refused({ value: 'must be your own company' });
    if (action === 'setPartner' && value && !(await partnerById(trx, value)))
      throw refused({ value: 'No such partner' });

    const result: BulkResult = { updated: 0, unchanged: 0, failed: [] };
    for (const id of new Set(input.ids)) {
      const row = await repo.findOpportunityForUpdate(trx, scopeOf(actor), id);
      if (!row) {
        result.failed.push({ id, reason: 'Opportunity not found' });
        continue;
      }
      const changes: Changes =
        action === 'setOwner'
          ? { ownerId: value }
          : action === 'setStage'
            ? {
                stageId: value!,
                ...(input.lossReason && !row.loss_reason ? { lossReason: input.lossReason } : {}),
              }
            : { partnerId: value };
      const current =
        action === 'setOwner'
          ? row.owner_id
          : action === 'setStage'
            ? row.stage_id
            : row.partner_id;
      if (current === value) {
        result.unchanged++;
        continue;
      }
      try {
        await applyChange(trx, ctx, row, row.version, changes);
        result.updated++;
      } catch (e) {
        // Field errors are decided before anything is written, so the transaction goes on.
        if (!(e instanceof AppError) || !e.fields) throw e;
        result.failed.push({
          id,
          reason: Object.entries(e.fields)
            .map(([k, m]) => `${k} ${m}`)
            .join('; '),
        });
      }
    }
    return result;
  });
}

// ---------------------------------------------------------------------------------------------
// CSV and XLSX export

function exportValue(r: repo.OpportunityRow, column: OpportunityColumn): unknown {
  switch (column) {
    case 'reference':
      return opportunityNumberLabel(r.number);
    case 'name':
      return r.name;
    case 'account':
      return r.account_name;
    case 'contact':
      return r.contact_name;
    case 'stage':
      return r.stage_label;
    case 'probability':
      return r.stage_probability;
    case 'amount':
      return r.amount;
    case 'weightedAmount':
      return r.weighted_amount;
    case 'closeDate':
      return r.close_date;
    case 'owner':
      return r.owner_name;
    case 'source':
      return OPPORTUNITY_SOURCE_LABELS[r.source];
    case 'partner':
      return r.partner_name;
    case 'partnerUser':
      return r.partner_user_name;
    case 'campaign':
      return r.campaign_name;
    case 'nextStep':
      return r.next_step;
    case 'createdAt':
      return r.created_at;
    case 'updatedAt':
      return r.updated_at;
  }
}

const OPPORTUNITY_COLUMN_KINDS: Partial<Record<OpportunityColumn, ExportKind>> = {
  probability: 'number',
  amount: 'money',
  weightedAmount: 'money',
  closeDate: 'date',
  createdAt: 'datetime',
  updatedAt: 'datetime',
};

/**
 * The list as CSV or XLSX: same scope, filters and sort, read in keyset pages so memory stays
 * flat. An amount means little without its currency, so a Currency column follows the amounts.
 */
export async function exportOpportunities(
  deps: Deps,
  ctx: Ctx,
  q: z.output<typeof OpportunityExportQuery>,
): Promise<ExportData> {
  const scope = scopeOf(ctx.actor);
  const { columns: chosen, ...filters } = q;
  const columns = chosen?.length ? chosen : DEFAULT_OPPORTUNITY_COLUMNS;
  const fileColumns: ExportColumn[] = [];
  const lastMoney = columns.filter((x) => x === 'amount' || x === 'weightedAmount').at(-1);
  for (const c of columns) {
    const kind = OPPORTUNITY_COLUMN_KINDS[c];
    fileColumns.push({ key: c, header: OPPORTUNITY_COLUMN_LABELS[c], ...(kind ? { kind } : {}) });
    if (c === lastMoney) fileColumns.push({ key: 'currency', header: 'Currency' });
  }
  const records = await pagedRecords(
    async (cursor) => {
      const page = await repo.listOpportunities(deps.db, scope, ctx.actor.userId, {
        ...filters,
        limit: EXPORT_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      return finishPage(page.rows, EXPORT_PAGE, (row) =>
        cursorFrom(row, page.keys, (k) => repo.sortValue(row, k)),
      );
    },
    (r: repo.OpportunityRow) => ({
      ...Object.fromEntries(columns.map((c) => [c, exportValue(r, c)])),
      currency: r.currency,
    }),
  );
  return { name: 'opportunities', columns: fileColumns, records };
}
