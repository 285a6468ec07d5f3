import type { Deps } from '../../deps';
import type { Me } from '../../../shared/auth';
import { AppError } from '../../http/errors';
import { findMe } from './me.repo';

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
