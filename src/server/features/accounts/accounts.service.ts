import type { Deps } from '../../deps';
import { scopeOf, type Ctx } from '../../http/actor';
import { AppError, forbidden, notFound } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import type { z } from 'zod';
import { EXPORT_PAGE, fileColumns, pagedRecords, type ExportData } from '../../http/export';
import {
  ACCOUNT_EXPORT_LABELS,
  DEFAULT_ACCOUNT_EXPORT_COLUMNS,
  type AccountExportQuery,
} from '../../../shared/exports';
import { COMPANY_SIZE_LABELS } from '../../../shared/accounts';
import type {
  Account,
  AccountFilters,
  CreateAccountInput,
  UpdateAccountInput,
} from '../../../shared/accounts';
import { audit } from '../history/audit';
import { accountAbilities, canWriteCustomers } from './accounts.policy';
import * as repo from './accounts.repo';
import { resolveOwnership } from './ownership';

const ref = (id: string | null, name: string | null | undefined) =>
  id && name != null ? { id, name } : null;

export function presentAccount(row: repo.AccountListRow, ctx: Ctx): Account {
  return {
    id: row.id,
    name: row.name,
    domain: row.domain,
    industry: row.industry,
    companySize: row.company_size,
    countryCode: row.country_code,
    managedByPartnerId: row.managed_by_partner_id,
    managedByPartner: ref(row.managed_by_partner_id, row.managed_by_partner_name),
    partnerUserId: row.partner_user_id,
    partnerUser: ref(row.partner_user_id, row.partner_user_name),
    ownerId: row.owner_id,
    owner: ref(row.owner_id, row.owner_name),
    contactCount: row.contact_count,
    openCaseCount: row.open_case_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: accountAbilities(ctx.actor),
  };
}

/** What history records about an account. */
const snapshot = (a: {
  name: string;
  domain: string | null;
  industry: string | null;
  company_size: string | null;
  country_code: string | null;
  managed_by_partner_id: string | null;
  partner_user_id: string | null;
  owner_id: string | null;
}) => ({
  name: a.name,
  domain: a.domain,
  industry: a.industry,
  companySize: a.company_size,
  countryCode: a.country_code,
  managedByPartnerId: a.managed_by_partner_id,
  partnerUserId: a.partner_user_id,
  ownerId: a.owner_id,
});

export async function listAccounts(
  deps: Deps,
  ctx: Ctx,
  f: AccountFilters & { sort?: string; cursor?: string; limit: number },
) {
  const { rows, keys } = await repo.listAccounts(deps.db, scopeOf(ctx.actor), f);
  const pick = (row: repo.AccountListRow) => (field: string) =>
    ({
      name: row.name,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      industry: row.industry,
      countryCode: row.country_code,
      domain: row.domain,
    })[field];
  const p = finishPage(rows, f.limit, (row) => cursorFrom(row, keys, pick(row)));
  return { data: p.rows.map((r) => presentAccount(r, ctx)), nextCursor: p.nextCursor };
}

export async function countAccounts(deps: Deps, ctx: Ctx, f: AccountFilters) {
  return { count: await repo.countAccounts(deps.db, scopeOf(ctx.actor), f) };
}

export async function getAccount(deps: Deps, ctx: Ctx, id: string) {
  const row = await repo.findAccount(deps.db, scopeOf(ctx.actor), id);
  if (!row) throw notFound('Account');
  return presentAccount(row, ctx);
}

export async function createAccount(deps: Deps, ctx: Ctx, input: CreateAccountInput) {
  if (!canWriteCustomers(ctx.actor)) throw forbidden('Your role does not allow adding accounts');
  const id = await deps.db.transaction().execute(async (trx) => {
    const who = await resolveOwnership(trx, ctx.actor, input, null);
    const values = {
      name: input.name,
      domain: input.domain ?? null,
      industry: input.industry ?? null,
      company_size: input.companySize ?? null,
      country_code: input.countryCode ?? null,
      managed_by_partner_id: who.managedByPartnerId,
      partner_user_id: who.partnerUserId,
      owner_id: who.ownerId,
    };
    const { id } = await repo.insertAccount(trx, values);
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'account',
      subjectId: id,
      partnerId: values.managed_by_partner_id,
      after: snapshot(values),
    });
    return id;
  });
  return getAccount(deps, ctx, id);
}

export async function updateAccount(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Omit<UpdateAccountInput, 'version'>,
) {
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findAccount(trx, scopeOf(ctx.actor), id);
    if (!before) throw notFound('Account');
    if (!accountAbilities(ctx.actor).update) throw forbidden('You cannot change this account');
    if (before.version !== version) throw staleVersion('account');
    const who = await resolveOwnership(trx, ctx.actor, input, {
      managedByPartnerId: before.managed_by_partner_id,
      partnerUserId: before.partner_user_id,
      ownerId: before.owner_id,
    });
    const patch: repo.AccountPatch = {
      managed_by_partner_id: who.managedByPartnerId,
      partner_user_id: who.partnerUserId,
      owner_id: who.ownerId,
    };
    if (input.name !== undefined) patch.name = input.name;
    if (input.domain !== undefined) patch.domain = input.domain;
    if (input.industry !== undefined) patch.industry = input.industry;
    if (input.companySize !== undefined) patch.company_size = input.companySize;
    if (input.countryCode !== undefined) patch.country_code = input.countryCode;
    const updated = await repo.updateAccountVersioned(trx, id, version, patch);
    if (!updated) throw staleVersion('account');
    const after = { ...before, ...patch };
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'account',
      subjectId: id,
      partnerId: after.managed_by_partner_id,
      before: snapshot(before),
      after: snapshot(after),
    });
  });
  return getAccount(deps, ctx, id);
}

/**
 * Deletes an account that nothing refers to any more. Accounts with contacts or cases are
 * refused rather than cascaded: a customer's people and support history are worth more than a
 * tidy list, and the caller may not even see every case on the account.
 */
export async function deleteAccount(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findAccount(trx, scopeOf(ctx.actor), id);
    if (!before) throw notFound('Account');
    if (!accountAbilities(ctx.actor).delete) throw forbidden('You cannot delete this account');
    const deps_ = await repo.accountDependents(trx, id);
    if (deps_.contacts > 0 || deps_.cases > 0) {
      throw new AppError(
        'BUSINESS_RULE',
        'This account still has contacts or cases. Delete or move them first, then delete the account.',
      );
    }
    try {
      await repo.deleteAccount(trx, id);
    } catch (err) {
      // Records of other features (e.g. opportunities) that point at the account block it too.
      if ((err as { code?: string }).code === '23503') {
        throw new AppError(
          'BUSINESS_RULE',
          'Other records still refer to this account, so it cannot be deleted.',
        );
      }
      throw err;
    }
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'account',
      subjectId: id,
      partnerId: before.managed_by_partner_id,
      before: snapshot(before),
    });
  });
}

/**
 * The account list as CSV or XLSX: the list itself (same scope, filters and sort), read in
 * keyset pages so memory stays flat however many accounts match.
 */
export async function exportAccounts(
  deps: Deps,
  ctx: Ctx,
  q: z.output<typeof AccountExportQuery>,
): Promise<ExportData> {
  const { columns: chosen, ...filters } = q;
  const columns = chosen?.length ? chosen : DEFAULT_ACCOUNT_EXPORT_COLUMNS;
  const records = await pagedRecords(
    async (cursor) => {
      const p = await listAccounts(deps, ctx, {
        ...filters,
        limit: EXPORT_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      return { rows: p.data, nextCursor: p.nextCursor };
    },
    (a: Account) => {
      const all: Record<(typeof columns)[number], unknown> = {
        name: a.name,
        domain: a.domain,
        industry: a.industry,
        companySize: a.companySize ? COMPANY_SIZE_LABELS[a.companySize] : null,
        countryCode: a.countryCode,
        managedByPartner: a.managedByPartner?.name,
        partnerUser: a.partnerUser?.name,
        owner: a.owner?.name,
        contactCount: a.contactCount,
        openCaseCount: a.openCaseCount,
        createdAt: a.createdAt,
        updatedAt: a.updatedAt,
      };
      return Object.fromEntries(columns.map((c) => [c, all[c]]));
    },
  );
  return {
    name: 'accounts',
    columns: fileColumns(columns, ACCOUNT_EXPORT_LABELS, {
      contactCount: 'number',
      openCaseCount: 'number',
      createdAt: 'datetime',
      updatedAt: 'datetime',
    }),
    records,
  };
}
