import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import {
  actor,
  makeAccount,
  makeCase,
  makeContact,
  world,
  type Actor,
  type World,
} from '../support/factories';
import { mentionToken, parseMentions, splitMentions } from '../../src/shared/comments';

let env: TestEnv;
let w: World;
let accountA: { id: string; name: string };
let accountB: { id: string };
let contactA: { id: string; first_name: string; last_name: string };
let caseA: { id: string; number: number; subject: string };

const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  accountA = await makeAccount(env.deps, {
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA.id,
  });
  accountB = await makeAccount(env.deps, { managedByPartnerId: w.partnerB.id });
  contactA = await makeContact(env.deps, { accountId: accountA.id });
  caseA = await makeCase(env.deps, {
    subject: 'Licence renewal',
    managedByPartnerId: w.partnerA.id,
    accountId: accountA.id,
  });
});
afterAll(() => env.close());

const at = (u: { id: string; name: string }) => mentionToken(u);

async function comment(who: Actor, over: Record<string, unknown> = {}) {
  const res = await who.http.post('/api/comments', {
    subjectType: 'partner',
    subjectId: w.partnerA.id,
    body: 'A comment',
    ...over,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number; parentId: string | null };
}

const threads = async (who: Actor, type: string, id: string) =>
  (await who.http.get(`/api/comments?subjectType=${type}&subjectId=${id}&limit=200`)).body.data as {
    id: string;
    body: string | null;
    deleted: boolean;
    replies: { id: string; body: string }[];
  }[];

async function mentionsOf(who: Actor) {
  const res = await who.http.get('/api/notifications?limit=200');
  return res.body.data.filter((n: { kind: string }) => n.kind === 'mention') as {
    title: string;
    body: string;
    link: string;
    recordType: string;
    recordId: string;
    actor: { id: string };
  }[];
}

describe('mention syntax', () => {
  it('parses tokens, ignores malformed ones and keeps names from breaking out', () => {
    const id = 'ABCDEF01-2345-4678-89ab-cdef01234567';
    const body = `Hi @[Ada Admin](user:${id}) and @[Ada Admin](user:${id}) @[x](user:nope) @[]()`;
    expect(parseMentions(body)).toEqual([{ id: id.toLowerCase(), name: 'Ada Admin' }]);
    expect(splitMentions(body)[0]).toEqual({ kind: 'text', text: 'Hi ' });
    const token = mentionToken({ id: MISSING, name: 'Evil](user:x) [Name' });
    expect(parseMentions(token)).toEqual([{ id: MISSING, name: 'Evil (user:x)  Name' }]);
  });
});

describe('POST /api/comments', () => {
  it('401 → 404 for partner users on partner records and on another partner’s account', async () => {
    const body = { subjectType: 'partner', subjectId: w.partnerA.id, body: 'Hello' };
    expect((await w.anon.post('/api/comments', body)).status).toBe(401);
    expect((await w.adminA.http.post('/api/comments', body)).status).toBe(404);
    expect((await w.repA.http.post('/api/comments', body)).status).toBe(404);
    const other = { subjectType: 'account', subjectId: accountB.id, body: 'Hello' };
    expect((await w.adminA.http.post('/api/comments', other)).status).toBe(404);
    expect(
      (await w.repA2.http.post('/api/comments', { ...other, subjectId: accountA.id })).status,
    ).toBe(404);
    expect(
      (await w.admin.http.post('/api/comments', { ...other, subjectId: MISSING })).status,
    ).toBe(404);
  });

  it('validates the body and the parent', async () => {
    const base = { subjectType: 'partner', subjectId: w.partnerA.id };
    const empty = await w.admin.http.post('/api/comments', { ...base, body: '   ' });
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.body.error.fields)).toEqual(['body']);
    expect(
      (await w.admin.http.post('/api/comments', { ...base, body: 'x'.repeat(10001) })).status,
    ).toBe(400);
    expect(
      (await w.admin.http.post('/api/comments', { ...base, body: 'x'.repeat(10000) })).status,
    ).toBe(201);
    const elsewhere = await comment(w.admin, { subjectType: 'account', subjectId: accountA.id });
    const wrongParent = await w.admin.http.post('/api/comments', {
      ...base,
      body: 'reply',
      parentId: elsewhere.id,
    });
    expect(wrongParent.status).toBe(400);
    expect(wrongParent.body.error.fields).toEqual({ parentId: 'No such comment on this record' });
    expect(
      (await w.admin.http.post('/api/comments', { ...base, body: 'r', parentId: MISSING })).status,
    ).toBe(400);
  });

  it('threads one level deep: a reply to a reply joins the top-level thread', async () => {
    const partner = (await w.admin.http.post('/api/partners', { companyName: 'Thread Co' })).body;
    const on = { subjectType: 'partner', subjectId: partner.id };
    const top = await comment(w.channelManager, { ...on, body: 'First' });
    const second = await comment(w.salesRep, { ...on, body: 'Second thread' });
    const reply = await comment(w.salesRep, { ...on, body: 'Reply', parentId: top.id });
    const nested = await comment(w.admin, { ...on, body: 'Reply to reply', parentId: reply.id });
    expect(reply.parentId).toBe(top.id);
    expect(nested.parentId).toBe(top.id);
    const t = await threads(w.finance, 'partner', partner.id);
    expect(t.map((x) => x.id)).toEqual([top.id, second.id]);
    expect(t[0]!.replies.map((r) => r.body)).toEqual(['Reply', 'Reply to reply']);
    expect(t[0]).toMatchObject({ abilities: { update: false, delete: false, reply: true } });
    expect((t[0]!.replies[0] as unknown as { abilities: object }).abilities).toEqual({
      update: false,
      delete: false,
      reply: false,
    });
    const page1 = await w.finance.http.get(
      `/api/comments?subjectType=partner&subjectId=${partner.id}&limit=1`,
    );
    expect(page1.body.data).toHaveLength(1);
    const page2 = await w.finance.http.get(
      `/api/comments?subjectType=partner&subjectId=${partner.id}&limit=1&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.data.map((x: { id: string }) => x.id)).toEqual([second.id]);
    expect(page2.body.nextCursor).toBeNull();
  });
});

describe('mentions', () => {
  it('notifies mentioned internal users on a partner record, with a link to it', async () => {
    await comment(w.channelManager, {
      body: `Can you look at this, ${at(w.salesRep)}?`,
    });
    const got = await mentionsOf(w.salesRep);
    expect(got[0]).toMatchObject({
      title: `${w.channelManager.name} mentioned you on ${w.partnerA.company_name}`,
      body: `Can you look at this, @${w.salesRep.name}?`,
      link: `/partners/${w.partnerA.id}`,
      recordType: 'partner',
      recordId: w.partnerA.id,
      actor: { id: w.channelManager.id },
    });
  });

  it('does not notify people who cannot see the record, nor reveal who they are', async () => {
    const before = await mentionsOf(w.adminA);
    const withPartnerUser = await w.channelManager.http.post('/api/comments', {
      subjectType: 'partner',
      subjectId: w.partnerA.id,
      body: `Internal note about ${at(w.adminA)}`,
    });
    const withNobody = await w.channelManager.http.post('/api/comments', {
      subjectType: 'partner',
      subjectId: w.partnerA.id,
      body: `Internal note about ${at({ id: MISSING, name: 'Nobody' })}`,
    });
    expect(withPartnerUser.status).toBe(201);
    expect(withNobody.status).toBe(201);
    expect(Object.keys(withPartnerUser.body).sort()).toEqual(Object.keys(withNobody.body).sort());
    expect(await mentionsOf(w.adminA)).toEqual(before);
  });

  it('on customer records, notifies partner users only if they see the record', async () => {
    const cm = await mentionsOf(w.channelManager);
    await comment(w.repA, {
      subjectType: 'account',
      subjectId: accountA.id,
      body: `${at(w.adminA)} ${at(w.repA2)} ${at(w.adminB)} ${at(w.channelManager)} ${at(w.repA)}`,
    });
    const a = await mentionsOf(w.adminA);
    expect(a[0]).toMatchObject({
      title: `${w.repA.name} mentioned you on ${accountA.name}`,
      link: `/accounts/${accountA.id}`,
    });
    expect(await mentionsOf(w.repA2)).toEqual([]);
    expect(await mentionsOf(w.adminB)).toEqual([]);
    expect(await mentionsOf(w.repA)).toEqual([]); // no notification for mentioning yourself
    expect((await mentionsOf(w.channelManager)).length).toBe(cm.length + 1);
  });

  it('links contacts to their own page and names cases', async () => {
    await comment(w.admin, {
      subjectType: 'contact',
      subjectId: contactA.id,
      body: `ping ${at(w.marketing)}`,
    });
    await comment(w.admin, {
      subjectType: 'case',
      subjectId: caseA.id,
      body: `ping ${at(w.marketing)}`,
    });
    const [onCase, onContact] = await mentionsOf(w.marketing);
    expect(onContact).toMatchObject({
      title: `${w.admin.name} mentioned you on ${contactA.first_name} ${contactA.last_name}`,
      link: `/contacts/${contactA.id}`,
    });
    expect(onCase).toMatchObject({
      title: `${w.admin.name} mentioned you on case #${caseA.number} “Licence renewal”`,
      link: `/cases/${caseA.id}`,
    });
  });

  it('an edit notifies only the newly mentioned', async () => {
    const c = await comment(w.channelManager, { body: `cc ${at(w.finance)}` });
    const finance = (await mentionsOf(w.finance)).length;
    const edited = await w.channelManager.http.patch(`/api/comments/${c.id}`, {
      version: c.version,
      body: `cc ${at(w.finance)} and ${at(w.admin)}`,
    });
    expect(edited.status).toBe(200);
    expect((await mentionsOf(w.finance)).length).toBe(finance);
    expect((await mentionsOf(w.admin))[0]!.title).toContain(w.channelManager.name);
  });

  it('skips deactivated users', async () => {
    const gone = await actor(env, { role: 'sales_rep' });
    expect(
      (await w.admin.http.patch(`/api/users/${gone.id}`, { version: 1, active: false })).status,
    ).toBe(200);
    await comment(w.admin, { body: `${at(gone)}` });
    const rows = await env.deps.db
      .selectFrom('notifications')
      .select('id')
      .where('user_id', '=', gone.id)
      .execute();
    expect(rows).toEqual([]);
  });
});

describe('PATCH /api/comments/:id', () => {
  it('401 → 403 (not the author, even an admin) → 404 (out of scope)', async () => {
    const c = await comment(w.repA, { subjectType: 'account', subjectId: accountA.id });
    const patch = { version: 1, body: 'Changed' };
    expect((await w.anon.patch(`/api/comments/${c.id}`, patch)).status).toBe(401);
    expect((await w.adminA.http.patch(`/api/comments/${c.id}`, patch)).status).toBe(403);
    expect((await w.admin.http.patch(`/api/comments/${c.id}`, patch)).status).toBe(403);
    expect((await w.adminB.http.patch(`/api/comments/${c.id}`, patch)).status).toBe(404);
    expect((await w.repA2.http.patch(`/api/comments/${c.id}`, patch)).status).toBe(404);
    expect((await w.admin.http.patch(`/api/comments/${MISSING}`, patch)).status).toBe(404);
  });

  it('the author edits; marks it edited; stale 409, missing version 428, validation 400', async () => {
    const c = await comment(w.salesRep);
    const ok = await w.salesRep.http.patch(`/api/comments/${c.id}`, {
      version: 1,
      body: 'Better words',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ body: 'Better words', version: 2 });
    expect(ok.body.editedAt).toBeTruthy();
    const stale = await w.salesRep.http.patch(`/api/comments/${c.id}`, { version: 1, body: 'x' });
    expect(stale.status).toBe(409);
    expect((await w.salesRep.http.patch(`/api/comments/${c.id}`, { body: 'x' })).status).toBe(428);
    expect(
      (await w.salesRep.http.patch(`/api/comments/${c.id}`, { version: 2, body: '' })).status,
    ).toBe(400);
    const h = await w.salesRep.http.get(`/api/history?subjectType=comment&subjectId=${c.id}`);
    expect(h.body.data.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(
      (await w.adminA.http.get(`/api/history?subjectType=comment&subjectId=${c.id}`)).status,
    ).toBe(404);
  });
});

describe('DELETE /api/comments/:id', () => {
  it('401 → 403 (not the author) → 404 (out of scope)', async () => {
    const c = await comment(w.repA, { subjectType: 'account', subjectId: accountA.id });
    expect((await w.anon.delete(`/api/comments/${c.id}`)).status).toBe(401);
    expect((await w.adminA.http.delete(`/api/comments/${c.id}`)).status).toBe(403);
    expect((await w.salesRep.http.delete(`/api/comments/${c.id}`)).status).toBe(403);
    expect((await w.adminB.http.delete(`/api/comments/${c.id}`)).status).toBe(404);
    expect((await w.repA.http.delete(`/api/comments/${c.id}`)).status).toBe(204);
    expect((await w.repA.http.delete(`/api/comments/${c.id}`)).status).toBe(404);
  });

  it('a deleted comment with replies stays as "deleted"; without replies it disappears', async () => {
    const partner = (await w.admin.http.post('/api/partners', { companyName: 'Delete Co' })).body;
    const on = { subjectType: 'partner', subjectId: partner.id };
    const top = await comment(w.salesRep, { ...on, body: 'Secret words' });
    const reply = await comment(w.finance, { ...on, body: 'Answer', parentId: top.id });
    const lonely = await comment(w.salesRep, { ...on, body: 'Alone' });
    expect((await w.salesRep.http.delete(`/api/comments/${top.id}`)).status).toBe(204);
    expect((await w.admin.http.delete(`/api/comments/${lonely.id}`)).status).toBe(204);
    let t = await threads(w.marketing, 'partner', partner.id);
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({ id: top.id, body: null, deleted: true });
    expect(JSON.stringify(t)).not.toContain('Secret words');
    expect(t[0]!.replies.map((r) => r.id)).toEqual([reply.id]);
    // No new replies on a deleted comment, no edits of it.
    expect(
      (await w.finance.http.post('/api/comments', { ...on, body: 'More', parentId: top.id }))
        .status,
    ).toBe(400);
    expect(
      (await w.salesRep.http.patch(`/api/comments/${top.id}`, { version: 2, body: 'back' })).status,
    ).toBe(404);
    expect((await w.finance.http.delete(`/api/comments/${reply.id}`)).status).toBe(204);
    t = await threads(w.marketing, 'partner', partner.id);
    expect(t).toEqual([]);
  });
});

describe('GET /api/comments and /api/comments/mentionable', () => {
  it('401 → 404 out of scope', async () => {
    for (const path of ['/api/comments', '/api/comments/mentionable']) {
      expect(
        (await w.anon.get(`${path}?subjectType=partner&subjectId=${w.partnerA.id}`)).status,
      ).toBe(401);
      expect(
        (await w.adminA.http.get(`${path}?subjectType=partner&subjectId=${w.partnerA.id}`)).status,
      ).toBe(404);
      expect(
        (await w.adminA.http.get(`${path}?subjectType=account&subjectId=${accountB.id}`)).status,
      ).toBe(404);
      expect(
        (await w.repA2.http.get(`${path}?subjectType=case&subjectId=${caseA.id}`)).status,
      ).toBe(404);
      expect((await w.admin.http.get(`${path}?subjectType=nope&subjectId=x`)).status).toBe(400);
    }
  });

  it('suggests only people who can see the record', async () => {
    const ids = async (who: Actor, type: string, id: string, q = '') =>
      (
        await who.http.get(
          `/api/comments/mentionable?subjectType=${type}&subjectId=${id}&q=${encodeURIComponent(q)}`,
        )
      ).body.data.map((u: { id: string }) => u.id) as string[];
    const onPartner = await ids(w.admin, 'partner', w.partnerA.id, w.adminA.name);
    expect(onPartner).not.toContain(w.adminA.id);
    expect(await ids(w.admin, 'partner', w.partnerA.id, w.salesRep.email)).toEqual([w.salesRep.id]);
    for (const [who, expected] of [
      [w.adminA, true],
      [w.repA, true],
      [w.repA2, false],
      [w.adminB, false],
      [w.finance, true],
    ] as const) {
      expect(await ids(w.repA, 'account', accountA.id, who.email), who.email).toEqual(
        expected ? [who.id] : [],
      );
    }
    expect((await ids(w.admin, 'account', accountA.id)).length).toBeLessThanOrEqual(10);
  });
});
