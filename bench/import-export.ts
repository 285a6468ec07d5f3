/**
 * Part E of the benchmark: import and export at scale, each against the raw SQL path on the same
 * engine and the same data.
 *
 *   a. An upsert-by-email import (half the rows update existing leads, half create new ones)
 *      through the engine — the upload stored through the service, then processImport called
 *      in this process, so the figure is the engine's own work without the job queue's polling —
 *      against COPY of the same file into a staging table + INSERT … ON CONFLICT, run first inside
 *      a transaction that is rolled back, so both start from the same table state.
 *   b. Event-loop delay of the app's process while a smaller import runs there through the real
 *      job worker, with fixed-rate API traffic (GET /api/leads with a filter) before and during.
 *   c. GET /api/exports/leads.csv of every lead, read by the load client and thrown away, against
 *      `COPY (the same columns, same order) TO STDOUT` through the app's pool.
 *
 * The CSV files are written row by row to disk, never held in memory. Imported leads are deleted
 * again afterwards (the updated ones keep their new values), so a kept database still holds the
 * generated row counts.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/server/db/connection';
import type { Deps } from '../src/server/deps';
import { createJobs } from '../src/server/jobs';
import { startWorker } from '../src/server/jobs/worker';
import {
  processImport,
  runImport,
  storeUpload,
} from '../src/server/features/imports/imports.service';
import type { Ctx } from '../src/server/http/actor';
import type { ImportSettings } from '../src/shared/imports';
import type { DownloadRequest, DownloadResult, ProbeResult, ProbeTarget } from './load-client';
import { int, mdTable, ms, ratio, table } from './stats';

export type ImportExportClient = {
  download(request: DownloadRequest): Promise<DownloadResult>;
  probeStart(targets: ProbeTarget[], intervalMs: number): Promise<void>;
  probeStop(): Promise<ProbeResult[]>;
};

export type ImportExportOptions = {
  importRows: number;
  probeRows: number;
  /** ms between API requests during part b (open loop: one request per interval) */
  apiIntervalMs: number;
  /** seconds of API traffic measured before the import of part b */
  baselineSeconds: number;
  /** a directory the database can read files from by path (PGlite: inside its data dir) */
  fileDir: string;
  /** the same directory as the database sees it (PGlite: its virtual file system), or null */
  dbFileDir: string | null;
};

type Env = {
  database: Database;
  deps: Deps;
  ctx: Ctx;
  appUrl: string;
  headers: Record<string, string>;
  client: ImportExportClient;
};

const log = (line = '') => console.log(line);
const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));
const MB = 1024 * 1024;

/** The issue's targets. */
export const IMPORT_TARGETS = {
  engineOverRaw: 3,
  rssGrowthMb: 256,
  eldP99Ms: 50,
  eldMaxMs: 150,
  exportOverRaw: 2,
};

// ---------------------------------------------------------------------------------------------
// COPY through node-postgres without pg-copy-streams: a Query whose copy-in sends a file in
// chunks (waiting for the socket to drain), and one whose copy-out counts and discards the data.

class CopyFromFile extends pg.Query {
  constructor(
    text: string,
    private readonly file: string,
  ) {
    super(text);
  }
  handleCopyInResponse(connection: {
    sendCopyFromChunk(b: Buffer): void;
    endCopyFrom(): void;
    sendCopyFail(msg: string): void;
    stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
  }) {
    void (async () => {
      try {
        for await (const chunk of fs.createReadStream(this.file, { highWaterMark: MB })) {
          connection.sendCopyFromChunk(chunk as Buffer);
          if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain');
        }
        connection.endCopyFrom();
      } catch (err) {
        connection.sendCopyFail(String(err));
      }
    })();
  }
}

class CopyToCounter extends pg.Query {
  bytes = 0;
  lines = 0;
  handleCopyData(msg: { chunk: Buffer }) {
    this.bytes += msg.chunk.length;
    const c = msg.chunk;
    for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) this.lines++;
  }
}

function submit(client: pg.PoolClient, q: pg.Query): Promise<unknown> {
  return new Promise((resolve, reject) => {
    q.once('end', resolve);
    q.once('error', reject);
    client.query(q);
  });
}

// ---------------------------------------------------------------------------------------------
// Measuring helpers

/** Peak RSS of this process (the app, the engine and PGlite's worker thread), sampled every 100 ms. */
function rssSampler() {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { baseMb: base / MB, peakMb: peak / MB, growthMb: (peak - base) / MB };
    },
  };
}

function eldMonitor() {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  return {
    async stop() {
      await sleep(20);
      h.disable();
      return { max: h.max / 1e6, p99: h.percentile(99) / 1e6 };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The import file

const HEADERS = [
  'Company',
  'First name',
  'Last name',
  'Job title',
  'Email',
  'Phone',
  'Power',
  'Lead source',
  'City',
  'Description',
];
const MAPPING: Record<string, string> = {
  Company: 'company',
  'First name': 'firstName',
  'Last name': 'lastName',
  'Job title': 'jobTitle',
  Email: 'email',
  Phone: 'phone',
  Power: 'power',
  'Lead source': 'source',
  City: 'city',
  Description: 'description',
};
export const IMPORT_SETTINGS: ImportSettings = {
  mode: 'upsert',
  matchBy: 'email',
  mapping: MAPPING,
};

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

type Labels = { jobTitle: string[]; power: string[]; source: string[] };

async function labelsOf(db: Database['db']): Promise<Labels> {
  const rows = await db
    .selectFrom('picklist_values')
    .select(['list', 'label'])
    .where('list', 'in', ['job_title', 'power', 'lead_source'])
    .where('active', '=', true)
    .orderBy('position')
    .execute();
  const of = (list: string) => rows.filter((r) => r.list === list).map((r) => r.label);
  return { jobTitle: of('job_title'), power: of('power'), source: of('lead_source') };
}

/**
 * Writes `rows` data rows: every even row updates an existing lead that is not converted (taken
 * evenly across the table, keyset-paged by id so only one page is in memory), every odd one creates a lead with a
 * new email. Updates keep the lead's name and company and change its job title, power, source,
 * phone, city and description (the description carries `tag`, so every update is a real change
 * even on a database imported into before).
 */
async function writeImportCsv(
  db: Database['db'],
  file: string,
  rows: number,
  tag: string,
  labels: Labels,
): Promise<{ updates: number; creates: number; bytes: number }> {
  const total = Number(
    (
      await db
        .selectFrom('leads')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('converted_at', 'is', null)
        .executeTakeFirst()
    )?.n ?? 0,
  );
  const wantUpdates = Math.min(Math.ceil(rows / 2), total);
  const stride = wantUpdates > 0 ? Math.max(1, Math.floor(total / wantUpdates)) : 1;
  const out = fs.createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  await write(`${HEADERS.join(',')}\n`);
  let page: {
    id: string;
    company: string;
    first_name: string;
    last_name: string;
    email: string;
  }[] = [];
  let at = 0;
  let lastId: string | null = null;
  let seen = 0;
  const nextExisting = async () => {
    for (;;) {
      if (at >= page.length) {
        let q = db
          .selectFrom('leads')
          .select(['id', 'company', 'first_name', 'last_name', 'email'])
          // Converted leads are read-only: the engine would refuse to update them.
          .where('converted_at', 'is', null)
          .orderBy('id')
          .limit(5000);
        if (lastId) q = q.where('id', '>', lastId);
        page = await q.execute();
        at = 0;
        if (page.length === 0) return null;
        lastId = page[page.length - 1]!.id;
      }
      const lead = page[at++]!;
      if (seen++ % stride === 0) return lead;
    }
  };
  const pick = (xs: string[], i: number) => xs[i % xs.length]!;
  let updates = 0;
  let creates = 0;
  for (let i = 0; i < rows; i++) {
    const existing = i % 2 === 0 && updates < wantUpdates ? await nextExisting() : null;
    const cells = existing
      ? [
          existing.company,
          existing.first_name,
          existing.last_name,
          pick(labels.jobTitle, i * 7 + 1),
          existing.email,
          `+49 30 ${String(i % 10_000_000).padStart(7, '0')}`,
          pick(labels.power, i * 3 + 1),
          pick(labels.source, i * 5 + 1),
          'Hamburg',
          `Updated by import ${tag}`,
        ]
      : [
          `Import ${i % 9973} GmbH`,
          `First${i % 5000}`,
          `Last${i % 7919}`,
          pick(labels.jobTitle, i),
          `imp${tag}.${i}@bench-import.example`,
          `+49 40 ${String(i % 10_000_000).padStart(7, '0')}`,
          pick(labels.power, i),
          pick(labels.source, i),
          'Berlin',
          `Created by import ${tag}`,
        ];
    if (existing) updates++;
    else creates++;
    await write(`${cells.map(csvCell).join(',')}\n`);
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return { updates, creates, bytes: fs.statSync(file).size };
}

// ---------------------------------------------------------------------------------------------

async function storeAndQueue(env: Env, file: string) {
  const stored = await storeUpload(env.deps, env.ctx, 'leads', {
    fileName: path.basename(file),
    stream: fs.createReadStream(file, { highWaterMark: MB }),
    truncated: () => false,
  });
  return runImport(env.deps, env.ctx, stored.id, IMPORT_SETTINGS);
}

/** Deletes the leads an import created and the import itself; updated leads keep their values. */
async function removeImport(db: Database['db'], importId: string) {
  await sql`delete from leads where id in (select record_id from import_rows
      where import_id = ${importId} and outcome = 'created' and record_id is not null)`.execute(db);
  const imp = await db
    .selectFrom('imports')
    .select('job_id')
    .where('id', '=', importId)
    .executeTakeFirst();
  if (imp?.job_id) await db.deleteFrom('jobs').where('id', '=', imp.job_id).execute();
  await db.deleteFrom('imports').where('id', '=', importId).execute();
}

async function importCounts(db: Database['db'], importId: string) {
  const imp = await db
    .selectFrom('imports')
    .select(['status', 'counts', 'error'])
    .where('id', '=', importId)
    .executeTakeFirstOrThrow();
  return {
    status: imp.status,
    error: imp.error,
    counts: (imp.counts ?? {}) as Partial<Record<string, number>>,
  };
}

export type ImportExportResult = {
  rows: number;
  fileMb: number;
  engine?: {
    storeMs: number;
    runMs: number;
    rss: ReturnType<ReturnType<typeof rssSampler>['stop']>;
    counts: Partial<Record<string, number>>;
    status: string;
  };
  raw?: {
    copyMs: number;
    upsertMs: number;
    rows: number;
    rss: ReturnType<ReturnType<typeof rssSampler>['stop']>;
  };
  rawError?: string;
  probe?: {
    rows: number;
    importMs: number;
    status: string;
    eldBefore: { max: number; p99: number };
    eldDuring: { max: number; p99: number };
    apiBefore: ProbeResult;
    apiDuring: ProbeResult;
    intervalMs: number;
  };
  exportHttp?: DownloadResult;
  exportRaw?: { ms: number; bytes: number; lines: number };
};

// ---------------------------------------------------------------------------------------------
// c. Export

const EXPORT_SQL = `copy (
  select l.first_name || ' ' || l.last_name as "Name", l.company as "Company", st.label as "Status",
    initcap(l.rating) as "Rating", src.label as "Lead source",
    case when l.estimated_value is null then null else l.estimated_value::text || ' ' || l.currency end
      as "Estimated value",
    (select p.company_name from partners p where p.id = l.partner_id) as "Assigned partner",
    (select u.name from users u where u.id = l.owner_id) as "Owner",
    to_char(l.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "Created"
  from leads l
  join lead_statuses st on st.id = l.status_id
  left join picklist_values src on src.list = 'lead_source' and src.key = l.source
  order by l.created_at desc, l.id desc
) to stdout with (format csv, header true)`;

async function benchExport(env: Env, out: ImportExportResult) {
  log('   c. export: GET /api/exports/leads.csv (default columns and sort) vs COPY … TO STDOUT');
  // A small warm-up of both paths.
  await env.client.download({
    url: `${env.appUrl}/api/exports/leads.csv?q=zzzz-no-match`,
    headers: env.headers,
  });
  const http = await env.client.download({
    url: `${env.appUrl}/api/exports/leads.csv`,
    headers: env.headers,
  });
  if (http.status !== 200) throw new Error(`export answered ${http.status}`);
  const client = await env.database.pool.connect();
  try {
    const q = new CopyToCounter(EXPORT_SQL);
    const t0 = performance.now();
    await submit(client, q);
    out.exportRaw = { ms: performance.now() - t0, bytes: q.bytes, lines: q.lines };
  } finally {
    client.release();
  }
  out.exportHttp = http;
  log(
    `      HTTP ${ms(http.ms)} ms (${int(http.lines - 1)} rows, ${(http.bytes / MB).toFixed(1)} MB, first byte ${ms(http.firstByteMs)} ms); ` +
      `COPY ${ms(out.exportRaw.ms)} ms (${int(out.exportRaw.lines - 1)} rows, ${(out.exportRaw.bytes / MB).toFixed(1)} MB); ` +
      `ratio ${ratio(http.ms, out.exportRaw.ms)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// a. Import: raw path (rolled back), then the engine

const STAGE_COLUMNS = HEADERS.map((h) => `"${h}" text`).join(', ');

async function benchRawImport(
  env: Env,
  file: string,
  dbFile: string | null,
  out: ImportExportResult,
) {
  const db = env.database.db;
  const status = await db
    .selectFrom('lead_statuses')
    .select('id')
    .where('is_default', '=', true)
    .executeTakeFirstOrThrow();
  const client = await env.database.pool.connect();
  try {
    await client.query('begin');
    try {
      // Lead emails are not unique in the product: this index exists only inside the rolled-back
      // transaction, and is built before the clock starts.
      await client.query('create unique index bench_leads_email_uq on leads (lower(email))');
      await client.query(`create temp table bench_stage (${STAGE_COLUMNS}) on commit drop`);
      const rss = rssSampler();
      const t0 = performance.now();
      const copy = `copy bench_stage from ${dbFile ? `'${dbFile}'` : 'stdin'} with (format csv, header true)`;
      if (dbFile) await client.query(copy);
      else await submit(client, new CopyFromFile(copy, file));
      const t1 = performance.now();
      const res = await client.query(
        `insert into leads (company, first_name, last_name, job_title, email, phone, power,
           status_id, source, city, description, created_by)
         select s."Company", s."First name", s."Last name", jt.key, s."Email", nullif(s."Phone", ''),
           pw.key, $1, src.key, nullif(s."City", ''), coalesce(s."Description", ''), $2
         from bench_stage s
         join picklist_values jt on jt.list = 'job_title' and jt.label = s."Job title"
         join picklist_values pw on pw.list = 'power' and pw.label = s."Power"
         join picklist_values src on src.list = 'lead_source' and src.label = s."Lead source"
         on conflict ((lower(email))) do update set
           company = excluded.company, first_name = excluded.first_name,
           last_name = excluded.last_name, job_title = excluded.job_title, phone = excluded.phone,
           power = excluded.power, source = excluded.source, city = excluded.city,
           description = excluded.description, version = leads.version + 1, updated_at = now()`,
        [status.id, env.ctx.actor.userId],
      );
      const t2 = performance.now();
      out.raw = { copyMs: t1 - t0, upsertMs: t2 - t1, rows: res.rowCount ?? 0, rss: rss.stop() };
    } finally {
      await client.query('rollback');
    }
  } finally {
    client.release();
  }
}

async function benchEngineImport(env: Env, file: string, out: ImportExportResult) {
  const t0 = performance.now();
  const run = await storeAndQueue(env, file);
  const storeMs = performance.now() - t0;
  const payload = {
    importId: run.id,
    userId: env.ctx.actor.userId,
    requestId: 'bench',
    ip: '127.0.0.1',
  };
  global.gc?.();
  const rss = rssSampler();
  const t1 = performance.now();
  await processImport(env.deps, payload, false);
  const runMs = performance.now() - t1;
  const mem = rss.stop();
  const result = await importCounts(env.database.db, run.id);
  out.engine = { storeMs, runMs, rss: mem, counts: result.counts, status: result.status };
  await removeImport(env.database.db, run.id);
}

// ---------------------------------------------------------------------------------------------
// b. Event-loop delay while the job worker imports, with API traffic

async function benchProbe(
  env: Env,
  file: string,
  opts: ImportExportOptions,
  out: ImportExportResult,
) {
  const db = env.database.db;
  const open = await db
    .selectFrom('lead_statuses')
    .select('id')
    .where('kind', '=', 'open')
    .orderBy('position')
    .limit(1)
    .executeTakeFirstOrThrow();
  const target: ProbeTarget = {
    label: 'GET /api/leads (status filter)',
    url: `${env.appUrl}/api/leads?statusId=${open.id}&limit=50`,
    headers: env.headers,
  };
  const check = await fetch(target.url, { headers: env.headers });
  if (check.status !== 200) throw new Error(`${target.url} answered ${check.status}`);
  await check.arrayBuffer();

  // The upload is stored before the measured window; the run is the job worker's.
  const stored = await storeUpload(env.deps, env.ctx, 'leads', {
    fileName: path.basename(file),
    stream: fs.createReadStream(file, { highWaterMark: MB }),
    truncated: () => false,
  });

  await env.client.probeStart([target], opts.apiIntervalMs);
  let eld = eldMonitor();
  await sleep(opts.baselineSeconds * 1000);
  const eldBefore = await eld.stop();
  const [apiBefore] = await env.client.probeStop();

  const worker = startWorker({
    db,
    jobs: createJobs({ db, config: env.deps.config, logger: env.deps.log }),
    pollMs: 100,
    logger: env.deps.log,
  });
  try {
    await env.client.probeStart([target], opts.apiIntervalMs);
    eld = eldMonitor();
    const t0 = performance.now();
    await runImport(env.deps, env.ctx, stored.id, IMPORT_SETTINGS);
    let status: string;
    for (;;) {
      await sleep(250);
      const imp = await db
        .selectFrom('imports')
        .select('status')
        .where('id', '=', stored.id)
        .executeTakeFirstOrThrow();
      status = imp.status;
      if (!['queued', 'running'].includes(status)) break;
    }
    const importMs = performance.now() - t0;
    const eldDuring = await eld.stop();
    const [apiDuring] = await env.client.probeStop();
    out.probe = {
      rows: opts.probeRows,
      importMs,
      status,
      eldBefore,
      eldDuring,
      apiBefore: apiBefore!,
      apiDuring: apiDuring!,
      intervalMs: opts.apiIntervalMs,
    };
  } finally {
    await worker.stop();
    await removeImport(db, stored.id);
  }
}

// ---------------------------------------------------------------------------------------------

export async function benchImportExport(
  env: Env,
  opts: ImportExportOptions,
): Promise<ImportExportResult> {
  const db = env.database.db;
  const labels = await labelsOf(db);
  const tag = Date.now().toString(36);
  const out: ImportExportResult = { rows: opts.importRows, fileMb: 0 };
  const leads = Number(
    (
      await db
        .selectFrom('leads')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  );
  log(
    `E. Import and export at scale: ${int(leads)} leads; import ${int(opts.importRows)} rows (upsert by email), probe import ${int(opts.probeRows)} rows`,
  );

  // c first: every lead, before any import adds some.
  await benchExport(env, out);

  // a.
  const file = path.join(opts.fileDir, `bench-import-${tag}.csv`);
  try {
    const t0 = performance.now();
    const made = await writeImportCsv(db, file, opts.importRows, tag, labels);
    out.fileMb = made.bytes / MB;
    log(
      `   a. file: ${int(made.updates)} updates + ${int(made.creates)} creates, ${out.fileMb.toFixed(1)} MB, written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    try {
      await benchRawImport(
        env,
        file,
        opts.dbFileDir ? `${opts.dbFileDir}/${path.basename(file)}` : null,
        out,
      );
    } catch (err) {
      out.rawError = String((err as Error).message ?? err);
      log(`      raw path failed: ${out.rawError}`);
    }
    if (out.raw)
      log(
        `      raw: COPY ${ms(out.raw.copyMs)} ms + INSERT … ON CONFLICT ${ms(out.raw.upsertMs)} ms (${int(out.raw.rows)} rows), rolled back`,
      );
    await benchEngineImport(env, file, out);
    const e = out.engine!;
    log(
      `      engine: upload stored in ${ms(e.storeMs)} ms; run ${ms(e.runMs)} ms, ${e.status}, ${JSON.stringify(e.counts)}; RSS +${e.rss.growthMb.toFixed(0)} MB (peak ${e.rss.peakMb.toFixed(0)} MB)`,
    );
  } finally {
    fs.rmSync(file, { force: true });
  }

  // b.
  if (opts.probeRows > 0) {
    const probeFile = path.join(opts.fileDir, `bench-probe-${tag}.csv`);
    try {
      await writeImportCsv(db, probeFile, opts.probeRows, `${tag}p`, labels);
      await benchProbe(env, probeFile, opts, out);
      const p = out.probe!;
      log(
        `   b. ${int(p.rows)}-row import through the job worker: ${ms(p.importMs)} ms (${p.status}); ELD p99 ${ms(p.eldDuring.p99)} ms, max ${ms(p.eldDuring.max)} ms`,
      );
    } finally {
      fs.rmSync(probeFile, { force: true });
    }
  }
  log(table(IMPORT_HEAD, importRows(out)));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The table

export const IMPORT_HEAD = ['measure', 'value', 'target', ''];

const verdict = (ok: boolean | null) => (ok === null ? 'no data' : ok ? 'met' : 'MISSED');

const probeCell = (p: ProbeResult) => {
  const other = Object.entries(p.otherStatuses).map(([s, n]) => `${n} × ${s}`);
  if (p.errors) other.push(`${p.errors} errors`);
  return `p99 ${ms(p.latency.p99)} ms, max ${ms(p.latency.max)} ms, ${int(p.latency.count)} × 200${other.length ? `, ${other.join(', ')}` : ''}`;
};

export function importRows(r: ImportExportResult): string[][] {
  const rows: string[][] = [];
  const rate = (n: number, msec: number) => `${int((n / msec) * 1000)} rows/s`;
  if (r.engine) {
    const e = r.engine;
    rows.push([
      `import engine: ${int(r.rows)} rows upsert by email (${r.fileMb.toFixed(0)} MB CSV)`,
      `${(e.runMs / 1000).toFixed(1)} s, ${rate(r.rows, e.runMs)} (+ upload ${(e.storeMs / 1000).toFixed(1)} s)`,
      '',
      '',
    ]);
    rows.push([
      'import engine: outcome',
      `${e.status}: ${int(e.counts.created ?? 0)} created, ${int(e.counts.updated ?? 0)} updated, ${int(e.counts.failed ?? 0)} failed`,
      '',
      '',
    ]);
  }
  if (r.raw) {
    const w = r.raw.copyMs + r.raw.upsertMs;
    rows.push([
      'raw: COPY to staging + INSERT … ON CONFLICT (rolled back)',
      `${(w / 1000).toFixed(1)} s (${(r.raw.copyMs / 1000).toFixed(1)} + ${(r.raw.upsertMs / 1000).toFixed(1)}), ${rate(r.rows, w)}`,
      '',
      '',
    ]);
  } else if (r.rawError)
    rows.push(['raw: COPY + INSERT … ON CONFLICT', `failed: ${r.rawError}`, '', '']);
  if (r.engine) {
    const w = r.raw ? r.raw.copyMs + r.raw.upsertMs : Number.NaN;
    const x = r.engine.runMs / w;
    rows.push([
      'import engine ÷ raw',
      ratio(r.engine.runMs, w),
      `≤ ${IMPORT_TARGETS.engineOverRaw}×`,
      verdict(Number.isFinite(x) ? x <= IMPORT_TARGETS.engineOverRaw : null),
    ]);
    rows.push([
      'import engine: peak RSS growth of the process (app, engine, PGlite thread)',
      `${r.engine.rss.growthMb.toFixed(0)} MB (from ${r.engine.rss.baseMb.toFixed(0)} MB)`,
      `< ${IMPORT_TARGETS.rssGrowthMb} MB`,
      verdict(r.engine.rss.growthMb < IMPORT_TARGETS.rssGrowthMb),
    ]);
  }
  if (r.probe) {
    const p = r.probe;
    rows.push([
      `${int(p.rows)}-row import via job worker, API every ${p.intervalMs} ms`,
      `${(p.importMs / 1000).toFixed(1)} s, ${rate(p.rows, p.importMs)} (${p.status})`,
      '',
      '',
    ]);
    rows.push([
      'event-loop delay during that import, p99',
      `${ms(p.eldDuring.p99)} ms (before: ${ms(p.eldBefore.p99)} ms)`,
      `< ${IMPORT_TARGETS.eldP99Ms} ms`,
      verdict(p.eldDuring.p99 < IMPORT_TARGETS.eldP99Ms),
    ]);
    rows.push([
      'event-loop delay during that import, max',
      `${ms(p.eldDuring.max)} ms (before: ${ms(p.eldBefore.max)} ms)`,
      `< ${IMPORT_TARGETS.eldMaxMs} ms`,
      verdict(p.eldDuring.max < IMPORT_TARGETS.eldMaxMs),
    ]);
    rows.push(['GET /api/leads before the import', probeCell(p.apiBefore), '', '']);
    rows.push(['GET /api/leads during the import', probeCell(p.apiDuring), '', '']);
  }
  if (r.exportHttp && r.exportRaw) {
    const h = r.exportHttp;
    const x = h.ms / r.exportRaw.ms;
    rows.push([
      `export: GET /api/exports/leads.csv, ${int(h.lines - 1)} rows`,
      `${(h.ms / 1000).toFixed(1)} s, ${(h.bytes / MB).toFixed(1)} MB, ${rate(h.lines - 1, h.ms)}`,
      '',
      '',
    ]);
    rows.push([
      'raw: COPY (same columns and order) TO STDOUT',
      `${(r.exportRaw.ms / 1000).toFixed(1)} s, ${(r.exportRaw.bytes / MB).toFixed(1)} MB`,
      '',
      '',
    ]);
    rows.push([
      'export ÷ raw COPY',
      ratio(h.ms, r.exportRaw.ms),
      `≤ ${IMPORT_TARGETS.exportOverRaw}×`,
      verdict(Number.isFinite(x) ? x <= IMPORT_TARGETS.exportOverRaw : null),
    ]);
  }
  return rows;
}

export const importMarkdown = (r: ImportExportResult) => mdTable(IMPORT_HEAD, importRows(r));
