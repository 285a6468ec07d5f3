import { sql } from 'kysely';
import type { Scope } from '../../http/actor';

/**
 * Who sees a lead or an opportunity, as one SQL condition for repos to apply on every read.
 * Internal users see all. A partner admin sees the records assigned to their company. A partner
 * rep sees, of those, the ones they work (partner_user_id) plus the ones shared with them.
 * `table` is the table or alias the record is selected as ("leads", "opportunities", "l", …).
 */
export function salesRecordScope(scope: Scope, type: 'lead' | 'opportunity', table: string) {
  if (scope.kind === 'internal') return sql<boolean>`true`;
  const partner = sql<boolean>`${sql.ref(`${table}.partner_id`)} = ${scope.partnerId}`;
  if (scope.role === 'partner_admin') return partner;
  return sql<boolean>`(${partner} and (${sql.ref(`${table}.partner_user_id`)} = ${scope.userId}
    or exists (select 1 from record_shares rs where rs.record_type = ${type}
      and rs.record_id = ${sql.ref(`${table}.id`)} and rs.user_id = ${scope.userId})))`;
}
