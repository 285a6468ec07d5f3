import type { Actor } from '../../http/actor';

type Target = { owner_id: string; partner_id: string | null; shared: boolean };

/**
 * Views belong to their owner. An admin may also delete an internal shared view, so a stale or
 * misleading one does not linger on everyone's menu after its owner has left.
 */
export function savedViewAbilities(actor: Actor, v: Target) {
  const mine = v.owner_id === actor.userId;
  return {
    update: mine,
    delete: mine || (actor.role === 'admin' && v.shared && v.partner_id === null),
    pin: true,
  };
}
