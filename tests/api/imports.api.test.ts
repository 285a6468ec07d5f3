import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { world, type Actor, type World } from '../support/factories';
import { csv, importHelpers, type ImportHelpers } from '../support/imports';
import { processImport } from '../../src/server/features/imports/imports.service';
import type { ImportRun, ImportSettings } from '../../src/shared/imports';

let env: TestEnv;
let w: World;
let seq = 0;
const MISSING = '00000000-0000-4000-8000-000000000000';
const marker = () => `zi${Date.now().toString(36)}${(seq++).toString(36)}`;

let h: ImportHelpers;

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  h = importHelpers(env);
});
afterAll(() => env.close());

// ---------------------------------------------------------------------------------------------
// Helpers

const uploadRaw: ImportHelpers['uploadRaw'] = (...args) => h.uploadRaw(...args);
const upload: ImportHelpers['upload'] = (...args) => h.upload(...args);
const runJobs = () => h.runJobs();
const get: ImportHelpers['get'] = (...args) => h.get(...args);

const HEADER = [
  'First name',
  'Last name',
  'Company',
  'Email',
  'Job title',
  'Power',
  'Source',
  'Value',
  'Ext',
];
const MAPPING = {
  'First name': 'firstName',
  'Last name': 'lastName',
  Company: 'company',
  Email: 'email',
  'Job title': 'jobTitle',
  Power: 'power',
  Source: 'source',
  Value: 'estimatedValue',
  Ext: null,
};

const settings = (over: Partial<ImportSettings> = {}): ImportSettings => ({
  mode: 'upsert',
  matchBy: 'email',
  mapping: MAPPING,
  ...over,
});

type Person = {
  first?: string;
  last?: string;
  company?: string;
  email: string;
  value?: string;
  ext?: string;
  title?: string;
};
const row = (p: Person) => [
  p.first ?? 'Ana',
  p.last ?? 'Ruiz',
  p.company ?? 'Acme',
  p.email,
  p.title ?? 'IT manager',
  'Influencer',
  'Web',
  p.value ?? '',
  p.ext ?? '',
];
const file = (people: Person[]) => csv([HEADER, ...people.map(row)]);

/** Upload, run with the settings, and wait for the job. */
const imported = (as: Actor, text: string, s: ImportSettings = settings()) =>
  h.imported(as, text, s);

const partnerName = async (id: string) =>
  (
    await env.deps.db
      .selectFrom('partners')
      .select('company_name')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).company_name;

const leadsByEmail = (email: string) =>
  env.deps.db.selectFrom('leads').selectAll().where('email', '=', email.toLowerCase()).execute();

async function results(as: Actor, id: string) {
  const res = await as.http.get(`/api/imports/${id}/results.csv`);
  expect(res.status).toBe(200);
  expect(String(res.headers['content-disposition'])).toMatch(/^attachment/);
  return parse<Record<string, string>>(String(res.body).replace(/^\uFEFF/, ''), {
    columns: true,
  });
}

// ---------------------------------------------------------------------------------------------

describe('access', () => {
  let imp: ImportRun;
  beforeAll(async () => {
    imp = await upload(w.adminA, file([{ email: `a.${marker()}@acme.test` }]));
  });

  it('needs a signed-in caller', async () => {
    expect((await uploadRaw(null, [{ name: 'entity', value: 'leads' }])).status).toBe(401);
    expect((await w.anon.get('/api/imports')).status).toBe(401);
    expect((await w.anon.get(`/api/imports/${imp.id}`)).status).toBe(401);
    expect((await w.anon.get('/api/imports/fields?entity=leads')).status).toBe(401);
    expect((await w.anon.get('/api/import-mappings')).status).toBe(401);
  });

  it('refuses roles that may not create the entity', async () => {
    const res = await uploadRaw(w.finance, [
      { name: 'entity', value: 'leads' },
      { name: 'file', filename: 'x.csv', data: Buffer.from(file([{ email: 'x@y.test' }])) },
    ]);
    expect(res.status).toBe(403);
    expect((await w.finance.http.get('/api/imports/fields?entity=leads')).status).toBe(403);
    // Finance sees the import (internal) but may not start it.
    expect((await w.finance.http.post(`/api/imports/${imp.id}/run`, settings())).status).toBe(403);
  });

  it("answers 404 for another partner's import", async () => {
    expect((await w.adminB.http.get(`/api/imports/${imp.id}`)).status).toBe(404);
    expect((await w.adminB.http.post(`/api/imports/${imp.id}/preview`, settings())).status).toBe(
      404,
    );
    expect((await w.adminB.http.post(`/api/imports/${imp.id}/run`, settings())).status).toBe(404);
    expect((await w.adminB.http.post(`/api/imports/${imp.id}/undo`, {})).status).toBe(404);
    expect((await w.adminB.http.get(`/api/imports/${imp.id}/results.csv`)).status).toBe(404);
    expect((await w.adminB.http.get(`/api/imports/${MISSING}`)).status).toBe(404);
    const list = await w.adminB.http.get('/api/imports');
    expect(list.body.data.map((r: ImportRun) => r.id)).not.toContain(imp.id);
    // Internal users see every import; the partner's own users see it.
    expect((await w.admin.http.get(`/api/imports/${imp.id}`)).status).toBe(200);
    expect((await w.repA.http.get(`/api/imports/${imp.id}`)).status).toBe(200);
  });
});

describe('fields and uploads', () => {
  it('lists the fields of an entity; partner users do not get owner or partner', async () => {
    const res = await w.channelManager.http.get('/api/imports/fields?entity=leads');
    expect(res.status).toBe(200);
    const email = res.body.data.find((f: { key: string }) => f.key === 'email');
    expect(email).toMatchObject({ label: 'Email', required: true, type: 'email' });
    expect(res.body.data.map((f: { key: string }) => f.key)).toContain('owner');
    const partner = await w.adminA.http.get('/api/imports/fields?entity=leads');
    const keys = partner.body.data.map((f: { key: string }) => f.key);
    expect(keys).not.toContain('owner');
    expect(keys).not.toContain('partner');
    expect((await w.admin.http.get('/api/imports/fields?entity=nope')).status).toBe(400);
  });

  it('describes an upload: headers, sample, suggested mapping', async () => {
    const up = await upload(w.channelManager, file([{ email: 'sample@acme.test' }]));
    expect(up).toMatchObject({
      entity: 'leads',
      status: 'uploaded',
      headers: HEADER,
      file: { name: 'leads.csv', format: 'csv', delimiter: ',' },
      settings: null,
      counts: null,
      createdBy: { id: w.channelManager.id },
    });
    expect(up.file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(up.sample[0]![3]).toBe('sample@acme.test');
    expect(up.suggestedMapping.Email).toBe('email');
    expect(up.suggestedMapping['First name']).toBe('firstName');
    const list = await w.channelManager.http.get('/api/imports?entity=leads&limit=1');
    expect(list.body.data[0].id).toBe(up.id);
  });

  it('refuses bad files with 400, never 500', async () => {
    const send = (data: Buffer, entityFirst = true) =>
      uploadRaw(
        w.admin,
        entityFirst
          ? [
              { name: 'entity', value: 'leads' },
              { name: 'file', filename: 'x.csv', data },
            ]
          : [
              { name: 'file', filename: 'x.csv', data },
              { name: 'entity', value: 'leads' },
            ],
      );
    const empty = await send(Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('VALIDATION_FAILED');
    expect(empty.body.error.message).toMatch(/empty/i);
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const bin = await send(garbage);
    expect(bin.status).toBe(400);
    expect(bin.body.error.code).toBe('VALIDATION_FAILED');
    expect((await send(Buffer.from('a,b\n1,2\n'), false)).status).toBe(400);
    expect((await uploadRaw(w.admin, [{ name: 'entity', value: 'leads' }])).status).toBe(400);
    expect(
      (
        await uploadRaw(w.admin, [
          { name: 'entity', value: 'widgets' },
          { name: 'file', filename: 'x.csv', data: Buffer.from('a\n1\n') },
        ])
      ).status,
    ).toBe(400);
    // Nothing half-stored is left behind.
    const stale = await env.deps.db
      .selectFrom('imports')
      .select('id')
      .where('ready', '=', false)
      .execute();
    expect(stale).toEqual([]);
  });

  it('refuses a file over the import limit while it streams, naming the limit', async () => {
    const config = env.deps.config as { importMaxBytes: number };
    const saved = config.importMaxBytes;
    config.importMaxBytes = 2048;
    try {
      const big = file(Array.from({ length: 100 }, (_, i) => ({ email: `big${i}@acme.test` })));
      const res = await uploadRaw(w.admin, [
        { name: 'entity', value: 'leads' },
        { name: 'file', filename: 'big.csv', data: Buffer.from(big) },
      ]);
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(res.body.error.message).toContain('2 KB');
    } finally {
      config.importMaxBytes = saved;
    }
    const stale = await env.deps.db
      .selectFrom('imports')
      .select('id')
      .where('ready', '=', false)
      .execute();
    expect(stale).toEqual([]);
  });

  it('checks the settings against the file', async () => {
    const up = await upload(w.admin, file([{ email: `s.${marker()}@acme.test` }]));
    const bad = await w.admin.http.post(`/api/imports/${up.id}/preview`, {
      ...settings(),
      mapping: { Nope: 'email', Email: 'bogus' },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(
      expect.arrayContaining(['mapping.Nope', 'mapping.Email']),
    );
    const noExt = await w.admin.http.post(
      `/api/imports/${up.id}/preview`,
      settings({ matchBy: 'external_id' }),
    );
    expect(noExt.status).toBe(400);
    const missing = await w.admin.http.post(`/api/imports/${up.id}/run`, {
      ...settings(),
      mapping: { Email: 'email' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.mapping).toMatch(/Company/);
    // Every entity of the contract has an importer (partners and consultants: imports-partners).
    expect((await w.admin.http.get('/api/imports/fields?entity=consultants')).status).toBe(200);
  });
});

describe('preview, run, results and undo', () => {
  it('previews without writing, then runs with counts, progress and results.csv', async () => {
    const m = marker();
    const existing = `old.${m}@acme.test`;
    await imported(w.channelManager, file([{ email: existing, company: 'Old Co' }]));
    const text = file([
      { email: `new1.${m}@acme.test`, value: '1,200.50' },
      { email: existing, company: 'Renamed Co' },
      { email: `not-an-email ${m}` },
      { email: `new2.${m}@acme.test`, title: 'Astronaut' },
      { email: `new1.${m}@acme.test` },
    ]);
    const up = await upload(w.channelManager, text);
    const pre = await w.channelManager.http.post(`/api/imports/${up.id}/preview`, settings());
    expect(pre.status).toBe(202);
    expect(pre.body.status).toBe('previewing');
    await runJobs();
    const previewed = await get(w.channelManager, up.id);
    expect(previewed.status).toBe('previewed');
    expect(previewed.preview).toMatchObject({
      created: 1,
      updated: 1,
      failed: 2,
      duplicates: 1,
      skipped: 0,
      total: 5,
    });
    expect(previewed.preview!.failures).toEqual([
      expect.objectContaining({ line: 4, field: 'email' }),
      expect.objectContaining({ line: 5, field: 'jobTitle' }),
    ]);
    expect(await leadsByEmail(`new1.${m}@acme.test`)).toHaveLength(0);
    expect((await leadsByEmail(existing))[0]!.company).toBe('Old Co');

    const run = await w.channelManager.http.post(`/api/imports/${up.id}/run`, settings());
    expect(run.body).toMatchObject({ status: 'queued', progress: { done: 0, total: 5 } });
    await runJobs();
    const done = await get(w.channelManager, up.id);
    expect(done).toMatchObject({
      status: 'done',
      counts: { created: 1, updated: 1, failed: 2, duplicates: 1, skipped: 0, total: 5 },
      progress: { done: 5, total: 5 },
      error: null,
    });
    expect(done.finishedAt).not.toBeNull();
    expect(done.failures.map((f) => f.line)).toEqual([4, 5]);
    expect(done.failures[0]!.reason).toMatch(/email/i);
    expect(done.failures[1]!.reason).toMatch(/Astronaut/);

    const [created] = await leadsByEmail(`new1.${m}@acme.test`);
    expect(created).toMatchObject({
      estimated_value: '1200.50',
      job_title: 'it_manager',
      source: 'web',
    });
    expect(created!.scored_at).not.toBeNull(); // scored like a lead created by hand
    expect((await leadsByEmail(existing))[0]!.company).toBe('Renamed Co');
    const history = await env.deps.db
      .selectFrom('events')
      .select('action')
      .where('subject_id', '=', created!.id)
      .execute();
    expect(history.map((h) => h.action)).toEqual(['lead.created']);

    const rows = await results(w.channelManager, up.id);
    expect(rows.map((r) => [r.line, r.outcome])).toEqual([
      ['4', 'failed'],
      ['5', 'failed'],
      ['6', 'duplicate'],
    ]);
    expect(rows[2]!.reason).toBe('Same email as line 2');
    expect(rows[0]!.Email).toBe(`not-an-email ${m}`);
    expect(Object.keys(rows[0]!)).toEqual(['line', 'outcome', 'reason', ...HEADER]);

    // Done is done: no second run.
    expect((await w.channelManager.http.post(`/api/imports/${up.id}/run`, settings())).status).toBe(
      409,
    );
  });

  it('undo deletes created rows, restores updated ones, keeps rows edited since unless forced', async () => {
    const m = marker();
    const a = `ua.${m}@acme.test`;
    const b = `ub.${m}@acme.test`;
    await imported(
      w.channelManager,
      file([
        { email: a, company: 'A1' },
        { email: b, company: 'B1' },
      ]),
    );
    const c = `uc.${m}@acme.test`;
    const d = `ud.${m}@acme.test`;
    const run = await imported(
      w.channelManager,
      file([{ email: a, company: 'A2' }, { email: b, company: 'B2' }, { email: c }, { email: d }]),
    );
    expect(run.counts).toMatchObject({ created: 2, updated: 2 });
    // Edited since the import: b (updated) and d (created).
    const [leadB] = await leadsByEmail(b);
    const [leadD] = await leadsByEmail(d);
    for (const l of [leadB!, leadD!]) {
      const res = await w.channelManager.http.patch(`/api/leads/${l.id}`, {
        city: 'Lyon',
        version: l.version,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    expect((await w.finance.http.post(`/api/imports/${run.id}/undo`, {})).status).toBe(403);
    const undo = await w.channelManager.http.post(`/api/imports/${run.id}/undo`, {});
    expect(undo.status).toBe(202);
    expect(undo.body.status).toBe('undoing');
    await runJobs();
    const undone = await get(w.channelManager, run.id);
    expect(undone).toMatchObject({ status: 'undone', undo: { reverted: 2, keptEdited: 2 } });
    expect((await leadsByEmail(a))[0]!.company).toBe('A1');
    expect((await leadsByEmail(b))[0]!.company).toBe('B2');
    expect(await leadsByEmail(c)).toHaveLength(0);
    expect(await leadsByEmail(d)).toHaveLength(1);
    expect((await w.channelManager.http.post(`/api/imports/${run.id}/undo`, {})).status).toBe(409);

    // Forced: edited records are reverted too.
    const again = await imported(
      w.channelManager,
      file([{ email: b, company: 'B3' }, { email: `ue.${m}@acme.test` }]),
    );
    const [b3] = await leadsByEmail(b);
    await w.channelManager.http.patch(`/api/leads/${b3!.id}`, {
      city: 'Nice',
      version: b3!.version,
    });
    await w.channelManager.http.post(`/api/imports/${again.id}/undo`, { force: true });
    await runJobs();
    expect((await get(w.channelManager, again.id)).undo).toEqual({ reverted: 2, keptEdited: 0 });
    expect((await leadsByEmail(b))[0]!.company).toBe('B2');
    expect(await leadsByEmail(`ue.${m}@acme.test`)).toHaveLength(0);
  });
});

describe('modes and matching', () => {
  it('add skips existing rows, update skips unknown ones, upsert does both', async () => {
    const m = marker();
    const known = `known.${m}@acme.test`;
    const unknown = `unknown.${m}@acme.test`;
    await imported(w.channelManager, file([{ email: known, company: 'K1' }]));
    const add = await imported(
      w.channelManager,
      file([
        { email: known, company: 'K2' },
        { email: unknown, company: 'U1' },
      ]),
      settings({ mode: 'add' }),
    );
    expect(add.counts).toMatchObject({ created: 1, updated: 0, skipped: 1 });
    expect((await leadsByEmail(known))[0]!.company).toBe('K1');
    const rows = await results(w.channelManager, add.id);
    expect(rows).toEqual([
      expect.objectContaining({ outcome: 'skipped', reason: 'Already exists' }),
    ]);

    const other = `other.${m}@acme.test`;
    const upd = await imported(
      w.channelManager,
      file([{ email: known, company: 'K3' }, { email: other }]),
      settings({ mode: 'update' }),
    );
    expect(upd.counts).toMatchObject({ created: 0, updated: 1, skipped: 1 });
    expect((await leadsByEmail(known))[0]!.company).toBe('K3');
    expect(await leadsByEmail(other)).toHaveLength(0);
  });

  it('update mode needs only the key mapped and leaves empty cells alone', async () => {
    const m = marker();
    const email = `partial.${m}@acme.test`;
    await imported(w.channelManager, file([{ email, company: 'Keep Co', value: '10' }]));
    const up = await upload(
      w.channelManager,
      csv([
        ['Email', 'Value'],
        [email, '99'],
        [`x.${m}@acme.test`, ''],
      ]),
    );
    const res = await w.channelManager.http.post(`/api/imports/${up.id}/run`, {
      mode: 'update',
      matchBy: 'email',
      mapping: { Email: 'email', Value: 'estimatedValue' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await runJobs();
    expect((await get(w.channelManager, up.id)).counts).toMatchObject({ updated: 1, skipped: 1 });
    expect((await leadsByEmail(email))[0]).toMatchObject({
      company: 'Keep Co',
      estimated_value: '99.00',
    });
  });

  it('matches by name and company', async () => {
    const m = marker();
    const company = `Name Co ${m}`;
    await imported(
      w.channelManager,
      file([{ first: 'Lea', last: 'Moss', company, email: `lm1.${m}@acme.test` }]),
    );
    const second = await imported(
      w.channelManager,
      file([
        { first: 'LEA', last: 'moss', company: company.toUpperCase(), email: `lm2.${m}@acme.test` },
      ]),
      settings({ matchBy: 'name_company' }),
    );
    expect(second.counts).toMatchObject({ created: 0, updated: 1 });
    expect(await leadsByEmail(`lm1.${m}@acme.test`)).toHaveLength(0);
    expect(await leadsByEmail(`lm2.${m}@acme.test`)).toHaveLength(1);
  });

  it('matches by external id: a second run updates instead of duplicating', async () => {
    const m = marker();
    const ext = settings({ matchBy: 'external_id', externalIdColumn: 'Ext' });
    const first = await imported(
      w.channelManager,
      file([
        { email: `e1.${m}@acme.test`, ext: `X-${m}-1` },
        { email: `e2.${m}@acme.test`, ext: `X-${m}-2` },
        { email: `e3.${m}@acme.test` },
      ]),
      ext,
    );
    expect(first.counts).toMatchObject({ created: 2, failed: 1 });
    const second = await imported(
      w.channelManager,
      file([
        { email: `e1b.${m}@acme.test`, ext: `X-${m}-1` },
        { email: `e2.${m}@acme.test`, company: 'Moved', ext: `X-${m}-2` },
      ]),
      ext,
    );
    expect(second.counts).toMatchObject({ created: 0, updated: 2 });
    expect(await leadsByEmail(`e1.${m}@acme.test`)).toHaveLength(0);
    expect(await leadsByEmail(`e1b.${m}@acme.test`)).toHaveLength(1);
    expect((await leadsByEmail(`e2.${m}@acme.test`))[0]!.company).toBe('Moved');
  });

  it('reports duplicates inside the file and imports only the first', async () => {
    const m = marker();
    const dup = `dup.${m}@acme.test`;
    const run = await imported(
      w.channelManager,
      file([
        { email: dup, company: 'First' },
        { email: `other.${m}@acme.test` },
        { email: dup.toUpperCase(), company: 'Second' },
      ]),
    );
    expect(run.counts).toMatchObject({ created: 2, duplicates: 1 });
    expect((await leadsByEmail(dup))[0]!.company).toBe('First');
    const rows = await results(w.channelManager, run.id);
    expect(rows).toEqual([
      expect.objectContaining({ line: '4', outcome: 'duplicate', reason: 'Same email as line 2' }),
    ]);
  });

  it('an upsert of the same file twice changes nothing the second time', async () => {
    const m = marker();
    const text = file([
      { email: `t1.${m}@acme.test`, value: '1200.5' },
      { email: `t2.${m}@acme.test`, value: '3000' },
    ]);
    const first = await imported(w.channelManager, text);
    expect(first.counts).toMatchObject({ created: 2 });
    const [before] = await leadsByEmail(`t1.${m}@acme.test`);
    const second = await imported(w.channelManager, text);
    expect(second.counts).toMatchObject({ created: 0, updated: 0, skipped: 2, failed: 0 });
    const [after] = await leadsByEmail(`t1.${m}@acme.test`);
    expect(after!.version).toBe(before!.version);
    expect(after!.updated_at).toEqual(before!.updated_at);
  });

  it("a partner user's partner and owner columns are ignored and their upserts never match another partner's rows", async () => {
    const m = marker();
    const shared = `shared.${m}@acme.test`;
    // Partner B already has a lead with that email.
    await imported(w.adminB, file([{ email: shared, company: 'B Customer' }]));
    const header = [...HEADER, 'Partner', 'Owner'];
    const text = csv([
      header,
      [
        ...row({ email: shared, company: 'A Customer' }),
        await partnerName(w.partnerB.id),
        w.admin.email,
      ],
    ]);
    const up = await upload(w.adminA, text);
    const res = await w.adminA.http.post(`/api/imports/${up.id}/run`, {
      ...settings(),
      mapping: { ...MAPPING, Partner: 'partner', Owner: 'owner' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await runJobs();
    expect((await get(w.adminA, up.id)).counts).toMatchObject({
      created: 1,
      updated: 0,
      failed: 0,
    });
    const leads = await leadsByEmail(shared);
    expect(leads).toHaveLength(2);
    const mine = leads.find((l) => l.partner_id === w.partnerA.id)!;
    expect(mine).toMatchObject({
      company: 'A Customer',
      owner_id: w.adminA.id,
      created_by_partner: true,
    });
    expect(leads.find((l) => l.partner_id === w.partnerB.id)!.company).toBe('B Customer');
    const list = await w.adminB.http.get('/api/imports');
    expect(list.body.data.map((r: ImportRun) => r.id)).not.toContain(up.id);
  });

  it('internal users can assign partners and owners by name or email', async () => {
    const m = marker();
    const header = [...HEADER, 'Partner', 'Owner'];
    const text = csv([
      header,
      [...row({ email: `as1.${m}@acme.test` }), await partnerName(w.partnerB.id), w.salesRep.email],
      [...row({ email: `as2.${m}@acme.test` }), 'No Such Partner', ''],
    ]);
    const up = await upload(w.channelManager, text);
    await w.channelManager.http.post(`/api/imports/${up.id}/run`, {
      ...settings(),
      mapping: { ...MAPPING, Partner: 'partner', Owner: 'owner' },
    });
    await runJobs();
    const done = await get(w.channelManager, up.id);
    expect(done.counts).toMatchObject({ created: 1, failed: 1 });
    expect(done.failures[0]).toMatchObject({ line: 3, field: 'partner' });
    expect((await leadsByEmail(`as1.${m}@acme.test`))[0]).toMatchObject({
      partner_id: w.partnerB.id,
      owner_id: w.salesRep.id,
    });
  });
});

describe('accounts and contacts', () => {
  async function run(as: Actor, entity: string, text: string, s: ImportSettings) {
    const up = await upload(as, text, entity);
    const res = await as.http.post(`/api/imports/${up.id}/run`, s);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await runJobs();
    const done = await get(as, up.id);
    expect(done.status, JSON.stringify(done)).toBe('done');
    return done;
  }
  const accountsNamed = (name: string) =>
    env.deps.db
      .selectFrom('accounts')
      .selectAll()
      .where(sql`lower(name)`, '=', name.toLowerCase())
      .execute();

  it('imports accounts matched by name, partner users into their own company', async () => {
    const m = marker();
    const mapping = {
      Account: 'name',
      Website: 'domain',
      Country: 'countryCode',
      Partner: 'partner',
    };
    const s = settings({ matchBy: 'name_company', mapping });
    const first = await run(
      w.channelManager,
      'accounts',
      csv([
        ['Account', 'Website', 'Country', 'Partner'],
        [`North ${m}`, 'https://www.north.example/about', 'Germany', ''],
        [`South ${m}`, '', 'Atlantis', ''],
      ]),
      s,
    );
    expect(first.counts).toMatchObject({ created: 1, failed: 1 });
    expect(first.failures[0]).toMatchObject({ line: 3, field: 'countryCode' });
    expect((await accountsNamed(`North ${m}`))[0]).toMatchObject({
      domain: 'north.example',
      country_code: 'DE',
    });
    const second = await run(
      w.channelManager,
      'accounts',
      csv([
        ['Account', 'Website', 'Country', 'Partner'],
        [`NORTH ${m}`, 'north2.example', 'DE', ''],
      ]),
      s,
    );
    expect(second.counts).toMatchObject({ created: 0, updated: 1 });
    expect((await accountsNamed(`North ${m}`))[0]!.domain).toBe('north2.example');

    // Partner A's admin: the partner column is ignored; the vendor's account is not matched.
    const mine = await run(
      w.adminA,
      'accounts',
      csv([
        ['Account', 'Website', 'Country', 'Partner'],
        [`North ${m}`, '', '', await partnerName(w.partnerB.id)],
      ]),
      s,
    );
    expect(mine.counts).toMatchObject({ created: 1, updated: 0 });
    const both = await accountsNamed(`North ${m}`);
    expect(both.map((a) => a.managed_by_partner_id).sort()).toEqual([null, w.partnerA.id].sort());

    const undo = await w.channelManager.http.post(`/api/imports/${second.id}/undo`, {});
    expect(undo.status).toBe(202);
    await runJobs();
    expect((await get(w.channelManager, second.id)).undo).toEqual({ reverted: 1, keptEdited: 0 });
    expect(
      (await accountsNamed(`North ${m}`)).find((a) => a.managed_by_partner_id === null)!.domain,
    ).toBe('north.example');
  });

  it('imports contacts into accounts found by name, matched by email; undo removes them', async () => {
    const m = marker();
    const account = `Contact Co ${m}`;
    await run(
      w.channelManager,
      'accounts',
      csv([['Account'], [account]]),
      settings({ matchBy: 'name_company', mapping: { Account: 'name' } }),
    );
    const mapping = { Account: 'account', First: 'firstName', Last: 'lastName', Email: 'email' };
    const text = csv([
      ['Account', 'First', 'Last', 'Email'],
      [account, 'Ana', 'Lee', `ana.${m}@contact.example`],
      ['Nowhere Inc', 'Bo', 'Ray', `bo.${m}@contact.example`],
      [account, 'Cy', 'Day', 'not an email'],
    ]);
    const done = await run(w.channelManager, 'contacts', text, settings({ mapping }));
    expect(done.counts).toMatchObject({ created: 1, failed: 2 });
    expect(done.failures.map((f) => f.field)).toEqual(['account', 'email']);
    const again = await run(w.channelManager, 'contacts', text, settings({ mapping }));
    expect(again.counts).toMatchObject({ created: 0, skipped: 1, failed: 2 });
    const contacts = () =>
      env.deps.db
        .selectFrom('contacts')
        .select('id')
        .where('email', '=', `ana.${m}@contact.example`)
        .execute();
    expect(await contacts()).toHaveLength(1);
    // Partner B cannot see the vendor's account: the row fails rather than touching it.
    const other = await run(w.adminB, 'contacts', text, settings({ mapping }));
    expect(other.counts).toMatchObject({ created: 0, failed: 3 });
    await w.channelManager.http.post(`/api/imports/${done.id}/undo`, {});
    await runJobs();
    expect(await contacts()).toHaveLength(0);
  });
});

describe('failures as a whole', () => {
  it('a file found broken further in fails the run with the reason, not a 500', async () => {
    const m = marker();
    const good = Array.from({ length: 8 }, (_, i) => row({ email: `f${i}.${m}@acme.test` }));
    const text = csv([HEADER, ...good]) + 'Ana,"Ruiz,Acme,broken@acme.test\n';
    const up = await upload(w.channelManager, text);
    expect(up.status).toBe('uploaded');
    await w.channelManager.http.post(`/api/imports/${up.id}/run`, settings());
    await runJobs();
    const failed = await get(w.channelManager, up.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBeTruthy();
    expect(failed.error).not.toMatch(/unexpected error/);
    // A failed run may be undone (its committed part) or started again.
    expect((await w.channelManager.http.post(`/api/imports/${up.id}/undo`, {})).status).toBe(202);
  });
});

describe('resuming', () => {
  it('a run interrupted after a batch resumes with exactly the expected rows', async () => {
    const m = marker();
    const people = Array.from({ length: 7 }, (_, i) => ({ email: `r${i}.${m}@acme.test` }));
    people.push({ email: `r1.${m}@acme.test` }); // a duplicate of line 3, in the last batch
    const up = await upload(w.channelManager, file(people));
    await w.channelManager.http.post(`/api/imports/${up.id}/run`, settings());
    const payload = {
      importId: up.id,
      userId: w.channelManager.id,
      requestId: 'test',
      ip: '127.0.0.1',
    };
    await expect(
      processImport(env.deps, payload, false, {
        batchSize: 3,
        afterBatch: (n) => {
          if (n === 2) throw new Error('crash');
        },
      }),
    ).rejects.toThrow('crash');
    const midway = await get(w.channelManager, up.id);
    expect(midway).toMatchObject({ status: 'running', progress: { done: 6 } });
    const count = async () =>
      (
        await env.deps.db
          .selectFrom('leads')
          .select('email')
          .where('email', 'like', `%.${m}@acme.test`)
          .execute()
      ).length;
    expect(await count()).toBe(6);
    // The retry (here with another batch size asked for: the first run's size wins).
    await processImport(env.deps, payload, false, { batchSize: 100 });
    const done = await get(w.channelManager, up.id);
    expect(done.counts).toMatchObject({ created: 7, duplicates: 1, total: 8 });
    expect(await count()).toBe(7);
    const ledger = await env.deps.db
      .selectFrom('import_rows')
      .select(['line', 'batch_no'])
      .where('import_id', '=', up.id)
      .orderBy('line')
      .execute();
    expect(ledger.map((r) => r.batch_no)).toEqual([1, 1, 1, 2, 2, 2, 3, 3]);
  });
});

describe('a worker that keeps dying', () => {
  it('ends the import failed, not running for ever, and running it again finishes it', async () => {
    const m = marker();
    const people = Array.from({ length: 5 }, (_, i) => ({ email: `d${i}.${m}@acme.test` }));
    const up = await upload(w.channelManager, file(people));
    expect((await w.channelManager.http.post(`/api/imports/${up.id}/run`, settings())).status).toBe(
      202,
    );
    // Its last attempt was claimed by a worker that died.
    const { job_id } = await env.deps.db
      .selectFrom('imports')
      .select('job_id')
      .where('id', '=', up.id)
      .executeTakeFirstOrThrow();
    await env.deps.db
      .updateTable('jobs')
      .set({
        status: 'running',
        attempts: sql<number>`coalesce(max_attempts, 5)`,
        locked_by: 'dead-worker',
        locked_at: sql<Date>`now() - interval '1 hour'`,
      })
      .where('id', '=', job_id!)
      .execute();
    await runJobs();
    const failed = await get(w.channelManager, up.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/stopped responding several times/);

    expect((await w.channelManager.http.post(`/api/imports/${up.id}/run`, settings())).status).toBe(
      202,
    );
    await runJobs();
    expect(await get(w.channelManager, up.id)).toMatchObject({
      status: 'done',
      counts: { created: 5, total: 5 },
    });
  });
});

describe('saved mappings', () => {
  it('saves, replaces by name, lists per owner and deletes', async () => {
    const first = await w.channelManager.http.post('/api/import-mappings', {
      entity: 'leads',
      name: 'CRM export',
      mapping: { Email: 'email' },
    });
    expect(first.status).toBe(201);
    const second = await w.channelManager.http.post('/api/import-mappings', {
      entity: 'leads',
      name: 'crm EXPORT',
      mapping: { 'E-mail': 'email' },
    });
    expect(second.body.id).toBe(first.body.id);
    const list = await w.channelManager.http.get('/api/import-mappings?entity=leads');
    expect(list.body.data).toEqual([
      expect.objectContaining({
        id: first.body.id,
        name: 'crm EXPORT',
        mapping: { 'E-mail': 'email' },
      }),
    ]);
    expect((await w.salesRep.http.get('/api/import-mappings')).body.data).toEqual([]);
    expect((await w.salesRep.http.delete(`/api/import-mappings/${first.body.id}`)).status).toBe(
      404,
    );
    expect(
      (await w.channelManager.http.delete(`/api/import-mappings/${first.body.id}`)).status,
    ).toBe(204);
    expect((await w.channelManager.http.get('/api/import-mappings')).body.data).toEqual([]);
  });
});
