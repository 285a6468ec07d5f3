import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import {
  makeAccount,
  makeCase,
  makeConsultant,
  makeContact,
  makePartner,
  world,
  type Actor,
  type World,
} from '../support/factories';

/**
 * Every list exports as CSV and XLSX: the list's scope (partner users never get another
 * partner's rows, whatever they ask for), its filters, the chosen columns, formula-safe cells.
 */
let env: TestEnv;
let w: World;
const m = `xp${Date.now().toString(36)}`;
const today = () => new Date().toISOString().slice(0, 10);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Ids = { a: string; b: string };
let accounts: Ids;

type Spec = {
  entity: string;
  /** roles that may not export this list at all */
  forbidden: (w: World) => Actor[];
  /** how a partner user might try to ask for partner B's rows */
  smuggle: () => string[];
  /** narrows the internal user's export to partner A's row */
  filterToA: () => string;
  columns: string;
  headers: string[];
  /** the first two cells of A's row, as stored */
  rowA: () => [string, string];
};

const SPECS: Spec[] = [
  {
    entity: 'partners',
    forbidden: (w) => [w.adminA, w.repA, w.adminB, w.repB],
    smuggle: () => [],
    filterToA: () => 'status=active',
    columns: 'companyName,status',
    headers: ['Company', 'Status'],
    rowA: () => [`=Alpha ${m}`, 'active'],
  },
  {
    entity: 'consultants',
    forbidden: () => [],
    smuggle: () => [`partnerId=${w.partnerB.id}`],
    filterToA: () => `partnerId=${w.partnerA.id}`,
    columns: 'firstName,partner',
    headers: ['First name', 'Partner'],
    rowA: () => [`+Alpha${m}`, w.partnerA.company_name],
  },
  {
    entity: 'accounts',
    forbidden: () => [],
    smuggle: () => [`managedByPartnerId=${w.partnerB.id}`, `partnerId=${w.partnerB.id}`],
    filterToA: () => `managedByPartnerId=${w.partnerA.id}`,
    columns: 'name,managedByPartner',
    headers: ['Account', 'Managed by partner'],
    rowA: () => [`-Alpha ${m}`, w.partnerA.company_name],
  },
  {
    entity: 'contacts',
    forbidden: () => [],
    smuggle: () => [`accountId=${accounts.b}`, `partnerId=${w.partnerB.id}`],
    filterToA: () => `accountId=${accounts.a}`,
    columns: 'firstName,account',
    headers: ['First name', 'Account'],
    rowA: () => [`@Alpha${m}`, `-Alpha ${m}`],
  },
  {
    entity: 'cases',
    forbidden: () => [],
    smuggle: () => [`managedByPartnerId=${w.partnerB.id}`, `partnerId=${w.partnerB.id}`],
    filterToA: () => `managedByPartnerId=${w.partnerA.id}`,
    columns: 'subject,managedByPartner',
    headers: ['Subject', 'Managed by partner'],
    rowA: () => [`=Alpha ${m}`, w.partnerA.company_name],
  },
  {
    entity: 'leads',
    forbidden: () => [],
    smuggle: () => [`partnerId=${w.partnerB.id}`],
    filterToA: () => `partnerId=${w.partnerA.id}`,
    columns: 'company,partner',
    headers: ['Company', 'Assigned partner'],
    rowA: () => [`=Alpha ${m}`, w.partnerA.company_name],
  },
  {
    entity: 'opportunities',
    forbidden: () => [],
    smuggle: () => [`partnerId=${w.partnerB.id}`],
    filterToA: () => `partnerId=${w.partnerA.id}`,
    columns: 'name,partner',
    headers: ['Name', 'Assigned partner'],
    rowA: () => [`+Alpha ${m}`, w.partnerA.company_name],
  },
];

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  const db = env.deps.db;
  // Partners: one active with a formula-looking name, one suspended that the filter leaves out.
  await makePartner(env.deps, { companyName: `=Alpha ${m}` });
  await makePartner(env.deps, { companyName: `Secret B ${m}`, status: 'suspended' });
  // Consultants
  await makeConsultant(env.deps, { partnerId: w.partnerA.id, firstName: `+Alpha${m}` });
  await makeConsultant(env.deps, { partnerId: w.partnerB.id, firstName: `SecretB${m}` });
  // Accounts, contacts, cases: A's are worked by rep A, so both A users see them.
  const accA = await makeAccount(env.deps, {
    name: `-Alpha ${m}`,
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA.id,
  });
  const accB = await makeAccount(env.deps, {
    name: `Secret B ${m}`,
    managedByPartnerId: w.partnerB.id,
  });
  accounts = { a: accA.id, b: accB.id };
  await makeContact(env.deps, { accountId: accA.id, firstName: `@Alpha${m}`, lastName: 'Able' });
  await makeContact(env.deps, { accountId: accB.id, firstName: `SecretB${m}`, lastName: 'Bee' });
  await makeCase(env.deps, {
    subject: `=Alpha ${m}`,
    accountId: accA.id,
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA.id,
  });
  await makeCase(env.deps, {
    subject: `Secret B ${m}`,
    accountId: accB.id,
    managedByPartnerId: w.partnerB.id,
  });
  // Leads and opportunities through the API, as people make them.
  const lead = (company: string, partnerId: string, partnerUserId?: string) =>
    w.channelManager.http.post('/api/leads', {
      company,
      firstName: 'Ana',
      lastName: 'Ruiz',
      jobTitle: 'it_manager',
      email: `ana.${Math.random().toString(36).slice(2)}@acme.test`,
      power: 'influencer',
      source: 'cold_call',
      partnerId,
      ...(partnerUserId ? { partnerUserId } : {}),
    });
  expect((await lead(`=Alpha ${m}`, w.partnerA.id, w.repA.id)).status).toBe(201);
  expect((await lead(`Secret B ${m}`, w.partnerB.id)).status).toBe(201);
  const opp = (name: string, partnerId: string, partnerUserId?: string) =>
    w.channelManager.http.post('/api/opportunities', {
      name,
      amount: '1234.50',
      currency: 'EUR',
      closeDate: '2031-03-15',
      partnerId,
      ...(partnerUserId ? { partnerUserId } : {}),
    });
  expect((await opp(`+Alpha ${m}`, w.partnerA.id, w.repA.id)).status).toBe(201);
  expect((await opp(`Secret B ${m}`, w.partnerB.id)).status).toBe(201);
  expect(await db.selectFrom('cases').select('id').execute()).not.toHaveLength(0);
});
afterAll(() => env.close());

function csvRows(res: { raw: { rawPayload: Buffer } }): string[][] {
  return parse(res.raw.rawPayload.toString('utf8'), { bom: true });
}

async function xlsxRows(res: { raw: { rawPayload: Buffer } }) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    const cells: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => {
      expect(cell.type, `${cell.address} is a formula`).not.toBe(ExcelJS.ValueType.Formula);
      const v = cell.value;
      cells.push(
        v && typeof v === 'object' && 'richText' in v ? v.richText.map((r) => r.text).join('') : v,
      );
    });
    rows.push(cells);
  });
  return { sheet, rows };
}

/** What a CSV cell holds for a stored text: formula triggers get a leading apostrophe. */
const csvText = (v: unknown) => {
  const t = typeof v === 'string' ? v : '';
  return /^[=+\-@\t\r]/.test(t) ? `'${t}` : t;
};

const url = (entity: string, format: 'csv' | 'xlsx', query: string) =>
  `/api/exports/${entity}.${format}?${query}`;

describe.each(SPECS)('GET /api/exports/$entity.csv|.xlsx', (spec) => {
  it('401 → 403 for roles that may not list it → partner users get their own rows only', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      expect((await w.anon.get(url(spec.entity, format, ''))).status).toBe(401);
      for (const a of spec.forbidden(w)) {
        const res = await a.http.get(url(spec.entity, format, `q=${m}`));
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
    }
    if (spec.forbidden(w).length) return;
    for (const a of [w.adminA, w.repA]) {
      for (const extra of ['', ...spec.smuggle()]) {
        const query = `q=${m}&columns=${spec.columns}${extra ? `&${extra}` : ''}`;
        const csv = await a.http.get(url(spec.entity, 'csv', query));
        expect(csv.status).toBe(200);
        const text = csv.raw.rawPayload.toString('utf8');
        expect(text).not.toContain('Secret');
        expect(text).not.toContain(w.partnerB.company_name);
        const xlsx = await a.http.get(url(spec.entity, 'xlsx', query));
        expect(xlsx.status).toBe(200);
        const { rows } = await xlsxRows(xlsx);
        expect(JSON.stringify(rows)).not.toContain('Secret');
        expect(JSON.stringify(rows)).not.toContain(w.partnerB.company_name);
        // Without a smuggled filter the caller gets exactly their own row; with one, at most
        // that (a filter on B gives nothing, a parameter the list does not know changes nothing).
        const own = [spec.rowA()];
        const body = rows.slice(1);
        if (extra) expect(own).toEqual(expect.arrayContaining(body));
        else expect(body).toEqual(own);
        expect(csvRows(csv).slice(1)).toEqual(body.map((r) => r.map((c) => csvText(c))));
      }
    }
  });

  it('honours the filter and the chosen columns; formula cells are neutralized', async () => {
    const query = `q=${m}&columns=${spec.columns}&${spec.filterToA()}`;
    const csv = await w.admin.http.get(url(spec.entity, 'csv', query));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="${spec.entity}-${today()}.csv"`,
    );
    const [first, second] = spec.rowA();
    // CSV: a leading apostrophe makes the spreadsheet show the text instead of running it.
    expect(csvRows(csv)).toEqual([spec.headers, [`'${first}`, csvText(second)]]);

    const xlsx = await w.admin.http.get(url(spec.entity, 'xlsx', query));
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toBe(XLSX_TYPE);
    expect(xlsx.headers['content-disposition']).toBe(
      `attachment; filename="${spec.entity}-${today()}.xlsx"`,
    );
    expect(xlsx.headers['cache-control']).toBe('no-store');
    const { sheet, rows } = await xlsxRows(xlsx);
    // XLSX: text cells are never evaluated, so the value comes back exactly.
    expect(rows).toEqual([spec.headers, [first, second]]);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    // Without the filter both partners' rows are there (internal users see everything).
    const all = await w.admin.http.get(url(spec.entity, 'xlsx', `q=${m}&columns=${spec.columns}`));
    expect((await xlsxRows(all)).rows).toHaveLength(3);
  });

  it('bad input is a 400, never a 500', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const badColumn = await w.admin.http.get(url(spec.entity, format, 'columns=secret'));
      expect(badColumn.status).toBe(400);
      expect(badColumn.body.error.code).toBe('VALIDATION_FAILED');
      const badSort = await w.admin.http.get(url(spec.entity, format, 'sort=nonsense'));
      expect(badSort.status).toBe(400);
    }
  });
});

describe('XLSX values', () => {
  it('writes amounts as numbers, dates as dates, currency as text', async () => {
    const res = await w.admin.http.get(
      `/api/exports/opportunities.xlsx?q=${m}&partnerId=${w.partnerA.id}&columns=name,amount,closeDate,createdAt`,
    );
    expect(res.status).toBe(200);
    const { sheet, rows } = await xlsxRows(res);
    expect(rows[0]).toEqual(['Name', 'Amount', 'Currency', 'Close date', 'Created']);
    expect(rows[1]!.slice(0, 4)).toEqual([
      `+Alpha ${m}`,
      1234.5,
      'EUR',
      new Date('2031-03-15T00:00:00.000Z'),
    ]);
    expect(rows[1]![4]).toBeInstanceOf(Date);
    expect(sheet.getRow(2).getCell(4).numFmt).toBe('yyyy-mm-dd');
  });

  it('an export with no matching rows is a header-only workbook', async () => {
    const res = await w.admin.http.get(`/api/exports/cases.xlsx?q=nothing-matches-${m}`);
    expect(res.status).toBe(200);
    const { rows } = await xlsxRows(res);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Subject');
  });
});
