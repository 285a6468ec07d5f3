import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { world, type World } from '../support/factories';

let env: TestEnv;
let w: World;
beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
});
afterAll(() => env.close());

describe('POST /api/partners', () => {
  it('401 → 403 for roles outside the channel team', async () => {
    expect((await w.anon.post('/api/partners', { companyName: 'X' })).status).toBe(401);
    for (const a of [w.salesRep, w.finance, w.marketing, w.adminA, w.repA]) {
      expect((await a.http.post('/api/partners', { companyName: 'X' })).status).toBe(403);
    }
  });

  it('creates a partner and records it in history', async () => {
    const res = await w.channelManager.http.post('/api/partners', {
      companyName: '  Globex Resellers  ',
      status: 'applicant',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      companyName: 'Globex Resellers',
      status: 'applicant',
      version: 1,
      abilities: { update: true },
    });
    const h = await w.channelManager.http.get(
      `/api/history?subjectType=partner&subjectId=${res.body.id}`,
    );
    expect(h.body.data).toHaveLength(1);
    expect(h.body.data[0]).toMatchObject({
      action: 'create',
      actor: { id: w.channelManager.id },
      changes: { companyName: { from: null, to: 'Globex Resellers' } },
    });
  });

  it('validates', async () => {
    const res = await w.admin.http.post('/api/partners', { companyName: '', status: 'bogus' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['companyName', 'status']);
    const long = await w.admin.http.post('/api/partners', { companyName: 'x'.repeat(201) });
    expect(long.status).toBe(400);
  });

  it('renders markup in names as plain data', async () => {
    const res = await w.admin.http.post('/api/partners', {
      companyName: '<img src=x onerror=alert(1)>',
    });
    expect(res.status).toBe(201);
    expect(res.body.companyName).toBe('<img src=x onerror=alert(1)>');
    expect(res.headers['content-type']).toContain('application/json');
  });
});

describe('GET /api/partners and /api/partners/:id', () => {
  it('401, then partner users see only their own company; another is 404', async () => {
    expect((await w.anon.get('/api/partners')).status).toBe(401);
    expect((await w.anon.get(`/api/partners/${w.partnerA.id}`)).status).toBe(401);
    const list = await w.repA.http.get('/api/partners');
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([w.partnerA.id]);
    expect((await w.repA.http.get(`/api/partners/${w.partnerA.id}`)).body.abilities).toEqual({
      update: false,
    });
    expect((await w.repA.http.get(`/api/partners/${w.partnerB.id}`)).status).toBe(404);
  });

  it('internal users search, filter and sort', async () => {
    await w.admin.http.post('/api/partners', {
      companyName: 'Zeta Search Co',
      status: 'suspended',
    });
    const q = await w.salesRep.http.get('/api/partners?q=zeta%20search');
    expect(q.body.data.map((p: { companyName: string }) => p.companyName)).toEqual([
      'Zeta Search Co',
    ]);
    const s = await w.salesRep.http.get('/api/partners?status=suspended');
    expect(s.body.data.every((p: { status: string }) => p.status === 'suspended')).toBe(true);
    const sorted = await w.salesRep.http.get('/api/partners?sort=-companyName&limit=200');
    const names = sorted.body.data.map((p: { companyName: string }) => p.companyName);
    expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0)));
    const pct = await w.salesRep.http.get('/api/partners?q=%25');
    expect(pct.body.data).toEqual([]);
  });
});

describe('PATCH /api/partners/:id', () => {
  it('401 → 403 (own company, not allowed) → 404 (another partner)', async () => {
    expect(
      (await w.anon.patch(`/api/partners/${w.partnerA.id}`, { version: 1, companyName: 'X' }))
        .status,
    ).toBe(401);
    expect(
      (
        await w.adminA.http.patch(`/api/partners/${w.partnerA.id}`, {
          version: 1,
          companyName: 'X',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await w.salesRep.http.patch(`/api/partners/${w.partnerA.id}`, {
          version: 1,
          companyName: 'X',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await w.adminA.http.patch(`/api/partners/${w.partnerB.id}`, {
          version: 1,
          companyName: 'X',
        })
      ).status,
    ).toBe(404);
  });

  it('updates with optimistic concurrency and field-level history', async () => {
    const p = (await w.admin.http.post('/api/partners', { companyName: 'Initech' })).body;
    const ok = await w.channelManager.http.patch(`/api/partners/${p.id}`, {
      version: p.version,
      companyName: 'Initech Partners',
      status: 'suspended',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    const stale = await w.admin.http.patch(`/api/partners/${p.id}`, {
      version: p.version,
      companyName: 'Overwrite',
    });
    expect(stale.status).toBe(409);
    expect(
      (await w.admin.http.patch(`/api/partners/${p.id}`, { companyName: 'No version' })).status,
    ).toBe(428);
    const h = await w.admin.http.get(`/api/history?subjectType=partner&subjectId=${p.id}`);
    expect(h.body.data[0].changes).toEqual({
      companyName: { from: 'Initech', to: 'Initech Partners' },
      status: { from: 'active', to: 'suspended' },
    });
  });
});
