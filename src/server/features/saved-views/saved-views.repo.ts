import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Scope } from '../../http/actor';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Views the scope may see: the caller's own, plus views shared on their side. An internal
 * owner's views carry no partner; a partner owner's carry their company.
 */
function scoped(db: Db, scope: Scope) {
  return db
    .selectFrom('saved_views as v')
    .innerJoin('users as o', 'o.id', 'v.owner_id')
    .leftJoin('saved_view_pins as p', (j) =>
      j
        .onRef('p.view_id', '=', 'v.id')
        .onRef('p.entity', '=', 'v.entity')
        .on('p.user_id', '=', scope.userId),
    )
    .select([
      'v.id',
      'v.owner_id',
      'v.partner_id',
      'v.entity',
      'v.name',
      'v.filters',
      'v.columns',
      'v.sort',
      'v.shared',
      'v.version',
      'v.created_at',
      'v.updated_at',
      'o.name as owner_name',
      sql<boolean>`(p.view_id is not null)`.as('pinned'),
    ])
    .where((eb) =>
      eb.or([
        eb('v.owner_id', '=', scope.userId),
        eb.and([
          eb('v.shared', '=', true),
          scope.kind === 'partner'
            ? eb('v.partner_id', '=', scope.partnerId)
            : eb('v.partner_id', 'is', null),
        ]),
      ]),
    );
}

export type SavedViewListRow = Awaited<ReturnType<ReturnType<typeof scoped>['execute']>>[number];

export function findView(db: Db, scope: Scope, id: string) {
  return scoped(db, scope).where('v.id', '=', id).executeTakeFirst();
}

/** Ordered by name (case-insensitive), then id; the cursor is the last row's [name, id]. */
export function listViews(
  db: Db,
  scope: Scope,
  f: { entity?: string; pinned?: boolean; after: [string, string] | null; limit: number },
) {
  let q = scoped(db, scope);
  if (f.entity) q = q.where('v.entity', '=', f.entity);
  if (f.pinned === true) q = q.where('p.view_id', 'is not', null);
  if (f.pinned === false) q = q.where('p.view_id', 'is', null);
  if (f.after) q = q.where(sql<boolean>`(lower(v.name), v.id) > (${f.after[0]}, ${f.after[1]})`);
  return q
    .orderBy(sql`lower(v.name)`)
    .orderBy('v.id')
    .limit(f.limit + 1)
    .execute();
}

export function nameTaken(
  db: Db,
  v: { ownerId: string; entity: string; name: string; exceptId?: string },
) {
  let q = db
    .selectFrom('saved_views')
    .select('id')
    .where('owner_id', '=', v.ownerId)
    .where('entity', '=', v.entity)
    .where(sql`lower(name)`, '=', v.name.toLowerCase());
  if (v.exceptId) q = q.where('id', '!=', v.exceptId);
  return q.executeTakeFirst();
}

export async function countOwned(db: Db, ownerId: string, entity: string) {
  const r = await db
    .selectFrom('saved_views')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('owner_id', '=', ownerId)
    .where('entity', '=', entity)
    .executeTakeFirstOrThrow();
  return r.n;
}

export function insertView(
  db: Db,
  v: {
    ownerId: string;
    partnerId: string | null;
    entity: string;
    name: string;
    filters: Record<string, unknown>;
    columns: string[];
    sort: string | null;
    shared: boolean;
  },
) {
  return db
    .insertInto('saved_views')
    .values({
      owner_id: v.ownerId,
      partner_id: v.partnerId,
      entity: v.entity,
      name: v.name,
      filters: JSON.stringify(v.filters),
      columns: JSON.stringify(v.columns),
      sort: v.sort,
      shared: v.shared,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updateViewVersioned(
  db: Db,
  id: string,
  version: number,
  patch: {
    name?: string;
    filters?: Record<string, unknown>;
    columns?: string[];
    sort?: string | null;
    shared?: boolean;
  },
) {
  return db
    .updateTable('saved_views')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.filters !== undefined ? { filters: JSON.stringify(patch.filters) } : {}),
      ...(patch.columns !== undefined ? { columns: JSON.stringify(patch.columns) } : {}),
      ...(patch.sort !== undefined ? { sort: patch.sort } : {}),
      ...(patch.shared !== undefined ? { shared: patch.shared } : {}),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export function deleteView(db: Db, id: string) {
  return db.deleteFrom('saved_views').where('id', '=', id).executeTakeFirst();
}

/** One pin per user and list: pinning another view replaces the previous one. */
export function pinView(db: Db, userId: string, entity: string, viewId: string) {
  return db
    .insertInto('saved_view_pins')
    .values({ user_id: userId, entity, view_id: viewId })
    .onConflict((oc) => oc.columns(['user_id', 'entity']).doUpdateSet({ view_id: viewId }))
    .execute();
}

export function unpinView(db: Db, userId: string, viewId: string) {
  return db
    .deleteFrom('saved_view_pins')
    .where('user_id', '=', userId)
    .where('view_id', '=', viewId)
    .executeTakeFirst();
}

/** When a view stops being shared, other people's pins on it would point at nothing they see. */
export function dropOthersPins(db: Db, viewId: string, ownerId: string) {
  return db
    .deleteFrom('saved_view_pins')
    .where('view_id', '=', viewId)
    .where('user_id', '!=', ownerId)
    .executeTakeFirst();
}
