import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';

export function findMe(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('users')
    .leftJoin('partners', 'partners.id', 'users.partner_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.partner_id as partnerId',
      'partners.company_name as companyName',
    ])
    .where('users.id', '=', userId)
    .where('users.active', '=', true)
    .executeTakeFirst();
}
