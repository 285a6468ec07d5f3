import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, TEST_ORIGIN, type TestEnv } from '../support/app';
import { actor, world, type Actor, type World } from '../support/factories';
import { makeLead, makeOpportunity } from '../support/sales';

let env: TestEnv;
let w: World;

const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
});
afterAll(() => env.close());

async function put(who: Actor | null, url: string, body: unknown) {
  const raw = await env.app.inject({
    method: 'PUT',
    url,
    headers: who ? { cookie: who.cookie, origin: TEST_ORIGIN } : {},
    payload: body as object,
  });
  return { status: raw.statusCode, body: raw.body ? JSON.parse(raw.body) : undefined };
}

const share = (who: Actor | null, type: string, id: string, userId: string) =>
  put(who, '/api/shares', { subjectType: type, subjectId: id, userId });
const unshare = (who: Actor, type: string, id: string, userId: string) =>
  who.http.delete(`/api/shares?subjectType=${type}&subjectId=${id}&userId=${userId}`);
const shares = (who: Actor, type: string, id: string) =>
  who.http.get(`/api/shares?subjectType=${type}&subjectId=${id}`);
const sees = async (who: Actor, type: string, id: string) =>
  (await who.http.get(`/api/notes?subjectType=${type}&subjectId=${id}`)).status === 200;

describe('GET /api/shares', () => {
  it('401 → 404 out of scope → who it is shared with and who it could be', async () => {
    const lead = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    expect((await w.anon.get(`/api/shares?subjectType=lead&subjectId=${lead.id}`)).status).toBe(
      401,
    );
    for (const a of [w.adminB, w.repB, w.repA2]) {
      expect((await shares(a, 'lead', lead.id)).status).toBe(404);
    }
    expect((await shares(w.admin, 'lead', MISSING)).status).toBe(404);
    expect((await shares(w.admin, 'account', lead.id)).status).toBe(400);

    const res = await shares(w.adminA, 'lead', lead.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [],
      partnerUser: { id: w.repA.id, name: w.repA.name },
      canManage: true,
      candidates: [{ id: w.repA2.id, name: w.repA2.name }],
    });
    expect((await shares(w.finance, 'lead', lead.id)).body).toMatchObject({
      canManage: false,
      candidates: [],
    });
  });
});

describe('PUT /api/shares', () => {
  it('401 → 403 (role, or not the record’s rep/admin) → 404 out of scope', async () => {
    const lead = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    expect((await share(null, 'lead', lead.id, w.repA2.id)).status).toBe(401);
    for (const a of [w.finance, w.marketing]) {
      expect((await share(a, 'lead', lead.id, w.repA2.id)).status).toBe(403);
    }
    // A rep it was shared with reads it but may not pass it on.
    const third = await actor(env, { role: 'partner_rep', partnerId: w.partnerA.id });
    await share(w.repA, 'lead', lead.id, w.repA2.id);
    expect(await sees(w.repA2, 'lead', lead.id)).toBe(true);
    expect((await share(w.repA2, 'lead', lead.id, third.id)).status).toBe(403);
    for (const a of [w.adminB, w.repB]) {
      expect((await share(a, 'lead', lead.id, w.repA2.id)).status).toBe(404);
    }
    expect((await share(third, 'lead', lead.id, third.id)).status).toBe(404);
    expect((await share(w.admin, 'lead', MISSING, w.repA2.id)).status).toBe(404);
  });

  it('shares with an active user of the record’s partner only (422 otherwise)', async () => {
    const lead = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    const inactive = await actor(env, { role: 'partner_rep', partnerId: w.partnerA.id });
    await env.deps.db
      .updateTable('users')
      .set({ active: false })
      .where('id', '=', inactive.id)
      .execute();
    for (const target of [w.repB, w.adminB, w.salesRep, inactive, { id: MISSING }, w.repA]) {
      const res = await share(w.adminA, 'lead', lead.id, target.id);
      expect(res.status).toBe(422);
      expect(res.body.error.fields).toHaveProperty('userId');
    }
    const unassigned = await makeLead(env.deps);
    const noPartner = await share(w.admin, 'lead', unassigned.id, w.repA2.id);
    expect(noPartner.status).toBe(422);
    expect(noPartner.body.error.message).toBe('Assign the record to a partner before sharing it');
    expect((await share(w.admin, 'lead', lead.id, 'nobody')).status).toBe(400);
  });

  it('opens the record to the user, idempotently, audited and notified', async () => {
    const lead = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    expect(await sees(w.repA2, 'lead', lead.id)).toBe(false);
    expect((await share(w.repA, 'lead', lead.id, w.repA2.id)).status).toBe(204);
    expect((await share(w.adminA, 'lead', lead.id, w.repA2.id)).status).toBe(204);
    expect(await sees(w.repA2, 'lead', lead.id)).toBe(true);

    const list = await shares(w.repA, 'lead', lead.id);
    expect(list.body.data).toEqual([
      {
        user: { id: w.repA2.id, name: w.repA2.name },
        sharedBy: { id: w.repA.id, name: w.repA.name },
        createdAt: expect.any(String),
      },
    ]);
    const candidateIds = list.body.candidates.map((c: { id: string }) => c.id);
    expect(candidateIds).not.toContain(w.repA2.id);
    expect(candidateIds).not.toContain(w.repA.id);
    // The rep it is shared with sees who else it is shared with, but cannot manage it.
    expect((await shares(w.repA2, 'lead', lead.id)).body.canManage).toBe(false);

    const h = await w.adminA.http.get(`/api/history?subjectType=lead&subjectId=${lead.id}`);
    const events = h.body.data.filter((e: { action: string }) => e.action === 'share');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { id: w.repA.id },
      changes: { sharedWith: { from: null, to: w.repA2.name } },
    });
    const n = (await w.repA2.http.get('/api/notifications')).body.data.filter(
      (x: { recordId: string }) => x.recordId === lead.id,
    );
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({
      kind: 'record_shared',
      title: `${w.repA.name} shared lead Jane Doe (Acme Widgets) with you`,
      link: `/leads/${lead.id}`,
    });
  });

  it('works for opportunities too', async () => {
    const opp = await makeOpportunity(env.deps, {
      partnerId: w.partnerA.id,
      partnerUserId: w.repA.id,
    });
    const mentionable = async () =>
      (
        await w.repA.http.get(
          `/api/comments/mentionable?subjectType=opportunity&subjectId=${opp.id}`,
        )
      ).body.data.map((u: { id: string }) => u.id);
    expect(await sees(w.repA2, 'opportunity', opp.id)).toBe(false);
    expect(await mentionable()).not.toContain(w.repA2.id);
    expect((await share(w.salesRep, 'opportunity', opp.id, w.repA2.id)).status).toBe(204);
    expect(await sees(w.repA2, 'opportunity', opp.id)).toBe(true);
    // Whoever the deal is shared with can be @-mentioned on it; nobody else of the partner.
    expect(await mentionable()).toContain(w.repA2.id);
    expect(await mentionable()).not.toContain(w.repB.id);
    expect((await share(w.adminB, 'opportunity', opp.id, w.repA2.id)).status).toBe(404);
  });
});

describe('DELETE /api/shares', () => {
  it('401 → 403 → 404 → withdraws the share, idempotently, audited', async () => {
    const lead = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    await share(w.repA, 'lead', lead.id, w.repA2.id);
    const url = `/api/shares?subjectType=lead&subjectId=${lead.id}&userId=${w.repA2.id}`;
    expect((await w.anon.delete(url)).status).toBe(401);
    expect((await w.finance.http.delete(url)).status).toBe(403);
    expect((await unshare(w.repA2, 'lead', lead.id, w.repA2.id)).status).toBe(403);
    expect((await unshare(w.adminB, 'lead', lead.id, w.repA2.id)).status).toBe(404);
    expect(
      (await w.admin.http.delete(`/api/shares?subjectType=lead&subjectId=${lead.id}`)).status,
    ).toBe(400);

    expect((await unshare(w.adminA, 'lead', lead.id, w.repA2.id)).status).toBe(204);
    expect((await unshare(w.adminA, 'lead', lead.id, w.repA2.id)).status).toBe(204);
    expect(await sees(w.repA2, 'lead', lead.id)).toBe(false);
    expect((await shares(w.repA2, 'lead', lead.id)).status).toBe(404);
    const h = await w.admin.http.get(`/api/history?subjectType=lead&subjectId=${lead.id}`);
    expect(h.body.data.map((e: { action: string }) => e.action)).toEqual(['unshare', 'share']);
    expect(h.body.data[0].changes).toEqual({ sharedWith: { from: w.repA2.name, to: null } });
  });
});
