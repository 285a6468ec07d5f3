import { sql, type Kysely, type Transaction } from 'kysely';
import type { ActivityTypeValue, DB } from '../../db/types';
import { decodeCursor, keysetAfter, orderTerm, type SortKey } from '../../http/pagination';
import type { RecordType } from '../../../shared/records';

type Db = Kysely<DB> | Transaction<DB>;

export const NEWEST_FIRST: SortKey[] = [
  { field: 'occurredAt', column: 'activities.occurred_at', desc: true },
];

/**
 * Activities with the names of the people they mention. The caller has already checked that the
 * parent record is visible; reads here always name that record.
 */
function withNames(db: Db) {
  return db
    .selectFrom('activities')
    .leftJoin('consultants', 'consultants.id', 'activities.consultant_id')
    .leftJoin('contacts', 'contacts.id', 'activities.contact_id')
    .leftJoin('users as owner', 'owner.id', 'activities.owner_id')
    .leftJoin('users as author', 'author.id', 'activities.author_id')
    .selectAll('activities')
    .select([
      sql<string | null>`consultants.first_name || ' ' || consultants.last_name`.as(
        'consultant_name',
      ),
      sql<string | null>`contacts.first_name || ' ' || contacts.last_name`.as('contact_name'),
      'owner.name as owner_name',
      'author.name as author_name',
    ]);
}

export type ActivityListRow = Awaited<ReturnType<ReturnType<typeof withNames>['execute']>>[number];

export function listActivities(
  db: Db,
  rec: { type: RecordType; id: string },
  f: { cursor?: string; limit: number },
) {
  let q = withNames(db)
    .where('activities.record_type', '=', rec.type)
    .where('activities.record_id', '=', rec.id);
  const after = decodeCursor(f.cursor, NEWEST_FIRST.length + 1);
  if (after) q = q.where(keysetAfter(NEWEST_FIRST, 'activities.id', after));
  for (const k of NEWEST_FIRST) q = q.orderBy(orderTerm(k));
  return q
    .orderBy('activities.id')
    .limit(f.limit + 1)
    .execute();
}

export function findActivity(db: Db, id: string) {
  return withNames(db).where('activities.id', '=', id).executeTakeFirst();
}

/** The parent record of an activity, to check visibility before anything else. */
export function findActivityParent(db: Db, id: string) {
  return db
    .selectFrom('activities')
    .select(['record_type', 'record_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export type ActivityValues = {
  type?: ActivityTypeValue;
  subject?: string;
  occurred_at?: string;
  duration_minutes?: number | null;
  outcome?: string;
  consultant_id?: string | null;
  contact_id?: string | null;
  owner_id?: string | null;
};

export function insertActivity(
  db: Db,
  v: ActivityValues & {
    record_type: RecordType;
    record_id: string;
    partner_id: string | null;
    type: ActivityTypeValue;
    subject: string;
    occurred_at: string;
    author_id: string;
  },
) {
  return db.insertInto('activities').values(v).returning('id').executeTakeFirstOrThrow();
}

export function updateActivityVersioned(db: Db, id: string, version: number, v: ActivityValues) {
  return db
    .updateTable('activities')
    .set({ ...v, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export function deleteActivity(db: Db, id: string) {
  return db.deleteFrom('activities').where('id', '=', id).executeTakeFirst();
}

export function consultantOfPartner(db: Db, consultantId: string, partnerId: string) {
  return db
    .selectFrom('consultants')
    .select('id')
    .where('id', '=', consultantId)
    .where('partner_id', '=', partnerId)
    .executeTakeFirst();
}
