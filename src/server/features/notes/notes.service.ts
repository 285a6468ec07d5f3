import type { Transaction } from 'kysely';
import type { Deps } from '../../deps';
import type { DB } from '../../db/types';
import type { Ctx } from '../../http/actor';
import { forbidden, notFound } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import type { CreateNoteInput, Note, UpdateNoteInput } from '../../../shared/notes';
import type { RecordType } from '../../../shared/records';
import { notifyFollowers } from '../follows/follows.service';
import { audit } from '../history/audit';
import { findLogRecord, requireLogRecord } from '../records/records.service';
import { mayUseInternalNotes, noteAbilities } from './notes.policy';
import * as repo from './notes.repo';

export function presentNote(row: repo.NoteRow, ctx: Ctx): Note {
  return {
    id: row.id,
    subjectType: row.record_type,
    subjectId: row.record_id,
    partnerId: row.partner_id,
    title: row.title,
    body: row.body,
    internal: row.internal,
    author: row.author_id ? { id: row.author_id, name: row.author_name ?? 'Deleted user' } : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: noteAbilities(ctx.actor, row),
  };
}

const snapshot = (n: repo.NoteRow) => ({
  recordType: n.record_type,
  recordId: n.record_id,
  title: n.title,
  body: n.body,
  internal: n.internal,
});

export async function listNotes(
  deps: Deps,
  ctx: Ctx,
  q: { subjectType: RecordType; subjectId: string; cursor?: string; limit: number },
) {
  const rec = await requireLogRecord(deps.db, ctx.actor, q.subjectType, q.subjectId);
  const rows = await repo.listNotes(deps.db, rec, {
    includeInternal: mayUseInternalNotes(ctx.actor),
    cursor: q.cursor,
    limit: q.limit,
  });
  const p = finishPage(rows, q.limit, (row) =>
    cursorFrom(row, repo.NEWEST_FIRST, () => row.created_at),
  );
  return { data: p.rows.map((r) => presentNote(r, ctx)), nextCursor: p.nextCursor };
}

function refuseInternal(ctx: Ctx, internal: boolean | undefined) {
  if (internal && !mayUseInternalNotes(ctx.actor)) {
    throw forbidden('Only vendor staff can write internal notes');
  }
}

export async function createNote(deps: Deps, ctx: Ctx, input: CreateNoteInput) {
  refuseInternal(ctx, input.internal);
  const id = await deps.db.transaction().execute(async (trx) => {
    const rec = await requireLogRecord(trx, ctx.actor, input.subjectType, input.subjectId);
    const internal = input.internal ?? false;
    const { id } = await repo.insertNote(trx, {
      record_type: rec.type,
      record_id: rec.id,
      partner_id: rec.partnerId,
      title: input.title,
      body: input.body ?? '',
      internal,
      author_id: ctx.actor.userId,
    });
    const row = await repo.findNote(trx, id);
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'note',
      subjectId: id,
      partnerId: rec.partnerId,
      after: snapshot(row!),
    });
    // Followers who are partner users must not learn of an internal note, even by its title.
    if (!internal) await notifyFollowers(trx, rec, ctx.actor, `Added a note: ${input.title}`);
    return id;
  });
  return presentNote((await repo.findNote(deps.db, id))!, ctx);
}

/**
 * The note, if the actor may see it: its record is visible to them and, for partner users, the
 * note is not internal. Anything else reads as missing.
 */
async function requireNote(trx: Transaction<DB> | Deps['db'], ctx: Ctx, id: string) {
  const row = await repo.findNote(trx, id);
  if (!row || (row.internal && !mayUseInternalNotes(ctx.actor))) throw notFound('Note');
  const rec = await findLogRecord(trx, ctx.actor, row.record_type, row.record_id);
  if (!rec) throw notFound('Note');
  return { rec, row };
}

export async function getNote(deps: Deps, ctx: Ctx, id: string) {
  const { row } = await requireNote(deps.db, ctx, id);
  return presentNote(row, ctx);
}

export async function updateNote(
  deps: Deps,
  ctx: Ctx,
  id: string,
  version: number,
  input: Omit<UpdateNoteInput, 'version'>,
) {
  await deps.db.transaction().execute(async (trx) => {
    const { rec, row: before } = await requireNote(trx, ctx, id);
    if (!noteAbilities(ctx.actor, before).update) {
      throw forbidden('Only the author or an administrator can change this note');
    }
    refuseInternal(ctx, input.internal);
    const changed = await repo.updateNoteVersioned(trx, id, version, {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.internal !== undefined ? { internal: input.internal } : {}),
    });
    if (!changed) throw staleVersion('note');
    const after = await repo.findNote(trx, id);
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'note',
      subjectId: id,
      partnerId: rec.partnerId,
      before: snapshot(before),
      after: snapshot(after!),
    });
  });
  return presentNote((await repo.findNote(deps.db, id))!, ctx);
}

export async function deleteNote(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const { rec, row } = await requireNote(trx, ctx, id);
    if (!noteAbilities(ctx.actor, row).delete) {
      throw forbidden('Only the author or an administrator can delete this note');
    }
    await repo.deleteNote(trx, id);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'note',
      subjectId: id,
      partnerId: rec.partnerId,
      before: snapshot(row),
    });
  });
}

/** Whether the actor may see a note (its history follows the note). */
export async function noteVisible(deps: Deps, ctx: Ctx, id: string) {
  try {
    return await requireNote(deps.db, ctx, id);
  } catch {
    return undefined;
  }
}
