import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { world, type World } from '../support/factories';

let env: TestEnv;
let w: World;
beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  await w.admin.http.post('/api/partners', { companyName: 'Dash Applicant', status: 'applicant' });
});
afterAll(() => env.close());

describe('GET /api/dashboard/summary', () => {
  it('401 without a session', async () => {
    expect((await w.anon.get('/api/dashboard/summary')).status).toBe(401);
  });

  it('internal users see the whole channel', async () => {
    const res = await w.marketing.http.get('/api/dashboard/summary');
    expect(res.status).toBe(200);
    expect(res.body.partnersByStatus).toEqual({ active: 2, applicant: 1 });
    expect(res.body.usersByRole).toMatchObject({
      admin: 1,
      channel_manager: 1,
      partner_admin: 2,
      partner_rep: 3,
    });
    expect(res.body.recentEvents[0]).toMatchObject({
      action: 'create',
      subjectType: 'partner',
      actor: { id: w.admin.id },
    });
  });

  it("partner users see only their company's counts and activity", async () => {
    const v = (await w.adminB.http.get(`/api/users/${w.repB.id}`)).body.version;
    await w.adminB.http.patch(`/api/users/${w.repB.id}`, { version: v, name: 'Renamed In B' });
    const a = await w.adminA.http.get('/api/dashboard/summary');
    expect(a.body.partnersByStatus).toEqual({ active: 1 });
    expect(a.body.usersByRole).toEqual({ partner_admin: 1, partner_rep: 2 });
    expect(JSON.stringify(a.body.recentEvents)).not.toContain('Renamed In B');
    const rep = await w.repA.http.get('/api/dashboard/summary');
    expect(rep.body.usersByRole).toEqual({ partner_rep: 1 });
    const b = await w.adminB.http.get('/api/dashboard/summary');
    expect(b.body.recentEvents[0]).toMatchObject({
      subjectId: w.repB.id,
      changes: { name: { to: 'Renamed In B' } },
    });
  });
});
