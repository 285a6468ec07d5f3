import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { actor, makePartner, world, type Actor, type World } from '../support/factories';

let env: TestEnv;
let w: World;
beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
});
afterAll(() => env.close());

const MISSING = '00000000-0000-4000-8000-000000000000';
let n = 0;
const uniqueName = (base = 'View') => `${base} ${++n}`;

async function view(
  who: Actor,
  over: Partial<{
    entity: string;
    name: string;
    filters: unknown;
    columns: string[];
    sort: string | null;
    shared: boolean;
    pinned: boolean;
  }> = {},
) {
  const res = await who.http.post('/api/saved-views', {
    entity: 'partners',
    name: uniqueName(),
    filters: { status: ['active'] },
    columns: ['companyName', 'level'],
    sort: '-createdAt',
    ...over,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as {
    id: string;
    name: string;
    version: number;
    entity: string;
    pinned: boolean;
    shared: boolean;
  };
}

const names = (res: { body: { data: { name: string }[] } }) => res.body.data.map((v) => v.name);
const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((v) => v.id);

describe('POST /api/saved-views', () => {
  it('401 for anonymous callers; any signed-in user may save', async () => {
    expect((await w.anon.post('/api/saved-views', { entity: 'partners', name: 'x' })).status).toBe(
      401,
    );
    for (const a of [w.admin, w.salesRep, w.finance, w.adminA, w.repB]) {
      const v = await view(a);
      expect(v).toMatchObject({ entity: 'partners', shared: false, pinned: false });
    }
  });

  it('stores filters, columns and sort, and reports mine, owner and abilities', async () => {
    const res = await w.channelManager.http.post('/api/saved-views', {
      entity: 'consultants',
      name: '  Gold partners in DE  ',
      filters: { levelId: ['a', 'b'], countryCode: 'DE', includeArchived: false, q: null },
      columns: ['companyName', 'countryCode'],
      sort: 'companyName',
      shared: true,
      pinned: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      entity: 'consultants',
      name: 'Gold partners in DE',
      filters: { levelId: ['a', 'b'], countryCode: 'DE', includeArchived: false, q: null },
      columns: ['companyName', 'countryCode'],
      sort: 'companyName',
      shared: true,
      pinned: true,
      mine: true,
      owner: { id: w.channelManager.id, name: w.channelManager.name },
      version: 1,
      abilities: { update: true, delete: true },
    });
  });

  it('defaults filters, columns and sort when left out', async () => {
    const res = await w.salesRep.http.post('/api/saved-views', { entity: 'leads', name: 'Bare' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ filters: {}, columns: [], sort: null, shared: false });
  });

  it('validates entity, name, filters, columns and sort', async () => {
    const bad = async (body: Record<string, unknown>) => {
      const res = await w.admin.http.post('/api/saved-views', {
        entity: 'partners',
        name: uniqueName('Bad'),
        ...body,
      });
      expect(res.status, JSON.stringify(body).slice(0, 100)).toBe(400);
      return res.body.error;
    };
    expect((await bad({ entity: 'invoices' })).fields).toHaveProperty('entity');
    expect((await bad({ name: '   ' })).fields).toHaveProperty('name');
    expect((await bad({ name: 'x'.repeat(101) })).fields).toHaveProperty('name');
    await bad({ filters: [] });
    await bad({ filters: 'status=active' });
    await bad({ filters: { nested: { deep: 'x' } } });
    await bad({ filters: { n: 5 } });
    await bad({ filters: { list: [1, 2] } });
    await bad({ filters: { constructor: 'x' } });
    await bad({ filters: { prototype: ['x'] } });
    await bad({ filters: { big: 'x'.repeat(1001) } });
    const wide = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`k${i}`, 'x'.repeat(990)]),
    );
    expect((await bad({ filters: wide })).fields.filters).toMatch(/8 KB/);
    await bad({ columns: Array.from({ length: 51 }, (_, i) => `c${i}`) });
    await bad({ columns: ['a', 'a'] });
    await bad({ columns: [''] });
    await bad({ sort: 'x'.repeat(201) });
    await bad({ owner_id: w.adminA.id });
  });

  it('refuses __proto__ in filters outright', async () => {
    const raw = await env.app.inject({
      method: 'POST',
      url: '/api/saved-views',
      headers: {
        cookie: w.admin.cookie,
        origin: 'http://localhost:3000',
        'content-type': 'application/json',
      },
      payload: '{"entity":"partners","name":"Proto","filters":{"__proto__":{"admin":true}}}',
    });
    expect(raw.statusCode).toBe(400);
    const list = await w.admin.http.get('/api/saved-views?entity=partners&limit=200');
    expect(names(list)).not.toContain('Proto');
  });

  it('409 with fields.name for a duplicate name of the same owner and list (any case)', async () => {
    await view(w.marketing, { name: 'Duplicates' });
    const dup = await w.marketing.http.post('/api/saved-views', {
      entity: 'partners',
      name: 'DUPLICATES',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields).toHaveProperty('name');
    // Another list, or another person, may use the name.
    await view(w.marketing, { name: 'Duplicates', entity: 'leads' });
    await view(w.finance, { name: 'Duplicates' });
  });

  it('422 past the per-list limit', async () => {
    const heavy = await actor(env, { role: 'sales_rep' });
    for (let i = 0; i < 100; i++) {
      const r = await heavy.http.post('/api/saved-views', {
        entity: 'cases',
        name: `Case view ${i}`,
      });
      expect(r.status).toBe(201);
    }
    const over = await heavy.http.post('/api/saved-views', { entity: 'cases', name: 'One more' });
    expect(over.status).toBe(422);
  });
});

describe('GET /api/saved-views', () => {
  let internalShared: { id: string; name: string };
  let internalPrivate: { id: string; name: string };
  let aShared: { id: string; name: string };
  let aPrivate: { id: string; name: string };
  let bShared: { id: string; name: string };
  beforeAll(async () => {
    internalShared = await view(w.admin, {
      entity: 'accounts',
      name: 'Internal shared',
      shared: true,
    });
    internalPrivate = await view(w.admin, { entity: 'accounts', name: 'Internal private' });
    aShared = await view(w.adminA, { entity: 'accounts', name: 'Alpha shared', shared: true });
    aPrivate = await view(w.repA, { entity: 'accounts', name: 'Alpha private' });
    bShared = await view(w.adminB, { entity: 'accounts', name: 'Beta shared', shared: true });
  });

  it('401 for anonymous callers', async () => {
    expect((await w.anon.get('/api/saved-views')).status).toBe(401);
    expect((await w.anon.get(`/api/saved-views/${internalShared.id}`)).status).toBe(401);
  });

  it("internal users see their own and internal shared views, never partners'", async () => {
    const res = await w.salesRep.http.get('/api/saved-views?entity=accounts');
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(['Internal shared']);
    const shared = res.body.data[0];
    expect(shared).toMatchObject({
      mine: false,
      pinned: false,
      owner: { id: w.admin.id },
      abilities: { update: false, delete: false },
    });
    expect(names(await w.admin.http.get('/api/saved-views?entity=accounts'))).toEqual([
      'Internal private',
      'Internal shared',
    ]);
  });

  it("partner users see their own and their company's shared views only", async () => {
    expect(names(await w.repA2.http.get('/api/saved-views?entity=accounts'))).toEqual([
      'Alpha shared',
    ]);
    expect(names(await w.repA.http.get('/api/saved-views?entity=accounts'))).toEqual([
      'Alpha private',
      'Alpha shared',
    ]);
    expect(names(await w.repB.http.get('/api/saved-views?entity=accounts'))).toEqual([
      'Beta shared',
    ]);
  });

  it('404 for a view on the other side, another company or someone else’s private view', async () => {
    const missing = await w.repA.http.get(`/api/saved-views/${MISSING}`);
    expect(missing.status).toBe(404);
    for (const [who, id] of [
      [w.repA, bShared.id],
      [w.repA, internalShared.id],
      [w.repA2, aPrivate.id],
      [w.salesRep, aShared.id],
      [w.salesRep, internalPrivate.id],
      [w.adminB, aShared.id],
    ] as const) {
      const res = await who.http.get(`/api/saved-views/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(missing.body.error.message);
    }
    expect((await w.repA2.http.get(`/api/saved-views/${aShared.id}`)).status).toBe(200);
  });

  it('lists every list without entity, and pages by name', async () => {
    // A company of its own, so nobody else's shared views join the count.
    const company = await makePartner(env.deps);
    const pager = await actor(env, { role: 'partner_rep', partnerId: company.id });
    for (const name of ['delta', 'Alpha', 'charlie', 'Bravo', 'echo']) {
      await view(pager, { entity: 'opportunities', name });
    }
    await view(pager, { entity: 'leads', name: 'Other list' });
    const first = await pager.http.get('/api/saved-views?entity=opportunities&limit=2');
    expect(names(first)).toEqual(['Alpha', 'Bravo']);
    const second = await pager.http.get(
      `/api/saved-views?entity=opportunities&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(names(second)).toEqual(['charlie', 'delta']);
    const third = await pager.http.get(
      `/api/saved-views?entity=opportunities&limit=2&cursor=${second.body.nextCursor}`,
    );
    expect(names(third)).toEqual(['echo']);
    expect(third.body.nextCursor).toBeNull();
    expect((await pager.http.get('/api/saved-views')).body.data).toHaveLength(6);
    expect((await pager.http.get('/api/saved-views?cursor=garbage')).status).toBe(400);
    expect((await pager.http.get('/api/saved-views?entity=bogus')).status).toBe(400);
  });
});

describe('PATCH /api/saved-views/:id', () => {
  it('401 → 403 for a shared view of someone else → 404 for another company', async () => {
    const v = await view(w.adminA, { shared: true });
    expect((await w.anon.patch(`/api/saved-views/${v.id}`, { version: 1, name: 'x' })).status).toBe(
      401,
    );
    const other = await w.repA.http.patch(`/api/saved-views/${v.id}`, { version: 1, name: 'Mine' });
    expect(other.status).toBe(403);
    const b = await w.adminB.http.patch(`/api/saved-views/${v.id}`, { version: 1, name: 'Mine' });
    expect(b.status).toBe(404);
    const internal = await w.admin.http.patch(`/api/saved-views/${v.id}`, {
      version: 1,
      name: 'Mine',
    });
    expect(internal.status).toBe(404);
    expect((await w.adminA.http.get(`/api/saved-views/${v.id}`)).body.name).toBe(v.name);
  });

  it('renames, updates filters and sharing; versioned', async () => {
    const v = await view(w.channelManager);
    expect(
      (await w.channelManager.http.patch(`/api/saved-views/${v.id}`, { name: 'x' })).status,
    ).toBe(428);
    const ok = await w.channelManager.http.patch(`/api/saved-views/${v.id}`, {
      version: 1,
      name: 'Renamed view',
      filters: { status: ['suspended'] },
      columns: ['companyName'],
      sort: null,
      shared: true,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      name: 'Renamed view',
      filters: { status: ['suspended'] },
      columns: ['companyName'],
      sort: null,
      shared: true,
      version: 2,
    });
    const stale = await w.channelManager.http.patch(`/api/saved-views/${v.id}`, {
      version: 1,
      name: 'Stale',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.fields).toHaveProperty('version');
    const viaHeader = await w.channelManager.http.patch(
      `/api/saved-views/${v.id}`,
      { name: 'Via header' },
      { 'if-match': '"2"' },
    );
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body.version).toBe(3);
  });

  it('409 with fields.name when renaming onto another of your views', async () => {
    await view(w.finance, { name: 'Taken name', entity: 'contacts' });
    const v = await view(w.finance, { entity: 'contacts' });
    const res = await w.finance.http.patch(`/api/saved-views/${v.id}`, {
      version: 1,
      name: 'taken NAME',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.fields).toHaveProperty('name');
    // Renaming to its own name in another case is fine.
    const self = await w.finance.http.patch(`/api/saved-views/${v.id}`, {
      version: 1,
      name: v.name.toUpperCase(),
    });
    expect(self.status).toBe(200);
  });

  it("unsharing drops colleagues' pins on it", async () => {
    const v = await view(w.admin, { entity: 'cases', shared: true });
    expect((await w.salesRep.http.post(`/api/saved-views/${v.id}/pin`)).status).toBe(200);
    await w.admin.http.patch(`/api/saved-views/${v.id}`, { version: 1, shared: false });
    const pinned = await w.salesRep.http.get('/api/saved-views?entity=cases&pinned=true');
    expect(pinned.body.data).toEqual([]);
  });
});

describe('DELETE /api/saved-views/:id', () => {
  it('401 → 403 → 404, then the owner deletes', async () => {
    const v = await view(w.adminA, { shared: true });
    expect((await w.anon.delete(`/api/saved-views/${v.id}`)).status).toBe(401);
    expect((await w.repA.http.delete(`/api/saved-views/${v.id}`)).status).toBe(403);
    expect((await w.adminB.http.delete(`/api/saved-views/${v.id}`)).status).toBe(404);
    expect((await w.admin.http.delete(`/api/saved-views/${v.id}`)).status).toBe(404);
    expect((await w.adminA.http.delete(`/api/saved-views/${v.id}`)).status).toBe(204);
    expect((await w.adminA.http.get(`/api/saved-views/${v.id}`)).status).toBe(404);
    expect((await w.adminA.http.delete(`/api/saved-views/${v.id}`)).status).toBe(404);
  });

  it("admins may delete internal shared views, not colleagues' private ones", async () => {
    const shared = await view(w.salesRep, { shared: true });
    const priv = await view(w.salesRep);
    const seen = await w.admin.http.get(`/api/saved-views/${shared.id}`);
    expect(seen.body.abilities).toEqual({ update: false, delete: true, pin: true });
    expect((await w.channelManager.http.delete(`/api/saved-views/${shared.id}`)).status).toBe(403);
    expect((await w.admin.http.delete(`/api/saved-views/${priv.id}`)).status).toBe(404);
    expect((await w.admin.http.delete(`/api/saved-views/${shared.id}`)).status).toBe(204);
  });

  it('removes the pins on it', async () => {
    const v = await view(w.marketing, { entity: 'contacts', shared: true, pinned: true });
    await w.finance.http.post(`/api/saved-views/${v.id}/pin`);
    await w.marketing.http.delete(`/api/saved-views/${v.id}`);
    for (const a of [w.marketing, w.finance]) {
      expect((await a.http.get('/api/saved-views?entity=contacts&pinned=true')).body.data).toEqual(
        [],
      );
    }
  });
});

describe('pins', () => {
  it('401 → 404 for views out of reach', async () => {
    const b = await view(w.adminB, { shared: true });
    const priv = await view(w.repA2);
    expect((await w.anon.post(`/api/saved-views/${b.id}/pin`)).status).toBe(401);
    expect((await w.anon.delete(`/api/saved-views/${b.id}/pin`)).status).toBe(401);
    expect((await w.repA.http.post(`/api/saved-views/${b.id}/pin`)).status).toBe(404);
    expect((await w.repA.http.post(`/api/saved-views/${priv.id}/pin`)).status).toBe(404);
    expect((await w.repA.http.delete(`/api/saved-views/${b.id}/pin`)).status).toBe(404);
    expect((await w.repA.http.post(`/api/saved-views/${MISSING}/pin`)).status).toBe(404);
  });

  it('one default per user and list: pinning replaces the previous pin', async () => {
    const me = await actor(env, { role: 'channel_manager' });
    const a = await view(me, { entity: 'leads', name: 'A', pinned: true });
    const b = await view(me, { entity: 'leads', name: 'B' });
    const other = await view(me, { entity: 'opportunities', name: 'Opp', pinned: true });
    const pinned = () => me.http.get('/api/saved-views?entity=leads&pinned=true');
    expect(ids(await pinned())).toEqual([a.id]);
    const res = await me.http.post(`/api/saved-views/${b.id}/pin`);
    expect(res.status).toBe(200);
    expect(res.body.pinned).toBe(true);
    expect(ids(await pinned())).toEqual([b.id]);
    const all = await me.http.get('/api/saved-views?entity=leads');
    expect(all.body.data.map((v: { name: string; pinned: boolean }) => [v.name, v.pinned])).toEqual(
      [
        ['A', false],
        ['B', true],
      ],
    );
    // Another list's pin is untouched.
    expect(ids(await me.http.get('/api/saved-views?entity=opportunities&pinned=true'))).toEqual([
      other.id,
    ]);
    expect((await me.http.delete(`/api/saved-views/${b.id}/pin`)).status).toBe(204);
    expect((await pinned()).body.data).toEqual([]);
    // Unpinning something not pinned is harmless.
    expect((await me.http.delete(`/api/saved-views/${a.id}/pin`)).status).toBe(204);
  });

  it("a user can pin a colleague's shared view; the pin is theirs alone", async () => {
    const shared = await view(w.adminA, { entity: 'leads', shared: true });
    const res = await w.repA2.http.post(`/api/saved-views/${shared.id}/pin`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ pinned: true, mine: false });
    expect((await w.adminA.http.get(`/api/saved-views/${shared.id}`)).body.pinned).toBe(false);
    expect(ids(await w.repA2.http.get('/api/saved-views?entity=leads&pinned=true'))).toEqual([
      shared.id,
    ]);
  });

  it('PATCH pinned sets or clears the owner’s default', async () => {
    const v = await view(w.repB, { entity: 'opportunities' });
    const on = await w.repB.http.patch(`/api/saved-views/${v.id}`, { version: 1, pinned: true });
    expect(on.body.pinned).toBe(true);
    const off = await w.repB.http.patch(`/api/saved-views/${v.id}`, { version: 2, pinned: false });
    expect(off.body.pinned).toBe(false);
  });
});
