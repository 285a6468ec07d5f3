import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types';

export async function ping(db: Kysely<DB>) {
  await sql`select 1`.execute(db);
}
