import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Scope } from '../../http/actor';
import { likePattern } from '../../http/search';
import { PARTNER_ROLES } from '../../../shared/roles';
import type { RecordType } from '../../../shared/records';
import { salesRecordScope } from './sales-scope';

type Db = Kysely<DB> | Transaction<DB>;

/** What activities, comments and notifications need to know about the record they hang on. */
export type RecordRef = {
  type: RecordType;
  id: string;
  /** The partner the record belongs to (copied onto attached rows), if any. */
  partnerId: string | null;
  /** The partner-side person responsible, who sees it even as a rep. */
  partnerUserId: string | null;
  label: string;
  /** For contacts, whose page is their account's. */
  accountId: string | null;
};

type Resolver = (db: Db, scope: Scope, id: string) => Promise<RecordRef | undefined>;

/**
 * Customer records managed by a partner: internal users see all; a partner admin those managed
 * by their company; a partner rep those they are the partner-side person for. The same rule as
 * the records' own endpoints, kept here as a small scoped read so this module stands alone.
 */
function managedScope(scope: Scope, partnerColumn: string, userColumn: string) {
  if (scope.kind === 'internal') return sql<boolean>`true`;
  const partner = sql<boolean>`${sql.ref(partnerColumn)} = ${scope.partnerId}`;
  if (scope.role === 'partner_admin') return partner;
  return sql<boolean>`(${partner} and ${sql.ref(userColumn)} = ${scope.userId})`;
}

const RESOLVERS: Record<RecordType, Resolver> = {
  partner: async (db, scope, id) => {
    let q = db
      .selectFrom('partners')
      .select(['partners.id', 'partners.company_name'])
      .where('partners.id', '=', id);
    if (scope.kind === 'partner') q = q.where('partners.id', '=', scope.partnerId);
    const r = await q.executeTakeFirst();
    return r && ref('partner', r.id, r.id, null, r.company_name, null);
  },
  account: async (db, scope, id) => {
    const r = await db
      .selectFrom('accounts')
      .select(['id', 'name', 'managed_by_partner_id', 'partner_user_id'])
      .where('accounts.id', '=', id)
      .where(managedScope(scope, 'accounts.managed_by_partner_id', 'accounts.partner_user_id'))
      .executeTakeFirst();
    return r && ref('account', r.id, r.managed_by_partner_id, r.partner_user_id, r.name, r.id);
  },
  contact: async (db, scope, id) => {
    const r = await db
      .selectFrom('contacts')
      .innerJoin('accounts', 'accounts.id', 'contacts.account_id')
      .select([
        'contacts.id',
        'contacts.first_name',
        'contacts.last_name',
        'contacts.account_id',
        'accounts.managed_by_partner_id',
        'accounts.partner_user_id',
      ])
      .where('contacts.id', '=', id)
      .where(managedScope(scope, 'accounts.managed_by_partner_id', 'accounts.partner_user_id'))
      .executeTakeFirst();
    return (
      r &&
      ref(
        'contact',
        r.id,
        r.managed_by_partner_id,
        r.partner_user_id,
        `${r.first_name} ${r.last_name}`,
        r.account_id,
      )
    );
  },
  case: async (db, scope, id) => {
    const r = await db
      .selectFrom('cases')
      .select(['id', 'number', 'subject', 'managed_by_partner_id', 'partner_user_id', 'account_id'])
      .where('cases.id', '=', id)
      .where(managedScope(scope, 'cases.managed_by_partner_id', 'cases.partner_user_id'))
      .executeTakeFirst();
    return (
      r &&
      ref(
        'case',
        r.id,
        r.managed_by_partner_id,
        r.partner_user_id,
        `case #${r.number} “${r.subject}”`,
        r.account_id,
      )
    );
  },
  lead: async (db, scope, id) => {
    const r = await db
      .selectFrom('leads')
      .select([
        'id',
        'number',
        'company',
        'first_name',
        'last_name',
        'partner_id',
        'partner_user_id',
      ])
      .where('leads.id', '=', id)
      .where(salesRecordScope(scope, 'lead', 'leads'))
      .executeTakeFirst();
    return (
      r &&
      ref(
        'lead',
        r.id,
        r.partner_id,
        r.partner_user_id,
        `lead ${r.first_name} ${r.last_name} (${r.company})`,
        null,
      )
    );
  },
  opportunity: async (db, scope, id) => {
    const r = await db
      .selectFrom('opportunities')
      .select(['id', 'name', 'partner_id', 'partner_user_id', 'account_id'])
      .where('opportunities.id', '=', id)
      .where(salesRecordScope(scope, 'opportunity', 'opportunities'))
      .executeTakeFirst();
    return (
      r &&
      ref(
        'opportunity',
        r.id,
        r.partner_id,
        r.partner_user_id,
        `opportunity “${r.name}”`,
        r.account_id,
      )
    );
  },
};

function ref(
  type: RecordType,
  id: string,
  partnerId: string | null,
  partnerUserId: string | null,
  label: string,
  accountId: string | null,
): RecordRef {
  return { type, id, partnerId, partnerUserId, label, accountId };
}

/** The record if the scope may see it; undefined when missing or out of scope alike. */
export function findRecord(db: Db, scope: Scope, type: RecordType, id: string) {
  return RESOLVERS[type](db, scope, id);
}

export type UserBrief = {
  id: string;
  name: string;
  role: DB['users']['role'];
  partner_id: string | null;
  active: boolean;
};

export function findUsersByIds(db: Db, ids: string[]): Promise<UserBrief[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'partner_id', 'active'])
    .where('id', 'in', ids)
    .execute();
}

/**
 * Active users who may see a record, matching `q` by name or email: internal users always; for
 * records a partner manages, also that partner's admins, the partner-side person on it and the
 * colleagues it is shared with.
 */
export function listUsersWhoSee(
  db: Db,
  rec: RecordRef,
  opts: { q?: string; internalOnly: boolean; limit: number },
) {
  let q = db
    .selectFrom('users')
    .leftJoin('partners', 'partners.id', 'users.partner_id')
    .select(['users.id', 'users.name', 'partners.company_name as partner_name'])
    .where('users.active', '=', true);
  const partnerId = opts.internalOnly ? null : rec.partnerId;
  q = q.where((eb) => {
    const internal = eb('users.role', 'not in', PARTNER_ROLES);
    if (!partnerId) return internal;
    const partnerSide = [eb('users.role', '=', 'partner_admin')];
    if (rec.partnerUserId) partnerSide.push(eb('users.id', '=', rec.partnerUserId));
    if (rec.type === 'lead' || rec.type === 'opportunity') {
      const sharedWith = eb
        .selectFrom('record_shares')
        .select('record_shares.user_id')
        .where('record_shares.record_type', '=', rec.type)
        .where('record_shares.record_id', '=', rec.id);
      partnerSide.push(eb('users.id', 'in', sharedWith));
    }
    return eb.or([internal, eb.and([eb('users.partner_id', '=', partnerId), eb.or(partnerSide)])]);
  });
  if (opts.q) {
    const p = likePattern(opts.q);
    q = q.where((eb) => eb.or([eb('users.name', 'ilike', p), eb('users.email', 'ilike', p)]));
  }
  return q.orderBy('users.name').orderBy('users.id').limit(opts.limit).execute();
}
