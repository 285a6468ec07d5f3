import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { RecordType } from '../../../shared/records';

type Db = Kysely<DB> | Transaction<DB>;

const ATTACHED = ['activities', 'comments', 'notes', 'files', 'tasks', 'follows'] as const;

/**
 * Everything that hangs on a record by (record_type, record_id) goes with it: activities,
 * comments, notes, files, tasks, follows and shares. Call it in the transaction that deletes
 * the record, so nothing is left pointing at a record that no longer exists.
 */
export async function removeRecordAttachments(db: Db, type: RecordType, id: string) {
  for (const table of ATTACHED) {
    await db
      .deleteFrom(table)
      .where('record_type', '=', type)
      .where('record_id', '=', id)
      .execute();
  }
  if (type === 'lead' || type === 'opportunity') {
    await db
      .deleteFrom('record_shares')
      .where('record_type', '=', type)
      .where('record_id', '=', id)
      .execute();
  }
}
