import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import { decodeCursor, keysetAfter, orderTerm, type SortKey } from '../../http/pagination';
import type { RecordType } from '../../../shared/records';

type Db = Kysely<DB> | Transaction<DB>;

export const NEWEST_FIRST: SortKey[] = [
  { field: 'createdAt', column: 'files.created_at', desc: true },
];

/** Everything but the bytes: lists and checks never load file contents. */
function metadata(db: Db) {
  return db
    .selectFrom('files')
    .leftJoin('users as uploader', 'uploader.id', 'files.uploaded_by')
    .select([
      'files.id',
      'files.record_type',
      'files.record_id',
      'files.partner_id',
      'files.name',
      'files.content_type',
      'files.size',
      'files.sha256',
      'files.uploaded_by',
      'files.created_at',
      'uploader.name as uploader_name',
    ]);
}

export type FileRow = Awaited<ReturnType<ReturnType<typeof metadata>['execute']>>[number];

export function listFiles(
  db: Db,
  rec: { type: RecordType; id: string },
  f: { cursor?: string; limit: number },
) {
  let q = metadata(db)
    .where('files.record_type', '=', rec.type)
    .where('files.record_id', '=', rec.id);
  const after = decodeCursor(f.cursor, NEWEST_FIRST.length + 1);
  if (after) q = q.where(keysetAfter(NEWEST_FIRST, 'files.id', after));
  for (const k of NEWEST_FIRST) q = q.orderBy(orderTerm(k));
  return q
    .orderBy('files.id')
    .limit(f.limit + 1)
    .execute();
}

export function findFile(db: Db, id: string) {
  return metadata(db).where('files.id', '=', id).executeTakeFirst();
}

export function fileData(db: Db, id: string) {
  return db.selectFrom('files').select('data').where('id', '=', id).executeTakeFirst();
}

export function insertFile(
  db: Db,
  v: {
    record_type: RecordType;
    record_id: string;
    partner_id: string | null;
    name: string;
    content_type: string;
    size: number;
    sha256: string;
    data: Buffer;
    uploaded_by: string;
  },
) {
  return db.insertInto('files').values(v).returning('id').executeTakeFirstOrThrow();
}

export function deleteFile(db: Db, id: string) {
  return db.deleteFrom('files').where('id', '=', id).executeTakeFirst();
}
