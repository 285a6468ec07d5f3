/**
 * The kill -9 test of the import engine: a lead import is queued, then a real worker process
 * (`src/server/main.ts` with CONDUIT_PROCESS=worker, the app's own job runner) is started against
 * the database and killed with SIGKILL after a random delay, again and again. After every kill the
 * database is checked while nothing runs; after the last kill a worker is left to finish, and the
 * outcome must be exactly what the generated file implies.
 *
 *   npm run test:kill                                   # 100,000 rows, 10 kills, PGlite
 *   npm run test:kill -- --rows 3000 --kills 3
 *   npm run test:kill -- --db postgres --url postgres://postgres@127.0.0.1:5432/postgres
 *
 * The worker resumes a killed job through the real recovery: the job's lock goes stale and the
 * worker's stale sweep puts it back in the queue. The lock age is shortened with
 * CONDUIT_JOB_STALE_AFTER_MS (--stale-ms); it must stay above the longest batch transaction
 * (a 500-row batch on PGlite takes seconds), or the live worker takes its own job for a dead one.
 *
 * Exits 1 on any violated invariant, 2 on a usage error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { parseFlags, usage, UsageError, type FlagSpec } from '../../bench/args';
import { createDatabase, dropDatabase, redact, withDatabase } from '../../bench/pg-admin';
import { int, table } from '../../bench/stats';
import { loadConfig, type Config } from '../../src/server/config';
import { openDatabase, type Database } from '../../src/server/db/connection';
import { migrate } from '../../src/server/db/migrate';
import { bootstrapAdmin } from '../../src/server/db/seed';
import type { Deps, Logger } from '../../src/server/deps';
import { runImport, storeUpload } from '../../src/server/features/imports/imports.service';
import { actorForUser, type Ctx } from '../../src/server/http/actor';
import type { PicklistName } from '../../src/shared/sales-setup';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const FLAGS = {
  rows: { kind: 'int', default: 100_000, min: 1, help: 'data rows in the imported CSV' },
  kills: { kind: 'int', default: 10, min: 0, help: 'SIGKILLs before the worker may finish' },
  db: { kind: 'string', default: 'pglite', choices: ['pglite', 'postgres'], help: 'database' },
  url: {
    kind: 'string',
    default: 'postgres://postgres@127.0.0.1:5432/postgres',
    help: 'PostgreSQL server (--db postgres); only used to create and drop the scratch database',
  },
  'scratch-db': {
    kind: 'string',
    default: 'killtest_db',
    help: 'PostgreSQL: the scratch database, dropped and created afresh',
  },
  'data-dir': { kind: 'string', help: 'PGlite: data directory (default: a fresh temp dir)' },
  keep: { kind: 'bool', help: 'keep the scratch database / data directory afterwards' },
  'stale-ms': {
    kind: 'int',
    default: 20_000,
    min: 1000,
    help: 'CONDUIT_JOB_STALE_AFTER_MS for the worker: how soon a killed job is taken over',
  },
  'ms-per-row': {
    kind: 'int',
    default: 2,
    min: 1,
    help: 'first guess of the engine speed, to spread the kills over the import (then measured)',
  },
  seed: { kind: 'int', default: 1, help: 'random seed (file contents and kill delays)' },
  help: { kind: 'bool', help: 'show this help' },
} satisfies Record<string, FlagSpec>;

const DOMAIN = 'killtest.example';
const silent: Logger = { info() {}, warn() {}, error() {}, debug() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line = '') => console.log(line);

/** mulberry32: small, seedable, good enough to pick row kinds and delays. */
function rng(seed: number) {
  let a = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = 0; i < 8; i++) next(); // small seeds start with small numbers
  return next;
}

// ---------------------------------------------------------------------------------------------
// The file

type Expected = {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  duplicates: number;
  total: number;
  /** leads that must exist beforehand for the update rows: seed.1 … seed.N */
  seeded: number;
};

const HEADERS = [
  'Company',
  'First name',
  'Last name',
  'Job title',
  'Email',
  'Power',
  'Lead source',
  'City',
  'Description',
];

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Writes the CSV row by row (never the whole file in memory) and returns the outcome every row
 * must get: 20% update a seeded lead, 5% repeat an email used earlier in the file (duplicate),
 * 5% are invalid (a malformed email or an unknown Power), the rest create a new lead.
 */
async function writeCsv(
  file: string,
  rows: number,
  seed: number,
  labels: { jobTitle: string; power: string; source: string },
): Promise<Expected> {
  const rand = rng(seed);
  const out = fs.createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  const e: Expected = {
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    duplicates: 0,
    total: rows,
    seeded: 0,
  };
  const recent: string[] = []; // emails of created rows, a bounded ring to draw duplicates from
  await write(`${HEADERS.join(',')}\n`);
  for (let i = 0; i < rows; i++) {
    const r = rand();
    let email: string;
    let power = labels.power;
    let description = `imported row ${i}`;
    if (r < 0.2) {
      email = `seed.${++e.seeded}@${DOMAIN}`;
      description = `updated by import, row ${i}`;
      e.updated++;
    } else if (r < 0.25 && recent.length > 0) {
      email = recent[Math.floor(rand() * recent.length)]!;
      e.duplicates++;
    } else if (r < 0.3) {
      if (rand() < 0.5) email = `not-an-email-${i}`;
      else {
        email = `bad.${i}@${DOMAIN}`;
        power = 'No such power';
      }
      e.failed++;
    } else {
      email = `new.${i}@${DOMAIN}`;
      if (recent.length < 1000) recent.push(email);
      else recent[i % 1000] = email;
      e.created++;
    }
    const cells = [
      `Kill Test ${i % 997} GmbH`,
      `First${i}`,
      `Last, ${i}`,
      labels.jobTitle,
      email,
      power,
      labels.source,
      'Berlin',
      description,
    ];
    await write(`${cells.map(csvCell).join(',')}\n`);
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return e;
}

// ---------------------------------------------------------------------------------------------
// Set-up: migrate, an administrator, the leads the update rows match, the upload and the run

async function setUp(
  database: Database,
  config: Config,
  flags: { rows: number; seed: number },
  csvFile: string,
) {
  await migrate(database.pool);
  const deps: Deps = { db: database.db, config, log: silent };
  await bootstrapAdmin(deps);
  const admin = await database.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'partner_id'])
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  const ctx: Ctx = {
    actor: actorForUser({ ...admin, partnerId: admin.partner_id }),
    requestId: 'kill-test',
    ip: '127.0.0.1',
  };
  const pick = (list: PicklistName) =>
    database.db
      .selectFrom('picklist_values')
      .select(['key', 'label'])
      .where('list', '=', list)
      .where('active', '=', true)
      .orderBy('position')
      .executeTakeFirstOrThrow();
  const [jobTitle, power, source] = await Promise.all([
    pick('job_title'),
    pick('power'),
    pick('lead_source'),
  ]);
  const status = await database.db
    .selectFrom('lead_statuses')
    .select('id')
    .where('is_default', '=', true)
    .executeTakeFirstOrThrow();
  const expected = await writeCsv(csvFile, flags.rows, flags.seed, {
    jobTitle: jobTitle.label,
    power: power.label,
    source: source.label,
  });
  await sql`insert into leads (company, first_name, last_name, job_title, email, power, status_id,
      source, description, created_by)
    select 'Seeded ' || g, 'Seed', 'Lead ' || g, ${jobTitle.key}, 'seed.' || g || ${`@${DOMAIN}`},
      ${power.key}, ${status.id}, ${source.key}, 'seeded', ${admin.id}
    from generate_series(1, ${expected.seeded}::int) g`.execute(database.db);

  const uploaded = await storeUpload(deps, ctx, 'leads', {
    fileName: 'kill-test.csv',
    stream: fs.createReadStream(csvFile),
    truncated: () => false,
  });
  const mapping: Record<string, string> = {
    Company: 'company',
    'First name': 'firstName',
    'Last name': 'lastName',
    'Job title': 'jobTitle',
    Email: 'email',
    Power: 'power',
    'Lead source': 'source',
    City: 'city',
    Description: 'description',
  };
  const run = await runImport(deps, ctx, uploaded.id, {
    mode: 'upsert',
    matchBy: 'email',
    mapping,
  });
  return { importId: run.id, expected };
}

// ---------------------------------------------------------------------------------------------
// Invariants, checked while no worker runs

type Snapshot = {
  status: string;
  lastBatch: number;
  batchSize: number | null;
  markers: number;
  ledger: number;
  byOutcome: Record<string, number>;
  jobStatus: string;
  jobAttempts: number;
  jobMaxAttempts: number | null;
  /** epoch ms of each batch marker (database clock) */
  batchTimes: number[];
  violations: string[];
};

async function inspect(
  db: Database['db'],
  importId: string,
  expected: Expected,
): Promise<Snapshot> {
  const violations: string[] = [];
  const imp = await db
    .selectFrom('imports')
    .select(['status', 'last_batch', 'batch_size', 'job_id', 'counts'])
    .where('id', '=', importId)
    .executeTakeFirstOrThrow();
  const job = imp.job_id
    ? await db
        .selectFrom('jobs')
        .select(['status', 'attempts', 'max_attempts'])
        .where('id', '=', imp.job_id)
        .executeTakeFirst()
    : undefined;
  const markers = await db
    .selectFrom('import_batches')
    .select(['batch_no', sql<number>`(extract(epoch from created_at) * 1000)::float8`.as('at')])
    .where('import_id', '=', importId)
    .orderBy('batch_no')
    .execute();
  const perBatch = await db
    .selectFrom('import_rows')
    .select(['batch_no', sql<number>`count(*)::int`.as('n')])
    .where('import_id', '=', importId)
    .groupBy('batch_no')
    .execute();
  const outcomes = await db
    .selectFrom('import_rows')
    .select(['outcome', sql<number>`count(*)::int`.as('n')])
    .where('import_id', '=', importId)
    .groupBy('outcome')
    .execute();
  const byOutcome = Object.fromEntries(outcomes.map((o) => [o.outcome, Number(o.n)]));
  const ledger = outcomes.reduce((n, o) => n + Number(o.n), 0);

  // Every batch with a marker has all its ledger rows; no ledger row lacks its marker.
  const size = imp.batch_size;
  const marked = new Set(markers.map((m) => m.batch_no));
  const counted = new Map(perBatch.map((b) => [b.batch_no, Number(b.n)]));
  if (markers.length > 0 && !size)
    violations.push('batches were committed but batch_size is unset');
  for (const b of marked) {
    const want = size ? Math.min(size, expected.total - (b - 1) * size) : NaN;
    const have = counted.get(b) ?? 0;
    if (have !== want)
      violations.push(`batch ${b} has a marker but ${have} of ${want} ledger rows`);
  }
  for (const [b, n] of counted)
    if (!marked.has(b)) violations.push(`batch ${b} has ${n} ledger rows but no marker (partial)`);
  const maxMarker = markers.length ? markers[markers.length - 1]!.batch_no : 0;
  if (markers.length !== maxMarker)
    violations.push(`markers are not 1…${maxMarker} (${markers.length} markers)`);
  if (imp.last_batch !== maxMarker)
    violations.push(`imports.last_batch is ${imp.last_batch}, the last marker ${maxMarker}`);

  // The status is never done early, and never anything but queued/running while unfinished.
  if (ledger < expected.total) {
    if (imp.status === 'done')
      violations.push(`status is done with ${ledger} of ${expected.total} rows`);
    else if (imp.status !== 'queued' && imp.status !== 'running')
      violations.push(`unfinished import is in status ${imp.status}`);
  }

  // The records match the ledger: no lead twice, none created outside a committed batch, every
  // update of a committed batch applied and no other.
  const twice = await sql<{ n: number }>`select count(*)::int as n from (
      select lower(email) from leads where email like ${`%@${DOMAIN}`}
      group by 1 having count(*) > 1) d`.execute(db);
  const dup = Number(twice.rows[0]?.n ?? 0);
  if (dup > 0) violations.push(`${dup} imported emails belong to more than one lead`);
  const leads = await sql<{ created: number; updated: number; bad: number }>`select
      count(*) filter (where email like 'new.%')::int as created,
      count(*) filter (where email like 'seed.%' and description like 'updated by import%')::int as updated,
      count(*) filter (where email like 'bad.%')::int as bad
    from leads where email like ${`%@${DOMAIN}`}`.execute(db);
  const l = leads.rows[0]!;
  if (l.created !== (byOutcome.created ?? 0))
    violations.push(
      `${l.created} new leads exist, the ledger says ${byOutcome.created ?? 0} created`,
    );
  if (l.updated !== (byOutcome.updated ?? 0))
    violations.push(
      `${l.updated} seeded leads were updated, the ledger says ${byOutcome.updated ?? 0}`,
    );
  if (l.bad > 0) violations.push(`${l.bad} leads exist for rows that must fail`);
  const orphans = await sql<{ n: number }>`select count(*)::int as n from import_rows r
      where r.import_id = ${importId} and r.outcome = 'created'
        and not exists (select 1 from leads where leads.id = r.record_id)`.execute(db);
  if (Number(orphans.rows[0]?.n ?? 0) > 0)
    violations.push(`${orphans.rows[0]!.n} ledger rows point at leads that do not exist`);

  return {
    status: imp.status,
    lastBatch: imp.last_batch,
    batchSize: size,
    markers: markers.length,
    ledger,
    byOutcome,
    jobStatus: job?.status ?? 'missing',
    jobAttempts: job?.attempts ?? 0,
    jobMaxAttempts: job?.max_attempts ?? null,
    batchTimes: markers.map((m) => Number(m.at)),
    violations,
  };
}

// ---------------------------------------------------------------------------------------------
// The worker process

type Worker = {
  child: ChildProcess;
  startedAt: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** resolves when the worker logs that the import's job succeeded or failed for good */
  settled: Promise<string>;
  /** resolves when the worker has opened and migrated the database (its 'database ready' line) */
  ready: Promise<void>;
  tail: () => string;
};

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      CONDUIT_PROCESS: 'worker',
      CONDUIT_SERVE_WEB: '0',
      CONDUIT_JOB_POLL_MS: '100',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let settle: (why: string) => void = () => {};
  const settled = new Promise<string>((r) => (settle = r));
  let isReady: () => void = () => {};
  const ready = new Promise<void>((r) => (isReady = r));
  let buf = '';
  const onData = (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      lines.push(line);
      if (lines.length > 40) lines.shift();
      let entry: { msg?: string; job?: string; status?: string } = {};
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        continue;
      }
      if (entry.msg === 'database ready') isReady();
      if (
        entry.job !== 'imports.run' &&
        entry.msg !== 'Released a job whose worker stopped responding'
      )
        continue;
      if (entry.msg === 'Job succeeded') settle('succeeded');
      else if (entry.msg === 'Job failed for good') settle('failed for good');
      else if (entry.msg?.startsWith('Released a job') && entry.status === 'failed')
        settle('was failed for good by the stale sweep (its lock expired on its last attempt)');
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, startedAt: Date.now(), exited, settled, ready, tail: () => lines.join('\n') };
}

// ---------------------------------------------------------------------------------------------

type KillRecord = {
  n: number;
  delayMs: number;
  /** what the worker was expected to be doing when the kill landed */
  phase: string;
  before: Snapshot;
  after: Snapshot;
  /** first batch committed by this worker, counted from its start */
  resumeMs: number | null;
};

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) {
    console.log(`Usage: npm run test:kill -- [flags]\n\n${usage(FLAGS)}`);
    return 0;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-kill-'));
  const csvFile = path.join(work, 'kill-test.csv');
  let dataDir: string | undefined;
  let dbUrl: string | undefined;
  if (flags.db === 'postgres') {
    const name = flags['scratch-db'];
    if (!/^[a-z_][a-z0-9_]*$/.test(name))
      throw new UsageError('--scratch-db: a plain lower-case name');
    await dropDatabase(flags.url, name);
    dbUrl = await createDatabase(flags.url, name);
  } else {
    dataDir = path.resolve(flags['data-dir'] ?? path.join(work, 'data'));
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0)
      throw new UsageError(`--data-dir ${dataDir} is not empty: the test needs a fresh database`);
  }
  const dbEnv: Record<string, string> = dbUrl
    ? { DATABASE_URL: dbUrl }
    : { CONDUIT_DATA_DIR: dataDir! };
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    CONDUIT_ADMIN_EMAIL: 'admin@killtest.example',
    CONDUIT_ADMIN_PASSWORD: 'kill-test-password',
    CONDUIT_IMPORT_MAX_BYTES: String(1024 * 1024 * 1024),
    ...dbEnv,
  });
  const open = () =>
    dbUrl
      ? openDatabase({ kind: 'postgres', url: dbUrl, poolSize: 2 })
      : openDatabase({ kind: 'pglite', dataDir: dataDir!, poolSize: 1 });
  const withDb = async <T>(fn: (d: Database) => Promise<T>): Promise<T> => {
    const d = await open();
    try {
      return await fn(d);
    } finally {
      await d.close();
    }
  };

  log(`Import kill test · ${new Date().toISOString()} · ${flags.rows} rows, ${flags.kills} kills`);
  log(`Database: ${dbUrl ? `PostgreSQL ${redact(dbUrl)}` : `PGlite ${dataDir}`}`);
  log(
    `Worker: src/server/main.ts, CONDUIT_PROCESS=worker, CONDUIT_JOB_STALE_AFTER_MS=${flags['stale-ms']}`,
  );

  let current: Worker | undefined;
  const stopCurrent = () => {
    if (current && current.child.exitCode === null && current.child.signalCode === null)
      current.child.kill('SIGKILL');
  };
  process.on('exit', stopCurrent);

  const violations: string[] = [];
  let failed = false;
  const kills: KillRecord[] = [];
  let final: Snapshot | undefined;
  let finalNote = '';
  try {
    const t0 = performance.now();
    const { importId, expected } = await withDb((d) => setUp(d, config, flags, csvFile));
    log(
      `Set up in ${((performance.now() - t0) / 1000).toFixed(1)} s: import ${importId}; expected ` +
        `${expected.created} created, ${expected.updated} updated, ${expected.failed} failed, ` +
        `${expected.duplicates} duplicates (${expected.seeded} seeded leads)`,
    );
    log();

    const rand = rng(flags.seed * 7919 + 17);
    const workerEnv = { ...dbEnv, CONDUIT_JOB_STALE_AFTER_MS: String(flags['stale-ms']) };
    let snapshot = await withDb((d) => inspect(d.db, importId, expected));
    let msPerRow = flags['ms-per-row'];
    let finishedEarly = false;
    let lastKillAt = 0;

    for (let k = 1; k <= flags.kills; k++) {
      // Where the kill lands: now and then while the worker is still starting (opening and
      // recovering the database); otherwise after it is ready, spread over the time it is
      // expected to wait for the killed worker's lock to go stale and then to work through its
      // share of the remaining rows.
      const remaining = Math.max(0, expected.total - snapshot.ledger) * msPerRow;
      // On average a worker gets 0.8 of its share: the last one is meant to stop short of the end.
      const span = (1.6 * remaining) / (flags.kills - k + 2);
      current = startWorker(workerEnv);
      const started = current.startedAt;
      const early = rand() < 0.1;
      let phase = 'starting';
      const plan = async () => {
        if (early) return sleep(200 + rand() * 2000);
        await Promise.race([current!.ready, sleep(120_000)]);
        // A queued job is claimed at once; a killed worker's running job only once the sweep
        // (every stale/4) finds its lock older than `stale`.
        const claimIn =
          snapshot.jobStatus !== 'running'
            ? 500
            : Math.max(500, lastKillAt + flags['stale-ms'] * 1.25 - Date.now());
        const wait = Math.max(0, claimIn - 1000 + rand() * (span + 1000));
        phase = wait < claimIn ? 'waiting for the stale lock' : 'importing';
        await sleep(wait);
      };
      const settled = await Promise.race([
        plan().then(() => null),
        current.settled,
        current.exited.then((e) => `exited by itself (${e.code ?? e.signal})`),
      ]);
      const delayMs = Date.now() - started;
      lastKillAt = Date.now();
      current.child.kill('SIGKILL');
      await current.exited;
      const ranMs = Date.now() - started;
      const after = await withDb((d) => inspect(d.db, importId, expected));
      const mine = after.batchTimes.filter((t) => t >= started);
      const resumeMs = mine.length ? Math.round(Math.min(...mine) - started) : null;
      const rowsDone = after.ledger - snapshot.ledger;
      const batch = after.batchSize ?? 500;
      // Killed while importing without a single batch committed: the engine (or this machine)
      // is slower than thought; give the next worker longer.
      if (rowsDone === 0 && phase === 'importing') msPerRow *= 2;
      else if (rowsDone > batch && resumeMs !== null)
        msPerRow = Math.max(1, (ranMs - resumeMs) / (rowsDone - batch));
      kills.push({ n: k, delayMs, phase, before: snapshot, after, resumeMs });
      for (const v of after.violations) violations.push(`after kill ${k}: ${v}`);
      log(
        `kill ${k}: SIGKILL ${int(delayMs)} ms after start (${phase}) · batches ${snapshot.markers} → ${after.markers} · ` +
          `ledger ${int(after.ledger)}/${int(expected.total)} · import ${after.status} · job ${after.jobStatus} ` +
          `(attempt ${after.jobAttempts}/${after.jobMaxAttempts ?? '?'})` +
          (resumeMs !== null ? ` · first batch ${int(resumeMs)} ms after start` : '') +
          (after.violations.length ? ` · ${after.violations.length} VIOLATIONS` : ''),
      );
      snapshot = after;
      const why = settled ?? (after.status === 'done' ? 'succeeded' : null);
      if (why) {
        finishedEarly = true;
        finalNote = `worker ${k}: the import's job ${why} before the kill landed`;
        if (why !== 'succeeded') log(current.tail());
        violations.push(
          why === 'succeeded'
            ? `the import finished before kill ${k}: only ${k - 1} of ${flags.kills} kills landed (use more --rows or a lower --ms-per-row)`
            : `worker ${k}: ${why}`,
        );
        break;
      }
      if (after.jobStatus === 'failed' || after.status === 'failed') {
        violations.push(
          `after kill ${k}: the job is ${after.jobStatus} and the import ${after.status}; nothing will resume it`,
        );
        break;
      }
    }

    // The last worker is left to finish.
    if (!finishedEarly && !violations.some((v) => v.includes('nothing will resume'))) {
      const budget =
        Math.max(120_000, (expected.total - snapshot.ledger) * msPerRow * 3) +
        flags['stale-ms'] * 2;
      current = startWorker(workerEnv);
      const started = current.startedAt;
      const why = await Promise.race([
        current.settled,
        sleep(budget).then(() => `did not finish within ${Math.round(budget / 1000)} s`),
        current.exited.then((e) => `exited by itself (${e.code ?? e.signal})`),
      ]);
      const finishMs = Date.now() - started;
      finalNote = `the last worker: the import's job ${why} after ${(finishMs / 1000).toFixed(1)} s`;
      if (why !== 'succeeded') {
        violations.push(`last worker: ${why}`);
        log(current.tail());
      }
      // A clean stop (SIGTERM), as an operator would; then the database is checked.
      current.child.kill('SIGTERM');
      const stop = await Promise.race([current.exited, sleep(30_000).then(() => null)]);
      if (!stop) current.child.kill('SIGKILL');
      await current.exited;
    }

    final = await withDb((d) => inspect(d.db, importId, expected));
    for (const v of final.violations) violations.push(`at the end: ${v}`);
    const counts = await withDb(async (d) => {
      const imp = await d.db
        .selectFrom('imports')
        .select(['counts'])
        .where('id', '=', importId)
        .executeTakeFirstOrThrow();
      const emails = await sql<{ distinct_emails: number; leads: number }>`select
          count(distinct lower(email))::int as distinct_emails, count(*)::int as leads
        from leads where email like ${`%@${DOMAIN}`} and email not like 'bad.%'`.execute(d.db);
      return { counts: imp.counts as Record<string, number> | null, emails: emails.rows[0]! };
    });
    if (final.status !== 'done')
      violations.push(`at the end: the import is ${final.status}, not done`);
    if (final.jobStatus === 'failed' && (final.status === 'queued' || final.status === 'running'))
      violations.push(
        `at the end: the job failed for good (attempt ${final.jobAttempts}/${final.jobMaxAttempts ?? '?'}) while the import is still ${final.status} — a status from which it can be neither run again nor undone`,
      );
    if (final.ledger !== expected.total)
      violations.push(`at the end: ${final.ledger} ledger rows, expected ${expected.total}`);
    const want: Record<string, number> = {
      created: expected.created,
      updated: expected.updated,
      skipped: expected.skipped,
      failed: expected.failed,
      duplicates: expected.duplicates,
      total: expected.total,
    };
    const got = counts.counts ?? {};
    const ledgerGot: Record<string, number> = {
      created: final.byOutcome.created ?? 0,
      updated: final.byOutcome.updated ?? 0,
      skipped: final.byOutcome.skipped ?? 0,
      failed: final.byOutcome.failed ?? 0,
      duplicates: final.byOutcome.duplicate ?? 0,
      total: final.ledger,
    };
    for (const k of Object.keys(want)) {
      if (ledgerGot[k] !== want[k])
        violations.push(`at the end: ledger ${k} = ${ledgerGot[k]}, expected ${want[k]}`);
      if (final.status === 'done' && got[k] !== want[k])
        violations.push(`at the end: imports.counts.${k} = ${got[k]}, expected ${want[k]}`);
    }
    const wantLeads = expected.seeded + expected.created;
    if (counts.emails.leads !== wantLeads || counts.emails.distinct_emails !== wantLeads)
      violations.push(
        `at the end: ${counts.emails.leads} leads with ${counts.emails.distinct_emails} distinct imported emails, expected ${wantLeads} each`,
      );

    // ---- summary ------------------------------------------------------------------------------
    log();
    log('Summary');
    log(
      table(
        [
          'kill',
          'ms after start',
          'expected phase',
          'batches before',
          'batches after',
          'ledger rows',
          'import',
          'job (attempt)',
          'resume ms',
        ],
        kills.map((k) => [
          String(k.n),
          int(k.delayMs),
          k.phase,
          String(k.before.markers),
          String(k.after.markers),
          int(k.after.ledger),
          k.after.status,
          `${k.after.jobStatus} (${k.after.jobAttempts}/${k.after.jobMaxAttempts ?? '?'})`,
          k.resumeMs === null ? '—' : int(k.resumeMs),
        ]),
      ),
    );
    log(`  ${finalNote}`);
    log();
    log(
      table(
        ['count', 'expected', 'ledger', 'imports.counts'],
        Object.keys(want).map((k) => [
          k,
          int(want[k]!),
          int(ledgerGot[k]!),
          got[k] === undefined ? '—' : int(got[k]),
        ]),
      ),
    );
    log(
      `  leads with the imported emails: ${int(counts.emails.leads)} (${int(counts.emails.distinct_emails)} distinct), expected ${int(wantLeads)}`,
    );
    log();
    if (violations.length) {
      log(`FAILED: ${violations.length} violation(s)`);
      for (const v of violations) log(`  - ${v}`);
      failed = true;
    } else {
      log(`PASSED: ${kills.length} kills, import done with exactly the expected rows`);
    }
  } finally {
    stopCurrent();
    if (current) await current.exited;
    fs.rmSync(csvFile, { force: true });
    if (!flags.keep) {
      if (dbUrl) await dropDatabase(flags.url, flags['scratch-db']).catch(() => undefined);
      fs.rmSync(work, { recursive: true, force: true });
      if (flags['data-dir'] && dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    } else if (dataDir || dbUrl) {
      log(`Kept: ${dataDir ?? redact(withDatabase(flags.url, flags['scratch-db']))}`);
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
