import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Deps } from '../../deps';
import type { DB } from '../../db/types';
import type { Ctx } from '../../http/actor';
import { AppError, forbidden, notFound, validation } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import {
  ACCEPTED_FILES_DESCRIPTION,
  formatBytes,
  type FileList,
  type StoredFile,
} from '../../../shared/files';
import type { RecordType } from '../../../shared/records';
import { notifyFollowers } from '../follows/follows.service';
import { audit } from '../history/audit';
import { findLogRecord, requireLogRecord } from '../records/records.service';
import { fileAbilities } from './files.policy';
import * as repo from './files.repo';
import { sanitiseFileName, sniffFile } from './sniff';

type Db = Kysely<DB> | Transaction<DB>;

export function presentFile(row: repo.FileRow, ctx: Ctx): StoredFile {
  return {
    id: row.id,
    subjectType: row.record_type,
    subjectId: row.record_id,
    partnerId: row.partner_id,
    name: row.name,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    uploadedBy: row.uploaded_by
      ? { id: row.uploaded_by, name: row.uploader_name ?? 'Deleted user' }
      : null,
    createdAt: row.created_at.toISOString(),
    downloadUrl: `/api/files/${row.id}/download`,
    abilities: fileAbilities(ctx.actor, row),
  };
}

const snapshot = (f: repo.FileRow) => ({
  recordType: f.record_type,
  recordId: f.record_id,
  name: f.name,
  contentType: f.content_type,
  size: f.size,
  sha256: f.sha256,
});

export const tooLarge = (maxBytes: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the ${formatBytes(maxBytes)} limit`, {
    file: `must be at most ${formatBytes(maxBytes)}`,
  });

export async function listFiles(
  deps: Deps,
  ctx: Ctx,
  q: { subjectType: RecordType; subjectId: string; cursor?: string; limit: number },
): Promise<FileList> {
  const rec = await requireLogRecord(deps.db, ctx.actor, q.subjectType, q.subjectId);
  const rows = await repo.listFiles(deps.db, rec, q);
  const p = finishPage(rows, q.limit, (row) =>
    cursorFrom(row, repo.NEWEST_FIRST, () => row.created_at),
  );
  return {
    data: p.rows.map((r) => presentFile(r, ctx)),
    nextCursor: p.nextCursor,
    maxBytes: deps.config.fileMaxBytes,
  };
}

/** Checked before the upload is read, so a caller without access is refused at once. */
export async function checkUploadTarget(
  deps: Deps,
  ctx: Ctx,
  q: { subjectType: RecordType; subjectId: string },
) {
  await requireLogRecord(deps.db, ctx.actor, q.subjectType, q.subjectId);
}

export async function uploadFile(
  deps: Deps,
  ctx: Ctx,
  q: { subjectType: RecordType; subjectId: string },
  upload: { filename: string | undefined; data: Buffer },
) {
  if (upload.data.length === 0) throw validation({ file: 'is empty' }, 'The file is empty');
  if (upload.data.length > deps.config.fileMaxBytes) throw tooLarge(deps.config.fileMaxBytes);
  const name = sanitiseFileName(upload.filename);
  const sniffed = await sniffFile(upload.data, name);
  if (!sniffed.ok) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${sniffed.reason}. Accepted: ${ACCEPTED_FILES_DESCRIPTION}.`,
      { file: sniffed.reason },
    );
  }
  const sha256 = createHash('sha256').update(upload.data).digest('hex');
  const id = await deps.db.transaction().execute(async (trx) => {
    const rec = await requireLogRecord(trx, ctx.actor, q.subjectType, q.subjectId);
    const { id } = await repo.insertFile(trx, {
      record_type: rec.type,
      record_id: rec.id,
      partner_id: rec.partnerId,
      name,
      content_type: sniffed.contentType,
      size: upload.data.length,
      sha256,
      data: upload.data,
      uploaded_by: ctx.actor.userId,
    });
    const row = await repo.findFile(trx, id);
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'file',
      subjectId: id,
      partnerId: rec.partnerId,
      after: snapshot(row!),
    });
    await notifyFollowers(trx, rec, ctx.actor, `Added a file: ${name}`);
    return id;
  });
  return presentFile((await repo.findFile(deps.db, id))!, ctx);
}

/** The file, if the actor may see its record; 404 otherwise. */
async function requireFile(db: Db, ctx: Ctx, id: string) {
  const row = await repo.findFile(db, id);
  if (!row) throw notFound('File');
  const rec = await findLogRecord(db, ctx.actor, row.record_type, row.record_id);
  if (!rec) throw notFound('File');
  return { rec, row };
}

export async function downloadFile(deps: Deps, ctx: Ctx, id: string) {
  const { row } = await requireFile(deps.db, ctx, id);
  const stored = await repo.fileData(deps.db, id);
  if (!stored) throw notFound('File');
  return { name: row.name, contentType: row.content_type, sha256: row.sha256, data: stored.data };
}

export async function deleteFile(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const { rec, row } = await requireFile(trx, ctx, id);
    if (!fileAbilities(ctx.actor, row).delete) {
      throw forbidden('Only the uploader or an administrator can delete this file');
    }
    await repo.deleteFile(trx, id);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'file',
      subjectId: id,
      partnerId: rec.partnerId,
      before: snapshot(row),
    });
  });
}

/** Whether the actor may see a file (its history follows the file). */
export async function fileVisible(deps: Deps, ctx: Ctx, id: string) {
  try {
    return await requireFile(deps.db, ctx, id);
  } catch {
    return undefined;
  }
}
