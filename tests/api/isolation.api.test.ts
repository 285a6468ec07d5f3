import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { tokenFor, world, type Actor, type World } from '../support/factories';

/**
 * Partner isolation across every endpoint that exists: a partner user never reads, changes or
 * learns about another partner's records, and a rep never sees a fellow rep's. Out of scope is
 * 404 with the same body as a missing record, or simply absent from lists and counts.
 */
let env: TestEnv;
let w: World;
let tokenIdOfB: string;
let tokenIdOfRepA2: string;

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  await tokenFor(env.deps, w.adminB);
  await tokenFor(env.deps, w.repA2);
  tokenIdOfB = (await w.adminB.http.get('/api/tokens')).body.data[0].id;
  tokenIdOfRepA2 = (await w.repA2.http.get('/api/tokens')).body.data[0].id;
  // Give B some history and recognisable data.
  const v = (await w.adminB.http.get(`/api/users/${w.repB.id}`)).body.version;
  await w.adminB.http.patch(`/api/users/${w.repB.id}`, { version: v, name: 'Secret Beta Person' });
});
afterAll(() => env.close());

const MISSING = '00000000-0000-4000-8000-000000000000';

/** Routes and how each is exercised below; a new route without an entry fails the suite. */
const COVERED = new Set([
  'GET /api/health',
  'GET /api/openapi.json',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/set-password',
  'GET /api/me',
  'GET /api/users',
  'POST /api/users',
  'GET /api/users/:id',
  'PATCH /api/users/:id',
  'GET /api/tokens',
  'POST /api/tokens',
  'DELETE /api/tokens/:id',
  'GET /api/partners',
  'POST /api/partners',
  'GET /api/partners/:id',
  'PATCH /api/partners/:id',
  // partners.api.test.ts: 401 → 403 → 404 for another partner on each; exports are internal-only
  'GET /api/partners/count',
  'GET /api/partners/duplicates',
  'POST /api/partners/bulk',
  'GET /api/partners/:id/counts',
  'GET /api/partners/:id/delete-impact',
  'DELETE /api/partners/:id',
  'POST /api/partners/:id/restore',
  'GET /api/exports/partners.csv',
  // partner-program.api.test.ts: partner users read levels/stages (counts scoped), admins change
  'GET /api/partner-levels',
  'POST /api/partner-levels',
  'POST /api/partner-levels/reorder',
  'PATCH /api/partner-levels/:id',
  'DELETE /api/partner-levels/:id',
  'GET /api/activation-stages',
  'POST /api/activation-stages',
  'POST /api/activation-stages/reorder',
  'PATCH /api/activation-stages/:id',
  'DELETE /api/activation-stages/:id',
  // sales-setup.api.test.ts: everyone signed in reads the setup; only admins change it
  'GET /api/setup',
  'POST /api/setup/picklists/:list/values',
  'POST /api/setup/picklists/:list/reorder',
  'PATCH /api/setup/picklists/:list/values/:id',
  'DELETE /api/setup/picklists/:list/values/:id',
  'POST /api/setup/lead-statuses',
  'POST /api/setup/lead-statuses/reorder',
  'PATCH /api/setup/lead-statuses/:id',
  'DELETE /api/setup/lead-statuses/:id',
  'POST /api/setup/opportunity-stages',
  'POST /api/setup/opportunity-stages/reorder',
  'PATCH /api/setup/opportunity-stages/:id',
  'DELETE /api/setup/opportunity-stages/:id',
  'PUT /api/setup/currencies',
  'DELETE /api/setup/currencies/:code',
  // scoring.api.test.ts: the model is internal (admin/marketing edit, channel managers read);
  // a lead's score answers 404 outside the lead's scope
  'GET /api/scoring',
  'PUT /api/scoring',
  'POST /api/scoring/rescore',
  'GET /api/scoring/distribution',
  'GET /api/leads/:id/score',
  // campaigns.api.test.ts: another partner's campaign is 404; vendor campaigns are shown to
  // partners only while planned/active and without budget or owner
  'GET /api/campaigns',
  'POST /api/campaigns',
  'GET /api/campaigns/:id',
  'GET /api/campaigns/:id/summary',
  'PATCH /api/campaigns/:id',
  'DELETE /api/campaigns/:id',
  'GET /api/reports/attribution',
  'GET /api/history',
  'GET /api/accounts',
  'GET /api/accounts/count',
  'POST /api/accounts',
  'GET /api/accounts/:id',
  'PATCH /api/accounts/:id',
  'DELETE /api/accounts/:id',
  'GET /api/contacts',
  'POST /api/contacts',
  'GET /api/contacts/:id',
  'PATCH /api/contacts/:id',
  'DELETE /api/contacts/:id',
  'GET /api/cases',
  'GET /api/cases/count',
  'POST /api/cases',
  'GET /api/cases/:id',
  'PATCH /api/cases/:id',
  'DELETE /api/cases/:id',
  // leads*.api.test.ts: 401 → 403 → 404 for another partner's lead (and a fellow rep's) on each
  'GET /api/leads',
  'GET /api/leads/count',
  'GET /api/leads/board',
  'POST /api/leads',
  'POST /api/leads/bulk',
  'GET /api/leads/:id',
  'PATCH /api/leads/:id',
  'DELETE /api/leads/:id',
  'POST /api/leads/:id/advance',
  'POST /api/leads/:id/owner',
  'POST /api/leads/:id/clone',
  'GET /api/leads/:id/conversion-candidates',
  'POST /api/leads/:id/convert',
  'GET /api/exports/leads.csv',
  // opportunities.api.test.ts / forecast.api.test.ts: 401 → 403 → 404 for another partner's
  // deal (and for a fellow rep's unless shared) on each; partner users see only their credit
  'GET /api/opportunities',
  'GET /api/opportunities/count',
  'GET /api/opportunities/board',
  'POST /api/opportunities',
  'POST /api/opportunities/bulk',
  'GET /api/opportunities/:id',
  'PATCH /api/opportunities/:id',
  'POST /api/opportunities/:id/owner',
  'DELETE /api/opportunities/:id',
  'GET /api/exports/opportunities.csv',
  // exports.api.test.ts: 401 → 403 → partner A never gets B's rows, in CSV or XLSX
  'GET /api/exports/partners.xlsx',
  'GET /api/exports/leads.xlsx',
  'GET /api/exports/opportunities.xlsx',
  'GET /api/exports/consultants.csv',
  'GET /api/exports/consultants.xlsx',
  'GET /api/exports/accounts.csv',
  'GET /api/exports/accounts.xlsx',
  'GET /api/exports/contacts.csv',
  'GET /api/exports/contacts.xlsx',
  'GET /api/exports/cases.csv',
  'GET /api/exports/cases.xlsx',
  // imports.api.test.ts: 401 → 403 (a role that may not create the entity) → 404 for another
  // partner's import on each; mappings belong to their owner
  'GET /api/imports/fields',
  'POST /api/imports',
  'GET /api/imports',
  'GET /api/imports/:id',
  'POST /api/imports/:id/preview',
  'POST /api/imports/:id/run',
  'GET /api/imports/:id/results.csv',
  'POST /api/imports/:id/undo',
  'GET /api/import-mappings',
  'POST /api/import-mappings',
  'DELETE /api/import-mappings/:id',
  'GET /api/partners/:id/forecast',
  'GET /api/dashboard/summary',
  // applications.api.test.ts: public submission defences; review is vendor-only (403 for partners)
  'GET /api/applications/form',
  'POST /api/applications',
  'GET /api/applications',
  'GET /api/applications/counts',
  'GET /api/applications/approval-options',
  'GET /api/applications/:id',
  'POST /api/applications/:id/approve',
  'POST /api/applications/:id/decline',
  'GET /api/activities',
  'POST /api/activities',
  'PATCH /api/activities/:id',
  'DELETE /api/activities/:id',
  'GET /api/comments',
  'GET /api/comments/mentionable',
  'POST /api/comments',
  'PATCH /api/comments/:id',
  'DELETE /api/comments/:id',
  // notes/files/tasks/follows/shares.api.test.ts: 401 → 403 → 404 for another partner's
  // record (and for partner users on a partner's internal log) on each
  'GET /api/notes',
  'POST /api/notes',
  'GET /api/notes/:id',
  'PATCH /api/notes/:id',
  'DELETE /api/notes/:id',
  'GET /api/files',
  'POST /api/files',
  'GET /api/files/:id/download',
  'DELETE /api/files/:id',
  'GET /api/tasks',
  'GET /api/tasks/mine',
  'POST /api/tasks',
  'PATCH /api/tasks/:id',
  'DELETE /api/tasks/:id',
  'GET /api/follows',
  'GET /api/follows/mine',
  'PUT /api/follows',
  'DELETE /api/follows',
  'GET /api/shares',
  'PUT /api/shares',
  'DELETE /api/shares',
  'GET /api/notifications',
  'GET /api/notifications/unread-count',
  'POST /api/notifications/:id/read',
  'POST /api/notifications/read-all',
  'GET /api/consultants',
  'GET /api/consultants/lookup',
  'POST /api/consultants',
  'GET /api/consultants/:id',
  'PATCH /api/consultants/:id',
  'DELETE /api/consultants/:id',
  'POST /api/consultants/:id/restore',
  'POST /api/consultants/:id/portal-access',
  'GET /api/saved-views',
  'POST /api/saved-views',
  'GET /api/saved-views/:id',
  'PATCH /api/saved-views/:id',
  'DELETE /api/saved-views/:id',
  'POST /api/saved-views/:id/pin',
  'DELETE /api/saved-views/:id/pin',
]);

it('covers every registered /api route', () => {
  const routes = env.app.routeTable
    .filter(
      (r) => r.url.startsWith('/api') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD',
    )
    .map((r) => `${r.method} ${r.url}`);
  expect(routes.filter((r) => !COVERED.has(r))).toEqual([]);
});

function expectNotFoundLikeMissing(
  res: { status: number; body: any },
  missing: { status: number; body: any },
) {
  expect(res.status).toBe(404);
  expect(missing.status).toBe(404);
  const strip = (b: any) => ({ ...b.error, requestId: undefined });
  expect(strip(res.body)).toEqual(strip(missing.body));
}

describe.each([
  ['partner admin A', () => w.adminA],
  ['partner rep A', () => w.repA],
])('%s', (_label, who: () => Actor) => {
  const leakCheck = (body: unknown) => {
    const text = JSON.stringify(body);
    for (const secret of [
      w.partnerB.id,
      w.partnerB.company_name,
      w.adminB.email,
      w.repB.email,
      w.adminB.id,
      w.repB.id,
      'Secret Beta Person',
    ]) {
      expect(text).not.toContain(secret);
    }
  };

  it("cannot read B's users, partner, history or tokens by id", async () => {
    const a = who();
    const pairs: [string, string][] = [
      [`/api/users/${w.adminB.id}`, `/api/users/${MISSING}`],
      [`/api/users/${w.repB.id}`, `/api/users/${MISSING}`],
      [`/api/partners/${w.partnerB.id}`, `/api/partners/${MISSING}`],
      [`/api/partners/${w.partnerB.id}/counts`, `/api/partners/${MISSING}/counts`],
      [`/api/partners/${w.partnerB.id}/delete-impact`, `/api/partners/${MISSING}/delete-impact`],
      [
        `/api/history?subjectType=user&subjectId=${w.repB.id}`,
        `/api/history?subjectType=user&subjectId=${MISSING}`,
      ],
      [
        `/api/history?subjectType=partner&subjectId=${w.partnerB.id}`,
        `/api/history?subjectType=partner&subjectId=${MISSING}`,
      ],
      [
        `/api/history?subjectType=api_token&subjectId=${tokenIdOfB}`,
        `/api/history?subjectType=api_token&subjectId=${MISSING}`,
      ],
    ];
    for (const [url, missingUrl] of pairs) {
      const res = await a.http.get(url);
      expectNotFoundLikeMissing(res, await a.http.get(missingUrl));
      leakCheck(res.body);
    }
  });

  it("cannot change B's records, and they stay byte-identical", async () => {
    const a = who();
    const before = [
      (await w.admin.http.get(`/api/users/${w.repB.id}`)).body,
      (await w.admin.http.get(`/api/partners/${w.partnerB.id}`)).body,
    ];
    const attempts = [
      await a.http.patch(`/api/users/${w.repB.id}`, { version: before[0].version, name: 'Hacked' }),
      await a.http.patch(`/api/users/${w.repB.id}`, { version: before[0].version, active: false }),
      await a.http.patch(`/api/partners/${w.partnerB.id}`, {
        version: before[1].version,
        companyName: 'Hacked',
      }),
      await a.http.delete(`/api/tokens/${tokenIdOfB}`),
    ];
    for (const r of attempts) {
      expect([403, 404]).toContain(r.status);
      leakCheck(r.body);
    }
    const after = [
      (await w.admin.http.get(`/api/users/${w.repB.id}`)).body,
      (await w.admin.http.get(`/api/partners/${w.partnerB.id}`)).body,
    ];
    expect(after).toEqual(before);
    expect((await w.adminB.http.get('/api/tokens')).body.data[0].revokedAt).toBeNull();
  });

  it('sees nothing of B through list filters, search, sort, counts or the dashboard', async () => {
    const a = who();
    const urls = [
      '/api/users?limit=200',
      `/api/users?partnerId=${w.partnerB.id}`,
      `/api/users?q=${encodeURIComponent(w.repB.email)}`,
      '/api/users?q=Secret%20Beta',
      '/api/users?sort=-createdAt&limit=200',
      '/api/users?role=partner_admin&limit=200',
      '/api/partners?limit=200',
      `/api/partners?q=${encodeURIComponent(w.partnerB.company_name)}`,
      '/api/partners?sort=-createdAt',
      `/api/partners?includeArchived=true&status=active,suspended,archived&limit=200`,
      `/api/partners/count?q=${encodeURIComponent(w.partnerB.company_name)}`,
      '/api/partner-levels',
      '/api/activation-stages',
      '/api/tokens',
      '/api/dashboard/summary',
      '/api/me',
    ];
    for (const url of urls) {
      const res = await a.http.get(url);
      expect(res.status, url).toBe(200);
      leakCheck(res.body);
    }
    const dash = (await a.http.get('/api/dashboard/summary')).body;
    const ownUsers = (await a.http.get('/api/users?limit=200')).body.data.length;
    expect(
      Object.values(dash.usersByRole as Record<string, number>).reduce((s, n) => s + n, 0),
    ).toBe(ownUsers);
    expect(dash.partnersByStatus).toEqual({ active: 1 });
  });

  it('cannot create users in B or partners at all', async () => {
    const a = who();
    const u = await a.http.post('/api/users', {
      email: `x${Date.now()}@evil.test`,
      name: 'Plant',
      role: 'partner_rep',
      partnerId: w.partnerB.id,
    });
    expect([400, 403]).toContain(u.status);
    expect((await a.http.post('/api/partners', { companyName: 'Shadow partner' })).status).toBe(
      403,
    );
    const bUsers = (await w.admin.http.get(`/api/users?partnerId=${w.partnerB.id}`)).body.data;
    expect(bUsers.map((x: { name: string }) => x.name)).not.toContain('Plant');
  });

  it('ignores partner identity smuggled in headers', async () => {
    const a = who();
    const res = await a.http.get('/api/users?limit=200', { 'x-partner-id': w.partnerB.id });
    leakCheck(res.body);
  });
});

describe('rep to rep within one partner', () => {
  it("a rep cannot see a fellow rep's user record, history or tokens", async () => {
    for (const url of [
      `/api/users/${w.repA2.id}`,
      `/api/history?subjectType=user&subjectId=${w.repA2.id}`,
      `/api/history?subjectType=api_token&subjectId=${tokenIdOfRepA2}`,
    ]) {
      expect((await w.repA.http.get(url)).status).toBe(404);
    }
    const list = await w.repA.http.get('/api/users?limit=200');
    expect(list.body.data.map((u: { id: string }) => u.id)).toEqual([w.repA.id]);
    expect((await w.repA.http.delete(`/api/tokens/${tokenIdOfRepA2}`)).status).toBe(404);
  });

  it("the partner admin sees the whole company but not another admin's tokens", async () => {
    expect((await w.adminA.http.get(`/api/users/${w.repA2.id}`)).status).toBe(200);
    expect(
      (await w.adminA.http.get(`/api/history?subjectType=api_token&subjectId=${tokenIdOfRepA2}`))
        .status,
    ).toBe(404);
  });
});

describe('random probing (property)', () => {
  it('no partner user ever gets a record outside their scope', async () => {
    const actors = () => [w.adminA, w.repA, w.repA2, w.adminB, w.repB];
    const records = () => [
      { kind: 'user', id: w.adminA.id, partner: w.partnerA.id, owner: w.adminA.id },
      { kind: 'user', id: w.repA.id, partner: w.partnerA.id, owner: w.repA.id },
      { kind: 'user', id: w.repA2.id, partner: w.partnerA.id, owner: w.repA2.id },
      { kind: 'user', id: w.adminB.id, partner: w.partnerB.id, owner: w.adminB.id },
      { kind: 'user', id: w.repB.id, partner: w.partnerB.id, owner: w.repB.id },
      { kind: 'user', id: w.admin.id, partner: null, owner: w.admin.id },
      { kind: 'partner', id: w.partnerA.id, partner: w.partnerA.id, owner: null },
      { kind: 'partner', id: w.partnerB.id, partner: w.partnerB.id, owner: null },
    ];
    const ops = ['get', 'history', 'patch', 'list-filter'] as const;
    await fc.assert(
      fc.asyncProperty(fc.nat(4), fc.nat(7), fc.constantFrom(...ops), async (ai, ri, op) => {
        const a = actors()[ai]!;
        const r = records()[ri]!;
        const inScope =
          r.kind === 'partner'
            ? r.partner === a.partnerId
            : a.role === 'partner_admin'
              ? r.partner === a.partnerId
              : r.owner === a.id;
        const base = r.kind === 'user' ? '/api/users' : '/api/partners';
        let res;
        if (op === 'get') res = await a.http.get(`${base}/${r.id}`);
        else if (op === 'history')
          res = await a.http.get(`/api/history?subjectType=${r.kind}&subjectId=${r.id}`);
        else if (op === 'patch') res = await a.http.patch(`${base}/${r.id}`, { version: 999 });
        else
          res = await a.http.get(
            r.kind === 'user'
              ? `/api/users?partnerId=${r.partner ?? a.partnerId}&limit=200`
              : `/api/partners?limit=200`,
          );
        if (op === 'list-filter') {
          const ids = (res.body.data as { id: string }[]).map((x) => x.id);
          if (!inScope) expect(ids).not.toContain(r.id);
          return;
        }
        if (!inScope) expect([403, 404]).toContain(res.status);
        if (!inScope && op !== 'patch') expect(res.status).toBe(404);
        if (inScope && op !== 'patch') expect(res.status).toBe(200);
      }),
      { numRuns: 600, seed: 20261122 },
    );
  });
});
