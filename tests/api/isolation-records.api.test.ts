import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import {
  makeAccount,
  makeCase,
  makeConsultant,
  makeContact,
  world,
  type Actor,
  type World,
} from '../support/factories';

/**
 * Partner isolation for everything partners manage: consultants, accounts, contacts, cases, the
 * activities and comments on them, saved views and notifications. Partner A's users probe
 * partner B's records by id, through filters, searches, counts, related lists and history, and
 * must always get 404 (identical to a missing record) or nothing at all.
 */
let env: TestEnv;
let w: World;
const MISSING = '00000000-0000-4000-8000-000000000000';

type Side = {
  consultant: { id: string; name: string };
  hidden: { id: string };
  account: { id: string; name: string };
  unassigned: { id: string; name: string };
  contact: { id: string };
  case: { id: string; subject: string };
  activityId: string;
  commentId: string;
};
const side: Record<'A' | 'B', Side> = {} as never;
let sharedViewOfB: string;
let privateViewOfRepA2: string;
let notificationOfAdminB: string;

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  const d = env.deps;
  for (const [key, partner, rep] of [
    ['A', w.partnerA, w.repA],
    ['B', w.partnerB, w.repB],
  ] as const) {
    const consultant = await makeConsultant(d, {
      partnerId: partner.id,
      firstName: `Zed${key}`,
      lastName: `Secretperson${key}`,
    });
    const hidden = await makeConsultant(d, { partnerId: partner.id });
    await d.db
      .updateTable('consultants')
      .set({ visible: false })
      .where('id', '=', hidden.id)
      .execute();
    const account = await makeAccount(d, {
      name: `Account of ${key} ${partner.id.slice(0, 8)}`,
      managedByPartnerId: partner.id,
      partnerUserId: rep.id,
    });
    const unassigned = await makeAccount(d, {
      name: `Unassigned of ${key} ${partner.id.slice(0, 8)}`,
      managedByPartnerId: partner.id,
    });
    const contact = await makeContact(d, { accountId: account.id });
    const kase = await makeCase(d, {
      subject: `Case of ${key} ${partner.id.slice(0, 8)}`,
      accountId: account.id,
      managedByPartnerId: partner.id,
      partnerUserId: rep.id,
    });
    const activity = await w.channelManager.http.post('/api/activities', {
      subjectType: 'account',
      subjectId: account.id,
      type: 'call',
      subject: `Call about ${key}`,
      occurredAt: new Date().toISOString(),
    });
    expect(activity.status).toBe(201);
    const comment = await w.channelManager.http.post('/api/comments', {
      subjectType: 'account',
      subjectId: account.id,
      body: `Comment on ${key}`,
    });
    expect(comment.status).toBe(201);
    side[key] = {
      consultant: { id: consultant.id, name: `Zed${key} Secretperson${key}` },
      hidden: { id: hidden.id },
      account: { id: account.id, name: account.name },
      unassigned: { id: unassigned.id, name: unassigned.name },
      contact: { id: contact.id },
      case: { id: kase.id, subject: kase.subject },
      activityId: activity.body.id,
      commentId: comment.body.id,
    };
  }
  const view = await w.adminB.http.post('/api/saved-views', {
    entity: 'accounts',
    name: 'Beta secret view',
    filters: {},
    columns: [],
    sort: null,
    shared: true,
  });
  expect(view.status).toBe(201);
  sharedViewOfB = view.body.id;
  const priv = await w.repA2.http.post('/api/saved-views', {
    entity: 'accounts',
    name: 'Private of rep A2',
    filters: {},
    columns: [],
    sort: null,
    shared: false,
  });
  expect(priv.status).toBe(201);
  privateViewOfRepA2 = priv.body.id;
  // B's admin is mentioned on B's account and gets a notification.
  const mention = await w.channelManager.http.post('/api/comments', {
    subjectType: 'account',
    subjectId: side.B.account.id,
    body: `Please check @[${w.adminB.name}](user:${w.adminB.id})`,
  });
  expect(mention.status).toBe(201);
  const notes = await w.adminB.http.get('/api/notifications');
  expect(notes.body.data.length).toBeGreaterThan(0);
  notificationOfAdminB = notes.body.data[0].id;
});
afterAll(() => env.close());

function expectLikeMissing(
  res: { status: number; body: any },
  missing: { status: number; body: any },
) {
  expect(res.status).toBe(404);
  expect(missing.status).toBe(404);
  const strip = (b: any) => ({ ...b.error, requestId: undefined });
  expect(strip(res.body)).toEqual(strip(missing.body));
}

const secretsOfB = () => [
  w.partnerB.id,
  w.partnerB.company_name,
  w.adminB.email,
  w.repB.email,
  w.adminB.id,
  w.repB.id,
  side.B.consultant.id,
  side.B.consultant.name,
  side.B.account.id,
  side.B.account.name,
  side.B.unassigned.id,
  side.B.contact.id,
  side.B.case.id,
  side.B.case.subject,
  side.B.activityId,
  side.B.commentId,
  sharedViewOfB,
  'Beta secret view',
  'Comment on B',
  'Call about B',
];

function leakCheck(body: unknown, label: string) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const secret of secretsOfB()) expect(text, `${label} leaks ${secret}`).not.toContain(secret);
}

describe.each([
  ['partner admin A', () => w.adminA],
  ['partner rep A', () => w.repA],
])('%s', (_label, who: () => Actor) => {
  it("reads none of B's records by id, nor their history", async () => {
    const a = who();
    const B = side.B;
    const pairs: [string, string][] = [
      [`/api/consultants/${B.consultant.id}`, `/api/consultants/${MISSING}`],
      [`/api/consultants/${B.hidden.id}`, `/api/consultants/${MISSING}`],
      [`/api/accounts/${B.account.id}`, `/api/accounts/${MISSING}`],
      [`/api/accounts/${B.unassigned.id}`, `/api/accounts/${MISSING}`],
      [`/api/contacts/${B.contact.id}`, `/api/contacts/${MISSING}`],
      [`/api/cases/${B.case.id}`, `/api/cases/${MISSING}`],
      [`/api/saved-views/${sharedViewOfB}`, `/api/saved-views/${MISSING}`],
      [`/api/partners/${w.partnerB.id}/counts`, `/api/partners/${MISSING}/counts`],
      [
        `/api/activities?subjectType=account&subjectId=${B.account.id}`,
        `/api/activities?subjectType=account&subjectId=${MISSING}`,
      ],
      [
        `/api/comments?subjectType=account&subjectId=${B.account.id}`,
        `/api/comments?subjectType=account&subjectId=${MISSING}`,
      ],
      [
        `/api/comments/mentionable?subjectType=account&subjectId=${B.account.id}`,
        `/api/comments/mentionable?subjectType=account&subjectId=${MISSING}`,
      ],
      [
        `/api/activities?subjectType=case&subjectId=${B.case.id}`,
        `/api/activities?subjectType=case&subjectId=${MISSING}`,
      ],
    ];
    for (const [kind, id] of [
      ['consultant', B.consultant.id],
      ['account', B.account.id],
      ['contact', B.contact.id],
      ['case', B.case.id],
      ['activity', B.activityId],
      ['comment', B.commentId],
    ] as const) {
      pairs.push([
        `/api/history?subjectType=${kind}&subjectId=${id}`,
        `/api/history?subjectType=${kind}&subjectId=${MISSING}`,
      ]);
    }
    for (const [url, missingUrl] of pairs) {
      const res = await a.http.get(url);
      expectLikeMissing(res, await a.http.get(missingUrl));
      leakCheck(res.body, url);
    }
  });

  it("changes none of B's records, and they stay as they were", async () => {
    const a = who();
    const B = side.B;
    const snapshot = async () => [
      (await w.admin.http.get(`/api/consultants/${B.consultant.id}`)).body,
      (await w.admin.http.get(`/api/accounts/${B.account.id}`)).body,
      (await w.admin.http.get(`/api/contacts/${B.contact.id}`)).body,
      (await w.admin.http.get(`/api/cases/${B.case.id}`)).body,
      (await w.admin.http.get(`/api/activities?subjectType=account&subjectId=${B.account.id}`))
        .body,
      (await w.admin.http.get(`/api/comments?subjectType=account&subjectId=${B.account.id}`)).body,
    ];
    const before = await snapshot();
    const attempts = [
      a.http.patch(`/api/consultants/${B.consultant.id}`, { version: 1, firstName: 'Hacked' }),
      a.http.delete(`/api/consultants/${B.consultant.id}`),
      a.http.post(`/api/consultants/${B.hidden.id}/restore`),
      a.http.post(`/api/consultants/${B.consultant.id}/portal-access`, { role: 'partner_rep' }),
      a.http.patch(`/api/accounts/${B.account.id}`, { version: 1, name: 'Hacked' }),
      a.http.delete(`/api/accounts/${B.unassigned.id}`),
      a.http.patch(`/api/contacts/${B.contact.id}`, { version: 1, firstName: 'Hacked' }),
      a.http.delete(`/api/contacts/${B.contact.id}`),
      a.http.patch(`/api/cases/${B.case.id}`, { version: 1, status: 'closed' }),
      a.http.delete(`/api/cases/${B.case.id}`),
      a.http.patch(`/api/activities/${B.activityId}`, { version: 1, subject: 'Hacked' }),
      a.http.delete(`/api/activities/${B.activityId}`),
      a.http.patch(`/api/comments/${B.commentId}`, { version: 1, body: 'Hacked' }),
      a.http.delete(`/api/comments/${B.commentId}`),
      a.http.patch(`/api/saved-views/${sharedViewOfB}`, { version: 1, name: 'Hacked' }),
      a.http.delete(`/api/saved-views/${sharedViewOfB}`),
      a.http.post(`/api/saved-views/${sharedViewOfB}/pin`),
      a.http.post(`/api/notifications/${notificationOfAdminB}/read`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect([403, 404]).toContain(res.status);
      leakCheck(res.body, 'write attempt');
    }
    expect(await snapshot()).toEqual(before);
    const notes = (await w.adminB.http.get('/api/notifications')).body.data;
    expect(notes.find((n: { id: string }) => n.id === notificationOfAdminB).readAt).toBeNull();
  });

  it('cannot attach new records to B', async () => {
    const a = who();
    const B = side.B;
    const attempts = [
      a.http.post('/api/consultants', {
        partnerId: w.partnerB.id,
        firstName: 'Plant',
        lastName: 'Person',
        email: `plant${Date.now()}@evil.test`,
      }),
      a.http.post('/api/accounts', { name: 'Planted account', managedByPartnerId: w.partnerB.id }),
      a.http.post('/api/contacts', { accountId: B.account.id, firstName: 'Plant', lastName: 'X' }),
      a.http.post('/api/cases', { subject: 'Planted case', accountId: B.account.id }),
      a.http.post('/api/activities', {
        subjectType: 'account',
        subjectId: B.account.id,
        type: 'call',
        subject: 'Planted',
        occurredAt: new Date().toISOString(),
      }),
      a.http.post('/api/comments', {
        subjectType: 'account',
        subjectId: B.account.id,
        body: 'Planted',
      }),
      a.http.post('/api/comments', {
        subjectType: 'account',
        subjectId: side.A.account.id,
        parentId: B.commentId,
        body: 'Planted reply',
      }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect([400, 403, 404]).toContain(res.status);
      leakCheck(res.body, 'create attempt');
    }
    // A reference to B's account answers exactly like a reference to no account at all.
    const toB = await a.http.post('/api/cases', { subject: 'x', accountId: B.account.id });
    const toMissing = await a.http.post('/api/cases', { subject: 'x', accountId: MISSING });
    expect(toB.status).toBe(toMissing.status);
    expect({ ...toB.body.error, requestId: 0 }).toEqual({ ...toMissing.body.error, requestId: 0 });
    const planted = await w.admin.http.get(`/api/consultants?partnerId=${w.partnerB.id}&limit=200`);
    expect(JSON.stringify(planted.body)).not.toContain('Plant');
    const bAccounts = await w.admin.http.get('/api/accounts?q=Planted');
    expect(bAccounts.body.data).toEqual([]);
  });

  it('sees nothing of B through lists, filters, searches, sorts, counts or the notification feed', async () => {
    const a = who();
    const B = side.B;
    const q = encodeURIComponent;
    const urls = [
      '/api/consultants?limit=200',
      `/api/consultants?partnerId=${w.partnerB.id}`,
      `/api/consultants?q=${q('SecretpersonB')}`,
      `/api/consultants?includeArchived=true&visible=false&limit=200`,
      '/api/consultants?sort=-createdAt&limit=200',
      '/api/accounts?limit=200',
      `/api/accounts?managedByPartnerId=${w.partnerB.id}`,
      `/api/accounts?q=${q(B.account.name)}`,
      '/api/accounts?sort=-createdAt&limit=200',
      `/api/accounts/count?managedByPartnerId=${w.partnerB.id}`,
      '/api/contacts?limit=200',
      `/api/contacts?accountId=${B.account.id}`,
      '/api/cases?limit=200',
      `/api/cases?managedByPartnerId=${w.partnerB.id}`,
      `/api/cases?q=${q(B.case.subject)}`,
      `/api/cases?accountId=${B.account.id}`,
      `/api/cases/count?managedByPartnerId=${w.partnerB.id}`,
      '/api/saved-views?entity=accounts',
      '/api/notifications?limit=200',
      '/api/notifications/unread-count',
      '/api/partner-levels',
      '/api/activation-stages',
    ];
    for (const url of urls) {
      const res = await a.http.get(url);
      expect([200, 400, 404], url).toContain(res.status);
      leakCheck(res.body, url);
      if (url.includes('/count?')) expect(res.body.count, url).toBe(0);
    }
    if (a.role === 'partner_admin') {
      // Looking up people from the admin's own list finds nobody of B's; asking about B's list
      // answers like asking about a partner that does not exist.
      const own = await a.http.get(
        `/api/consultants/lookup?q=${q('SecretpersonB')}&partnerId=${w.partnerA.id}`,
      );
      expect(own.status).toBe(200);
      expect(own.body.data).toEqual([]);
      const other = await a.http.get(
        `/api/consultants/lookup?q=${q('SecretpersonB')}&partnerId=${w.partnerB.id}`,
      );
      const missing = await a.http.get(
        `/api/consultants/lookup?q=${q('SecretpersonB')}&partnerId=${MISSING}`,
      );
      expect(other.status).toBe(missing.status);
      leakCheck(other.body, 'lookup');
    } else {
      const res = await a.http.get(`/api/consultants/lookup?q=xy&partnerId=${w.partnerA.id}`);
      expect(res.status).toBe(403);
    }
    // Internal-only lists and exports are closed to partner users.
    for (const url of [
      '/api/applications',
      '/api/exports/partners.csv',
      '/api/partners/duplicates?companyName=x',
    ]) {
      expect((await a.http.get(url)).status, url).toBe(403);
    }
  });

  it("sees no internal log on partner records, not even on its own partner's", async () => {
    const a = who();
    for (const partnerId of [w.partnerA.id, w.partnerB.id]) {
      for (const path of ['/api/activities', '/api/comments']) {
        const res = await a.http.get(`${path}?subjectType=partner&subjectId=${partnerId}`);
        expect(res.status).toBe(404);
      }
    }
  });
});

describe('rep to rep within one partner', () => {
  it("a rep sees only the accounts and cases assigned to them; the admin sees the company's", async () => {
    expect((await w.repA.http.get(`/api/accounts/${side.A.account.id}`)).status).toBe(200);
    expect((await w.repA2.http.get(`/api/accounts/${side.A.account.id}`)).status).toBe(404);
    expect((await w.repA.http.get(`/api/accounts/${side.A.unassigned.id}`)).status).toBe(404);
    expect((await w.adminA.http.get(`/api/accounts/${side.A.unassigned.id}`)).status).toBe(200);
    expect((await w.repA2.http.get(`/api/cases/${side.A.case.id}`)).status).toBe(404);
    expect((await w.repA2.http.get(`/api/contacts/${side.A.contact.id}`)).status).toBe(404);
    const list = await w.repA2.http.get('/api/accounts?limit=200');
    expect(list.body.data).toEqual([]);
  });

  it("a private saved view is its owner's alone", async () => {
    expect((await w.repA.http.get(`/api/saved-views/${privateViewOfRepA2}`)).status).toBe(404);
    expect((await w.adminA.http.get(`/api/saved-views/${privateViewOfRepA2}`)).status).toBe(404);
    const views = await w.repA.http.get('/api/saved-views?entity=accounts');
    expect(JSON.stringify(views.body)).not.toContain(privateViewOfRepA2);
  });

  it('a rep does not see hidden consultants of their own company', async () => {
    expect((await w.repA.http.get(`/api/consultants/${side.A.hidden.id}`)).status).toBe(404);
    expect((await w.adminA.http.get(`/api/consultants/${side.A.hidden.id}`)).status).toBe(200);
  });
});

describe('random probing (property)', () => {
  it('no partner user ever reads a managed record outside their scope', async () => {
    type Rec = {
      kind: 'consultant' | 'account' | 'contact' | 'case';
      id: string;
      partner: string;
      /** partner user the record is assigned to, if any */
      assignee: string | null;
      hidden?: boolean;
    };
    const actors = () => [w.adminA, w.repA, w.repA2, w.adminB, w.repB];
    const records = (): Rec[] =>
      (['A', 'B'] as const).flatMap((k) => {
        const s = side[k];
        const partner = k === 'A' ? w.partnerA.id : w.partnerB.id;
        const rep = k === 'A' ? w.repA.id : w.repB.id;
        return [
          { kind: 'consultant', id: s.consultant.id, partner, assignee: null },
          { kind: 'consultant', id: s.hidden.id, partner, assignee: null, hidden: true },
          { kind: 'account', id: s.account.id, partner, assignee: rep },
          { kind: 'account', id: s.unassigned.id, partner, assignee: null },
          { kind: 'contact', id: s.contact.id, partner, assignee: rep },
          { kind: 'case', id: s.case.id, partner, assignee: rep },
        ] satisfies Rec[];
      });
    const base: Record<Rec['kind'], string> = {
      consultant: '/api/consultants',
      account: '/api/accounts',
      contact: '/api/contacts',
      case: '/api/cases',
    };
    const partnerFilter: Record<Rec['kind'], string> = {
      consultant: 'partnerId',
      account: 'managedByPartnerId',
      contact: '',
      case: 'managedByPartnerId',
    };
    const ops = ['get', 'history', 'list-filter'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(actors().length - 1),
        fc.nat(records().length - 1),
        fc.constantFrom(...ops),
        async (ai, ri, op) => {
          const a = actors()[ai]!;
          const r = records()[ri]!;
          const samePartner = r.partner === a.partnerId;
          const inScope =
            r.kind === 'consultant'
              ? samePartner && (a.role === 'partner_admin' || !r.hidden)
              : samePartner && (a.role === 'partner_admin' || r.assignee === a.id);
          if (op === 'list-filter') {
            const f = partnerFilter[r.kind];
            const res = await a.http.get(
              `${base[r.kind]}?limit=200${f ? `&${f}=${r.partner}` : ''}${r.kind === 'consultant' ? '&visible=false&includeArchived=true' : ''}`,
            );
            if (res.status !== 200) return; // a refused filter shows nothing either
            const ids = (res.body.data as { id: string }[]).map((x) => x.id);
            if (!inScope) expect(ids).not.toContain(r.id);
            return;
          }
          const res =
            op === 'get'
              ? await a.http.get(`${base[r.kind]}/${r.id}`)
              : await a.http.get(`/api/history?subjectType=${r.kind}&subjectId=${r.id}`);
          expect(res.status).toBe(inScope ? 200 : 404);
        },
      ),
      { numRuns: 400, seed: 20261123 },
    );
  });
});
