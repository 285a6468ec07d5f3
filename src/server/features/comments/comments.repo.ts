import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types';
import { decodeCursor, keysetAfter, orderTerm, type SortKey } from '../../http/pagination';
import type { RecordType } from '../../../shared/records';

type Db = Kysely<DB> | Transaction<DB>;

export const OLDEST_FIRST: SortKey[] = [
  { field: 'createdAt', column: 'comments.created_at', desc: false },
];

function withAuthor(db: Db) {
  return db
    .selectFrom('comments')
    .leftJoin('users as author', 'author.id', 'comments.author_id')
    .selectAll('comments')
    .select('author.name as author_name');
}

export type CommentListRow = Awaited<ReturnType<ReturnType<typeof withAuthor>['execute']>>[number];

/**
 * Top-level comments of a record, oldest first. A deleted one stays while a live reply hangs
 * on it, so the replies keep their context; otherwise it is gone from the thread.
 */
export function listThreads(
  db: Db,
  rec: { type: RecordType; id: string },
  f: { cursor?: string; limit: number },
) {
  let q = withAuthor(db)
    .where('comments.record_type', '=', rec.type)
    .where('comments.record_id', '=', rec.id)
    .where('comments.parent_id', 'is', null)
    .where((eb) =>
      eb.or([
        eb('comments.deleted_at', 'is', null),
        eb.exists(
          eb
            .selectFrom('comments as reply')
            .select('reply.id')
            .whereRef('reply.parent_id', '=', 'comments.id')
            .where('reply.deleted_at', 'is', null),
        ),
      ]),
    );
  const after = decodeCursor(f.cursor, OLDEST_FIRST.length + 1);
  if (after) q = q.where(keysetAfter(OLDEST_FIRST, 'comments.id', after));
  for (const k of OLDEST_FIRST) q = q.orderBy(orderTerm(k));
  return q
    .orderBy('comments.id')
    .limit(f.limit + 1)
    .execute();
}

/** Live replies of the given top-level comments, oldest first. */
export function listReplies(db: Db, parentIds: string[]) {
  if (parentIds.length === 0) return Promise.resolve([]);
  return withAuthor(db)
    .where('comments.parent_id', 'in', parentIds)
    .where('comments.deleted_at', 'is', null)
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .execute();
}

export function findComment(db: Db, id: string) {
  return withAuthor(db).where('comments.id', '=', id).executeTakeFirst();
}

export function insertComment(
  db: Db,
  v: {
    record_type: RecordType;
    record_id: string;
    partner_id: string | null;
    parent_id: string | null;
    author_id: string;
    body: string;
    mentions: string[];
  },
) {
  return db.insertInto('comments').values(v).returning('id').executeTakeFirstOrThrow();
}

export function updateCommentVersioned(
  db: Db,
  id: string,
  version: number,
  v: { body: string; mentions: string[] },
) {
  return db
    .updateTable('comments')
    .set({
      ...v,
      edited_at: sql`now()`,
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}

/** Deleting keeps the row (replies may hang on it) but drops the words and the mentions. */
export function softDeleteComment(db: Db, id: string) {
  return db
    .updateTable('comments')
    .set({
      body: '',
      mentions: [],
      deleted_at: sql`now()`,
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}
