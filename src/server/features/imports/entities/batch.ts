import { AppError } from '../../../http/errors';
import * as accountsRepo from '../../accounts/accounts.repo';
import { partnersNamed as partnersRepoNamed } from '../../partners/partners.repo';
import { activeUsersNamed } from '../../users/users.repo';
import type { OwnershipLookups } from '../../accounts/ownership';
import { RowError, type Trx } from './types';
import { norm } from './values';

/** A row's own problem (reported on its line), as opposed to a fault of the whole batch. */
export const isRowProblem = (err: unknown): err is Error =>
  err instanceof RowError || err instanceof AppError;

/**
 * Fills a by-text cache (see `cached`) for every text of `field` in the rows it lacks, with one
 * query: each key gets the one id whose keys include it, or null when none or several do.
 */
export async function fillNames(
  cache: Map<string, string | null>,
  rows: Record<string, string>[],
  field: string,
  load: (keys: string[]) => Promise<{ id: string; k: string[] }[]>,
) {
  const keys = [...new Set(rows.flatMap((v) => (v[field] ? [norm(v[field])] : [])))].filter(
    (k) => !cache.has(k),
  );
  if (keys.length === 0) return;
  const found = await load(keys);
  const byKey = new Map<string, Set<string>>();
  for (const f of found)
    for (const k of f.k) {
      const ids = byKey.get(k) ?? new Set();
      ids.add(f.id);
      byKey.set(k, ids);
    }
  for (const key of keys) {
    const ids = byKey.get(key);
    cache.set(key, ids?.size === 1 ? [...ids][0]! : null);
  }
}

/** Active users by lower-cased email or name, as `userIdByText` matches them. */
export const usersNamed = (trx: Trx) => async (keys: string[]) =>
  (await activeUsersNamed(trx, keys)).map((u) => ({ id: u.id, k: [u.email, u.name] }));

/** Partners by lower-cased company name, as `partnerIdByText` matches them. */
export const partnersNamed = (trx: Trx) => async (keys: string[]) =>
  (await partnersRepoNamed(trx, keys)).map((p) => ({ id: p.id, k: [p.name] }));

/**
 * What the ownership rules read, remembered for the batch and fetched many at a time: a batch of
 * rows mostly names the same few people and partners.
 */
export function ownershipLookups(trx: Trx): OwnershipLookups & {
  prefetch(users: (string | null)[], partners: (string | null)[]): Promise<void>;
} {
  type User = Awaited<ReturnType<typeof accountsRepo.usersByIds>>[number];
  type Partner = Awaited<ReturnType<typeof accountsRepo.partnersByIds>>[number];
  const users = new Map<string, User | undefined>();
  const partners = new Map<string, Partner | undefined>();
  async function fill<T extends { id: string }>(
    cache: Map<string, T | undefined>,
    ids: (string | null)[],
    load: (ids: string[]) => Promise<T[]>,
  ) {
    const todo = [...new Set(ids)].filter((id): id is string => id !== null && !cache.has(id));
    if (todo.length === 0) return;
    const rows = new Map((await load(todo)).map((r) => [r.id, r]));
    for (const id of todo) cache.set(id, rows.get(id));
  }
  const fillUsers = (ids: (string | null)[]) =>
    fill(users, ids, (x) => accountsRepo.usersByIds(trx, x));
  const fillPartners = (ids: (string | null)[]) =>
    fill(partners, ids, (x) => accountsRepo.partnersByIds(trx, x));
  return {
    async prefetch(u, p) {
      await Promise.all([fillUsers(u), fillPartners(p)]);
    },
    async user(id) {
      await fillUsers([id]);
      return users.get(id);
    },
    async partner(id) {
      await fillPartners([id]);
      return partners.get(id);
    },
  };
}
