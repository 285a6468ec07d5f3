import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, TEST_ORIGIN, type TestEnv } from '../support/app';
import { actor, makeAccount, world, type Actor, type World } from '../support/factories';
import { makeLead } from '../support/sales';
import { notifyFollowers } from '../../src/server/features/follows/follows.service';
import { findRecord } from '../../src/server/features/records/records.repo';

let env: TestEnv;
let w: World;
let accountB: { id: string };
let leadA: { id: string };

const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  accountB = await makeAccount(env.deps, { managedByPartnerId: w.partnerB.id });
  leadA = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
});
afterAll(() => env.close());

/** The test client has no PUT; send it as a browser on our origin would. */
async function put(who: Actor | null, url: string, body: unknown) {
  const raw = await env.app.inject({
    method: 'PUT',
    url,
    headers: who ? { cookie: who.cookie, origin: TEST_ORIGIN } : {},
    payload: body as object,
  });
  return { status: raw.statusCode, body: raw.body ? JSON.parse(raw.body) : undefined };
}

const ref = (type: string, id: string) => ({ subjectType: type, subjectId: id });
const qs = (type: string, id: string) => `subjectType=${type}&subjectId=${id}`;
const follow = (who: Actor | null, type: string, id: string) =>
  put(who, '/api/follows', ref(type, id));
const unfollow = (who: Actor, type: string, id: string) =>
  who.http.delete(`/api/follows?${qs(type, id)}`);
const state = (who: Actor, type: string, id: string) =>
  who.http.get(`/api/follows?${qs(type, id)}`);

const OUT_OF_SCOPE = () =>
  [
    [w.adminB, 'lead', leadA.id],
    [w.repA2, 'lead', leadA.id],
    [w.adminA, 'partner', w.partnerA.id],
    [w.repA, 'account', accountB.id],
    [w.admin, 'lead', MISSING],
  ] as const;

describe('GET /api/follows', () => {
  it('401 → 404 for records out of scope → the state', async () => {
    expect((await w.anon.get(`/api/follows?${qs('lead', leadA.id)}`)).status).toBe(401);
    for (const [a, type, id] of OUT_OF_SCOPE()) expect((await state(a, type, id)).status).toBe(404);
    expect((await w.admin.http.get('/api/follows?subjectType=lead')).status).toBe(400);
    const lead = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    expect((await state(w.repA, 'lead', lead.id)).body).toEqual({ following: false, followers: 0 });
  });
});

describe('PUT /api/follows', () => {
  it('401 → 404 → follows, idempotently', async () => {
    expect((await follow(null, 'lead', leadA.id)).status).toBe(401);
    for (const [a, type, id] of OUT_OF_SCOPE())
      expect((await follow(a, type, id)).status).toBe(404);
    const lead = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    expect((await follow(w.repA, 'lead', lead.id)).status).toBe(204);
    expect((await follow(w.repA, 'lead', lead.id)).status).toBe(204);
    expect((await follow(w.adminA, 'lead', lead.id)).status).toBe(204);
    expect((await state(w.repA, 'lead', lead.id)).body).toEqual({ following: true, followers: 2 });
    expect((await state(w.salesRep, 'lead', lead.id)).body).toEqual({
      following: false,
      followers: 2,
    });
    expect((await put(w.repA, '/api/follows', { subjectType: 'lead' })).status).toBe(400);
    expect(
      (await put(w.repA, '/api/follows', { ...ref('lead', lead.id), userId: w.repA2.id })).status,
    ).toBe(400);
  });
});

describe('DELETE /api/follows', () => {
  it('401 → 404 → unfollows, idempotently', async () => {
    const lead = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    await follow(w.repA, 'lead', lead.id);
    expect((await w.anon.delete(`/api/follows?${qs('lead', lead.id)}`)).status).toBe(401);
    for (const [a, type, id] of OUT_OF_SCOPE()) {
      expect((await unfollow(a, type, id)).status).toBe(404);
    }
    expect((await unfollow(w.repA, 'lead', lead.id)).status).toBe(204);
    expect((await unfollow(w.repA, 'lead', lead.id)).status).toBe(204);
    expect((await state(w.repA, 'lead', lead.id)).body).toEqual({ following: false, followers: 0 });
  });
});

describe('GET /api/follows/mine', () => {
  it('401; the records I follow and can still see, newest first, with labels and links', async () => {
    expect((await w.anon.get('/api/follows/mine')).status).toBe(401);
    const me = await actor(env, { role: 'partner_rep', partnerId: w.partnerA.id });
    const lead = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: me.id });
    const account = await makeAccount(env.deps, {
      name: 'Followed Account',
      managedByPartnerId: w.partnerA.id,
      partnerUserId: me.id,
    });
    await follow(me, 'account', account.id);
    await follow(me, 'lead', lead.id);
    const res = await me.http.get('/api/follows/mine');
    expect(res.status).toBe(200);
    expect(res.body.data.map((f: { record: unknown }) => f.record)).toEqual([
      { type: 'lead', id: lead.id, label: 'Jane Doe (Acme Widgets)', link: `/leads/${lead.id}` },
      {
        type: 'account',
        id: account.id,
        label: 'Followed Account',
        link: `/accounts/${account.id}`,
      },
    ]);
    const page1 = await me.http.get('/api/follows/mine?limit=1');
    expect(page1.body.data).toHaveLength(1);
    const page2 = await me.http.get(`/api/follows/mine?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.data[0].record.id).toBe(account.id);
    expect(page2.body.nextCursor).toBeNull();
    expect((await me.http.get('/api/follows/mine?cursor=nonsense')).status).toBe(400);

    // The lead moves to another rep: it drops out of the list.
    await env.deps.db
      .updateTable('leads')
      .set({ partner_user_id: w.repA.id })
      .where('id', '=', lead.id)
      .execute();
    const after = await me.http.get('/api/follows/mine');
    expect(after.body.data.map((f: { record: { id: string } }) => f.record.id)).toEqual([
      account.id,
    ]);
  });
});

describe('notifying followers', () => {
  it('tells followers about a change, but not the actor nor a follower who lost access', async () => {
    const lead = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    // repA2 sees the lead through a share while following it, then the share is withdrawn.
    await env.deps.db
      .insertInto('record_shares')
      .values({ record_type: 'lead', record_id: lead.id, user_id: w.repA2.id })
      .execute();
    for (const a of [w.repA, w.repA2, w.salesRep, w.channelManager]) {
      expect((await follow(a, 'lead', lead.id)).status).toBe(204);
    }
    await env.deps.db.deleteFrom('record_shares').where('record_id', '=', lead.id).execute();

    // The change a lead feature makes: update the row and notify in the same transaction.
    await env.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('leads')
        .set({ company: 'Acme Gadgets' })
        .where('id', '=', lead.id)
        .execute();
      const rec = await findRecord(
        trx,
        { kind: 'internal', userId: w.salesRep.id, role: 'sales_rep' },
        'lead',
        lead.id,
      );
      await notifyFollowers(
        trx,
        rec!,
        { userId: w.salesRep.id, name: w.salesRep.name },
        'Company: Acme Widgets → Acme Gadgets',
      );
    });

    const about = async (who: Actor) =>
      (await who.http.get('/api/notifications')).body.data.filter(
        (n: { recordId: string }) => n.recordId === lead.id,
      );
    const got = await about(w.repA);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      kind: 'followed_change',
      title: `${w.salesRep.name} changed lead Jane Doe (Acme Gadgets)`,
      body: 'Company: Acme Widgets → Acme Gadgets',
      link: `/leads/${lead.id}`,
      actor: { id: w.salesRep.id },
    });
    expect(await about(w.channelManager)).toHaveLength(1);
    expect(await about(w.salesRep)).toEqual([]);
    expect(await about(w.repA2)).toEqual([]);

    // A rolled-back change notifies no one.
    await expect(
      env.deps.db.transaction().execute(async (trx) => {
        const rec = await findRecord(
          trx,
          { kind: 'internal', userId: w.salesRep.id, role: 'sales_rep' },
          'lead',
          lead.id,
        );
        await notifyFollowers(trx, rec!, { userId: w.salesRep.id, name: w.salesRep.name }, 'Oops');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await about(w.repA)).toHaveLength(1);
  });
});
