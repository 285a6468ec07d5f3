import type { Actor } from '../../http/actor';

/**
 * Whoever set a task up, or whoever it is assigned to, works it (edits, completes, reassigns);
 * removing it is for its creator or an administrator.
 */
export function taskAbilities(
  actor: Actor,
  row: { created_by: string | null; assignee_id: string | null },
) {
  const creator = row.created_by !== null && row.created_by === actor.userId;
  const assignee = row.assignee_id !== null && row.assignee_id === actor.userId;
  const admin = actor.role === 'admin';
  return {
    update: creator || assignee || admin,
    complete: creator || assignee || admin,
    delete: creator || admin,
  };
}
