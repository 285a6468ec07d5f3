import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types';
import { decodeCursor, keysetAfter, orderTerm, type SortKey } from '../../http/pagination';
import type { RecordType } from '../../../shared/records';

type Db = Kysely<DB> | Transaction<DB>;

export const NEWEST_FIRST: SortKey[] = [
  { field: 'createdAt', column: 'notes.created_at', desc: true },
];

/** The caller has already checked that the parent record is visible. */
function withAuthor(db: Db) {
  return db
    .selectFrom('notes')
    .leftJoin('users as author', 'author.id', 'notes.author_id')
    .selectAll('notes')
    .select(['author.name as author_name']);
}

export type NoteRow = Awaited<ReturnType<ReturnType<typeof withAuthor>['execute']>>[number];

export function listNotes(
  db: Db,
  rec: { type: RecordType; id: string },
  f: { includeInternal: boolean; cursor?: string; limit: number },
) {
  let q = withAuthor(db)
    .where('notes.record_type', '=', rec.type)
    .where('notes.record_id', '=', rec.id);
  if (!f.includeInternal) q = q.where('notes.internal', '=', false);
  const after = decodeCursor(f.cursor, NEWEST_FIRST.length + 1);
  if (after) q = q.where(keysetAfter(NEWEST_FIRST, 'notes.id', after));
  for (const k of NEWEST_FIRST) q = q.orderBy(orderTerm(k));
  return q
    .orderBy('notes.id')
    .limit(f.limit + 1)
    .execute();
}

export function findNote(db: Db, id: string) {
  return withAuthor(db).where('notes.id', '=', id).executeTakeFirst();
}

export function insertNote(
  db: Db,
  v: {
    record_type: RecordType;
    record_id: string;
    partner_id: string | null;
    title: string;
    body: string;
    internal: boolean;
    author_id: string;
  },
) {
  return db.insertInto('notes').values(v).returning('id').executeTakeFirstOrThrow();
}

export function updateNoteVersioned(
  db: Db,
  id: string,
  version: number,
  v: { title?: string; body?: string; internal?: boolean },
) {
  return db
    .updateTable('notes')
    .set({ ...v, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export function deleteNote(db: Db, id: string) {
  return db.deleteFrom('notes').where('id', '=', id).executeTakeFirst();
}
