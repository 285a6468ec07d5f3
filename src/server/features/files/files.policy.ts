import type { Actor } from '../../http/actor';

/**
 * A file is removed by whoever uploaded it, an administrator, or the admin of the partner whose
 * record it is on (they run their company's records). Everyone who sees the record downloads it.
 */
export function fileAbilities(
  actor: Actor,
  row: { uploaded_by: string | null; partner_id: string | null },
) {
  const mine = row.uploaded_by !== null && row.uploaded_by === actor.userId;
  const companyAdmin =
    actor.role === 'partner_admin' && row.partner_id !== null && row.partner_id === actor.partnerId;
  return { download: true, delete: mine || actor.role === 'admin' || companyAdmin };
}
