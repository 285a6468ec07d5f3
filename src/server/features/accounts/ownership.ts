import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Actor } from '../../http/actor';
import { validation } from '../../http/errors';
import { isPartnerRole } from '../../../shared/roles';
import { partnerById, userById } from './accounts.repo';

type Db = Kysely<DB> | Transaction<DB>;

/** How the rules read the partners and people they check (one at a time unless told). */
export type OwnershipLookups = {
  partner(id: string): Promise<{ id: string } | undefined>;
  user(id: string): ReturnType<typeof userById>;
};

const direct = (db: Db): OwnershipLookups => ({
  partner: (id) => partnerById(db, id),
  user: (id) => userById(db, id),
});

export type Ownership = {
  managedByPartnerId: string | null;
  partnerUserId: string | null;
  ownerId: string | null;
};

/**
 * Who manages a customer record (account or case), after applying the caller's rules:
 * - partner users' records always belong to their own company; a rep's also to themselves;
 * - the partner person must work at the managing partner;
 * - the owner is an active member of the vendor's team, chosen by the vendor only.
 * Only values that change are checked, so editing a record never fails on a reference the
 * caller did not touch. Problems are field errors, all reported at once.
 */
export async function resolveOwnership(
  db: Db,
  actor: Actor,
  input: Partial<Ownership>,
  current: Ownership | null,
  lookups: OwnershipLookups = direct(db),
): Promise<Ownership> {
  const base: Ownership = current ?? {
    managedByPartnerId: null,
    partnerUserId: null,
    ownerId: null,
  };
  const fields: Record<string, string> = {};
  const changed = <K extends keyof Ownership>(k: K) =>
    input[k] !== undefined && input[k] !== base[k];

  let managedByPartnerId =
    input.managedByPartnerId !== undefined ? input.managedByPartnerId : base.managedByPartnerId;
  let partnerUserId = input.partnerUserId !== undefined ? input.partnerUserId : base.partnerUserId;
  let ownerId = input.ownerId !== undefined ? input.ownerId : base.ownerId;

  if (isPartnerRole(actor.role)) {
    if (input.managedByPartnerId !== undefined && input.managedByPartnerId !== actor.partnerId) {
      fields.managedByPartnerId = 'must be your own company';
    }
    managedByPartnerId = actor.partnerId;
    if (changed('ownerId')) fields.ownerId = 'is chosen by the vendor';
    ownerId = base.ownerId;
    if (actor.role === 'partner_rep') {
      if (input.partnerUserId !== undefined && input.partnerUserId !== actor.userId) {
        fields.partnerUserId = 'must be yourself';
      }
      partnerUserId = actor.userId;
    }
  } else if (changed('managedByPartnerId') && managedByPartnerId) {
    if (!(await lookups.partner(managedByPartnerId))) fields.managedByPartnerId = 'No such partner';
  }

  const partnerMoved = managedByPartnerId !== base.managedByPartnerId;
  if (partnerUserId && !fields.partnerUserId && (changed('partnerUserId') || partnerMoved)) {
    const u = await lookups.user(partnerUserId);
    if (!managedByPartnerId) {
      fields.partnerUserId = 'needs a managing partner';
    } else if (!u || !isPartnerRole(u.role) || u.partner_id !== managedByPartnerId) {
      fields.partnerUserId = 'must be a person at the managing partner';
    } else if (!u.active && changed('partnerUserId')) {
      fields.partnerUserId = 'is deactivated';
    }
  }

  if (ownerId && !fields.ownerId && changed('ownerId')) {
    const u = await lookups.user(ownerId);
    if (!u || isPartnerRole(u.role) || !u.active) {
      fields.ownerId = 'must be an active member of your team';
    }
  }

  if (Object.keys(fields).length > 0) throw validation(fields);
  return { managedByPartnerId, partnerUserId, ownerId };
}

/** The owner of a contact: vendor people only, set by the vendor. */
export async function resolveContactOwner(
  db: Db,
  actor: Actor,
  input: string | null | undefined,
  current: string | null,
  lookups: OwnershipLookups = direct(db),
): Promise<string | null> {
  if (input === undefined || input === current) return current;
  if (isPartnerRole(actor.role)) throw validation({ ownerId: 'is chosen by the vendor' });
  if (input) {
    const u = await lookups.user(input);
    if (!u || isPartnerRole(u.role) || !u.active) {
      throw validation({ ownerId: 'must be an active member of your team' });
    }
  }
  return input;
}
