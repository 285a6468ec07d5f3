import type { Deps } from '../../deps';
import { scopeOf, type Ctx } from '../../http/actor';
import { forbidden, notFound, validation } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import type { z } from 'zod';
import { EXPORT_PAGE, fileColumns, pagedRecords, type ExportData } from '../../http/export';
import {
  CONTACT_EXPORT_LABELS,
  DEFAULT_CONTACT_EXPORT_COLUMNS,
  type ContactExportQuery,
} from '../../../shared/exports';
import type {
  Contact,
  ContactListQuery,
  CreateContactInput,
  UpdateContactInput,
} from '../../../shared/accounts';
import { audit } from '../history/audit';
import { canWriteCustomers, contactAbilities } from './accounts.policy';
import { findAccount } from './accounts.repo';
import * as repo from './contacts.repo';
import { resolveContactOwner } from './ownership';

export function presentContact(row: repo.ContactListRow, ctx: Ctx): Contact {
  return {
    id: row.id,
    accountId: row.account_id,
    account: { id: row.account_id, name: row.account_name },
    firstName: row.first_name,
    lastName: row.last_name,
    name: `${row.first_name} ${row.last_name}`,
    email: row.email,
    phone: row.phone,
    jobTitle: row.job_title,
    ownerId: row.owner_id,
    owner:
      row.owner_id && row.owner_name != null ? { id: row.owner_id, name: row.owner_name } : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: contactAbilities(ctx.actor),
  };
}

const snapshot = (c: {
  account_id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  job_title: string | null;
  owner_id: string | null;
}) => ({
  accountId: c.account_id,
  firstName: c.first_name,
  lastName: c.last_name,
  email: c.email,
  phone: c.phone,
  jobTitle: c.job_title,
  ownerId: c.owner_id,
});

export async function listContacts(deps: Deps, ctx: Ctx, f: ContactListQuery) {
  const { rows, keys } = await repo.listContacts(deps.db, scopeOf(ctx.actor), f);
  const pick = (row: repo.ContactListRow) => (field: string) =>
    ({
      lastName: row.last_name,
      firstName: row.first_name,
      email: row.email,
      createdAt: row.created_at,
    })[field];
  const p = finishPage(rows, f.limit, (row) => cursorFrom(row, keys, pick(row)));
  return { data: p.rows.map((r) => presentContact(r, ctx)), nextCursor: p.nextCursor };
}

export async function getContact(deps: Deps, ctx: Ctx, id: string) {
  const row = await repo.findContact(deps.db, scopeOf(ctx.actor), id);
  if (!row) throw notFound('Contact');
  return presentContact(row, ctx);
}

export async function createContact(deps: Deps, ctx: Ctx, input: CreateContactInput) {
  if (!canWriteCustomers(ctx.actor)) throw forbidden('Your role does not allow adding contacts');
  const id = await deps.db.transaction().execute(async (trx) => {
    // The account must be one the caller may see; any other answers like a missing one.
    const account = await findAccount(trx, scopeOf(ctx.actor), input.accountId);
    if (!account) throw validation({ accountId: 'No such account' });
    const ownerId = await resolveContactOwner(trx, ctx.actor, input.ownerId, null);
    const values = {
      account_id: account.id,
      first_name: input.firstName,
      last_name: input.lastName,
      email: input.email ?? null,
      phone: input.phone ?? null,
      job_title: input.jobTitle ?? null,
      owner_id: ownerId,
    };
    const { id } = await repo.insertContact(trx, values);
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'contact',
      subjectId: id,
      partnerId: account.managed_by_partner_id,
      after: snapshot(values),
    });
    return id;
  });
  return getContact(deps, ctx, id);
}

export async function updateContact(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Omit<UpdateContactInput, 'version'>,
) {
  await deps.db.transaction().execute(async (trx) => {
    const scope = scopeOf(ctx.actor);
    const before = await repo.findContact(trx, scope, id);
    if (!before) throw notFound('Contact');
    if (!contactAbilities(ctx.actor).update) throw forbidden('You cannot change this contact');
    if (before.version !== version) throw staleVersion('contact');
    const patch: repo.ContactPatch = {};
    if (input.firstName !== undefined) patch.first_name = input.firstName;
    if (input.lastName !== undefined) patch.last_name = input.lastName;
    if (input.email !== undefined) patch.email = input.email;
    if (input.phone !== undefined) patch.phone = input.phone;
    if (input.jobTitle !== undefined) patch.job_title = input.jobTitle;
    patch.owner_id = await resolveContactOwner(trx, ctx.actor, input.ownerId, before.owner_id);
    const updated = await repo.updateContactVersioned(trx, id, version, patch);
    if (!updated) throw staleVersion('contact');
    const account = await findAccount(trx, scope, before.account_id);
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'contact',
      subjectId: id,
      partnerId: account?.managed_by_partner_id ?? null,
      before: snapshot(before),
      after: snapshot({ ...before, ...patch }),
    });
  });
  return getContact(deps, ctx, id);
}

/** Cases that named the contact keep their history and simply lose the contact. */
export async function deleteContact(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const scope = scopeOf(ctx.actor);
    const before = await repo.findContact(trx, scope, id);
    if (!before) throw notFound('Contact');
    if (!contactAbilities(ctx.actor).delete) throw forbidden('You cannot delete this contact');
    const account = await findAccount(trx, scope, before.account_id);
    await repo.deleteContact(trx, id);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'contact',
      subjectId: id,
      partnerId: account?.managed_by_partner_id ?? null,
      before: snapshot(before),
    });
  });
}

/**
 * The contact list as CSV or XLSX: the list itself (same scope, search and sort), read in keyset
 * pages so memory stays flat however many contacts match.
 */
export async function exportContacts(
  deps: Deps,
  ctx: Ctx,
  q: z.output<typeof ContactExportQuery>,
): Promise<ExportData> {
  const { columns: chosen, ...filters } = q;
  const columns = chosen?.length ? chosen : DEFAULT_CONTACT_EXPORT_COLUMNS;
  const records = await pagedRecords(
    async (cursor) => {
      const p = await listContacts(deps, ctx, {
        ...filters,
        limit: EXPORT_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      return { rows: p.data, nextCursor: p.nextCursor };
    },
    (c: Contact) => {
      const all: Record<(typeof columns)[number], unknown> = {
        name: c.name,
        firstName: c.firstName,
        lastName: c.lastName,
        email: c.email,
        phone: c.phone,
        jobTitle: c.jobTitle,
        account: c.account.name,
        owner: c.owner?.name,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      };
      return Object.fromEntries(columns.map((k) => [k, all[k]]));
    },
  );
  return {
    name: 'contacts',
    columns: fileColumns(columns, CONTACT_EXPORT_LABELS, {
      createdAt: 'datetime',
      updatedAt: 'datetime',
    }),
    records,
  };
}
