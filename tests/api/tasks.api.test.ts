import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { actor, makeAccount, world, type Actor, type World } from '../support/factories';
import { makeLead } from '../support/sales';

let env: TestEnv;
let w: World;
let accountA: { id: string };
let accountB: { id: string };
let leadA: { id: string };
let today: string;
let yesterday: string;
let inAMonth: string;

const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  accountA = await makeAccount(env.deps, {
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA.id,
  });
  accountB = await makeAccount(env.deps, { managedByPartnerId: w.partnerB.id });
  leadA = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
  // "Today" is the database's date, which is what the overdue flag is computed against.
  const d = await sql<{ today: string; yesterday: string; month: string }>`select
    current_date::text as today, (current_date - 1)::text as yesterday,
    (current_date + 30)::text as month`.execute(env.deps.db);
  ({ today, yesterday, month: inAMonth } = d.rows[0]!);
});
afterAll(() => env.close());

const input = (over: Record<string, unknown> = {}) => ({
  subjectType: 'lead',
  subjectId: leadA.id,
  subject: 'Send the proposal',
  ...over,
});

type TaskBody = {
  id: string;
  version: number;
  subject: string;
  overdue: boolean;
  done: boolean;
  assignee: { id: string } | null;
};

async function addTask(who: Actor, over: Record<string, unknown> = {}) {
  const res = await who.http.post('/api/tasks', input(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as TaskBody;
}

const list = (who: Actor, type: string, id: string, extra = '') =>
  who.http.get(`/api/tasks?subjectType=${type}&subjectId=${id}${extra}`);
const subjects = (res: { body: { data: { subject: string }[] } }) =>
  res.body.data.map((t) => t.subject);

async function notificationsOf(who: Actor, recordId: string) {
  const res = await who.http.get('/api/notifications');
  return (
    res.body.data as { recordId: string; kind: string; title: string; body: string }[]
  ).filter((n) => n.recordId === recordId);
}

describe('POST /api/tasks', () => {
  it('401 → 404 for records out of scope', async () => {
    expect((await w.anon.post('/api/tasks', input())).status).toBe(401);
    for (const a of [w.adminA, w.repA]) {
      expect(
        (
          await a.http.post(
            '/api/tasks',
            input({ subjectType: 'partner', subjectId: w.partnerA.id }),
          )
        ).status,
      ).toBe(404);
    }
    for (const [a, type, id] of [
      [w.adminB, 'lead', leadA.id],
      [w.repA2, 'lead', leadA.id],
      [w.adminA, 'account', accountB.id],
      [w.admin, 'lead', MISSING],
    ] as const) {
      expect(
        (await a.http.post('/api/tasks', input({ subjectType: type, subjectId: id }))).status,
      ).toBe(404);
    }
  });

  it('creates a task assigned to its creator by default, with the record, and audits it', async () => {
    const res = await w.repA.http.post('/api/tasks', input({ dueDate: inAMonth }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      subjectType: 'lead',
      subjectId: leadA.id,
      partnerId: w.partnerA.id,
      record: {
        type: 'lead',
        id: leadA.id,
        label: 'Jane Doe (Acme Widgets)',
        link: `/leads/${leadA.id}`,
      },
      subject: 'Send the proposal',
      description: '',
      dueDate: inAMonth,
      assignee: { id: w.repA.id, name: w.repA.name },
      createdBy: { id: w.repA.id },
      done: false,
      doneAt: null,
      overdue: false,
      version: 1,
      abilities: { update: true, complete: true, delete: true },
    });
    const h = await w.adminA.http.get(`/api/history?subjectType=task&subjectId=${res.body.id}`);
    expect(h.body.data[0]).toMatchObject({ action: 'create', actor: { id: w.repA.id } });
    // Assigning yourself notifies nobody.
    expect(await notificationsOf(w.repA, leadA.id)).toEqual([]);
  });

  it('notifies the assignee when it is someone else', async () => {
    const lead = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    await addTask(w.salesRep, {
      subjectId: lead.id,
      subject: 'Call the CFO',
      dueDate: today,
      assigneeId: w.repA.id,
    });
    const got = await notificationsOf(w.repA, lead.id);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      kind: 'task_assigned',
      title: `${w.salesRep.name} assigned you a task on lead Jane Doe (Acme Widgets)`,
      body: `Call the CFO — due ${today}`,
    });
  });

  it('refuses an assignee who cannot see the record (422 on the field)', async () => {
    for (const who of [w.repA2, w.adminB, w.repB]) {
      const res = await w.salesRep.http.post('/api/tasks', input({ assigneeId: who.id }));
      expect(res.status).toBe(422);
      expect(res.body.error.fields).toEqual({
        assigneeId: 'must be an active user who can see this record',
      });
    }
    const inactive = await actor(env, { role: 'sales_rep' });
    await env.deps.db
      .updateTable('users')
      .set({ active: false })
      .where('id', '=', inactive.id)
      .execute();
    expect(
      (await w.salesRep.http.post('/api/tasks', input({ assigneeId: inactive.id }))).status,
    ).toBe(422);
    // Partner users never see a partner record's log, so they cannot be given its tasks.
    const onPartner = await w.channelManager.http.post(
      '/api/tasks',
      input({ subjectType: 'partner', subjectId: w.partnerA.id, assigneeId: w.adminA.id }),
    );
    expect(onPartner.status).toBe(422);
    const unassigned = await addTask(w.salesRep, { assigneeId: null });
    expect(unassigned.assignee).toBeNull();
  });

  it('validates fields', async () => {
    const bad = await w.admin.http.post(
      '/api/tasks',
      input({
        subject: '',
        dueDate: '31/12/2026',
        assigneeId: 'nobody',
        description: 'x'.repeat(5001),
      }),
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual([
      'assigneeId',
      'description',
      'dueDate',
      'subject',
    ]);
    expect((await w.admin.http.post('/api/tasks', input({ done: true }))).status).toBe(400);
  });
});

describe('GET /api/tasks', () => {
  it('401 → 404 for records out of scope; 400 without a record', async () => {
    expect((await w.anon.get(`/api/tasks?subjectType=lead&subjectId=${leadA.id}`)).status).toBe(
      401,
    );
    expect((await list(w.adminA, 'partner', w.partnerA.id)).status).toBe(404);
    expect((await list(w.adminB, 'lead', leadA.id)).status).toBe(404);
    expect((await list(w.repA2, 'lead', leadA.id)).status).toBe(404);
    expect((await list(w.repB, 'account', accountA.id)).status).toBe(404);
    expect((await w.admin.http.get('/api/tasks')).status).toBe(400);
  });

  it('lists open tasks by due date (undated last), then done ones, flagging the overdue', async () => {
    const account = await makeAccount(env.deps);
    const on = { subjectType: 'account', subjectId: account.id };
    await addTask(w.salesRep, { ...on, subject: 'Later', dueDate: inAMonth });
    await addTask(w.salesRep, { ...on, subject: 'Undated' });
    const late = await addTask(w.salesRep, { ...on, subject: 'Late', dueDate: yesterday });
    await addTask(w.salesRep, { ...on, subject: 'Today', dueDate: today });
    const finished = await addTask(w.salesRep, { ...on, subject: 'Finished', dueDate: yesterday });
    const done = await w.salesRep.http.patch(`/api/tasks/${finished.id}`, {
      version: 1,
      done: true,
    });
    expect(done.body).toMatchObject({ done: true, overdue: false });
    expect(done.body.doneAt).toBeTruthy();

    const all = await list(w.salesRep, 'account', account.id);
    expect(subjects(all)).toEqual(['Late', 'Today', 'Later', 'Undated', 'Finished']);
    expect(all.body.data.map((t: TaskBody) => t.overdue)).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(all.body.data[0].id).toBe(late.id);

    // Keyset pages across the groups return the same order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(
        w.salesRep,
        'account',
        account.id,
        `&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...subjects(res));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(subjects(all));
    expect((await list(w.salesRep, 'account', account.id, '&cursor=garbage')).status).toBe(400);
  });
});

describe('PATCH /api/tasks/:id', () => {
  it('401 → 403 (neither creator nor assignee) → 404 (out of scope or missing)', async () => {
    const t = await addTask(w.salesRep, { assigneeId: w.repA.id });
    const patch = { version: 1, subject: 'Changed' };
    expect((await w.anon.patch(`/api/tasks/${t.id}`, patch)).status).toBe(401);
    expect((await w.finance.http.patch(`/api/tasks/${t.id}`, patch)).status).toBe(403);
    expect((await w.adminA.http.patch(`/api/tasks/${t.id}`, patch)).status).toBe(403);
    expect((await w.adminB.http.patch(`/api/tasks/${t.id}`, patch)).status).toBe(404);
    expect((await w.repA2.http.patch(`/api/tasks/${t.id}`, patch)).status).toBe(404);
    expect((await w.admin.http.patch(`/api/tasks/${MISSING}`, patch)).status).toBe(404);
  });

  it('the assignee completes and reopens it; stale versions conflict', async () => {
    const t = await addTask(w.salesRep, { assigneeId: w.repA.id, dueDate: yesterday });
    expect(t.overdue).toBe(true);
    expect((await w.repA.http.patch(`/api/tasks/${t.id}`, { done: true })).status).toBe(428);
    const done = await w.repA.http.patch(`/api/tasks/${t.id}`, { version: 1, done: true });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ done: true, overdue: false, version: 2 });
    const stale = await w.salesRep.http.patch(`/api/tasks/${t.id}`, { version: 1, done: false });
    expect(stale.status).toBe(409);
    const reopened = await w.salesRep.http.patch(`/api/tasks/${t.id}`, { version: 2, done: false });
    expect(reopened.body).toMatchObject({ done: false, doneAt: null, overdue: true });
    const h = await w.admin.http.get(`/api/history?subjectType=task&subjectId=${t.id}`);
    expect(h.body.data.map((e: { action: string }) => e.action)).toEqual([
      'reopen',
      'complete',
      'create',
    ]);
    // The assignee may not delete what someone else set up.
    expect(
      (await w.repA.http.patch(`/api/tasks/${t.id}`, { version: 3, dueDate: null })).body,
    ).toMatchObject({ dueDate: null, overdue: false, abilities: { delete: false } });
  });

  it('reassigning checks the new assignee and notifies them', async () => {
    const lead = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    const t = await addTask(w.salesRep, { subjectId: lead.id, subject: 'Qualify budget' });
    const refused = await w.salesRep.http.patch(`/api/tasks/${t.id}`, {
      version: 1,
      assigneeId: w.repA2.id,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toHaveProperty('assigneeId');
    const moved = await w.salesRep.http.patch(`/api/tasks/${t.id}`, {
      version: 1,
      assigneeId: w.adminA.id,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.assignee).toMatchObject({ id: w.adminA.id });
    const got = await notificationsOf(w.adminA, lead.id);
    expect(got.map((n) => n.kind)).toEqual(['task_assigned']);
  });
});

describe('DELETE /api/tasks/:id', () => {
  it('401 → 403 (the assignee is not the creator) → 404 → deletes with history', async () => {
    const t = await addTask(w.salesRep, { assigneeId: w.repA.id });
    expect((await w.anon.delete(`/api/tasks/${t.id}`)).status).toBe(401);
    expect((await w.repA.http.delete(`/api/tasks/${t.id}`)).status).toBe(403);
    expect((await w.adminB.http.delete(`/api/tasks/${t.id}`)).status).toBe(404);
    expect((await w.salesRep.http.delete(`/api/tasks/${t.id}`)).status).toBe(204);
    expect((await w.salesRep.http.delete(`/api/tasks/${t.id}`)).status).toBe(404);
    const event = await env.deps.db
      .selectFrom('events')
      .select('action')
      .where('subject_type', '=', 'task')
      .where('subject_id', '=', t.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event.action).toBe('delete');
  });
});

describe('GET /api/tasks/mine', () => {
  it('401; lists my tasks across records I can still see, with filters', async () => {
    expect((await w.anon.get('/api/tasks/mine')).status).toBe(401);
    const me = await actor(env, { role: 'partner_rep', partnerId: w.partnerA.id });
    const mine = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: me.id });
    const shared = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    const account = await makeAccount(env.deps, {
      managedByPartnerId: w.partnerA.id,
      partnerUserId: me.id,
    });
    await env.deps.db
      .insertInto('record_shares')
      .values({ record_type: 'lead', record_id: shared.id, user_id: me.id })
      .execute();

    const task = (subjectType: string, subjectId: string, subject: string, dueDate?: string) =>
      addTask(w.salesRep, { subjectType, subjectId, subject, dueDate, assigneeId: me.id });
    await task('lead', mine.id, 'Overdue call', yesterday);
    await task('lead', shared.id, 'Shared follow-up', today);
    await task('account', account.id, 'Renewal', inAMonth);
    const finished = await task('account', account.id, 'Done already', today);
    await w.salesRep.http.patch(`/api/tasks/${finished.id}`, { version: 1, done: true });
    // Someone else's task does not show.
    await addTask(w.salesRep, { subjectId: mine.id, subject: 'Not mine', assigneeId: w.adminA.id });

    const get = async (q = '') => {
      const res = await me.http.get(`/api/tasks/mine${q}`);
      expect(res.status).toBe(200);
      return subjects(res);
    };
    expect(await get()).toEqual(['Overdue call', 'Shared follow-up', 'Renewal']);
    expect(await get('?status=done')).toEqual(['Done already']);
    expect(await get('?status=all')).toEqual([
      'Overdue call',
      'Shared follow-up',
      'Renewal',
      'Done already',
    ]);
    expect(await get('?due=overdue')).toEqual(['Overdue call']);
    expect(await get('?due=today')).toEqual(['Shared follow-up']);
    expect(await get('?status=all&due=today')).toEqual(['Shared follow-up', 'Done already']);
    expect(await get('?due=week')).toContain('Shared follow-up');
    expect(await get('?due=week')).not.toContain('Renewal');
    expect(await get('?due=week')).not.toContain('Overdue call');
    const first = (await me.http.get('/api/tasks/mine')).body.data[0];
    expect(first).toMatchObject({
      overdue: true,
      record: { type: 'lead', id: mine.id, link: `/leads/${mine.id}` },
    });

    // Losing access to a record hides its tasks: the share is withdrawn, the lead and the
    // account move to another rep.
    await env.deps.db.deleteFrom('record_shares').where('user_id', '=', me.id).execute();
    expect(await get()).toEqual(['Overdue call', 'Renewal']);
    await env.deps.db
      .updateTable('leads')
      .set({ partner_user_id: w.repA.id })
      .where('id', '=', mine.id)
      .execute();
    await env.deps.db
      .updateTable('accounts')
      .set({ managed_by_partner_id: w.partnerB.id, partner_user_id: null })
      .where('id', '=', account.id)
      .execute();
    expect(await get('?status=all')).toEqual([]);

    expect((await me.http.get('/api/tasks/mine?status=later')).status).toBe(400);
    expect((await me.http.get('/api/tasks/mine?due=tomorrow')).status).toBe(400);
    expect((await me.http.get('/api/tasks/mine?cursor=abc')).status).toBe(400);
  });

  it('internal users see their tasks on every kind of record, partners included', async () => {
    const me = await actor(env, { role: 'channel_manager' });
    await addTask(me, { subjectType: 'partner', subjectId: w.partnerB.id, subject: 'Tier review' });
    await addTask(me, { subjectType: 'account', subjectId: accountB.id, subject: 'Check account' });
    const res = await me.http.get('/api/tasks/mine');
    expect(subjects(res).sort()).toEqual(['Check account', 'Tier review']);
    const partnerTask = res.body.data.find((t: TaskBody) => t.subject === 'Tier review');
    expect(partnerTask.record).toEqual({
      type: 'partner',
      id: w.partnerB.id,
      label: w.partnerB.company_name,
      link: `/partners/${w.partnerB.id}`,
    });
  });
});
