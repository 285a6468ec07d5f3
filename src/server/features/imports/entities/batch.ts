import { AppError } from '../../../http/errors';
import * as accountsRepo from '../../accounts/accounts.repo';
import { partnersNamed as partnersRepoNamed } from '../../partners/partners.repo';
import { activeUsersNamed } from '../../users/users.repo';
import type { OwnershipLookups } from '../../accounts/ownership';
import { randomUUID } from 'node:crypto';
import { staleVersion } from '../../../http/versioning';
import { RowError, type Trx, type WriteItem, type WriteResult } from './types';
import { breather, norm } from './values';

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

/** A new record of the batch, with the id it will be inserted with. */
export type BatchInsert<V> = { i: number; id: string; v: V };

/** A change of a matched record: as found (locked), its new values and what they replace. */
export type BatchUpdate<R, V> = {
  i: number;
  id: string;
  found: R;
  v: V;
  patch: Record<string, unknown>;
  replaced: Record<string, unknown>;
};

/**
 * Resolves every row of a batch into inserts and updates, in row order. What a row cannot be
 * (its record gone or read-only, claimed by an earlier row, a value the entity's rules refuse)
 * and updates that change nothing are answered in `out` at the row's index.
 */
export async function sortBatch<R extends { version: number }, V>(
  items: WriteItem[],
  out: (WriteResult | Error)[],
  o: {
    noun: string;
    current: Map<string, R>;
    /** Throws a RowError when the found record may not be updated (e.g. a converted lead). */
    check?: (found: R) => void;
    create: (i: number) => Promise<V>;
    update: (
      i: number,
      found: R,
    ) => Promise<{ v: V; patch: Record<string, unknown>; replaced: Record<string, unknown> }>;
  },
) {
  const inserts: BatchInsert<V>[] = [];
  const updates: BatchUpdate<R, V>[] = [];
  const claimed = new Set<string>();
  const breathe = breather();
  for (let i = 0; i < items.length; i++) {
    await breathe();
    if (out[i]) continue;
    const id = items[i]!.id;
    try {
      if (id) {
        const found = o.current.get(id);
        if (!found) throw new RowError(`The matching ${o.noun} no longer exists`);
        o.check?.(found);
        if (claimed.has(id))
          throw new RowError(`Another row of the file updates the same ${o.noun}`);
        claimed.add(id);
        const u = await o.update(i, found);
        if (Object.keys(u.patch).length === 0) out[i] = { outcome: 'unchanged', id };
        else updates.push({ i, id, found, ...u });
      } else inserts.push({ i, id: randomUUID(), v: await o.create(i) });
    } catch (err) {
      if (!isRowProblem(err)) throw err;
      out[i] = err;
    }
  }
  return { inserts, updates };
}

/** A dry run's answers: what would be created and updated, with nothing written. */
export function dryOutcomes(
  out: (WriteResult | Error)[],
  inserts: BatchInsert<unknown>[],
  updates: BatchUpdate<unknown, unknown>[],
) {
  for (const c of inserts) out[c.i] = { outcome: 'created', id: '', version: 0 };
  for (const u of updates)
    out[u.i] = { outcome: 'updated', id: u.id, version: 0, before: u.replaced };
  return out;
}

/**
 * The versions a versioned batch update left, by id. The rows were locked when read, so an update
 * that did not apply means the record changed under the lock: the whole batch is refused.
 */
export function appliedVersions(
  applied: { id: string; version: number }[],
  updates: unknown[],
  noun: string,
) {
  if (applied.length !== updates.length) throw staleVersion(noun);
  return new Map(applied.map((r) => [r.id, r.version]));
}
