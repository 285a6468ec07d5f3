import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { makeConsultant, world, type Actor, type World } from '../support/factories';
import { csv, importHelpers, type ImportHelpers } from '../support/imports';
import type { ImportRun, ImportSettings } from '../../src/shared/imports';

let env: TestEnv;
let w: World;
let seq = 0;
const MISSING = '00000000-0000-4000-8000-000000000000';
const marker = () => `zp${Date.now().toString(36)}${(seq++).toString(36)}`;

let h: ImportHelpers;

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  h = importHelpers(env);
});
afterAll(() => env.close());

// ---------------------------------------------------------------------------------------------
// Helpers

const uploadRaw = (as: Actor | null, entity: string, text: string) =>
  h.uploadRaw(as, [
    { name: 'entity', value: entity },
    { name: 'file', filename: `${entity}.csv`, data: Buffer.from(text) },
  ]);
const upload = (as: Actor, entity: string, text: string) => h.upload(as, text, entity);
const runJobs = () => h.runJobs();
const get: ImportHelpers['get'] = (...args) => h.get(...args);

/** Upload, run with the settings, and wait for the job. */
const run = (as: Actor, entity: string, text: string, s: ImportSettings) =>
  h.imported(as, text, s, entity);

async function undo(as: Actor, id: string) {
  const res = await as.http.post(`/api/imports/${id}/undo`, {});
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  await runJobs();
  return get(as, id);
}

const partnersNamed = (name: string) =>
  env.deps.db
    .selectFrom('partners')
    .leftJoin('partner_levels', 'partner_levels.id', 'partners.level_id')
    .leftJoin('activation_stages', 'activation_stages.id', 'partners.activation_stage_id')
    .selectAll('partners')
    .select(['partner_levels.name as level', 'activation_stages.name as stage'])
    .where(sql`lower(company_name)`, '=', name.toLowerCase())
    .execute();

const consultantsByEmail = (email: string) =>
  env.deps.db
    .selectFrom('consultants')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .orderBy('created_at')
    .execute();

const companyName = async (id: string) =>
  (
    await env.deps.db
      .selectFrom('partners')
      .select('company_name')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).company_name;

const P_HEADER = ['Company', 'Type', 'Level', 'Stage', 'Email', 'Country', 'Manager', 'Tags'];
const P_MAPPING = {
  Company: 'companyName',
  Type: 'type',
  Level: 'level',
  Stage: 'activationStage',
  Email: 'email',
  Country: 'countryCode',
  Manager: 'channelManager',
  Tags: 'tags',
};
const pSettings = (over: Partial<ImportSettings> = {}): ImportSettings => ({
  mode: 'upsert',
  matchBy: 'name_company',
  mapping: P_MAPPING,
  ...over,
});

const C_HEADER = ['Partner', 'First', 'Last', 'Email', 'Title'];
const C_MAPPING = {
  Partner: 'partner',
  First: 'firstName',
  Last: 'lastName',
  Email: 'email',
  Title: 'jobTitle',
};
const cSettings = (over: Partial<ImportSettings> = {}): ImportSettings => ({
  mode: 'upsert',
  matchBy: 'email',
  mapping: C_MAPPING,
  ...over,
});

// ---------------------------------------------------------------------------------------------

describe('access', () => {
  let imp: ImportRun;
  beforeAll(async () => {
    imp = await upload(
      w.adminA,
      'consultants',
      csv([C_HEADER, ['', 'Ana', 'Ruiz', `ana.${marker()}@a.test`, '']]),
    );
  });

  it('needs a signed-in caller', async () => {
    expect((await uploadRaw(null, 'partners', csv([['Company'], ['X']]))).status).toBe(401);
    expect((await w.anon.get('/api/imports/fields?entity=partners')).status).toBe(401);
    expect((await w.anon.get('/api/imports/fields?entity=consultants')).status).toBe(401);
    expect((await w.anon.get(`/api/imports/${imp.id}`)).status).toBe(401);
  });

  it('refuses roles that may not create partners or consultants', async () => {
    // Partner users never create partners; partner reps do not add their company's people.
    expect((await uploadRaw(w.adminA, 'partners', csv([['Company'], ['X']]))).status).toBe(403);
    expect((await w.adminA.http.get('/api/imports/fields?entity=partners')).status).toBe(403);
    expect((await uploadRaw(w.salesRep, 'partners', csv([['Company'], ['X']]))).status).toBe(403);
    expect((await uploadRaw(w.repA, 'consultants', csv([C_HEADER]))).status).toBe(403);
    expect((await w.finance.http.get('/api/imports/fields?entity=consultants')).status).toBe(403);
    // Partner A's rep sees the company's import but may not run or undo it.
    expect((await w.repA.http.post(`/api/imports/${imp.id}/run`, cSettings())).status).toBe(403);
    expect((await w.repA.http.post(`/api/imports/${imp.id}/undo`, {})).status).toBe(403);
  });

  it("answers 404 for another partner's import", async () => {
    expect((await w.adminB.http.get(`/api/imports/${imp.id}`)).status).toBe(404);
    expect((await w.adminB.http.post(`/api/imports/${imp.id}/preview`, cSettings())).status).toBe(
      404,
    );
    expect((await w.adminB.http.post(`/api/imports/${imp.id}/run`, cSettings())).status).toBe(404);
    expect((await w.adminB.http.post(`/api/imports/${imp.id}/undo`, {})).status).toBe(404);
    expect((await w.adminB.http.get(`/api/imports/${imp.id}/results.csv`)).status).toBe(404);
    expect((await w.adminB.http.get(`/api/imports/${MISSING}`)).status).toBe(404);
    expect((await w.channelManager.http.get(`/api/imports/${imp.id}`)).status).toBe(200);
  });

  it('lists the fields; a partner admin gets consultants without the partner column', async () => {
    const partners = await w.channelManager.http.get('/api/imports/fields?entity=partners');
    expect(partners.status).toBe(200);
    const keys = partners.body.data.map((f: { key: string }) => f.key);
    expect(keys).toEqual(expect.arrayContaining(['companyName', 'level', 'channelManager']));
    const mine = await w.adminA.http.get('/api/imports/fields?entity=consultants');
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((f: { key: string }) => f.key)).not.toContain('partner');
  });
});

describe('partners', () => {
  it('adds partners with levels, stages and types by label, any case or accents', async () => {
    const m = marker();
    await env.deps.db
      .insertInto('partner_levels')
      .values({ name: `Élite ${m}`, rank: 90 })
      .execute();
    const done = await run(
      w.channelManager,
      'partners',
      csv([
        P_HEADER,
        [
          `Alpha ${m}`,
          'Value-added reseller',
          'gold',
          'ramp-up',
          'Info@Alpha.example',
          'Germany',
          w.channelManager.email,
          'cloud; emea',
        ],
        [`Beta ${m}`, 'DISTRIBUTOR', `ELITE ${m}`, '', '', 'fr', '', ''],
        [`Gamma ${m}`, 'system integrator', '', 'Fully Operational', '', '', '', ''],
      ]),
      pSettings(),
    );
    expect(done.counts).toMatchObject({ created: 3, updated: 0, failed: 0, duplicates: 0 });
    const [alpha] = await partnersNamed(`Alpha ${m}`);
    expect(alpha).toMatchObject({
      partner_type: 'var',
      level: 'Gold',
      stage: 'Ramp-up',
      email: 'info@alpha.example',
      country_code: 'DE',
      channel_manager_id: w.channelManager.id,
      tags: ['cloud', 'emea'],
    });
    expect((await partnersNamed(`Beta ${m}`))[0]).toMatchObject({
      partner_type: 'distributor',
      level: `Élite ${m}`,
      country_code: 'FR',
    });
    // No level given: the program's first, as a partner created by hand.
    expect((await partnersNamed(`Gamma ${m}`))[0]).toMatchObject({
      partner_type: 'system_integrator',
      level: 'Bronze',
      stage: 'Fully operational',
    });
    const events = await env.deps.db
      .selectFrom('events')
      .select(['action', 'subject_type'])
      .where('subject_id', '=', alpha!.id)
      .execute();
    expect(events).toEqual([{ action: 'create', subject_type: 'partner' }]);
  });

  it('an upsert of the same file twice changes nothing the second time', async () => {
    const m = marker();
    const text = csv([
      P_HEADER,
      [`Same ${m}`, 'Reseller', 'Silver', '', `same.${m}@x.example`, 'DE', '', 'a, b'],
      [`Other ${m}`, 'OEM', 'Bronze', '', '', '', '', ''],
    ]);
    const first = await run(w.admin, 'partners', text, pSettings());
    expect(first.counts).toMatchObject({ created: 2, updated: 0 });
    const before = await partnersNamed(`Same ${m}`);
    const second = await run(w.admin, 'partners', text, pSettings());
    expect(second.counts).toMatchObject({ created: 0, updated: 0, skipped: 2, failed: 0 });
    const after = await partnersNamed(`Same ${m}`);
    expect(after).toHaveLength(1);
    expect(after[0]!.version).toBe(before[0]!.version);
    // Matching by the partner's email finds the same record.
    const byEmail = await run(
      w.admin,
      'partners',
      csv([
        ['Company', 'Email', 'Level'],
        [`Renamed ${m}`, `SAME.${m}@x.example`, 'Gold'],
      ]),
      pSettings({
        matchBy: 'email',
        mapping: { Company: 'companyName', Email: 'email', Level: 'level' },
      }),
    );
    expect(byEmail.counts).toMatchObject({ created: 0, updated: 1 });
    expect((await partnersNamed(`Renamed ${m}`))[0]).toMatchObject({
      id: after[0]!.id,
      level: 'Gold',
    });
  });

  it('reports duplicates in the file and row errors with their reason', async () => {
    const m = marker();
    const up = await upload(
      w.channelManager,
      'partners',
      csv([
        P_HEADER,
        [`Dup ${m}`, '', '', '', '', '', '', ''],
        [`DUP ${m}`, '', 'Gold', '', '', '', '', ''],
        [`Bad level ${m}`, '', 'Platinum', '', '', '', '', ''],
        [`Bad mail ${m}`, '', '', '', 'not-an-email', '', '', ''],
        [`Bad type ${m}`, 'Wholesaler', '', '', '', '', '', ''],
        [`Bad manager ${m}`, '', '', '', '', '', w.finance.email, ''],
      ]),
    );
    const pre = await w.channelManager.http.post(`/api/imports/${up.id}/preview`, pSettings());
    expect(pre.status).toBe(202);
    await runJobs();
    const previewed = await get(w.channelManager, up.id);
    expect(previewed.preview).toMatchObject({ created: 1, duplicates: 1, failed: 4, total: 6 });
    expect(await partnersNamed(`Dup ${m}`)).toHaveLength(0);

    await w.channelManager.http.post(`/api/imports/${up.id}/run`, pSettings());
    await runJobs();
    const done = await get(w.channelManager, up.id);
    expect(done.counts).toMatchObject({ created: 1, duplicates: 1, failed: 4 });
    expect(done.failures).toEqual([
      expect.objectContaining({ line: 4, field: 'level' }),
      expect.objectContaining({ line: 5, field: 'email' }),
      expect.objectContaining({ line: 6, field: 'type' }),
      expect.objectContaining({ line: 7, field: 'channelManager' }),
    ]);
    expect(done.failures[0]!.reason).toMatch(
      /"Platinum" is not a partner level \(one of: Bronze, Silver, Gold/,
    );
    expect(done.failures[1]!.reason).toMatch(/email/i);
    expect(done.failures[3]!.reason).toMatch(/channel manager/i);
    const dup = await partnersNamed(`Dup ${m}`);
    expect(dup).toHaveLength(1);
    expect(dup[0]!.level).toBe('Bronze'); // the first line won
    const rows = await env.deps.db
      .selectFrom('import_rows')
      .select(['line', 'outcome', 'reason'])
      .where('import_id', '=', up.id)
      .where('outcome', '=', 'duplicate')
      .execute();
    expect(rows).toEqual([
      { line: 3, outcome: 'duplicate', reason: 'Same company name as line 2' },
    ]);
  });

  it('undo restores updated values and deletes created partners', async () => {
    const m = marker();
    await run(
      w.channelManager,
      'partners',
      csv([P_HEADER, [`Kept ${m}`, 'Reseller', 'Silver', '', '', 'DE', '', 'one']]),
      pSettings(),
    );
    const [kept] = await partnersNamed(`Kept ${m}`);
    const second = await run(
      w.channelManager,
      'partners',
      csv([
        P_HEADER,
        [`kept ${m}`, 'Distributor', 'Gold', '', `kept.${m}@x.example`, 'FR', '', 'two; three'],
        [`New ${m}`, 'Referral partner', '', '', '', '', '', ''],
      ]),
      pSettings(),
    );
    expect(second.counts).toMatchObject({ created: 1, updated: 1 });
    expect((await partnersNamed(`Kept ${m}`))[0]).toMatchObject({
      partner_type: 'distributor',
      level: 'Gold',
      country_code: 'FR',
      tags: ['two', 'three'],
    });
    expect(await partnersNamed(`New ${m}`)).toHaveLength(1);

    const undone = await undo(w.channelManager, second.id);
    expect(undone).toMatchObject({ status: 'undone', undo: { reverted: 2, keptEdited: 0 } });
    expect((await partnersNamed(`Kept ${m}`))[0]).toMatchObject({
      id: kept!.id,
      partner_type: 'reseller',
      level: 'Silver',
      email: null,
      country_code: 'DE',
      tags: ['one'],
    });
    expect(await partnersNamed(`New ${m}`)).toHaveLength(0);
    const actions = await env.deps.db
      .selectFrom('events')
      .select('action')
      .where('subject_id', '=', kept!.id)
      .orderBy('occurred_at')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['create', 'update', 'update']);
  });

  it('undo keeps a partner edited since, unless forced', async () => {
    const m = marker();
    const done = await run(
      w.channelManager,
      'partners',
      csv([P_HEADER, [`Edited ${m}`, '', '', '', '', '', '', '']]),
      pSettings(),
    );
    const [p] = await partnersNamed(`Edited ${m}`);
    const edit = await w.channelManager.http.patch(`/api/partners/${p!.id}`, {
      version: p!.version,
      phone: '+49 30 1234',
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect((await undo(w.channelManager, done.id)).undo).toEqual({ reverted: 0, keptEdited: 1 });
    expect(await partnersNamed(`Edited ${m}`)).toHaveLength(1);
  });
});

describe('consultants', () => {
  it('a partner admin imports into their own company; the partner column is ignored', async () => {
    const m = marker();
    const done = await run(
      w.adminA,
      'consultants',
      csv([
        C_HEADER,
        [await companyName(w.partnerB.id), 'Ana', 'Ruiz', `ana.${m}@a.example`, 'Engineer'],
        ['', 'Bo', 'Lee', 'not-an-email', ''],
      ]),
      cSettings(),
    );
    expect(done.counts).toMatchObject({ created: 1, failed: 1 });
    expect(done.failures[0]).toMatchObject({ line: 3, field: 'email' });
    const [ana] = await consultantsByEmail(`ana.${m}@a.example`);
    expect(ana).toMatchObject({ partner_id: w.partnerA.id, job_title: 'Engineer', visible: true });
    const event = await env.deps.db
      .selectFrom('events')
      .select(['action', 'partner_id', 'actor_user_id'])
      .where('subject_id', '=', ana!.id)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({
      action: 'create',
      partner_id: w.partnerA.id,
      actor_user_id: w.adminA.id,
    });
    // Partner B's admin cannot see it.
    expect((await w.adminB.http.get(`/api/imports/${done.id}`)).status).toBe(404);
  });

  it("an upsert never matches another partner's consultant with the same email", async () => {
    const m = marker();
    const theirs = await makeConsultant(env.deps, {
      partnerId: w.partnerB.id,
      firstName: 'Cy',
      lastName: 'Day',
    });
    const email = theirs.email;
    const done = await run(
      w.adminA,
      'consultants',
      csv([C_HEADER, ['', 'Cy', 'Day', email, `Title ${m}`]]),
      cSettings(),
    );
    expect(done.counts).toMatchObject({ created: 1, updated: 0 });
    const both = await consultantsByEmail(email);
    expect(both.map((c) => c.partner_id).sort()).toEqual([w.partnerA.id, w.partnerB.id].sort());
    expect(both.find((c) => c.partner_id === w.partnerB.id)).toMatchObject({
      id: theirs.id,
      job_title: null,
      version: theirs.version,
    });
    // By name as well: partner B's "Cy Day" is not partner A's.
    const byName = await run(
      w.adminA,
      'consultants',
      csv([C_HEADER, ['', 'Cy', 'Day', email, `Lead ${m}`]]),
      cSettings({ matchBy: 'name_company' }),
    );
    expect(byName.counts).toMatchObject({ created: 0, updated: 1 });
    expect(
      (await consultantsByEmail(email)).find((c) => c.partner_id === w.partnerB.id)!.job_title,
    ).toBeNull();
  });

  it('an internal user imports with the partner given by company name; undo reverts', async () => {
    const m = marker();
    const nameB = await companyName(w.partnerB.id);
    const first = await run(
      w.channelManager,
      'consultants',
      csv([
        C_HEADER,
        [nameB.toUpperCase(), 'Dee', 'Fox', `dee.${m}@b.example`, 'Sales'],
        ['No Such Partner', 'Eve', 'Gil', `eve.${m}@x.example`, ''],
        ['', 'Fay', 'Hu', `fay.${m}@x.example`, ''],
      ]),
      cSettings(),
    );
    expect(first.counts).toMatchObject({ created: 1, failed: 2 });
    expect(first.failures.map((f) => f.field)).toEqual(['partner', 'partner']);
    expect(first.failures[1]!.reason).toMatch(/required/);
    const [dee] = await consultantsByEmail(`dee.${m}@b.example`);
    expect(dee).toMatchObject({ partner_id: w.partnerB.id, job_title: 'Sales' });

    // The same person at partner A is someone else; at partner B it is an update.
    const second = await run(
      w.channelManager,
      'consultants',
      csv([
        C_HEADER,
        [nameB, 'Dee', 'Fox', `dee.${m}@b.example`, 'Sales director'],
        [await companyName(w.partnerA.id), 'Dee', 'Fox', `dee.${m}@b.example`, 'Partner A'],
      ]),
      cSettings(),
    );
    expect(second.counts).toMatchObject({ created: 1, updated: 1, duplicates: 0 });
    expect(
      (await consultantsByEmail(`dee.${m}@b.example`)).find((c) => c.id === dee!.id)!.job_title,
    ).toBe('Sales director');

    const undone = await undo(w.channelManager, second.id);
    expect(undone.undo).toEqual({ reverted: 2, keptEdited: 0 });
    const left = await consultantsByEmail(`dee.${m}@b.example`);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ id: dee!.id, job_title: 'Sales' });
  });
});
