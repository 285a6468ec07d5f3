import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { makePartner, world, type World } from '../support/factories';

let env: TestEnv;
let w: World;
beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
});
afterAll(() => env.close());

const MISSING = '00000000-0000-4000-8000-000000000000';

type Item = { id: string; name: string; version: number; partnerCount: number } & Record<
  string,
  unknown
>;

/** Levels and stages follow the same rules; each runs through the same checks. */
describe.each([
  {
    path: '/api/partner-levels',
    subjectType: 'partner_level',
    order: 'rank',
    partnerField: 'levelId',
    seeded: ['Bronze', 'Silver', 'Gold'],
    extra: { routingWeight: 7, benefits: 'Co-marketing funds' },
  },
  {
    path: '/api/activation-stages',
    subjectType: 'activation_stage',
    order: 'position',
    partnerField: 'activationStageId',
    seeded: ['First contact', 'Ramp-up', 'Fully operational'],
    extra: {},
  },
])('$path', ({ path, subjectType, order, partnerField, seeded, extra }) => {
  const list = async () => (await w.admin.http.get(path)).body.data as Item[];
  const names = async () => (await list()).map((x) => x.name);

  it('401 → read by everyone signed in, partnerCount within their scope', async () => {
    expect((await w.anon.get(path)).status).toBe(401);
    const all = await list();
    expect(all.map((x) => x.name)).toEqual(seeded);
    expect(all.map((x) => x[order])).toEqual([1, 2, 3]);
    expect(all[0]!.abilities).toEqual({ update: true, delete: true });
    // world() partners start at the first level and stage.
    expect(all[0]!.partnerCount).toBeGreaterThanOrEqual(2);

    const forRep = (await w.repA.http.get(path)).body.data as Item[];
    expect(forRep.map((x) => x.name)).toEqual(seeded);
    expect(forRep.map((x) => x.partnerCount)).toEqual([1, 0, 0]);
    expect(forRep[0]!.abilities).toEqual({ update: false, delete: false });
    for (const a of [w.salesRep, w.channelManager]) {
      expect(((await a.http.get(path)).body.data as Item[])[0]!.partnerCount).toBe(
        all[0]!.partnerCount,
      );
    }
  });

  it('401 → 403 for everyone but admins on every change', async () => {
    const [first] = await list();
    const calls = (c: typeof w.anon) => [
      () => c.post(path, { name: 'Nope' }),
      () => c.patch(`${path}/${first!.id}`, { version: first!.version, name: 'Nope' }),
      () => c.delete(`${path}/${first!.id}`),
      () => c.post(`${path}/reorder`, { ids: [first!.id] }),
    ];
    for (const call of calls(w.anon)) expect((await call()).status).toBe(401);
    for (const a of [w.channelManager, w.salesRep, w.finance, w.marketing, w.adminA, w.repA]) {
      for (const call of calls(a.http)) expect((await call()).status, a.role).toBe(403);
    }
    expect(await names()).toEqual(seeded);
  });

  it('creates at the top, names unique in any case, audited', async () => {
    const res = await w.admin.http.post(path, { name: ' Platinum ', description: 'Top', ...extra });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Platinum',
      [order]: 4,
      partnerCount: 0,
      version: 1,
      ...extra,
    });
    const dup = await w.admin.http.post(path, { name: 'PLATINUM' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields).toEqual({ name: 'is already used' });
    const bad = await w.admin.http.post(path, { name: '', bogus: 1 });
    expect(bad.status).toBe(400);
    const h = await w.admin.http.get(
      `/api/history?subjectType=${subjectType}&subjectId=${res.body.id}`,
    );
    expect(h.body.data[0]).toMatchObject({
      action: 'create',
      changes: { name: { from: null, to: 'Platinum' }, [order]: { from: null, to: 4 } },
    });
    // The program's configuration history is internal.
    expect(
      (await w.adminA.http.get(`/api/history?subjectType=${subjectType}&subjectId=${res.body.id}`))
        .status,
    ).toBe(404);
    await w.admin.http.delete(`${path}/${res.body.id}`);
  });

  it('updates with a version: 428 without, 409 when stale, 409 on a taken name, 404 missing', async () => {
    const created = (await w.admin.http.post(path, { name: 'Temp item' })).body as Item;
    const url = `${path}/${created.id}`;
    expect((await w.admin.http.patch(url, { name: 'X' })).status).toBe(428);
    const ok = await w.admin.http.patch(url, {
      version: 1,
      name: 'Renamed item',
      description: 'd',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: 'Renamed item', description: 'd', version: 2 });
    expect((await w.admin.http.patch(url, { version: 1, name: 'Y' })).status).toBe(409);
    const taken = await w.admin.http.patch(url, { version: 2, name: seeded[0]!.toUpperCase() });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields).toEqual({ name: 'is already used' });
    // Keeping its own name (in another case) is fine.
    expect((await w.admin.http.patch(url, { version: 2, name: 'RENAMED ITEM' })).status).toBe(200);
    expect((await w.admin.http.patch(`${path}/${MISSING}`, { version: 1, name: 'Z' })).status).toBe(
      404,
    );
    const h = await w.admin.http.get(
      `/api/history?subjectType=${subjectType}&subjectId=${created.id}`,
    );
    expect(h.body.data[1].changes).toEqual({
      name: { from: 'Temp item', to: 'Renamed item' },
      description: { from: '', to: 'd' },
    });
    await w.admin.http.delete(url);
  });

  it('refuses to delete one in use (archived partners count) or the last one; renumbers the rest', async () => {
    const a = (await w.admin.http.post(path, { name: 'Used item' })).body as Item;
    const b = (await w.admin.http.post(path, { name: 'Spare item' })).body as Item;
    const p = (
      await w.admin.http.post('/api/partners', {
        companyName: 'User of item',
        [partnerField]: a.id,
      })
    ).body;
    await w.admin.http.delete(`/api/partners/${p.id}`);
    const used = await w.admin.http.delete(`${path}/${a.id}`);
    expect(used.status).toBe(422);
    expect(used.body.error.message).toContain('1 partner is');
    expect((await list()).find((x) => x.id === a.id)!.partnerCount).toBe(1);

    await w.admin.http.patch(`/api/partners/${p.id}`, {
      version: 2,
      [partnerField]: b.id,
    });
    expect((await w.admin.http.delete(`${path}/${a.id}`)).status).toBe(204);
    const after = await list();
    expect(after.map((x) => x[order])).toEqual(after.map((_, i) => i + 1));
    expect(after.map((x) => x.name)).toEqual([...seeded, 'Spare item']);
    expect((await w.admin.http.delete(`${path}/${a.id}`)).status).toBe(404);
    const h = await w.admin.http.get(`/api/history?subjectType=partner&subjectId=${p.id}`);
    expect(h.body.data.length).toBeGreaterThan(0);
    await w.admin.http.patch(`/api/partners/${p.id}`, { version: 3, [partnerField]: null });
    expect((await w.admin.http.delete(`${path}/${b.id}`)).status).toBe(204);
  });

  it('reorders the full set in one go, audited per moved entry', async () => {
    const before = await list();
    const reversed = [...before].reverse().map((x) => x.id);
    expect((await w.admin.http.post(`${path}/reorder`, { ids: reversed.slice(1) })).status).toBe(
      400,
    );
    expect(
      (await w.admin.http.post(`${path}/reorder`, { ids: [...reversed.slice(1), MISSING] })).status,
    ).toBe(400);
    expect(
      (await w.admin.http.post(`${path}/reorder`, { ids: [...reversed, reversed[0]] })).status,
    ).toBe(400);
    expect((await w.admin.http.post(`${path}/reorder`, { ids: ['x'] })).status).toBe(400);
    expect(await names()).toEqual(seeded);

    const res = await w.admin.http.post(`${path}/reorder`, { ids: reversed });
    expect(res.status).toBe(200);
    expect(res.body.data.map((x: Item) => x.name)).toEqual([...seeded].reverse());
    expect(res.body.data.map((x: Item) => x[order])).toEqual([1, 2, 3]);
    const middle = before[1]!;
    const first = before[0]!;
    const h = async (id: string) =>
      (await w.admin.http.get(`/api/history?subjectType=${subjectType}&subjectId=${id}`)).body.data;
    expect((await h(first.id))[0]).toMatchObject({
      action: 'reorder',
      changes: { [order]: { from: 1, to: 3 } },
    });
    // The middle one did not move, so it has no reorder event.
    expect((await h(middle.id)).map((e: { action: string }) => e.action)).not.toContain('reorder');

    await w.admin.http.post(`${path}/reorder`, { ids: before.map((x) => x.id) });
    expect(await names()).toEqual(seeded);
  });

  it('a partner list sorted by it follows the new order', async () => {
    const items = await list();
    const m = `ord${Date.now().toString(36)}`;
    for (const [i, item] of items.entries()) {
      await w.admin.http.post('/api/partners', {
        companyName: `${m} ${i}`,
        [partnerField]: item.id,
      });
    }
    const sortField = partnerField === 'levelId' ? 'level' : 'activationStage';
    const sorted = async () =>
      (await w.admin.http.get(`/api/partners?q=${m}&sort=${sortField}`)).body.data.map(
        (p: { companyName: string }) => p.companyName,
      );
    expect(await sorted()).toEqual([`${m} 0`, `${m} 1`, `${m} 2`]);
    await w.admin.http.post(`${path}/reorder`, { ids: [...items].reverse().map((x) => x.id) });
    expect(await sorted()).toEqual([`${m} 2`, `${m} 1`, `${m} 0`]);
    await w.admin.http.post(`${path}/reorder`, { ids: items.map((x) => x.id) });
  });
});

describe('the last level and stage', () => {
  it('cannot be deleted', async () => {
    const env2 = await createTestEnv();
    try {
      const w2 = await world(env2);
      for (const path of ['/api/partner-levels', '/api/activation-stages']) {
        const items = (await w2.admin.http.get(path)).body.data as Item[];
        const field = path === '/api/partner-levels' ? 'level_id' : 'activation_stage_id';
        // Move every partner to the first entry, then delete the others.
        await env2.deps.db
          .updateTable('partners')
          .set({ [field]: items[0]!.id })
          .execute();
        for (const x of items.slice(1)) {
          expect((await w2.admin.http.delete(`${path}/${x.id}`)).status).toBe(204);
        }
        await env2.deps.db
          .updateTable('partners')
          .set({ [field]: null })
          .execute();
        const last = await w2.admin.http.delete(`${path}/${items[0]!.id}`);
        expect(last.status).toBe(422);
        expect(last.body.error.message).toContain('last');
      }
      // New partners still start at the remaining level and stage.
      const p = await makePartner(env2.deps);
      expect(p.level_name).toBe('Bronze');
      expect(p.stage_name).toBe('First contact');
    } finally {
      await env2.close();
    }
  });
});
