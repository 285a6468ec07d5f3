import type { Transaction } from 'kysely';
import type { Deps } from '../../deps';
import type { DB } from '../../db/types';
import { scopeOf, type Ctx } from '../../http/actor';
import { forbidden, notFound, validation } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import type {
  Activity,
  CreateActivityInput,
  UpdateActivityInput,
} from '../../../shared/activities';
import type { RecordType } from '../../../shared/records';
import { audit } from '../history/audit';
import { findRecord } from '../records/records.repo';
import { rescoreLeads } from '../scoring/scoring.repo';
import {
  findLogRecord,
  requireLogRecord,
  usersWhoSeeLog,
  type RecordRef,
} from '../records/records.service';
import { activityAbilities } from './activities.policy';
import * as repo from './activities.repo';

const person = (id: string | null, name: string | null) =>
  id ? { id, name: name ?? 'Deleted' } : null;

export function presentActivity(row: repo.ActivityListRow, ctx: Ctx): Activity {
  return {
    id: row.id,
    subjectType: row.record_type,
    subjectId: row.record_id,
    partnerId: row.partner_id,
    type: row.type,
    subject: row.subject,
    occurredAt: row.occurred_at.toISOString(),
    durationMinutes: row.duration_minutes,
    outcome: row.outcome,
    consultant: person(row.consultant_id, row.consultant_name),
    contact: person(row.contact_id, row.contact_name),
    owner: person(row.owner_id, row.owner_name),
    author: person(row.author_id, row.author_name),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: activityAbilities(ctx.actor, row),
  };
}

const snapshot = (a: repo.ActivityListRow) => ({
  recordType: a.record_type,
  recordId: a.record_id,
  type: a.type,
  subject: a.subject,
  occurredAt: a.occurred_at,
  durationMinutes: a.duration_minutes,
  outcome: a.outcome,
  consultantId: a.consultant_id,
  contactId: a.contact_id,
  ownerId: a.owner_id,
});

export async function listActivities(
  deps: Deps,
  ctx: Ctx,
  q: { subjectType: RecordType; subjectId: string; cursor?: string; limit: number },
) {
  const rec = await requireLogRecord(deps.db, ctx.actor, q.subjectType, q.subjectId);
  const rows = await repo.listActivities(deps.db, rec, q);
  const p = finishPage(rows, q.limit, (row) =>
    cursorFrom(row, repo.NEWEST_FIRST, () => row.occurred_at),
  );
  return { data: p.rows.map((r) => presentActivity(r, ctx)), nextCursor: p.nextCursor };
}

/**
 * The people an activity names must belong with its record: the consultant works for the
 * record's partner, the contact is one the caller can see, the owner can see the record.
 * Each problem is reported on its field.
 */
async function checkPeople(
  trx: Transaction<DB>,
  ctx: Ctx,
  rec: RecordRef,
  v: { consultantId?: string | null; contactId?: string | null; ownerId?: string | null },
) {
  const fields: Record<string, string> = {};
  if (v.consultantId) {
    const ok =
      rec.partnerId !== null &&
      (await repo.consultantOfPartner(trx, v.consultantId, rec.partnerId));
    if (!ok) fields.consultantId = 'must be a consultant of this partner';
  }
  if (v.contactId && !(await findRecord(trx, scopeOf(ctx.actor), 'contact', v.contactId))) {
    fields.contactId = 'No such contact';
  }
  if (v.ownerId && (await usersWhoSeeLog(trx, rec, [v.ownerId])).length === 0) {
    fields.ownerId = 'must be an active user who can see this record';
  }
  if (Object.keys(fields).length > 0) throw validation(fields);
}

export async function createActivity(deps: Deps, ctx: Ctx, input: CreateActivityInput) {
  const id = await deps.db.transaction().execute(async (trx) => {
    const rec = await requireLogRecord(trx, ctx.actor, input.subjectType, input.subjectId);
    await checkPeople(trx, ctx, rec, input);
    const { id } = await repo.insertActivity(trx, {
      record_type: rec.type,
      record_id: rec.id,
      partner_id: rec.partnerId,
      type: input.type,
      subject: input.subject,
      occurred_at: input.occurredAt,
      duration_minutes: input.durationMinutes ?? null,
      outcome: input.outcome ?? '',
      consultant_id: input.consultantId ?? null,
      contact_id: input.contactId ?? null,
      owner_id: input.ownerId ?? ctx.actor.userId,
      author_id: ctx.actor.userId,
    });
    const row = await repo.findActivity(trx, id);
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'activity',
      subjectId: id,
      partnerId: rec.partnerId,
      after: snapshot(row!),
    });
    // Engagement counts towards a lead's score; it moves with the activity, in the same commit.
    if (rec.type === 'lead') await rescoreLeads(trx, [rec.id]);
    return id;
  });
  return presentActivity((await repo.findActivity(deps.db, id))!, ctx);
}

/** The activity and its record, if the actor may see the record; 404 otherwise. */
async function requireActivity(trx: Transaction<DB>, ctx: Ctx, id: string) {
  const parent = await repo.findActivityParent(trx, id);
  if (!parent) throw notFound('Activity');
  const rec = await findLogRecord(trx, ctx.actor, parent.record_type, parent.record_id);
  if (!rec) throw notFound('Activity');
  const row = await repo.findActivity(trx, id);
  if (!row) throw notFound('Activity');
  return { rec, row };
}

export async function updateActivity(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Omit<UpdateActivityInput, 'version'>,
) {
  await deps.db.transaction().execute(async (trx) => {
    const { rec, row: before } = await requireActivity(trx, ctx, id);
    if (!activityAbilities(ctx.actor, before).update) {
      throw forbidden('Only the author or an administrator can change this activity');
    }
    await checkPeople(trx, ctx, rec, input);
    const changed = await repo.updateActivityVersioned(trx, id, version, {
      ...(input.type !== undefined ? { type: input.type } : {}),
      ...(input.subject !== undefined ? { subject: input.subject } : {}),
      ...(input.occurredAt !== undefined ? { occurred_at: input.occurredAt } : {}),
      ...(input.durationMinutes !== undefined ? { duration_minutes: input.durationMinutes } : {}),
      ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
      ...(input.consultantId !== undefined ? { consultant_id: input.consultantId } : {}),
      ...(input.contactId !== undefined ? { contact_id: input.contactId } : {}),
      // Clearing the owner hands the activity back to its author.
      ...(input.ownerId !== undefined ? { owner_id: input.ownerId ?? before.author_id } : {}),
    });
    if (!changed) throw staleVersion('activity');
    const after = await repo.findActivity(trx, id);
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'activity',
      subjectId: id,
      partnerId: rec.partnerId,
      before: snapshot(before),
      after: snapshot(after!),
    });
  });
  return presentActivity((await repo.findActivity(deps.db, id))!, ctx);
}

export async function deleteActivity(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const { rec, row } = await requireActivity(trx, ctx, id);
    if (!activityAbilities(ctx.actor, row).delete) {
      throw forbidden('Only the author or an administrator can delete this activity');
    }
    await repo.deleteActivity(trx, id);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'activity',
      subjectId: id,
      partnerId: rec.partnerId,
      before: snapshot(row),
    });
    if (rec.type === 'lead') await rescoreLeads(trx, [rec.id]);
  });
}

/** Whether the actor may see an activity's record (history of activities). */
export async function activityVisible(deps: Deps, ctx: Ctx, id: string) {
  const parent = await repo.findActivityParent(deps.db, id);
  return parent && findLogRecord(deps.db, ctx.actor, parent.record_type, parent.record_id);
}
