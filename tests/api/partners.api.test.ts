import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestEnv, TEST_ORIGIN, type TestEnv } from '../support/app';
import {
  actor,
  makeAccount,
  makeCase,
  makeUser,
  TEST_PASSWORD,
  tokenFor,
  world,
  type World,
} from '../support/factories';

let env: TestEnv;
let w: World;
let levels: { id: string; name: string; rank: number }[];
let stages: { id: string; name: string; position: number }[];
beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  levels = (await w.admin.http.get('/api/partner-levels')).body.data;
  stages = (await w.admin.http.get('/api/activation-stages')).body.data;
});
afterAll(() => env.close());

const MISSING = '00000000-0000-4000-8000-000000000000';
let seq = 0;
const marker = () => `mk${Date.now().toString(36)}${(seq++).toString(36)}`;
const level = (name: string) => levels.find((l) => l.name === name)!;
const stage = (name: string) => stages.find((s) => s.name === name)!;
const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((p) => p.id).sort();
const today = () => new Date().toISOString().slice(0, 10);
const dayOffset = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function create(body: Record<string, unknown>) {
  const res = await w.admin.http.post('/api/partners', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function history(id: string) {
  return (await w.admin.http.get(`/api/history?subjectType=partner&subjectId=${id}`)).body.data;
}

function login(email: string) {
  return env.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: TEST_PASSWORD },
    headers: { origin: TEST_ORIGIN, 'x-forwarded-for': `10.9.${seq++ % 250}.1` },
  });
}

describe('POST /api/partners', () => {
  it('401 → 403 for roles outside the channel team', async () => {
    expect((await w.anon.post('/api/partners', { companyName: 'X' })).status).toBe(401);
    for (const a of [w.salesRep, w.finance, w.marketing, w.adminA, w.repA]) {
      expect((await a.http.post('/api/partners', { companyName: 'X' })).status).toBe(403);
    }
  });

  it('creates a full profile; level and stage default to the first; history is readable', async () => {
    const res = await w.channelManager.http.post('/api/partners', {
      companyName: '  Globex Resellers  ',
      legalName: 'Globex Resellers GmbH',
      website: 'https://www.Globex-Resellers.example/about',
      email: 'Info@Globex.example',
      phone: '+49 30 123456',
      address: { street: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', countryCode: 'de' },
      type: 'distributor',
      status: 'applicant',
      channelManagerId: w.channelManager.id,
      tags: ['cloud', 'cloud', 'emea'],
      partnershipDate: '2025-02-01',
      nextReviewDate: '2026-12-31',
      slaTier: 'premium',
      notes: 'Prefers calls on Mondays',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      companyName: 'Globex Resellers',
      legalName: 'Globex Resellers GmbH',
      domain: 'globex-resellers.example',
      email: 'info@globex.example',
      address: { street: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', countryCode: 'DE' },
      type: 'distributor',
      status: 'applicant',
      level: { id: levels[0]!.id, name: 'Bronze', rank: 1 },
      activationStage: { id: stages[0]!.id, name: 'First contact', position: 1 },
      channelManager: { id: w.channelManager.id, name: w.channelManager.name },
      tags: ['cloud', 'emea'],
      partnershipDate: '2025-02-01',
      lastReviewDate: null,
      nextReviewDate: '2026-12-31',
      slaTier: 'premium',
      notes: 'Prefers calls on Mondays',
      archivedAt: null,
      version: 1,
      abilities: { update: true, delete: true, restore: false, deletePermanently: false },
    });
    const [created] = await history(res.body.id);
    expect(created).toMatchObject({ action: 'create', actor: { id: w.channelManager.id } });
    expect(created.changes).toMatchObject({
      companyName: { from: null, to: 'Globex Resellers' },
      level: { from: null, to: 'Bronze' },
      activationStage: { from: null, to: 'First contact' },
      channelManager: { from: null, to: w.channelManager.name },
      countryCode: { from: null, to: 'DE' },
    });
    // Partner users may read the partner's history, so the note's text is not in it.
    expect(JSON.stringify(created.changes)).not.toContain('Mondays');
  });

  it('takes a chosen level and stage', async () => {
    const p = await create({
      companyName: `Chosen ${marker()}`,
      levelId: level('Gold').id,
      activationStageId: stage('Ramp-up').id,
    });
    expect(p.level.name).toBe('Gold');
    expect(p.activationStage.name).toBe('Ramp-up');
  });

  it('validates fields and references', async () => {
    const res = await w.admin.http.post('/api/partners', { companyName: '', status: 'bogus' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['companyName', 'status']);
    expect(
      (await w.admin.http.post('/api/partners', { companyName: 'x'.repeat(201) })).status,
    ).toBe(400);
    const bad = await w.admin.http.post('/api/partners', {
      companyName: 'Refs',
      website: 'not a website',
      email: 'nope',
      address: { countryCode: 'Germany' },
      partnershipDate: '2025-02-30',
      tags: ['a,b'],
    });
    expect(Object.keys(bad.body.error.fields).sort()).toEqual([
      'address.countryCode',
      'email',
      'partnershipDate',
      'tags.0',
      'website',
    ]);
    const refs = await w.admin.http.post('/api/partners', {
      companyName: 'Refs',
      levelId: MISSING,
      activationStageId: MISSING,
      channelManagerId: w.salesRep.id,
    });
    expect(refs.status).toBe(400);
    expect(refs.body.error.fields).toEqual({
      levelId: 'does not exist',
      activationStageId: 'does not exist',
      channelManagerId: 'must be an active administrator or channel manager',
    });
    const inactive = await makeUser(env.deps, { role: 'channel_manager' });
    await env.deps.db
      .updateTable('users')
      .set({ active: false })
      .where('id', '=', inactive.id)
      .execute();
    for (const id of [inactive.id, w.adminA.id, MISSING]) {
      const r = await w.admin.http.post('/api/partners', {
        companyName: 'Refs',
        channelManagerId: id,
      });
      expect(r.body.error.fields).toHaveProperty('channelManagerId');
    }
    const archived = await w.admin.http.post('/api/partners', {
      companyName: 'Refs',
      status: 'archived',
    });
    expect(archived.status).toBe(400);
    expect(archived.body.error.fields).toHaveProperty('status');
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

describe('GET /api/partners/:id', () => {
  it('401 → own company without internal notes → 404 for another partner', async () => {
    expect((await w.anon.get(`/api/partners/${w.partnerA.id}`)).status).toBe(401);
    const v = (await w.admin.http.get(`/api/partners/${w.partnerA.id}`)).body.version;
    await w.admin.http.patch(`/api/partners/${w.partnerA.id}`, {
      version: v,
      notes: 'Internal only',
    });
    const own = await w.repA.http.get(`/api/partners/${w.partnerA.id}`);
    expect(own.status).toBe(200);
    expect(own.body).not.toHaveProperty('notes');
    expect(JSON.stringify(own.body)).not.toContain('Internal only');
    expect(own.body.abilities).toEqual({
      update: false,
      delete: false,
      archive: false,
      restore: false,
      deletePermanently: false,
    });
    expect((await w.adminA.http.get(`/api/partners/${w.partnerA.id}`)).body).not.toHaveProperty(
      'notes',
    );
    expect((await w.salesRep.http.get(`/api/partners/${w.partnerA.id}`)).body.notes).toBe(
      'Internal only',
    );
    expect((await w.repA.http.get(`/api/partners/${w.partnerB.id}`)).status).toBe(404);
    expect((await w.admin.http.get(`/api/partners/${MISSING}`)).status).toBe(404);
    expect((await w.admin.http.get('/api/partners/not-a-uuid')).status).toBe(400);
  });
});

describe('GET /api/partners, /count: filters, sorts, pagination', () => {
  let m: string;
  let f1: any, f2: any, f3: any, f4: any;
  beforeAll(async () => {
    m = marker();
    f1 = await create({
      companyName: `${m} One`,
      legalName: `Uno Legal ${m}`,
      website: `uno-${m}.example`,
      email: `info@uno-${m}.example`,
      type: 'reseller',
      levelId: level('Gold').id,
      activationStageId: stage('Ramp-up').id,
      channelManagerId: w.channelManager.id,
      address: { countryCode: 'DE', city: `Town${m}` },
      tags: [`t1-${m}`, `shared-${m}`],
      nextReviewDate: '2027-01-10',
      partnershipDate: '2020-01-01',
    });
    f2 = await create({
      companyName: `${m} Two`,
      type: 'distributor',
      levelId: level('Silver').id,
      address: { countryCode: 'FR' },
      tags: [`t2-${m}`, `shared-${m}`],
      nextReviewDate: '2027-03-01',
      status: 'applicant',
    });
    f3 = await create({
      companyName: `${m} Three`,
      type: 'oem',
      status: 'suspended',
      address: { countryCode: 'DE' },
    });
    f4 = await create({ companyName: `${m} Four` });
    expect((await w.admin.http.delete(`/api/partners/${f4.id}`)).status).toBe(204);
  });

  it('401 for both; partner users only ever see their own company', async () => {
    expect((await w.anon.get('/api/partners')).status).toBe(401);
    expect((await w.anon.get('/api/partners/count')).status).toBe(401);
    expect(ids(await w.repA.http.get('/api/partners'))).toEqual([w.partnerA.id]);
    expect((await w.repA.http.get('/api/partners/count')).body).toEqual({ count: 1 });
    const q = `q=${encodeURIComponent(w.partnerB.company_name)}`;
    expect((await w.adminA.http.get(`/api/partners?${q}`)).body.data).toEqual([]);
    expect((await w.adminA.http.get(`/api/partners/count?${q}`)).body).toEqual({ count: 0 });
    expect((await w.adminA.http.get(`/api/partners/count?status=archived`)).body).toEqual({
      count: 0,
    });
  });

  it('each filter filters, in the list and in its count alike', async () => {
    const cases: [string, string[]][] = [
      ['', [f1.id, f2.id, f3.id]],
      ['includeArchived=true', [f1.id, f2.id, f3.id, f4.id]],
      ['status=archived', [f4.id]],
      ['status=suspended', [f3.id]],
      ['status=suspended,applicant', [f2.id, f3.id]],
      ['status=suspended&status=archived', [f3.id, f4.id]],
      [`levelId=${level('Gold').id}`, [f1.id]],
      [`levelId=${level('Gold').id},${level('Silver').id}`, [f1.id, f2.id]],
      [`levelId=${level('Gold').id}&levelId=${level('Bronze').id}`, [f1.id, f3.id]],
      [`activationStageId=${stage('Ramp-up').id}`, [f1.id]],
      ['type=distributor,oem', [f2.id, f3.id]],
      [`channelManagerId=${w.channelManager.id}`, [f1.id]],
      ['countryCode=de', [f1.id, f3.id]],
      [`tag=t1-${m},t2-${m}`, [f1.id, f2.id]],
      [`tag=shared-${m}`, [f1.id, f2.id]],
      [`tag=t2-${m}`, [f2.id]],
      [`createdFrom=${today()}`, [f1.id, f2.id, f3.id]],
      [`createdTo=${today()}`, [f1.id, f2.id, f3.id]],
      [`createdTo=${dayOffset(-1)}`, []],
      [`createdFrom=${dayOffset(1)}`, []],
      ['nextReviewFrom=2027-02-01', [f2.id]],
      ['nextReviewTo=2027-01-10', [f1.id]],
      ['nextReviewFrom=2027-01-10&nextReviewTo=2027-03-01', [f1.id, f2.id]],
    ];
    for (const [filter, expected] of cases) {
      const query = `q=${m}&limit=200${filter ? `&${filter}` : ''}`;
      const list = await w.salesRep.http.get(`/api/partners?${query}`);
      expect(list.status, filter).toBe(200);
      expect(ids(list), filter).toEqual([...expected].sort());
      const count = await w.salesRep.http.get(`/api/partners/count?${query}`);
      expect(count.body, filter).toEqual({ count: expected.length });
    }
  });

  it('q searches company, legal name, domain, email and city, with % and _ taken literally', async () => {
    for (const q of [`Uno Legal ${m}`, `uno-${m}.EXAMPLE`, `info@uno-${m}`, `town${m}`]) {
      expect(ids(await w.salesRep.http.get(`/api/partners?q=${encodeURIComponent(q)}`)), q).toEqual(
        [f1.id],
      );
    }
    expect((await w.salesRep.http.get('/api/partners?q=%25')).body.data).toEqual([]);
    expect((await w.salesRep.http.get(`/api/partners?q=${m}_One`)).body.data).toEqual([]);
  });

  it('rejects malformed filters', async () => {
    for (const bad of [
      'levelId=nope',
      'status=gone',
      'type=shop',
      'countryCode=DEU',
      'createdFrom=2026-13-01',
      'includeArchived=yes',
    ]) {
      expect((await w.salesRep.http.get(`/api/partners?${bad}`)).status, bad).toBe(400);
      expect((await w.salesRep.http.get(`/api/partners/count?${bad}`)).status, bad).toBe(400);
    }
    expect((await w.salesRep.http.get('/api/partners?sort=notes')).status).toBe(400);
  });

  it('sorts by level rank, stage position, dates and more', async () => {
    const names = async (sort: string) =>
      (await w.salesRep.http.get(`/api/partners?q=${m}&sort=${sort}`)).body.data.map(
        (p: { companyName: string }) => p.companyName.slice(m.length + 1),
      );
    expect(await names('level')).toEqual(['Three', 'Two', 'One']);
    expect(await names('-level')).toEqual(['One', 'Two', 'Three']);
    expect(await names('-activationStage,companyName')).toEqual(['One', 'Three', 'Two']);
    expect(await names('nextReviewDate')).toEqual(['One', 'Two', 'Three']);
    expect(await names('-nextReviewDate')).toEqual(['Three', 'Two', 'One']);
    expect(await names('type')).toEqual(['Two', 'Three', 'One']);
    expect(await names('-status,companyName')).toEqual(['Three', 'Two', 'One']);
    expect(await names('-companyName')).toEqual(['Two', 'Three', 'One']);
    expect(await names('countryCode,-companyName')).toEqual(['Three', 'One', 'Two']);
    expect(await names('partnershipDate,companyName')).toEqual(['One', 'Three', 'Two']);
  });

  it('pages through every sort without repeating or skipping a partner', async () => {
    const pm = marker();
    for (let i = 0; i < 7; i++) {
      await create({
        companyName: `${pm} ${i % 3} #${i}`,
        levelId: levels[i % levels.length]!.id,
        ...(i % 2 ? { nextReviewDate: `2027-0${(i % 3) + 1}-01` } : {}),
      });
    }
    for (const sort of [
      'createdAt',
      '-createdAt',
      'level,-companyName',
      '-nextReviewDate',
      'type',
    ]) {
      const all = ids(await w.salesRep.http.get(`/api/partners?q=${pm}&sort=${sort}&limit=200`));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await w.salesRep.http.get(
          `/api/partners?q=${pm}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        seen.push(...res.body.data.map((p: { id: string }) => p.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen, sort).toHaveLength(7);
      expect([...seen].sort(), sort).toEqual(all);
    }
    expect((await w.salesRep.http.get('/api/partners?cursor=garbage')).status).toBe(400);
  });
});

describe('GET /api/partners/duplicates', () => {
  it('401 → 403 for partner users → matches on name and domain', async () => {
    expect((await w.anon.get('/api/partners/duplicates?companyName=x')).status).toBe(401);
    expect((await w.adminA.http.get('/api/partners/duplicates?companyName=x')).status).toBe(403);
    const m = marker();
    const p = await create({ companyName: `Dup ${m} Co`, website: `https://dup-${m}.example` });
    const dup = async (query: string) =>
      (await w.salesRep.http.get(`/api/partners/duplicates?${query}`)).body.data;
    expect(await dup(`companyName=${encodeURIComponent(`  dup ${m} CO `)}`)).toEqual([
      {
        id: p.id,
        companyName: p.companyName,
        domain: `dup-${m}.example`,
        status: 'active',
        matchedOn: ['name'],
      },
    ]);
    expect(
      (await dup(`website=${encodeURIComponent(`www.DUP-${m}.example/contact`)}`))[0].matchedOn,
    ).toEqual(['domain']);
    expect(
      (await dup(`companyName=Dup%20${m}%20Co&website=dup-${m}.example`))[0].matchedOn,
    ).toEqual(['name', 'domain']);
    expect(await dup(`companyName=Dup%20${m}%20Co&excludeId=${p.id}`)).toEqual([]);
    expect(await dup(`companyName=Dup%20${m}`)).toEqual([]);
    expect(await dup('')).toEqual([]);
  });
});

describe('PATCH /api/partners/:id', () => {
  it('401 → 403 (own company, not allowed) → 404 (another partner)', async () => {
    const body = { version: 1, companyName: 'X' };
    expect((await w.anon.patch(`/api/partners/${w.partnerA.id}`, body)).status).toBe(401);
    expect((await w.adminA.http.patch(`/api/partners/${w.partnerA.id}`, body)).status).toBe(403);
    expect((await w.salesRep.http.patch(`/api/partners/${w.partnerA.id}`, body)).status).toBe(403);
    expect((await w.adminA.http.patch(`/api/partners/${w.partnerB.id}`, body)).status).toBe(404);
  });

  it('updates with optimistic concurrency and human-readable history', async () => {
    const p = await create({ companyName: 'Initech', website: 'initech.example' });
    const ok = await w.channelManager.http.patch(`/api/partners/${p.id}`, {
      version: p.version,
      companyName: 'Initech Partners',
      status: 'suspended',
      levelId: level('Gold').id,
      activationStageId: stage('Fully operational').id,
      channelManagerId: w.channelManager.id,
      website: 'https://www.initech-partners.example',
      notes: 'secret plan',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      version: 2,
      domain: 'initech-partners.example',
      level: { name: 'Gold' },
      notes: 'secret plan',
    });
    const stale = await w.admin.http.patch(`/api/partners/${p.id}`, {
      version: p.version,
      companyName: 'Overwrite',
    });
    expect(stale.status).toBe(409);
    expect(
      (await w.admin.http.patch(`/api/partners/${p.id}`, { companyName: 'No version' })).status,
    ).toBe(428);
    const ifMatch = await w.admin.http.patch(
      `/api/partners/${p.id}`,
      { legalName: 'Initech LLC' },
      { 'if-match': '"2"' },
    );
    expect(ifMatch.body.version).toBe(3);
    const [, update] = await history(p.id);
    expect(update.changes).toEqual({
      companyName: { from: 'Initech', to: 'Initech Partners' },
      status: { from: 'active', to: 'suspended' },
      level: { from: 'Bronze', to: 'Gold' },
      activationStage: { from: 'First contact', to: 'Fully operational' },
      channelManager: { from: null, to: w.channelManager.name },
      website: { from: 'initech.example', to: 'https://www.initech-partners.example' },
      notes: { from: null, to: '(internal note, edited)' },
    });
    const cleared = await w.admin.http.patch(`/api/partners/${p.id}`, {
      version: 3,
      channelManagerId: null,
      levelId: null,
    });
    expect(cleared.body).toMatchObject({ channelManager: null, level: null });
  });

  it('refuses unknown references, archiving by status and status changes of archived partners', async () => {
    const p = await create({ companyName: `Refs ${marker()}` });
    const refs = await w.admin.http.patch(`/api/partners/${p.id}`, {
      version: 1,
      levelId: MISSING,
      channelManagerId: w.finance.id,
    });
    expect(refs.status).toBe(400);
    expect(Object.keys(refs.body.error.fields).sort()).toEqual(['channelManagerId', 'levelId']);
    const arch = await w.admin.http.patch(`/api/partners/${p.id}`, {
      version: 1,
      status: 'archived',
    });
    expect(arch.status).toBe(400);
    await w.admin.http.delete(`/api/partners/${p.id}`);
    const v = (await w.admin.http.get(`/api/partners/${p.id}`)).body.version;
    expect(
      (await w.admin.http.patch(`/api/partners/${p.id}`, { version: v, status: 'active' })).status,
    ).toBe(422);
    // Archived partners' other fields can still be corrected.
    expect(
      (await w.admin.http.patch(`/api/partners/${p.id}`, { version: v, phone: '+1 555' })).status,
    ).toBe(200);
  });
});

describe('GET /api/partners/:id/counts', () => {
  it('401 → 404 for another partner → one statement of tab counts, reps count what is theirs', async () => {
    expect((await w.anon.get(`/api/partners/${w.partnerA.id}/counts`)).status).toBe(401);
    expect((await w.adminA.http.get(`/api/partners/${w.partnerB.id}/counts`)).status).toBe(404);
    expect((await w.admin.http.get(`/api/partners/${MISSING}/counts`)).status).toBe(404);

    const p = await create({ companyName: `Counted ${marker()}` });
    const db = env.deps.db;
    const rep = await makeUser(env.deps, { role: 'partner_rep', partnerId: p.id });
    await makeUser(env.deps, { role: 'partner_admin', partnerId: p.id });
    const gone = await makeUser(env.deps, { role: 'partner_rep', partnerId: p.id });
    await db.updateTable('users').set({ active: false }).where('id', '=', gone.id).execute();
    await db
      .insertInto('consultants')
      .values([
        { partner_id: p.id, first_name: 'A', last_name: 'Visible', email: 'a@x.test' },
        {
          partner_id: p.id,
          first_name: 'B',
          last_name: 'Hidden',
          email: 'b@x.test',
          visible: false,
        },
        {
          partner_id: p.id,
          first_name: 'C',
          last_name: 'Old',
          email: 'c@x.test',
          archived_at: new Date(),
        },
      ])
      .execute();
    const acc = await makeAccount(env.deps, { managedByPartnerId: p.id, partnerUserId: rep.id });
    await makeAccount(env.deps, { managedByPartnerId: p.id });
    await makeCase(env.deps, {
      managedByPartnerId: p.id,
      accountId: acc.id,
      partnerUserId: rep.id,
    });
    const closed = await makeCase(env.deps, { managedByPartnerId: p.id });
    await db.updateTable('cases').set({ status: 'closed' }).where('id', '=', closed.id).execute();
    await db
      .insertInto('activities')
      .values([
        {
          record_type: 'partner',
          record_id: p.id,
          partner_id: p.id,
          type: 'call',
          subject: 'Hi',
          occurred_at: new Date(),
        },
        {
          record_type: 'account',
          record_id: acc.id,
          partner_id: p.id,
          type: 'call',
          subject: 'Acc',
          occurred_at: new Date(),
        },
      ])
      .execute();
    await db
      .insertInto('comments')
      .values([
        { record_type: 'partner', record_id: p.id, partner_id: p.id, body: 'one' },
        {
          record_type: 'partner',
          record_id: p.id,
          partner_id: p.id,
          body: '',
          deleted_at: new Date(),
        },
      ])
      .execute();

    expect((await w.salesRep.http.get(`/api/partners/${p.id}/counts`)).body).toEqual({
      consultants: 1,
      partnerUsers: 2,
      accounts: 2,
      cases: 2,
      openCases: 1,
      activities: 1,
      comments: 1,
    });
    const repClient = client(env.app, { bearer: await tokenFor(env.deps, rep) });
    expect((await repClient.get(`/api/partners/${p.id}/counts`)).body).toEqual({
      consultants: 1,
      partnerUsers: 1,
      accounts: 1,
      cases: 1,
      openCases: 1,
      activities: 1,
      comments: 1,
    });
  });
});

describe('archive, restore and the partner users’ access', () => {
  it('401 → 403 → 404 on delete-impact, delete and restore', async () => {
    for (const [method, path] of [
      ['get', 'delete-impact'],
      ['delete', ''],
      ['post', 'restore'],
    ] as const) {
      const url = (id: string) => `/api/partners/${id}${path ? `/${path}` : ''}`;
      const call = (c: typeof w.anon, id: string) =>
        method === 'get'
          ? c.get(url(id))
          : method === 'delete'
            ? c.delete(url(id))
            : c.post(url(id));
      expect((await call(w.anon, w.partnerA.id)).status, path).toBe(401);
      for (const a of [w.salesRep, w.finance, w.marketing, w.adminA, w.repA]) {
        expect((await call(a.http, w.partnerA.id)).status, `${a.role} ${path}`).toBe(403);
      }
      expect((await call(w.adminA.http, w.partnerB.id)).status, path).toBe(404);
      expect((await call(w.admin.http, MISSING)).status, path).toBe(404);
    }
    expect((await w.admin.http.get(`/api/partners/${w.partnerA.id}`)).body.status).toBe('active');
  });

  it('archiving signs the partner users out at once (cookie and token) until restored', async () => {
    const p = await create({ companyName: `Archivable ${marker()}`, status: 'applicant' });
    const pa = await actor(env, { role: 'partner_admin', partnerId: p.id });
    const bearer = client(env.app, { bearer: await tokenFor(env.deps, pa) });
    expect((await pa.http.get('/api/me')).status).toBe(200);
    expect((await bearer.get('/api/me')).status).toBe(200);

    const impact = await w.channelManager.http.get(`/api/partners/${p.id}/delete-impact`);
    expect(impact.body).toEqual({
      consultants: 0,
      partnerUsers: 1,
      leads: 0,
      opportunities: 0,
      accounts: 0,
      cases: 0,
      activities: 0,
      comments: 0,
      financialRecords: 0,
      archived: false,
      canArchive: true,
      canDeletePermanently: false,
      blockers: [],
    });
    expect((await w.admin.http.delete(`/api/partners/${p.id}?permanent=true`)).status).toBe(422);

    expect((await w.channelManager.http.delete(`/api/partners/${p.id}`)).status).toBe(204);
    const archived = (await w.admin.http.get(`/api/partners/${p.id}`)).body;
    expect(archived).toMatchObject({
      status: 'archived',
      abilities: { update: true, delete: false, restore: true, deletePermanently: true },
    });
    expect(archived.archivedAt).not.toBeNull();
    expect((await pa.http.get('/api/me')).status).toBe(401);
    expect((await bearer.get('/api/me')).status).toBe(401);
    expect((await bearer.get(`/api/partners/${p.id}`)).status).toBe(401);
    const sessions = await env.deps.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('user_id', '=', pa.id)
      .execute();
    expect(sessions).toEqual([]);
    expect((await login(pa.email)).statusCode).toBe(401);
    // Deleting again is a no-op, not an error.
    expect((await w.admin.http.delete(`/api/partners/${p.id}`)).status).toBe(204);
    expect(
      (await w.admin.http.get(`/api/partners?q=Archivable`)).body.data.map((x: any) => x.id),
    ).not.toContain(p.id);

    const restored = await w.channelManager.http.post(`/api/partners/${p.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ status: 'applicant', archivedAt: null });
    expect((await w.admin.http.post(`/api/partners/${p.id}/restore`)).status).toBe(422);
    const again = await login(pa.email);
    expect(again.statusCode).toBe(200);
    expect((await bearer.get('/api/me')).status).toBe(200);
    const actions = (await history(p.id)).map((e: { action: string }) => e.action);
    expect(actions.slice(0, 3)).toEqual(['restore', 'archive', 'create']);
  });

  it('suspending locks the partner users out too', async () => {
    const p = await create({ companyName: `Suspendable ${marker()}` });
    const pr = await actor(env, { role: 'partner_rep', partnerId: p.id });
    const bearer = client(env.app, { bearer: await tokenFor(env.deps, pr) });
    await w.admin.http.patch(`/api/partners/${p.id}`, { version: 1, status: 'suspended' });
    expect((await pr.http.get('/api/me')).status).toBe(401);
    expect((await bearer.get('/api/me')).status).toBe(401);
    expect((await login(pr.email)).statusCode).toBe(401);
    await w.admin.http.patch(`/api/partners/${p.id}`, { version: 2, status: 'active' });
    expect((await bearer.get('/api/me')).status).toBe(200);
    expect((await login(pr.email)).statusCode).toBe(200);
  });
});

describe('DELETE /api/partners/:id?permanent=true', () => {
  it('removes the partner and everything that is only its own; customers stay', async () => {
    const db = env.deps.db;
    const p = await create({ companyName: `Doomed ${marker()}` });
    const pa = await actor(env, { role: 'partner_admin', partnerId: p.id });
    const pr = await makeUser(env.deps, { role: 'partner_rep', partnerId: p.id, password: null });
    await tokenFor(env.deps, pa);
    await db
      .insertInto('invitations')
      .values({
        user_id: pr.id,
        token_hash: `h-${marker()}`,
        created_by: pa.id,
        expires_at: new Date(Date.now() + 1e7),
      })
      .execute();
    await db
      .insertInto('consultants')
      .values({
        partner_id: p.id,
        first_name: 'Con',
        last_name: 'Sultant',
        email: 'c@d.test',
        user_id: pr.id,
      })
      .execute();
    const acc = await makeAccount(env.deps, { managedByPartnerId: p.id, partnerUserId: pr.id });
    const kase = await makeCase(env.deps, { managedByPartnerId: p.id, accountId: acc.id });
    await db
      .insertInto('activities')
      .values([
        {
          record_type: 'partner',
          record_id: p.id,
          partner_id: p.id,
          type: 'call',
          subject: 'P',
          occurred_at: new Date(),
        },
        {
          record_type: 'account',
          record_id: acc.id,
          partner_id: p.id,
          type: 'call',
          subject: 'A',
          occurred_at: new Date(),
          author_id: pa.id,
        },
      ])
      .execute();
    await db
      .insertInto('comments')
      .values([
        {
          record_type: 'partner',
          record_id: p.id,
          partner_id: p.id,
          body: 'on partner',
          author_id: pa.id,
        },
        { record_type: 'account', record_id: acc.id, partner_id: p.id, body: 'on account' },
      ])
      .execute();
    await db
      .insertInto('saved_views')
      .values({ owner_id: pa.id, partner_id: p.id, entity: 'accounts', name: 'Mine' })
      .execute();
    await db
      .insertInto('notifications')
      .values({ user_id: pa.id, kind: 'test', title: 'Hello' })
      .execute();
    await db
      .insertInto('partner_applications')
      .values({
        business_name: 'Doomed',
        country_code: 'DE',
        contact_name: 'X',
        contact_email: 'x@y.test',
        status: 'approved',
        partner_id: p.id,
      })
      .execute();

    expect((await w.admin.http.delete(`/api/partners/${p.id}`)).status).toBe(204);
    const impact = (await w.admin.http.get(`/api/partners/${p.id}/delete-impact`)).body;
    expect(impact).toMatchObject({
      consultants: 1,
      partnerUsers: 2,
      accounts: 1,
      cases: 1,
      activities: 1,
      comments: 1,
      archived: true,
      canArchive: false,
      canDeletePermanently: true,
      blockers: [],
    });
    expect((await w.salesRep.http.delete(`/api/partners/${p.id}?permanent=true`)).status).toBe(403);
    expect((await w.admin.http.delete(`/api/partners/${p.id}?permanent=maybe`)).status).toBe(400);
    expect(
      (await w.channelManager.http.delete(`/api/partners/${p.id}?permanent=true`)).status,
    ).toBe(204);

    expect((await w.admin.http.get(`/api/partners/${p.id}`)).status).toBe(404);
    const userIds = [pa.id, pr.id];
    const counts = await sql<Record<string, number>>`select
        (select count(*)::int from partners where id = ${p.id}) as partners,
        (select count(*)::int from users where partner_id = ${p.id} or id = any(${userIds}::uuid[])) as users,
        (select count(*)::int from consultants where partner_id = ${p.id}) as consultants,
        (select count(*)::int from accounts where managed_by_partner_id = ${p.id}) as accounts,
        (select count(*)::int from cases where managed_by_partner_id = ${p.id}) as cases,
        (select count(*)::int from activities where partner_id = ${p.id} or record_id = ${p.id}) as activities,
        (select count(*)::int from comments where partner_id = ${p.id} or record_id = ${p.id}) as comments,
        (select count(*)::int from saved_views where partner_id = ${p.id} or owner_id = any(${userIds}::uuid[])) as saved_views,
        (select count(*)::int from partner_applications where partner_id = ${p.id}) as applications,
        (select count(*)::int from sessions where user_id = any(${userIds}::uuid[])) as sessions,
        (select count(*)::int from api_tokens where user_id = any(${userIds}::uuid[])) as tokens,
        (select count(*)::int from invitations where user_id = any(${userIds}::uuid[]) or created_by = any(${userIds}::uuid[])) as invitations,
        (select count(*)::int from notifications where user_id = any(${userIds}::uuid[])) as notifications`.execute(
      db,
    );
    expect(Object.entries(counts.rows[0]!).filter(([, n]) => n !== 0)).toEqual([]);

    // The customer, its case and what was said about it remain, without the partner.
    const account = await db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', acc.id)
      .executeTakeFirst();
    expect(account).toMatchObject({ managed_by_partner_id: null, partner_user_id: null });
    expect(
      await db
        .selectFrom('cases')
        .select('managed_by_partner_id')
        .where('id', '=', kase.id)
        .executeTakeFirst(),
    ).toEqual({ managed_by_partner_id: null });
    expect(
      (await db.selectFrom('activities').select('id').where('record_id', '=', acc.id).execute())
        .length,
    ).toBe(1);
    expect(
      (await db.selectFrom('comments').select('id').where('record_id', '=', acc.id).execute())
        .length,
    ).toBe(1);
    // History is append-only: the partner's events, the delete included, stay.
    const events = await db
      .selectFrom('events')
      .select(['action', 'changes'])
      .where('subject_type', '=', 'partner')
      .where('subject_id', '=', p.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['create', 'archive', 'delete']);
    expect(events[2]!.changes).toMatchObject({
      companyName: { from: p.companyName, to: null },
      partnerUsersRemoved: { from: 2, to: 0 },
      accountsDetached: { from: 1, to: 0 },
    });
    expect((await w.admin.http.delete(`/api/partners/${p.id}?permanent=true`)).status).toBe(404);
  });
});

describe('POST /api/partners/bulk', () => {
  it('401 → 403 → updates each in scope, reports the rest, audits each one', async () => {
    const body = { ids: [w.partnerA.id], action: 'archive' };
    expect((await w.anon.post('/api/partners/bulk', body)).status).toBe(401);
    for (const a of [w.salesRep, w.finance, w.adminA, w.repA]) {
      expect((await a.http.post('/api/partners/bulk', body)).status).toBe(403);
    }
    const m = marker();
    const p1 = await create({ companyName: `${m} B1` });
    const p2 = await create({ companyName: `${m} B2`, levelId: level('Gold').id });
    const gold = level('Gold').id;
    const res = await w.channelManager.http.post('/api/partners/bulk', {
      ids: [p1.id, p2.id, MISSING],
      action: 'setLevel',
      value: gold,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      updated: 1,
      unchanged: 1,
      failed: [{ id: MISSING, reason: 'Partner not found' }],
    });
    expect((await history(p1.id))[0].changes).toEqual({ level: { from: 'Bronze', to: 'Gold' } });

    const cm = await w.admin.http.post('/api/partners/bulk', {
      ids: [p1.id, p2.id],
      action: 'setChannelManager',
      value: w.channelManager.id,
    });
    expect(cm.body.updated).toBe(2);
    const cleared = await w.admin.http.post('/api/partners/bulk', {
      ids: [p1.id],
      action: 'setChannelManager',
      value: null,
    });
    expect(cleared.body.updated).toBe(1);
    expect((await w.admin.http.get(`/api/partners/${p1.id}`)).body.channelManager).toBeNull();
    const st = await w.admin.http.post('/api/partners/bulk', {
      ids: [p1.id, p2.id],
      action: 'setActivationStage',
      value: stage('Ramp-up').id,
    });
    expect(st.body.updated).toBe(2);
    expect(
      ids(await w.admin.http.get(`/api/partners?q=${m}&activationStageId=${stage('Ramp-up').id}`)),
    ).toEqual([p1.id, p2.id].sort());

    for (const bad of [
      { ids: [p1.id], action: 'setLevel', value: MISSING },
      { ids: [p1.id], action: 'setLevel', value: null },
      { ids: [p1.id], action: 'setActivationStage' },
      { ids: [p1.id], action: 'setChannelManager', value: w.salesRep.id },
      { ids: [p1.id], action: 'explode' },
      { ids: [], action: 'archive' },
    ]) {
      const r = await w.admin.http.post('/api/partners/bulk', bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    // Nothing changed by the refused requests.
    expect((await w.admin.http.get(`/api/partners/${p1.id}`)).body.level.name).toBe('Gold');

    const pa = await actor(env, { role: 'partner_admin', partnerId: p1.id });
    const arch = await w.admin.http.post('/api/partners/bulk', {
      ids: [p1.id, p2.id],
      action: 'archive',
    });
    expect(arch.body).toEqual({ updated: 2, unchanged: 0, failed: [] });
    expect((await pa.http.get('/api/me')).status).toBe(401);
    const again = await w.admin.http.post('/api/partners/bulk', {
      ids: [p1.id],
      action: 'archive',
    });
    expect(again.body).toEqual({ updated: 0, unchanged: 1, failed: [] });
  });
});

describe('GET /api/exports/partners.csv', () => {
  it('401 → 403 for partner users', async () => {
    expect((await w.anon.get('/api/exports/partners.csv')).status).toBe(401);
    expect((await w.adminA.http.get('/api/exports/partners.csv')).status).toBe(403);
    expect((await w.repA.http.get('/api/exports/partners.csv')).status).toBe(403);
  });

  it('exports the filtered, sorted view with chosen columns, formula-safe, for Excel', async () => {
    const m = marker();
    await create({
      companyName: `${m} =HYPERLINK("http://evil.test","click")`,
      phone: '+49 30 1234',
      tags: ['@risk', 'plain'],
      levelId: level('Gold').id,
      address: { city: 'Zürich' },
    });
    await create({ companyName: `${m} Zed Ålesund`, address: { city: '-1+1' } });
    await create({ companyName: `${m} Hidden`, status: 'suspended' });
    const res = await w.finance.http.get(
      `/api/exports/partners.csv?q=${m}&status=active&sort=companyName&columns=companyName,phone,tags,level,city`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="partners-${today()}.csv"`,
    );
    expect(res.raw.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows: string[][] = parse(res.raw.rawPayload.toString('utf8'), { bom: true });
    expect(rows).toEqual([
      ['Company', 'Phone', 'Tags', 'Level', 'City'],
      [
        `${m} =HYPERLINK("http://evil.test","click")`,
        "'+49 30 1234",
        "'@risk, plain",
        'Gold',
        'Zürich',
      ],
      [`${m} Zed Ålesund`, '', '', 'Bronze', "'-1+1"],
    ]);
    const defaults = await w.finance.http.get(
      `/api/exports/partners.csv?q=${m}&includeArchived=true`,
    );
    const [header, ...body] = parse(defaults.raw.rawPayload.toString('utf8'), { bom: true });
    expect(header).toEqual([
      'Company',
      'Type',
      'Level',
      'Activation stage',
      'Channel manager',
      'Country',
      'Status',
    ]);
    expect(body).toHaveLength(3);
  });

  it('cells starting with = become text', async () => {
    const m = marker();
    await create({ companyName: `${m}`, legalName: '=1+2', email: null });
    const res = await w.admin.http.get(`/api/exports/partners.csv?q=${m}&columns=legalName`);
    const rows: string[][] = parse(res.raw.rawPayload.toString('utf8'), { bom: true });
    expect(rows[1]).toEqual(["'=1+2"]);
  });

  it('streams every matching row across keyset pages, in order', async () => {
    const m = marker();
    const n = 1203;
    await env.deps.db
      .insertInto('partners')
      .values(
        Array.from({ length: n }, (_, i) => ({
          company_name: `${m} ${String(i).padStart(5, '0')}`,
        })),
      )
      .execute();
    const res = await w.admin.http.get(
      `/api/exports/partners.csv?q=${m}&columns=companyName&sort=-companyName`,
    );
    const rows: string[][] = parse(res.raw.rawPayload.toString('utf8'), { bom: true });
    expect(rows).toHaveLength(n + 1);
    const names = rows.slice(1).map((r) => r[0]);
    expect(new Set(names).size).toBe(n);
    expect(names[0]).toBe(`${m} ${String(n - 1).padStart(5, '0')}`);
    expect(names.at(-1)).toBe(`${m} 00000`);
    expect((await w.admin.http.get(`/api/partners/count?q=${m}`)).body).toEqual({ count: n });
  });

  it('refuses bad sorts and columns before sending anything', async () => {
    const sort = await w.admin.http.get('/api/exports/partners.csv?sort=notes');
    expect(sort.status).toBe(400);
    expect(sort.body.error.fields).toHaveProperty('sort');
    expect((await w.admin.http.get('/api/exports/partners.csv?columns=notes')).status).toBe(400);
  });
});

describe('dashboard', () => {
  it('still counts partners by status, archived ones included', async () => {
    const dash = (await w.admin.http.get('/api/dashboard/summary')).body;
    expect(dash.partnersByStatus.archived).toBeGreaterThan(0);
    expect((await w.adminA.http.get('/api/dashboard/summary')).body.partnersByStatus).toEqual({
      active: 1,
    });
  });
});
