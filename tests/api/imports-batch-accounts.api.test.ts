import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { world, type Actor, type World } from '../support/factories';
import { csv, importHelpers } from '../support/imports';
import { IMPORTERS } from '../../src/server/features/imports/entities';
import type { ImportEntity, ImportSettings } from '../../src/shared/imports';

// Accounts and contacts are written a batch at a time (writeMany) or, when the database refuses
// a batch, row by row (create/update). Both must leave the same records, history and ledger.

let env: TestEnv;
let w: World;
let h: ReturnType<typeof importHelpers>;
let m: string;

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  h = importHelpers(env);
  m = `za${Date.now().toString(36)}`;
});
afterAll(() => env.close());

/** Runs fn with the set-based path of the entity switched off: every row goes through create/update. */
async function rowByRow<T>(entity: ImportEntity, fn: () => Promise<T>): Promise<T> {
  const importer = IMPORTERS[entity]!;
  const saved = importer.writeMany?.bind(importer);
  importer.writeMany = undefined;
  try {
    return await fn();
  } finally {
    importer.writeMany = saved;
  }
}

/** Runs fn expecting every batch to go through writeMany, none refused and written again. */
async function batched<T>(entity: ImportEntity, fn: () => Promise<T>): Promise<T> {
  const importer = IMPORTERS[entity]!;
  const saved = importer.writeMany!.bind(importer);
  let calls = 0;
  importer.writeMany = async (...args) => {
    const out = await saved(...args);
    calls++;
    return out;
  };
  try {
    const result = await fn();
    expect(calls).toBeGreaterThan(0);
    return result;
  } finally {
    importer.writeMany = saved;
  }
}

async function ledger(importId: string) {
  return env.deps.db
    .selectFrom('import_rows')
    .select(['line', 'outcome', 'reason', 'field', 'version_after', 'before'])
    .where('import_id', '=', importId)
    .orderBy('line')
    .execute();
}

/** The history of these records: per record (by a name both paths share), action and changes. */
async function history(names: Map<string, string>, hidden: string) {
  if (names.size === 0) return [];
  const events = await env.deps.db
    .selectFrom('events')
    .select(['subject_id', 'action', 'changes', 'partner_id', 'actor_user_id'])
    .where('subject_id', 'in', [...names.keys()])
    .orderBy('id')
    .execute();
  return events.map((e) => {
    const changes = { ...(e.changes as Record<string, unknown>) };
    delete changes[hidden];
    return {
      record: names.get(e.subject_id),
      action: e.action,
      partner: e.partner_id,
      actor: e.actor_user_id,
      changes,
    };
  });
}

/**
 * Imports the two rounds of a file twice, once per write path (the files differ only by a
 * prefix), previewed first, and expects the same previews, counts and ledgers; answers the
 * imports of the batch path.
 */
async function bothWays(
  as: Actor,
  entity: ImportEntity,
  file: (prefix: string, round: 1 | 2) => string,
  s: ImportSettings,
) {
  const preview = async (text: string) => {
    const up = await h.upload(as, text, entity);
    const res = await as.http.post(`/api/imports/${up.id}/preview`, s);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await h.runJobs();
    const done = await h.get(as, up.id);
    expect(done.status).toBe('previewed');
    return done.preview!;
  };
  const out = [];
  for (const round of [1, 2] as const) {
    // The preview checks the same way and writes nothing.
    const previewed = await batched(entity, () => preview(file('fast', round)));
    expect(await rowByRow(entity, () => preview(file('slow', round)))).toEqual(previewed);
    const fast = await batched(entity, () => h.imported(as, file('fast', round), s, entity));
    const slow = await rowByRow(entity, () => h.imported(as, file('slow', round), s, entity));
    expect(slow.counts).toEqual(fast.counts);
    expect(slow.failures).toEqual(fast.failures);
    expect(await ledger(slow.id)).toEqual(await ledger(fast.id));
    expect(previewed).toMatchObject(fast.counts!);
    out.push(fast);
  }
  return out as [(typeof out)[0], (typeof out)[0]];
}

// ---------------------------------------------------------------------------------------------
// Accounts

const ACCOUNT_HEADER = ['Account', 'Website', 'Industry', 'Size', 'Country', 'Owner', 'Partner'];
const accountSettings: ImportSettings = {
  mode: 'upsert',
  matchBy: 'name_company',
  mapping: {
    Account: 'name',
    Website: 'domain',
    Industry: 'industry',
    Size: 'companySize',
    Country: 'countryCode',
    Owner: 'owner',
    Partner: 'partner',
  },
};

const accountName = (prefix: string, name: string) => `${prefix} ${name} ${m}`;

async function accounts(prefix: string) {
  const rows = await env.deps.db
    .selectFrom('accounts')
    .selectAll()
    .where('name', 'like', `${prefix} % ${m}`)
    .orderBy('name')
    .orderBy('managed_by_partner_id')
    .execute();
  const short = (name: string) => name.slice(prefix.length + 1);
  const names = new Map(rows.map((r) => [r.id, short(r.name)]));
  return {
    records: rows.map(
      ({ id, name, created_at, updated_at, ...rest }) => (
        void [id, created_at, updated_at],
        { ...rest, name: short(name) }
      ),
    ),
    events: await history(names, 'name'),
  };
}

describe('accounts, a batch at once', () => {
  it('leave the same accounts, history and ledger as row by row, failing rows included', async () => {
    const partner = w.partnerA.company_name;
    const file = (p: string, round: 1 | 2) =>
      csv([
        ACCOUNT_HEADER,
        // round 2: a new domain and owner, the same, a fixed country, and another managing partner
        round === 1
          ? [
              accountName(p, 'North'),
              'north.example',
              'Software',
              '11-50',
              'Germany',
              w.salesRep.email,
              partner,
            ]
          : [
              accountName(p, 'North'),
              'https://www.north2.example/',
              'Software',
              '11-50',
              'DE',
              w.channelManager.email,
              partner,
            ],
        [accountName(p, 'West'), '', '', '', 'FR', '', ''],
        [accountName(p, 'South'), '', '', '', round === 1 ? 'Atlantis' : 'ES', '', ''],
        [accountName(p, 'East'), '', '', round === 1 ? 'huge' : '5000+', '', '', ''],
        // an owner who is nobody, one who is a partner's person: failing both rounds
        [accountName(p, 'Nobody'), '', '', '', '', 'nobody@nowhere.test', ''],
        [accountName(p, 'Partnered'), '', '', '', '', w.repA.email, ''],
        round === 1
          ? [accountName(p, 'Moved'), '', 'Retail', '', '', '', partner]
          : [accountName(p, 'Moved'), '', 'Retail', '', '', '', w.partnerB.company_name],
      ]);
    const [first, second] = await bothWays(w.channelManager, 'accounts', file, accountSettings);
    expect(first.counts).toMatchObject({ created: 3, failed: 4 });
    expect(second.counts).toMatchObject({ created: 2, updated: 2, skipped: 1, failed: 2 });
    expect(first.failures.map((f) => f.field)).toEqual([
      'countryCode',
      'companySize',
      'owner',
      'owner',
    ]);

    const [fast, slow] = [await accounts('fast'), await accounts('slow')];
    expect(fast.records).toHaveLength(5);
    expect(fast.records).toEqual(slow.records);
    expect(fast.events).toEqual(slow.events);
    expect(fast.records.find((a) => a.name.startsWith('North'))).toMatchObject({
      domain: 'north2.example',
      owner_id: w.channelManager.id,
      managed_by_partner_id: w.partnerA.id,
      version: 2,
    });
    expect(fast.records.find((a) => a.name.startsWith('Moved'))).toMatchObject({
      managed_by_partner_id: w.partnerB.id,
    });
    expect(fast.events.filter((e) => e.action === 'update')).toHaveLength(2);

    // Undo works on what the batch path wrote.
    expect((await w.channelManager.http.post(`/api/imports/${second.id}/undo`, {})).status).toBe(
      202,
    );
    await h.runJobs();
    expect((await accounts('fast')).records.find((a) => a.name.startsWith('North'))).toMatchObject({
      domain: 'north.example',
      owner_id: w.salesRep.id,
    });
  });

  it("a partner person's import stays in their scope, the same both ways", async () => {
    const file = (p: string, round: 1 | 2) =>
      csv([
        ACCOUNT_HEADER,
        [
          accountName(p, 'Rep one'),
          round === 1 ? 'one.example' : 'one2.example',
          '',
          '',
          '',
          '',
          '',
        ],
        [accountName(p, 'Rep two'), '', '', round === 1 ? '1-10' : '11-50', 'Narnia', '', ''],
        [accountName(p, 'Rep three'), '', 'Health', '', '', '', ''],
      ]);
    // The vendor's account of the same name is not the rep's to match.
    await env.deps.db
      .insertInto('accounts')
      .values([
        { name: accountName('fast', 'Rep three') },
        { name: accountName('slow', 'Rep three') },
      ])
      .execute();
    const [first, second] = await bothWays(w.repA, 'accounts', file, accountSettings);
    expect(first.counts).toMatchObject({ created: 2, failed: 1 });
    expect(second.counts).toMatchObject({ updated: 1, skipped: 1, failed: 1 });
    const [fast, slow] = [await accounts('fast'), await accounts('slow')];
    const reps = (x: typeof fast) => x.records.filter((a) => a.name.startsWith('Rep'));
    expect(reps(fast)).toEqual(reps(slow));
    expect(fast.events.filter((e) => e.record?.startsWith('Rep'))).toEqual(
      slow.events.filter((e) => e.record?.startsWith('Rep')),
    );
    const mine = reps(fast).filter((a) => a.managed_by_partner_id === w.partnerA.id);
    expect(mine).toHaveLength(2);
    expect(mine.every((a) => a.partner_user_id === w.repA.id)).toBe(true);
    expect(reps(fast).find((a) => a.managed_by_partner_id === null)!.industry).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Contacts

const CONTACT_HEADER = ['Account', 'First', 'Last', 'Email', 'Phone', 'Title', 'Owner'];
const contactSettings: ImportSettings = {
  mode: 'upsert',
  matchBy: 'email',
  mapping: {
    Account: 'account',
    First: 'firstName',
    Last: 'lastName',
    Email: 'email',
    Phone: 'phone',
    Title: 'jobTitle',
    Owner: 'owner',
  },
};

const email = (prefix: string, name: string) => `${prefix}.${name}.${m}@contacts.test`;

async function contacts(prefix: string) {
  const rows = await env.deps.db
    .selectFrom('contacts')
    .selectAll()
    .where('email', 'like', `${prefix}.%.${m}@contacts.test`)
    .orderBy('last_name')
    .orderBy('first_name')
    .execute();
  const names = new Map(rows.map((r) => [r.id, `${r.first_name} ${r.last_name}`]));
  return {
    records: rows.map(
      ({ id, email, created_at, updated_at, ...rest }) => (
        void [id, email, created_at, updated_at],
        rest
      ),
    ),
    events: await history(names, 'email'),
  };
}

describe('contacts, a batch at once', () => {
  it('leave the same contacts, history and ledger as row by row, failing rows included', async () => {
    const vendor = `Vendor Co ${m}`;
    const managed = `Managed Co ${m}`;
    await env.deps.db
      .insertInto('accounts')
      .values([{ name: vendor }, { name: managed, managed_by_partner_id: w.partnerA.id }])
      .execute();
    const file = (p: string, round: 1 | 2) =>
      csv([
        CONTACT_HEADER,
        round === 1
          ? [vendor, 'Ana', 'Lee', email(p, 'ana'), '+49 1', 'CTO', w.salesRep.email]
          : [vendor, 'Ana', 'Lee', email(p, 'ana'), '+49 2', 'CTO', w.channelManager.email],
        [managed, 'Ben', 'Ode', email(p, 'ben'), '', round === 1 ? 'Buyer' : 'Head of buying', ''],
        [vendor, 'Cleo', 'Berg', email(p, 'cleo'), '', '', ''],
        ['Nowhere Inc', 'Dan', 'Marsh', email(p, 'dan'), '', '', ''],
        [vendor, 'Eve', 'Stone', `eve.${m} at contacts.test`, '', '', ''],
        [managed, 'Fay', 'Wong', email(p, 'fay'), '', '', w.repA.email],
        // round 2 finds Gus by email in another account: the contact stays where it is
        [round === 1 ? vendor : managed, 'Gus', 'Hale', email(p, 'gus'), '', '', ''],
      ]);
    const [first, second] = await bothWays(w.channelManager, 'contacts', file, contactSettings);
    expect(first.counts).toMatchObject({ created: 4, failed: 3 });
    expect(first.failures.map((f) => f.field)).toEqual(['account', 'email', 'owner']);
    expect(second.counts).toMatchObject({ updated: 2, skipped: 2, failed: 3 });

    const [fast, slow] = [await contacts('fast'), await contacts('slow')];
    expect(fast.records).toHaveLength(4);
    expect(fast.records).toEqual(slow.records);
    expect(fast.events).toEqual(slow.events);
    expect(fast.records.find((c) => c.first_name === 'Ana')).toMatchObject({
      phone: '+49 2',
      owner_id: w.channelManager.id,
      version: 2,
    });
    const ben = fast.events.filter((e) => e.record === 'Ben Ode');
    expect(ben.map((e) => [e.action, e.partner])).toEqual([
      ['create', w.partnerA.id],
      ['update', w.partnerA.id],
    ]);

    expect((await w.channelManager.http.post(`/api/imports/${second.id}/undo`, {})).status).toBe(
      202,
    );
    await h.runJobs();
    expect((await contacts('fast')).records.find((c) => c.first_name === 'Ana')).toMatchObject({
      phone: '+49 1',
      owner_id: w.salesRep.id,
    });
    expect(
      (await w.channelManager.http.post(`/api/imports/${first.id}/undo`, { force: true })).status,
    ).toBe(202);
    await h.runJobs();
    expect((await contacts('fast')).records).toEqual([]);
  });

  it("a partner admin's import reaches only their company's accounts, the same both ways", async () => {
    const theirs = `Their Co ${m}`;
    const vendors = `Not Theirs Co ${m}`;
    await env.deps.db
      .insertInto('accounts')
      .values([{ name: theirs, managed_by_partner_id: w.partnerA.id }, { name: vendors }])
      .execute();
    const file = (p: string, round: 1 | 2) =>
      csv([
        CONTACT_HEADER,
        [theirs, 'Ivy', 'Park', email(p, 'ivy'), round === 1 ? '' : '555', '', w.salesRep.email],
        [vendors, 'Jon', 'Reed', email(p, 'jon'), '', '', ''],
        [theirs, 'Kim', 'Sato', email(p, 'kim'), '', 'Owner', ''],
      ]);
    const [first, second] = await bothWays(w.adminA, 'contacts', file, contactSettings);
    expect(first.counts).toMatchObject({ created: 2, failed: 1 });
    expect(second.counts).toMatchObject({ updated: 1, skipped: 1, failed: 1 });
    const [fast, slow] = [await contacts('fast'), await contacts('slow')];
    const partners = (x: typeof fast) =>
      x.records.filter((c) => ['Ivy', 'Kim'].includes(c.first_name));
    expect(partners(fast)).toHaveLength(2);
    expect(partners(fast)).toEqual(partners(slow));
    const events = (x: typeof fast) =>
      x.events.filter((e) => e.record === 'Ivy Park' || e.record === 'Kim Sato');
    expect(events(fast)).toEqual(events(slow));
    // the owner column is the vendor's: a partner's file does not set it
    expect(partners(fast).every((c) => c.owner_id === null)).toBe(true);
  });
});

describe('a refused batch', () => {
  it('is written again row by row, so only bad rows fail', async () => {
    const importer = IMPORTERS.accounts!;
    const saved = importer.writeMany!.bind(importer);
    let calls = 0;
    importer.writeMany = async (...args) => {
      calls++;
      await saved(...args);
      throw Object.assign(new Error('new row violates check constraint'), { code: '23514' });
    };
    try {
      const done = await h.imported(
        w.channelManager,
        csv([
          ACCOUNT_HEADER,
          [accountName('retry', 'A'), '', '', '', 'DE', '', ''],
          [accountName('retry', 'B'), '', '', '', 'Atlantis', '', ''],
        ]),
        accountSettings,
        'accounts',
      );
      expect(calls).toBe(1);
      expect(done.counts).toMatchObject({ created: 1, failed: 1, total: 2 });
      const { records, events } = await accounts('retry');
      expect(records).toHaveLength(1);
      expect(events.map((e) => e.action)).toEqual(['create']);
    } finally {
      importer.writeMany = saved;
    }
  });
});
