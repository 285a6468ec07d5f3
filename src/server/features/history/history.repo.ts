import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Scope } from '../../http/actor';
import { insertJsonRows } from '../../db/json-rows';

type Db = Kysely<DB> | Transaction<DB>;

export type NewEvent = {
  actorUserId: string | null;
  actorPartnerId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  partnerId: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
  requestId: string | null;
  ip: string | null;
};

export async function insertEvent(db: Db, e: NewEvent) {
  await db
    .insertInto('events')
    .values({
      actor_user_id: e.actorUserId,
      actor_partner_id: e.actorPartnerId,
      action: e.action,
      subject_type: e.subjectType,
      subject_id: e.subjectId,
      partner_id: e.partnerId,
      changes: JSON.stringify(e.changes),
      request_id: e.requestId,
      ip: e.ip,
    })
    .execute();
}

/** Many events in one statement (a batch of imported records). */
export async function insertEvents(db: Db, events: NewEvent[]) {
  if (events.length === 0) return;
  await insertJsonRows(
    'events',
    events.map((e) => ({
      actor_user_id: e.actorUserId,
      actor_partner_id: e.actorPartnerId,
      action: e.action,
      subject_type: e.subjectType,
      subject_id: e.subjectId,
      partner_id: e.partnerId,
      changes: e.changes,
      request_id: e.requestId,
      ip: e.ip,
    })),
    {
      actor_user_id: 'uuid',
      actor_partner_id: 'uuid',
      action: 'text',
      subject_type: 'text',
      subject_id: 'text',
      partner_id: 'uuid',
      changes: 'jsonb',
      request_id: 'text',
      ip: 'text',
    },
  ).execute(db);
}

const eventColumns = [
  'events.id',
  'events.occurred_at as occurredAt',
  'events.action',
  'events.subject_type as subjectType',
  'events.subject_id as subjectId',
  'events.changes',
  'events.actor_user_id as actorId',
  'actor.name as actorName',
] as const;

/** One record's timeline, newest first. The caller has already checked the record is visible. */
export function listSubjectEvents(
  db: Db,
  subjectType: string,
  subjectId: string,
  opts: { limit: number; beforeId?: number },
) {
  let q = db
    .selectFrom('events')
    .leftJoin('users as actor', 'actor.id', 'events.actor_user_id')
    .select(eventColumns)
    .where('events.subject_type', '=', subjectType)
    .where('events.subject_id', '=', subjectId);
  if (opts.beforeId !== undefined) q = q.where('events.id', '<', opts.beforeId);
  return q
    .orderBy('events.id', 'desc')
    .limit(opts.limit + 1)
    .execute();
}

/** Recent events the scope may see: everything for internal users, own company for partners. */
export function listRecentEvents(db: Db, scope: Scope, limit: number) {
  let q = db
    .selectFrom('events')
    .leftJoin('users as actor', 'actor.id', 'events.actor_user_id')
    .select(eventColumns)
    .where('events.subject_type', 'in', ['user', 'partner']);
  if (scope.kind === 'partner') {
    q =
      scope.role === 'partner_admin'
        ? q.where('events.partner_id', '=', scope.partnerId)
        : q.where((eb) =>
            eb.and([
              eb('events.partner_id', '=', scope.partnerId),
              eb.or([
                eb('events.actor_user_id', '=', scope.userId),
                eb.and([
                  eb('events.subject_type', '=', 'user'),
                  eb('events.subject_id', '=', scope.userId),
                ]),
              ]),
            ]),
          );
  }
  return q.orderBy('events.id', 'desc').limit(limit).execute();
}

export type EventListRow = Awaited<ReturnType<typeof listSubjectEvents>>[number];

export const eventsCount = (db: Db) =>
  db
    .selectFrom('events')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
