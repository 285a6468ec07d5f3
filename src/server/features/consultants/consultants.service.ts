import type { Deps } from '../../deps';
import { scopeOf, type Ctx } from '../../http/actor';
import { AppError, forbidden, notFound, validation } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import type { z } from 'zod';
import { EXPORT_PAGE, fileColumns, pagedRecords, type ExportData } from '../../http/export';
import {
  CONSULTANT_EXPORT_LABELS,
  DEFAULT_CONSULTANT_EXPORT_COLUMNS,
  type ConsultantExportQuery,
} from '../../../shared/exports';
import type {
  Consultant,
  ConsultantListQuery,
  ConsultantLookupMatch,
  CreateConsultantInput,
  LookupFix,
  LookupReason,
  PortalRole,
  UpdateConsultantInput,
} from '../../../shared/consultants';
import { audit } from '../history/audit';
import { createInvitedUser } from '../users/users.service';
import {
  canManageConsultant,
  consultantAbilities,
  grantablePortalRoles,
  isInternalEditor,
} from './consultants.policy';
import * as repo from './consultants.repo';

type Row = repo.ConsultantListRow;
type Trx = Parameters<typeof repo.insertConsultant>[0];

export function presentConsultant(row: Row, ctx: Ctx): Consultant {
  return {
    id: row.id,
    partnerId: row.partner_id,
    partner: { id: row.partner_id, name: row.partner_name },
    firstName: row.first_name,
    lastName: row.last_name,
    name: `${row.first_name} ${row.last_name}`,
    email: row.email,
    phone: row.phone,
    mobile: row.mobile,
    jobTitle: row.job_title,
    tags: row.tags,
    visible: row.visible,
    archivedAt: row.archived_at ? row.archived_at.toISOString() : null,
    portalUser:
      row.user_id && row.portal_role
        ? { id: row.user_id, role: row.portal_role, active: row.portal_active ?? false }
        : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: consultantAbilities(ctx.actor, row),
  };
}

export const snapshot = (c: {
  partner_id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string | null;
  mobile: string | null;
  job_title: string | null;
  tags: string[];
  visible: boolean;
}) => ({
  partnerId: c.partner_id,
  firstName: c.first_name,
  lastName: c.last_name,
  email: c.email,
  phone: c.phone,
  mobile: c.mobile,
  jobTitle: c.job_title,
  tags: c.tags,
  visible: c.visible,
});

export const emailInUse = () =>
  new AppError('CONFLICT', 'This partner already has a consultant with this email address', {
    email: 'is already used by another consultant of this partner',
  });

/** The unique indexes are the last word when two requests race past the checks. */
function mapUniqueViolation(e: unknown): unknown {
  const err = e as { code?: string; constraint?: string } | null;
  if (err?.code !== '23505') return e;
  if (err.constraint === 'consultants_partner_email_key') return emailInUse();
  return new AppError('CONFLICT', 'This email address is already in use', {
    email: 'is already in use',
  });
}

async function load(deps: Deps, ctx: Ctx, id: string, db: Trx = deps.db) {
  const row = await repo.findConsultant(db, scopeOf(ctx.actor), id);
  if (!row) throw notFound('Consultant');
  return row;
}

export async function listConsultants(deps: Deps, ctx: Ctx, f: ConsultantListQuery) {
  const { rows, keys } = await repo.listConsultants(deps.db, scopeOf(ctx.actor), f);
  const pick = (row: Row) => (field: string) =>
    ({
      name: row.name_key,
      email: row.email,
      jobTitle: row.job_title_key,
      partner: row.partner_key,
      createdAt: row.created_at,
    })[field];
  const p = finishPage(rows, f.limit, (row) => cursorFrom(row, keys, pick(row)));
  return { data: p.rows.map((r) => presentConsultant(r, ctx)), nextCursor: p.nextCursor };
}

export async function getConsultant(deps: Deps, ctx: Ctx, id: string) {
  return presentConsultant(await load(deps, ctx, id), ctx);
}

/** Creates the portal login for a consultant and links it, inside the caller's transaction. */
async function linkPortalUser(
  deps: Deps,
  trx: Trx,
  ctx: Ctx,
  c: { id: string; partner_id: string; first_name: string; last_name: string; email: string },
  role: PortalRole,
) {
  const userId = await createInvitedUser(deps, trx, ctx, {
    email: c.email,
    name: `${c.first_name} ${c.last_name}`,
    role,
    partnerId: c.partner_id,
  });
  await repo.updateConsultant(trx, c.id, { user_id: userId });
  await audit(trx, ctx, {
    action: 'grant_portal_access',
    subjectType: 'consultant',
    subjectId: c.id,
    partnerId: c.partner_id,
    changes: { portalAccess: { from: null, to: role } },
  });
}

/**
 * Partner admins add people to their own company only: another company's id is refused, as
 * users.service createUser refuses it, rather than silently replaced.
 */
export function partnerForCreate(ctx: Ctx, requested: string | undefined): string {
  const { actor } = ctx;
  if (actor.role === 'partner_admin') {
    if (requested && requested !== actor.partnerId) {
      throw validation({ partnerId: 'You can only add consultants to your own company' });
    }
    return actor.partnerId!;
  }
  if (!isInternalEditor(actor)) throw forbidden('Your role does not allow adding consultants');
  if (!requested) throw validation({ partnerId: 'is required' });
  return requested;
}

/**
 * A new consultant's row, once the partner exists and has nobody with the email yet: what the
 * form and an import both check before inserting.
 */
export async function newConsultantValues(
  trx: Trx,
  partnerId: string,
  input: CreateConsultantInput,
) {
  if (!(await repo.partnerName(trx, partnerId))) {
    throw validation({ partnerId: 'No such partner' });
  }
  if (await repo.emailUsedAtPartner(trx, { partnerId, email: input.email })) {
    throw emailInUse();
  }
  return {
    partner_id: partnerId,
    first_name: input.firstName,
    last_name: input.lastName,
    email: input.email,
    phone: input.phone ?? null,
    mobile: input.mobile ?? null,
    job_title: input.jobTitle ?? null,
    tags: input.tags ?? [],
    visible: input.visible ?? true,
  };
}

export async function createConsultant(deps: Deps, ctx: Ctx, input: CreateConsultantInput) {
  const partnerId = partnerForCreate(ctx, input.partnerId);
  const id = await deps.db
    .transaction()
    .execute(async (trx) => {
      const values = await newConsultantValues(trx, partnerId, input);
      const { id } = await repo.insertConsultant(trx, values);
      await audit(trx, ctx, {
        action: 'create',
        subjectType: 'consultant',
        subjectId: id,
        partnerId,
        after: snapshot(values),
      });
      if (input.portalAccess) {
        await linkPortalUser(deps, trx, ctx, { id, ...values }, input.portalAccess.role);
      }
      return id;
    })
    .catch((e: unknown) => {
      throw mapUniqueViolation(e);
    });
  return getConsultant(deps, ctx, id);
}

export async function updateConsultant(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Omit<UpdateConsultantInput, 'version'>,
) {
  const { actor } = ctx;
  await deps.db
    .transaction()
    .execute(async (trx) => {
      const before = await load(deps, ctx, id, trx);
      if (!canManageConsultant(actor, before)) {
        throw forbidden('You cannot change this consultant');
      }
      const moving = input.partnerId !== undefined && input.partnerId !== before.partner_id;
      if (moving) {
        if (!consultantAbilities(actor, before).move) {
          throw validation({ partnerId: 'You cannot move consultants to another company' });
        }
        if (!(await repo.partnerName(trx, input.partnerId!))) {
          throw validation({ partnerId: 'No such partner' });
        }
        if (before.user_id) {
          throw new AppError(
            'BUSINESS_RULE',
            `${before.first_name} ${before.last_name} has a portal login at ${before.partner_name}; a login cannot change company, so create the person anew at the other partner instead`,
          );
        }
      }
      if (before.version !== version) throw staleVersion('consultant');
      const partnerId = input.partnerId ?? before.partner_id;
      const email = input.email ?? before.email;
      if (
        (moving || input.email !== undefined) &&
        (await repo.emailUsedAtPartner(trx, { partnerId, email, exceptId: id }))
      ) {
        throw emailInUse();
      }
      const patch: repo.ConsultantPatch = {};
      if (moving) patch.partner_id = partnerId;
      if (input.firstName !== undefined) patch.first_name = input.firstName;
      if (input.lastName !== undefined) patch.last_name = input.lastName;
      if (input.email !== undefined) patch.email = input.email;
      if (input.phone !== undefined) patch.phone = input.phone;
      if (input.mobile !== undefined) patch.mobile = input.mobile;
      if (input.jobTitle !== undefined) patch.job_title = input.jobTitle;
      if (input.tags !== undefined) patch.tags = input.tags;
      if (input.visible !== undefined) patch.visible = input.visible;
      const updated = await repo.updateConsultantVersioned(trx, id, version, patch);
      if (!updated) throw staleVersion('consultant');
      await audit(trx, ctx, {
        action: moving ? 'move' : 'update',
        subjectType: 'consultant',
        subjectId: id,
        partnerId,
        before: snapshot(before),
        after: snapshot({ ...before, ...patch }),
      });
    })
    .catch((e: unknown) => {
      throw mapUniqueViolation(e);
    });
  return getConsultant(deps, ctx, id);
}

/** Archiving keeps the person (and their history) but takes them out of every list. */
export async function archiveConsultant(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const before = await load(deps, ctx, id, trx);
    if (!canManageConsultant(ctx.actor, before)) {
      throw forbidden('You cannot archive this consultant');
    }
    if (before.archived_at) return;
    const at = new Date();
    await repo.updateConsultant(trx, id, { archived_at: at });
    await audit(trx, ctx, {
      action: 'archive',
      subjectType: 'consultant',
      subjectId: id,
      partnerId: before.partner_id,
      changes: { archivedAt: { from: null, to: at.toISOString() } },
    });
  });
}

export async function restoreConsultant(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const before = await load(deps, ctx, id, trx);
    if (!canManageConsultant(ctx.actor, before)) {
      throw forbidden('You cannot restore this consultant');
    }
    if (!before.archived_at) return;
    await repo.updateConsultant(trx, id, { archived_at: null });
    await audit(trx, ctx, {
      action: 'restore',
      subjectType: 'consultant',
      subjectId: id,
      partnerId: before.partner_id,
      changes: { archivedAt: { from: before.archived_at.toISOString(), to: null } },
    });
  });
  return getConsultant(deps, ctx, id);
}

export async function grantPortalAccess(deps: Deps, ctx: Ctx, id: string, role: PortalRole) {
  await deps.db
    .transaction()
    .execute(async (trx) => {
      const c = await load(deps, ctx, id, trx);
      if (!canManageConsultant(ctx.actor, c)) {
        throw forbidden('You cannot give this consultant portal access');
      }
      if (!grantablePortalRoles(ctx.actor, c).includes(role)) {
        throw validation({
          role: `must be one of: ${grantablePortalRoles(ctx.actor, c).join(', ')}`,
        });
      }
      if (c.archived_at) {
        throw new AppError('BUSINESS_RULE', 'Restore this consultant before giving portal access');
      }
      if (c.user_id) {
        throw new AppError('CONFLICT', 'This consultant already has portal access');
      }
      await linkPortalUser(deps, trx, ctx, c, role);
    })
    .catch((e: unknown) => {
      throw mapUniqueViolation(e);
    });
  return getConsultant(deps, ctx, id);
}

const FIX_OF: Record<LookupReason, LookupFix> = {
  other_partner: 'move',
  archived: 'restore',
  hidden: 'show',
};

/**
 * Finds people by name or email and says, for each, why they are or are not in the given
 * partner's list: tagged to another partner, archived, or hidden — and which one click fixes it.
 */
export async function lookupConsultants(
  deps: Deps,
  ctx: Ctx,
  q: { q: string; partnerId: string },
): Promise<{ data: ConsultantLookupMatch[] }> {
  const scope = scopeOf(ctx.actor);
  if (scope.kind === 'partner' && scope.partnerId !== q.partnerId) throw notFound('Partner');
  const target = await repo.partnerName(deps.db, q.partnerId);
  if (!target) throw notFound('Partner');
  const rows = await repo.lookupConsultants(deps.db, scope, q.q, 25);
  const data: ConsultantLookupMatch[] = [];
  for (const row of rows) {
    const reasons: LookupReason[] = [];
    if (row.partner_id !== q.partnerId) reasons.push('other_partner');
    if (row.archived_at) reasons.push('archived');
    if (!row.visible) reasons.push('hidden');
    const reason = reasons[0] ?? null;
    const fix = reason ? FIX_OF[reason] : null;
    const abilities = consultantAbilities(ctx.actor, row);
    let fixBlockedBy: string | null = null;
    if (fix === 'move') {
      if (!abilities.move) fixBlockedBy = 'Only the channel team can move people between partners';
      else if (row.user_id) {
        fixBlockedBy = `Has a portal login at ${row.partner_name}; logins cannot change company`;
      } else if (
        await repo.emailUsedAtPartner(deps.db, {
          partnerId: q.partnerId,
          email: row.email,
          exceptId: row.id,
        })
      ) {
        fixBlockedBy = `${target.company_name} already has a consultant with this email address`;
      }
    } else if (fix === 'restore' && !abilities.restore) {
      fixBlockedBy = 'You cannot restore this consultant';
    } else if (fix === 'show' && !abilities.update) {
      fixBlockedBy = 'You cannot change this consultant';
    }
    data.push({
      consultant: presentConsultant(row, ctx),
      listed: reason === null,
      reason,
      reasons,
      taggedTo: { id: row.partner_id, name: row.partner_name },
      fix,
      canFix: fix !== null && fixBlockedBy === null,
      fixBlockedBy,
    });
  }
  return { data };
}

/**
 * Partners' people as CSV or XLSX: the list itself (same scope, filters and sort), read in
 * keyset pages so memory stays flat however many people match.
 */
export async function exportConsultants(
  deps: Deps,
  ctx: Ctx,
  q: z.output<typeof ConsultantExportQuery>,
): Promise<ExportData> {
  const { columns: chosen, ...filters } = q;
  const columns = chosen?.length ? chosen : DEFAULT_CONSULTANT_EXPORT_COLUMNS;
  const records = await pagedRecords(
    async (cursor) => {
      const p = await listConsultants(deps, ctx, {
        ...filters,
        limit: EXPORT_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      return { rows: p.data, nextCursor: p.nextCursor };
    },
    (c: Consultant) => {
      const all: Record<(typeof columns)[number], unknown> = {
        name: c.name,
        firstName: c.firstName,
        lastName: c.lastName,
        email: c.email,
        phone: c.phone,
        mobile: c.mobile,
        jobTitle: c.jobTitle,
        partner: c.partner.name,
        tags: c.tags,
        visible: c.visible ? 'Yes' : 'No',
        portalAccess: c.portalUser ? (c.portalUser.active ? 'Yes' : 'Inactive') : 'No',
        archivedAt: c.archivedAt,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      };
      return Object.fromEntries(columns.map((k) => [k, all[k]]));
    },
  );
  return {
    name: 'consultants',
    columns: fileColumns(columns, CONSULTANT_EXPORT_LABELS, {
      archivedAt: 'datetime',
      createdAt: 'datetime',
      updatedAt: 'datetime',
    }),
    records,
  };
}
