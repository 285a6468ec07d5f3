import { sql, type RawBuilder } from 'kysely';
import type { Scope } from '../../http/actor';
import { salesRecordScope } from '../records/sales-scope';

/**
 * SQL for lists that span records (my tasks, records I follow): a row's record label and
 * whether the caller may still see that record, from its (record_type, record_id) columns.
 * The per-type rules are those of the record resolvers in features/records: internal users
 * see every record; partner users never see a PARTNER record's log; customer records follow
 * the managing partner and its partner-side person; leads and opportunities follow
 * salesRecordScope (company, rep, shares).
 */

const ref = (column: string) => sql.ref(column);

/** A short name for the record, or null when it no longer exists. */
export function recordLabelSql(typeColumn: string, idColumn: string): RawBuilder<string | null> {
  const t = ref(typeColumn);
  const id = ref(idColumn);
  return sql<string | null>`case ${t}
    when 'lead' then (select l.first_name || ' ' || l.last_name || ' (' || l.company || ')'
      from leads l where l.id = ${id})
    when 'opportunity' then (select o.name from opportunities o where o.id = ${id})
    when 'account' then (select a.name from accounts a where a.id = ${id})
    when 'contact' then (select c.first_name || ' ' || c.last_name from contacts c where c.id = ${id})
    when 'case' then (select '#' || k.number || ' ' || k.subject from cases k where k.id = ${id})
    when 'partner' then (select p.company_name from partners p where p.id = ${id})
  end`;
}

function managed(scope: Scope, partnerColumn: string, userColumn: string) {
  if (scope.kind === 'internal') return sql<boolean>`true`;
  const partner = sql<boolean>`${ref(partnerColumn)} = ${scope.partnerId}`;
  if (scope.role === 'partner_admin') return partner;
  return sql<boolean>`(${partner} and ${ref(userColumn)} = ${scope.userId})`;
}

/** True when the scope may see the record (and so its notes, files, tasks and follows). */
export function recordVisibleSql(
  scope: Scope,
  typeColumn: string,
  idColumn: string,
): RawBuilder<boolean> {
  const t = ref(typeColumn);
  const id = ref(idColumn);
  const partnerRecord =
    scope.kind === 'internal'
      ? sql<boolean>`exists (select 1 from partners p where p.id = ${id})`
      : sql<boolean>`false`;
  return sql<boolean>`(case ${t}
    when 'lead' then exists (select 1 from leads vl where vl.id = ${id}
      and ${salesRecordScope(scope, 'lead', 'vl')})
    when 'opportunity' then exists (select 1 from opportunities vo where vo.id = ${id}
      and ${salesRecordScope(scope, 'opportunity', 'vo')})
    when 'account' then exists (select 1 from accounts va where va.id = ${id}
      and ${managed(scope, 'va.managed_by_partner_id', 'va.partner_user_id')})
    when 'contact' then exists (select 1 from contacts vc
      join accounts vca on vca.id = vc.account_id where vc.id = ${id}
      and ${managed(scope, 'vca.managed_by_partner_id', 'vca.partner_user_id')})
    when 'case' then exists (select 1 from cases vk where vk.id = ${id}
      and ${managed(scope, 'vk.managed_by_partner_id', 'vk.partner_user_id')})
    when 'partner' then ${partnerRecord}
    else false
  end)`;
}
