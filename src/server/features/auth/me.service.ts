import type { Deps } from '../../deps';
import type { Actor } from '../../http/actor';
import type { Me } from '../../../shared/auth';
import { AppError } from '../../http/errors';
import { findMe } from './me.repo';

/** The caller, from what authentication already loaded: no extra query on every page load. */
export function meOf(actor: Actor): Me {
  return {
    id: actor.userId,
    email: actor.email,
    name: actor.name,
    role: actor.role,
    partner:
      actor.partnerId && actor.partnerName
        ? { id: actor.partnerId, companyName: actor.partnerName }
        : null,
  };
}

export async function getMe(deps: Deps, userId: string): Promise<Me> {
  const row = await findMe(deps.db, userId);
  if (!row) throw new AppError('UNAUTHENTICATED', 'Sign in to continue');
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    partner:
      row.partnerId && row.companyName ? { id: row.partnerId, companyName: row.companyName } : null,
  };
}
