import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { makeAccount, world, type Actor, type World } from '../support/factories';
import { mentionToken } from '../../src/shared/comments';

let env: TestEnv;
let w: World;
let accountA: { id: string };

const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  accountA = await makeAccount(env.deps, {
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA.id,
  });
});
afterAll(() => env.close());

/** Mentions `who` in a comment by `by` on account A; returns the newest notification of `who`. */
async function mention(by: Actor, who: Actor, text = 'look') {
  const res = await by.http.post('/api/comments', {
    subjectType: 'account',
    subjectId: accountA.id,
    body: `${text} ${mentionToken(who)}`,
  });
  expect(res.status).toBe(201);
  const list = await who.http.get('/api/notifications?limit=1');
  return list.body.data[0] as { id: string; readAt: string | null; title: string };
}

const unread = async (who: Actor) =>
  (await who.http.get('/api/notifications/unread-count')).body.count as number;

describe('GET /api/notifications and unread-count', () => {
  it('401, then each user sees only their own', async () => {
    expect((await w.anon.get('/api/notifications')).status).toBe(401);
    expect((await w.anon.get('/api/notifications/unread-count')).status).toBe(401);
    const n = await mention(w.admin, w.adminA, 'secret for A');
    expect(n.title).toContain(w.admin.name);
    for (const other of [w.repA, w.adminB, w.salesRep]) {
      const res = await other.http.get('/api/notifications?limit=200');
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(n.id);
    }
    expect(await unread(w.adminA)).toBe(1);
    expect(await unread(w.adminB)).toBe(0);
  });

  it('lists newest first in keyset pages, filtered by read state', async () => {
    const who = w.channelManager;
    for (const text of ['one', 'two', 'three']) await mention(w.admin, who, text);
    const first = await who.http.get('/api/notifications?limit=2');
    expect(first.body.data.map((x: { body: string }) => x.body.split(' ')[0])).toEqual([
      'three',
      'two',
    ]);
    const second = await who.http.get(`/api/notifications?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((x: { body: string }) => x.body.split(' ')[0])).toEqual(['one']);
    expect(second.body.nextCursor).toBeNull();
    await who.http.post(`/api/notifications/${second.body.data[0].id}/read`);
    const unreadOnly = await who.http.get('/api/notifications?unread=true');
    expect(unreadOnly.body.data).toHaveLength(2);
    const readOnly = await who.http.get('/api/notifications?unread=false');
    expect(readOnly.body.data.map((x: { id: string }) => x.id)).toEqual([second.body.data[0].id]);
    expect((await who.http.get('/api/notifications?unread=maybe')).status).toBe(400);
    expect((await who.http.get('/api/notifications?cursor=junk')).status).toBe(400);
  });
});

describe('POST /api/notifications/:id/read', () => {
  it("401 → 404 for someone else's notification (and it stays unread)", async () => {
    const n = await mention(w.admin, w.repA);
    expect((await w.anon.post(`/api/notifications/${n.id}/read`)).status).toBe(401);
    for (const other of [w.adminA, w.repA2, w.adminB, w.admin]) {
      const res = await other.http.post(`/api/notifications/${n.id}/read`);
      expect(res.status).toBe(404);
    }
    expect((await w.repA.http.post(`/api/notifications/${MISSING}/read`)).status).toBe(404);
    expect((await w.repA.http.post('/api/notifications/not-an-id/read')).status).toBe(400);
    expect(await unread(w.repA)).toBe(1);
  });

  it('marks read once, keeping the first read time', async () => {
    const n = await mention(w.admin, w.finance);
    const before = await unread(w.finance);
    const first = await w.finance.http.post(`/api/notifications/${n.id}/read`);
    expect(first.status).toBe(200);
    expect(first.body.readAt).toBeTruthy();
    expect(await unread(w.finance)).toBe(before - 1);
    const again = await w.finance.http.post(`/api/notifications/${n.id}/read`);
    expect(again.body.readAt).toBe(first.body.readAt);
  });
});

describe('POST /api/notifications/read-all', () => {
  it("401, then marks only the caller's own", async () => {
    expect((await w.anon.post('/api/notifications/read-all')).status).toBe(401);
    await mention(w.admin, w.marketing, 'a');
    await mention(w.admin, w.marketing, 'b');
    await mention(w.admin, w.salesRep, 'c');
    const res = await w.marketing.http.post('/api/notifications/read-all');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ count: 2 });
    expect(await unread(w.marketing)).toBe(0);
    expect(await unread(w.salesRep)).toBe(1);
    expect((await w.marketing.http.post('/api/notifications/read-all')).body).toEqual({
      count: 0,
    });
  });
});
