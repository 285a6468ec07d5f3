import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Deps } from '../../deps';
import { scopeOf, type Ctx, type Scope } from '../../http/actor';
import { forbidden, notFound, validation } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import type { z } from 'zod';
import { EXPORT_PAGE, fileColumns, pagedRecords, type ExportData } from '../../http/export';
import { CASE_PRIORITY_LABELS, CASE_STATUS_LABELS } from '../../../shared/cases';
import {
  CASE_EXPORT_LABELS,
  DEFAULT_CASE_EXPORT_COLUMNS,
  type CaseExportQuery,
} from '../../../shared/exports';
import {
  caseNumberLabel,
  isOpenCaseStatus,
  type Case,
  type CaseFilters,
  type CasePriority,
  type CaseStatus,
  type CreateCaseInput,
  type UpdateCaseInput,
} from '../../../shared/cases';
import { audit } from '../history/audit';
import { canWriteCustomers } from '../accounts/accounts.policy';
import { findAccount } from '../accounts/accounts.repo';
import { findContact } from '../accounts/contacts.repo';
import { resolveOwnership } from '../accounts/ownership';
import { caseAbilities } from './cases.policy';
import * as repo from './cases.repo';

type Db = Kysely<DB> | Transaction<DB>;

const ref = (id: string | null, name: string | null | undefined) =>
  id && name != null ? { id, name } : null;

export function presentCase(row: repo.CaseListRow, ctx: Ctx): Case {
  // The account and contact ids are shown only together with the names the caller may see.
  const accountId = row.visible_account_id ?? null;
  const contactId = row.visible_contact_id ?? null;
  return {
    id: row.id,
    number: row.number,
    reference: caseNumberLabel(row.number),
    subject: row.subject,
    description: row.description,
    status: row.status,
    priority: row.priority,
    accountId,
    account: ref(accountId, row.account_name),
    contactId,
    contact: ref(contactId, row.contact_name),
    managedByPartnerId: row.managed_by_partner_id,
    managedByPartner: ref(row.managed_by_partner_id, row.managed_by_partner_name),
    partnerUserId: row.partner_user_id,
    partnerUser: ref(row.partner_user_id, row.partner_user_name),
    ownerId: row.owner_id,
    owner: ref(row.owner_id, row.owner_name),
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: caseAbilities(ctx.actor),
  };
}

type CaseValues = {
  subject: string;
  description: string;
  status: CaseStatus;
  priority: CasePriority;
  account_id: string | null;
  contact_id: string | null;
  managed_by_partner_id: string | null;
  partner_user_id: string | null;
  owner_id: string | null;
  closed_at: Date | string | null;
};

const snapshot = (c: CaseValues) => ({
  subject: c.subject,
  description: c.description,
  status: c.status,
  priority: c.priority,
  accountId: c.account_id,
  contactId: c.contact_id,
  managedByPartnerId: c.managed_by_partner_id,
  partnerUserId: c.partner_user_id,
  ownerId: c.owner_id,
  closedAt: c.closed_at,
});

export async function listCases(
  deps: Deps,
  ctx: Ctx,
  f: CaseFilters & { sort?: string; cursor?: string; limit: number },
) {
  const { rows, keys } = await repo.listCases(deps.db, scopeOf(ctx.actor), f);
  const pick = (row: repo.CaseListRow) => (field: string) =>
    ({
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      number: row.number,
      subject: row.subject,
    })[field];
  const p = finishPage(rows, f.limit, (row) => cursorFrom(row, keys, pick(row)));
  return { data: p.rows.map((r) => presentCase(r, ctx)), nextCursor: p.nextCursor };
}

export async function countCases(deps: Deps, ctx: Ctx, f: CaseFilters) {
  return { count: await repo.countCases(deps.db, scopeOf(ctx.actor), f) };
}

export async function getCase(deps: Deps, ctx: Ctx, id: string) {
  const row = await repo.findCase(deps.db, scopeOf(ctx.actor), id);
  if (!row) throw notFound('Case');
  return presentCase(row, ctx);
}

/**
 * The account and contact a case names. Both must be records the caller may see (anything
 * else answers like a missing record), and the contact must work at the account. Unchanged
 * references are not re-checked, so a partner can still edit a case whose account the vendor
 * keeps to itself.
 */
async function resolveCustomer(
  db: Db,
  scope: Scope,
  input: { accountId?: string | null | undefined; contactId?: string | null | undefined },
  current: { accountId: string | null; contactId: string | null },
) {
  const accountChanged = input.accountId !== undefined && input.accountId !== current.accountId;
  const contactChanged = input.contactId !== undefined && input.contactId !== current.contactId;
  const accountId = accountChanged ? (input.accountId ?? null) : current.accountId;
  let contactId = input.contactId !== undefined ? input.contactId : current.contactId;
  const fields: Record<string, string> = {};

  if (accountChanged && accountId && !(await findAccount(db, scope, accountId))) {
    fields.accountId = 'No such account';
  }
  // A contact named in the request must fit; one merely kept from before leaves with the old account.
  const contactNamed = input.contactId !== undefined;
  if (contactId && (contactChanged || accountChanged)) {
    const contact = await findContact(db, scope, contactId);
    if (!contact) {
      if (contactChanged) fields.contactId = 'No such contact';
      else if (contactNamed) fields.contactId = "must be a contact of the case's account";
      else contactId = null;
    } else if (contact.account_id !== accountId) {
      if (contactNamed) fields.contactId = "must be a contact of the case's account";
      else contactId = null;
    }
  }
  if (Object.keys(fields).length > 0) throw validation(fields);
  return { accountId, contactId };
}

/** Resolved and closed cases carry the moment they were closed; reopening clears it. */
function closedAtFor(
  status: CaseStatus,
  before: { status: CaseStatus; closed_at: Date | null } | null,
) {
  if (isOpenCaseStatus(status)) return null;
  if (before && !isOpenCaseStatus(before.status)) return before.closed_at;
  return new Date();
}

/** Runs a check and keeps its field errors, so one answer can list every problem at once. */
async function collect<T>(fields: Record<string, string>, check: () => Promise<T>) {
  try {
    return await check();
  } catch (err) {
    const e = err as { code?: string; fields?: Record<string, string> };
    if (e.code !== 'VALIDATION_FAILED' || !e.fields) throw err;
    Object.assign(fields, e.fields);
    return null;
  }
}

export async function createCase(deps: Deps, ctx: Ctx, input: CreateCaseInput) {
  if (!canWriteCustomers(ctx.actor)) throw forbidden('Your role does not allow opening cases');
  const id = await deps.db.transaction().execute(async (trx) => {
    const fields: Record<string, string> = {};
    const who = await collect(fields, () => resolveOwnership(trx, ctx.actor, input, null));
    const customer = await collect(fields, () =>
      resolveCustomer(trx, scopeOf(ctx.actor), input, { accountId: null, contactId: null }),
    );
    if (!who || !customer) throw validation(fields);
    const status = input.status ?? 'new';
    const values: CaseValues = {
      subject: input.subject,
      description: input.description ?? '',
      status,
      priority: input.priority ?? 'normal',
      account_id: customer.accountId,
      contact_id: customer.contactId,
      managed_by_partner_id: who.managedByPartnerId,
      partner_user_id: who.partnerUserId,
      owner_id: who.ownerId,
      closed_at: closedAtFor(status, null),
    };
    const { id } = await repo.insertCase(trx, values);
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'case',
      subjectId: id,
      partnerId: values.managed_by_partner_id,
      after: snapshot(values),
    });
    return id;
  });
  return getCase(deps, ctx, id);
}

export async function updateCase(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Omit<UpdateCaseInput, 'version'>,
) {
  await deps.db.transaction().execute(async (trx) => {
    const scope = scopeOf(ctx.actor);
    const before = await repo.findCase(trx, scope, id);
    if (!before) throw notFound('Case');
    if (!caseAbilities(ctx.actor).update) throw forbidden('You cannot change this case');
    if (before.version !== version) throw staleVersion('case');
    const fields: Record<string, string> = {};
    const who = await collect(fields, () =>
      resolveOwnership(trx, ctx.actor, input, {
        managedByPartnerId: before.managed_by_partner_id,
        partnerUserId: before.partner_user_id,
        ownerId: before.owner_id,
      }),
    );
    const customer = await collect(fields, () =>
      resolveCustomer(trx, scope, input, {
        accountId: before.account_id,
        contactId: before.contact_id,
      }),
    );
    if (!who || !customer) throw validation(fields);
    const status = input.status ?? before.status;
    const patch = {
      managed_by_partner_id: who.managedByPartnerId,
      partner_user_id: who.partnerUserId,
      owner_id: who.ownerId,
      account_id: customer.accountId,
      contact_id: customer.contactId,
      status,
      closed_at: closedAtFor(status, before),
      subject: input.subject ?? before.subject,
      description: input.description ?? before.description,
      priority: input.priority ?? before.priority,
    } satisfies repo.CasePatch;
    const updated = await repo.updateCaseVersioned(trx, id, version, patch);
    if (!updated) throw staleVersion('case');
    const after: CaseValues = { ...before, ...patch, closed_at: updated.closed_at };
    await audit(trx, ctx, {
      // A status move is the event people look for in a case's history, so it is named as one.
      action: status !== before.status ? 'status_change' : 'update',
      subjectType: 'case',
      subjectId: id,
      partnerId: after.managed_by_partner_id,
      before: snapshot(before),
      after: snapshot(after),
    });
  });
  return getCase(deps, ctx, id);
}

export async function deleteCase(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findCase(trx, scopeOf(ctx.actor), id);
    if (!before) throw notFound('Case');
    if (!caseAbilities(ctx.actor).delete) throw forbidden('Only administrators delete cases');
    await repo.deleteCase(trx, id);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'case',
      subjectId: id,
      partnerId: before.managed_by_partner_id,
      before: snapshot(before),
    });
  });
}

/**
 * The case list as CSV or XLSX: the list itself (same scope, filters and sort), read in keyset
 * pages so memory stays flat however many cases match.
 */
export async function exportCases(
  deps: Deps,
  ctx: Ctx,
  q: z.output<typeof CaseExportQuery>,
): Promise<ExportData> {
  const { columns: chosen, ...filters } = q;
  const columns = chosen?.length ? chosen : DEFAULT_CASE_EXPORT_COLUMNS;
  const records = await pagedRecords(
    async (cursor) => {
      const p = await listCases(deps, ctx, {
        ...filters,
        limit: EXPORT_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      return { rows: p.data, nextCursor: p.nextCursor };
    },
    (c: Case) => {
      const all: Record<(typeof columns)[number], unknown> = {
        reference: c.reference,
        subject: c.subject,
        status: CASE_STATUS_LABELS[c.status],
        priority: CASE_PRIORITY_LABELS[c.priority],
        account: c.account?.name,
        contact: c.contact?.name,
        managedByPartner: c.managedByPartner?.name,
        partnerUser: c.partnerUser?.name,
        owner: c.owner?.name,
        description: c.description,
        closedAt: c.closedAt,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      };
      return Object.fromEntries(columns.map((k) => [k, all[k]]));
    },
  );
  return {
    name: 'cases',
    columns: fileColumns(columns, CASE_EXPORT_LABELS, {
      closedAt: 'datetime',
      createdAt: 'datetime',
      updatedAt: 'datetime',
    }),
    records,
  };
}
