import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Scope } from '../../http/actor';
import { AppError } from '../../http/errors';
import { decodeCursor, encodeCursor } from '../../http/pagination';
import type { RecordType } from '../../../shared/records';
import type { MyTasksQuery } from '../../../shared/tasks';
import { recordLabelSql, recordVisibleSql } from './record-links.repo';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Tasks sort open first — by due date, undated last — then done, most recently completed first.
 * As one ascending tuple (rank, key, created, id) it pages with a single row comparison.
 */
const RANK = sql<number>`(case when t.done_at is not null then 2
  when t.due_date is null then 1 else 0 end)`;
const KEY = sql<number>`(case
  when t.done_at is not null then -(extract(epoch from date_trunc('milliseconds', t.done_at))::float8)
  when t.due_date is null then 0::float8
  else (t.due_date - date '2000-01-01')::float8 end)`;
const CREATED = sql<number>`extract(epoch from date_trunc('milliseconds', t.created_at))::float8`;

function withNames(db: Db) {
  return db
    .selectFrom('tasks as t')
    .leftJoin('users as assignee', 'assignee.id', 't.assignee_id')
    .leftJoin('users as creator', 'creator.id', 't.created_by')
    .selectAll('t')
    .select([
      'assignee.name as assignee_name',
      'creator.name as creator_name',
      sql<boolean>`(t.done_at is null and t.due_date is not null and t.due_date < current_date)`.as(
        'overdue',
      ),
      recordLabelSql('t.record_type', 't.record_id').as('record_label'),
      RANK.as('sort_rank'),
      KEY.as('sort_key'),
      CREATED.as('sort_created'),
    ]);
}

export type TaskRow = Awaited<ReturnType<ReturnType<typeof withNames>['execute']>>[number];

export const taskCursor = (row: TaskRow) =>
  encodeCursor([Number(row.sort_rank), Number(row.sort_key), Number(row.sort_created), row.id]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function after(cursor: string | undefined) {
  const v = decodeCursor(cursor, 4);
  if (!v) return null;
  const [rank, key, created, id] = v;
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (!num(rank) || !num(key) || !num(created) || typeof id !== 'string' || !UUID.test(id)) {
    throw new AppError('BAD_REQUEST', 'The cursor is invalid; start again from the first page', {
      cursor: 'invalid',
    });
  }
  return sql<boolean>`(${RANK}, ${KEY}, ${CREATED}, t.id) >
    (${Math.trunc(rank)}::int, ${key}::float8, ${created}::float8, ${id}::uuid)`;
}

function ordered<Q extends ReturnType<typeof withNames>>(
  q: Q,
  f: { cursor?: string; limit: number },
) {
  const cond = after(f.cursor);
  const base = cond ? q.where(cond) : q;
  return base
    .orderBy(RANK)
    .orderBy(KEY)
    .orderBy(CREATED)
    .orderBy('t.id')
    .limit(f.limit + 1);
}

export function listTasks(
  db: Db,
  rec: { type: RecordType; id: string },
  f: { cursor?: string; limit: number },
) {
  const q = withNames(db).where('t.record_type', '=', rec.type).where('t.record_id', '=', rec.id);
  return ordered(q, f).execute();
}

/** The user's tasks on records their scope still sees. */
export function listMyTasks(db: Db, scope: Scope, f: MyTasksQuery) {
  let q = withNames(db)
    .where('t.assignee_id', '=', scope.userId)
    .where(recordVisibleSql(scope, 't.record_type', 't.record_id'));
  if (f.status === 'open') q = q.where('t.done_at', 'is', null);
  if (f.status === 'done') q = q.where('t.done_at', 'is not', null);
  if (f.due === 'overdue') {
    q = q.where('t.done_at', 'is', null).where(sql<boolean>`t.due_date < current_date`);
  } else if (f.due === 'today') {
    q = q.where(sql<boolean>`t.due_date = current_date`);
  } else if (f.due === 'week') {
    q = q.where(
      sql<boolean>`t.due_date >= current_date
        and t.due_date < date_trunc('week', current_date)::date + 7`,
    );
  }
  return ordered(q, f).execute();
}

export function findTask(db: Db, id: string) {
  return withNames(db).where('t.id', '=', id).executeTakeFirst();
}

export type TaskValues = {
  subject?: string;
  description?: string;
  due_date?: string | null;
  assignee_id?: string | null;
};

export function insertTask(
  db: Db,
  v: TaskValues & {
    record_type: RecordType;
    record_id: string;
    partner_id: string | null;
    subject: string;
    created_by: string;
  },
) {
  return db.insertInto('tasks').values(v).returning('id').executeTakeFirstOrThrow();
}

export function updateTaskVersioned(
  db: Db,
  id: string,
  version: number,
  v: TaskValues & { done?: boolean },
) {
  const { done, ...values } = v;
  return db
    .updateTable('tasks')
    .set({
      ...values,
      // Completing twice keeps the first completion time.
      ...(done === undefined ? {} : { done_at: done ? sql`coalesce(done_at, now())` : null }),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export function deleteTask(db: Db, id: string) {
  return db.deleteFrom('tasks').where('id', '=', id).executeTakeFirst();
}
