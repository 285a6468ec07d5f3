import type { Kysely, Transaction } from 'kysely';
import type { Deps } from '../../deps';
import type { DB } from '../../db/types';
import { scopeOf, type Ctx } from '../../http/actor';
import { AppError, forbidden, notFound } from '../../http/errors';
import { finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import type { RecordType } from '../../../shared/records';
import type {
  CreateTaskInput,
  MyTasksQuery,
  RecordLink,
  Task,
  UpdateTaskInput,
} from '../../../shared/tasks';
import { audit } from '../history/audit';
import { notify } from '../notifications/notifications.service';
import {
  findLogRecord,
  recordLink,
  requireLogRecord,
  usersWhoSeeLog,
  type RecordRef,
} from '../records/records.service';
import { taskAbilities } from './tasks.policy';
import * as repo from './tasks.repo';

type Db = Kysely<DB> | Transaction<DB>;

/** The page of a record, from its type and id alone. */
export const recordPath = (type: RecordType, id: string) =>
  recordLink({ type, id, partnerId: null, partnerUserId: null, label: '', accountId: null });

export const recordLinkOf = (type: RecordType, id: string, label: string | null): RecordLink => ({
  type,
  id,
  label: label ?? 'Deleted record',
  link: recordPath(type, id),
});

const person = (id: string | null, name: string | null) =>
  id ? { id, name: name ?? 'Deleted user' } : null;

export function presentTask(row: repo.TaskRow, ctx: Ctx): Task {
  const type = row.record_type;
  return {
    id: row.id,
    subjectType: type,
    subjectId: row.record_id,
    partnerId: row.partner_id,
    record: recordLinkOf(type, row.record_id, row.record_label),
    subject: row.subject,
    description: row.description,
    dueDate: row.due_date,
    assignee: person(row.assignee_id, row.assignee_name),
    done: row.done_at !== null,
    doneAt: row.done_at ? row.done_at.toISOString() : null,
    overdue: row.overdue,
    createdBy: person(row.created_by, row.creator_name),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: taskAbilities(ctx.actor, row),
  };
}

const snapshot = (t: repo.TaskRow) => ({
  recordType: t.record_type,
  recordId: t.record_id,
  subject: t.subject,
  description: t.description,
  dueDate: t.due_date,
  assigneeId: t.assignee_id,
  doneAt: t.done_at,
});

function pageOf(rows: repo.TaskRow[], limit: number, ctx: Ctx) {
  const p = finishPage(rows, limit, repo.taskCursor);
  return { data: p.rows.map((r) => presentTask(r, ctx)), nextCursor: p.nextCursor };
}

export async function listTasks(
  deps: Deps,
  ctx: Ctx,
  q: { subjectType: RecordType; subjectId: string; cursor?: string; limit: number },
) {
  const rec = await requireLogRecord(deps.db, ctx.actor, q.subjectType, q.subjectId);
  return pageOf(await repo.listTasks(deps.db, rec, q), q.limit, ctx);
}

/** "My tasks": assigned to the caller, on records they can still see. */
export async function myTasks(deps: Deps, ctx: Ctx, q: MyTasksQuery) {
  return pageOf(await repo.listMyTasks(deps.db, scopeOf(ctx.actor), q), q.limit, ctx);
}

/** An assignee must be able to open the record the task is on. */
async function checkAssignee(trx: Db, rec: RecordRef, assigneeId: string | null | undefined) {
  if (!assigneeId) return;
  if ((await usersWhoSeeLog(trx, rec, [assigneeId])).length === 0) {
    throw new AppError('BUSINESS_RULE', 'The assignee cannot see this record', {
      assigneeId: 'must be an active user who can see this record',
    });
  }
}

async function tellAssignee(trx: Db, ctx: Ctx, rec: RecordRef, row: repo.TaskRow) {
  if (!row.assignee_id || row.assignee_id === ctx.actor.userId) return;
  await notify(trx, [
    {
      userId: row.assignee_id,
      kind: 'task_assigned',
      title: `${ctx.actor.name} assigned you a task on ${rec.label}`.slice(0, 300),
      body: row.due_date ? `${row.subject} — due ${row.due_date}` : row.subject,
      link: recordLink(rec),
      recordType: rec.type,
      recordId: rec.id,
      actorUserId: ctx.actor.userId,
    },
  ]);
}

export async function createTask(deps: Deps, ctx: Ctx, input: CreateTaskInput) {
  const id = await deps.db.transaction().execute(async (trx) => {
    const rec = await requireLogRecord(trx, ctx.actor, input.subjectType, input.subjectId);
    const assigneeId = input.assigneeId === undefined ? ctx.actor.userId : input.assigneeId;
    await checkAssignee(trx, rec, assigneeId);
    const { id } = await repo.insertTask(trx, {
      record_type: rec.type,
      record_id: rec.id,
      partner_id: rec.partnerId,
      subject: input.subject,
      description: input.description ?? '',
      due_date: input.dueDate ?? null,
      assignee_id: assigneeId,
      created_by: ctx.actor.userId,
    });
    const row = (await repo.findTask(trx, id))!;
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'task',
      subjectId: id,
      partnerId: rec.partnerId,
      after: snapshot(row),
    });
    await tellAssignee(trx, ctx, rec, row);
    return id;
  });
  return presentTask((await repo.findTask(deps.db, id))!, ctx);
}

/** The task and its record, if the actor may see the record; 404 otherwise. */
async function requireTask(db: Db, ctx: Ctx, id: string) {
  const row = await repo.findTask(db, id);
  if (!row) throw notFound('Task');
  const rec = await findLogRecord(db, ctx.actor, row.record_type, row.record_id);
  if (!rec) throw notFound('Task');
  return { rec, row };
}

export async function updateTask(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Omit<UpdateTaskInput, 'version'>,
) {
  await deps.db.transaction().execute(async (trx) => {
    const { rec, row: before } = await requireTask(trx, ctx, id);
    if (!taskAbilities(ctx.actor, before).update) {
      throw forbidden('Only the creator, the assignee or an administrator can change this task');
    }
    const reassigned = input.assigneeId !== undefined && input.assigneeId !== before.assignee_id;
    if (reassigned) await checkAssignee(trx, rec, input.assigneeId);
    const changed = await repo.updateTaskVersioned(trx, id, version, {
      ...(input.subject !== undefined ? { subject: input.subject } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.dueDate !== undefined ? { due_date: input.dueDate } : {}),
      ...(input.assigneeId !== undefined ? { assignee_id: input.assigneeId } : {}),
      ...(input.done !== undefined ? { done: input.done } : {}),
    });
    if (!changed) throw staleVersion('task');
    const after = (await repo.findTask(trx, id))!;
    await audit(trx, ctx, {
      action:
        input.done !== undefined && input.done !== (before.done_at !== null)
          ? input.done
            ? 'complete'
            : 'reopen'
          : 'update',
      subjectType: 'task',
      subjectId: id,
      partnerId: rec.partnerId,
      before: snapshot(before),
      after: snapshot(after),
    });
    if (reassigned) await tellAssignee(trx, ctx, rec, after);
  });
  return presentTask((await repo.findTask(deps.db, id))!, ctx);
}

export async function deleteTask(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const { rec, row } = await requireTask(trx, ctx, id);
    if (!taskAbilities(ctx.actor, row).delete) {
      throw forbidden('Only the creator or an administrator can delete this task');
    }
    await repo.deleteTask(trx, id);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'task',
      subjectId: id,
      partnerId: rec.partnerId,
      before: snapshot(row),
    });
  });
}

/** Whether the actor may see a task (its history follows the task). */
export async function taskVisible(deps: Deps, ctx: Ctx, id: string) {
  try {
    return await requireTask(deps.db, ctx, id);
  } catch {
    return undefined;
  }
}
