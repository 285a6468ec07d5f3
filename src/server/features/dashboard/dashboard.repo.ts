import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types';
import type { Scope } from '../../http/actor';

/** Users per role, within what the scope may see. */
export async function countUsersByRole(db: Kysely<DB>, scope: Scope) {
  let q = db
    .selectFrom('users')
    .select(['role', sql<number>`count(*)::int`.as('n')])
    .where('active', '=', true);
  if (scope.kind === 'partner') {
    q = q.where('partner_id', '=', scope.partnerId);
    if (scope.role === 'partner_rep') q = q.where('id', '=', scope.userId);
  }
  const rows = await q.groupBy('role').execute();
  return Object.fromEntries(rows.map((r) => [r.role, r.n]));
}
