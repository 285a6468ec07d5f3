import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import { actorForUser, scopeOf, type Actor } from '../../http/actor';
import { notFound } from '../../http/errors';
import { isPartnerRole } from '../../../shared/roles';
import type { RecordType } from '../../../shared/records';
import * as repo from './records.repo';

export type { RecordRef } from './records.repo';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Activities and comments on a PARTNER record are the vendor's internal relationship log (call
 * notes about the partner, discussion of its tiering or performance), so partner users never see
 * them, not even on their own company: for them such a log does not exist (404). On customer
 * records (accounts, contacts, cases) the log is shared with whoever may see the record.
 */
function logHiddenFrom(role: Actor['role'], type: RecordType) {
  return type === 'partner' && isPartnerRole(role);
}

/** The record whose activity/comment log the actor may read and write; undefined otherwise. */
export async function findLogRecord(db: Db, actor: Actor, type: RecordType, id: string) {
  if (logHiddenFrom(actor.role, type)) return undefined;
  return repo.findRecord(db, scopeOf(actor), type, id);
}

/** The record whose activity/comment log the actor may read and write, or 404. */
export async function requireLogRecord(
  db: Db,
  actor: Actor,
  type: RecordType,
  id: string,
): Promise<repo.RecordRef> {
  const rec = await findLogRecord(db, actor, type, id);
  if (!rec) throw notFound('Record');
  return rec;
}

/**
 * Of the given user ids, the active users who may see the record's log: who a mention may
 * notify. Unknown ids and people without access simply drop out.
 */
export async function usersWhoSeeLog(db: Db, rec: repo.RecordRef, userIds: string[]) {
  const users = await repo.findUsersByIds(db, userIds);
  const out: repo.UserBrief[] = [];
  for (const u of users) {
    if (!u.active || logHiddenFrom(u.role, rec.type)) continue;
    if (isPartnerRole(u.role) && !u.partner_id) continue;
    const actor = actorForUser({
      id: u.id,
      name: u.name,
      email: '',
      role: u.role,
      partnerId: u.partner_id,
    });
    if (await repo.findRecord(db, scopeOf(actor), rec.type, rec.id)) out.push(u);
  }
  return out;
}

/** People the composer may suggest for an @-mention on this record. */
export function mentionableUsers(
  db: Db,
  rec: repo.RecordRef,
  q: string | undefined,
  limit: number,
) {
  return repo.listUsersWhoSee(db, rec, { q, internalOnly: rec.type === 'partner', limit });
}

/** The web page of a record. */
export function recordLink(rec: repo.RecordRef): string {
  switch (rec.type) {
    case 'partner':
      return `/partners/${rec.id}`;
    case 'account':
      return `/accounts/${rec.id}`;
    case 'contact':
      return `/contacts/${rec.id}`;
    case 'case':
      return `/cases/${rec.id}`;
    case 'lead':
      return `/leads/${rec.id}`;
    case 'opportunity':
      return `/opportunities/${rec.id}`;
  }
}
