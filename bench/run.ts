/**
 * Benchmarks, with ratios measured in the same run (absolute figures on a shared machine drift;
 * ratios between things measured minutes apart on the same machine drift much less).
 *
 *   A. Authenticated GET /api/me on the real app vs a bare Fastify route, over real sockets, and
 *      the same SQL run straight through the app's pool.
 *   B. Main-thread event-loop delay while one large INSERT runs: PGlite in its worker thread (the
 *      app's design), PGlite in-process (what that design avoids) and PostgreSQL (with --url),
 *      with HTTP probes of the running servers during each insert.
 *   C. Partner management at scale: the partners list and detail over HTTP vs the SQL they ran.
 *   D. Leads and opportunities at scale (1,000,000 leads, 300,000 opportunities by default): the
 *      lead list with filters and search, the lead and opportunity boards, lead detail and the
 *      partner forecast over HTTP vs the SQL they ran, with the issue's targets.
 *   E. Import and export at scale (bench/import-export.ts): a 1,000,000-row upsert-by-email
 *      import through the engine vs COPY + INSERT … ON CONFLICT, event-loop delay while a
 *      100,000-row import runs through the job worker beside API traffic, and the CSV export of
 *      every lead vs COPY … TO STDOUT, with the issue's targets.
 *
 *   npm run bench
 *   npm run bench -- --db postgres --url postgres://postgres@127.0.0.1:5432/postgres
 *
 * With --url, a scratch database is created on that server and dropped at the end; the database
 * named in the URL is only used to connect. The summary is also written to bench/out/latest.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { openDatabase, type Database } from '../src/server/db/connection';
import { migrate } from '../src/server/db/migrate';
import type { Deps, Logger } from '../src/server/deps';
import { createToken } from '../src/server/features/tokens/tokens.service';
import { actorForUser } from '../src/server/http/actor';
import { parseFlags, runCli, usage, UsageError, type Flags, type FlagSpec } from './args';
import { benchImportExport, importMarkdown, type ImportExportResult } from './import-export';
import {
  formatStats,
  generate,
  GENERATORS,
  SIZE_FLAGS,
  sizeFlagSpecs,
  sizesFrom,
  type Sizes,
  type TableStats,
} from './generate';
import type {
  Command,
  DownloadRequest,
  DownloadResult,
  LoadRequest,
  LoadResult,
  ProbeResult,
  ProbeTarget,
  Reply,
} from './load-client';
import { createDatabase, dropDatabase, ensureDatabase, redact, withDatabase } from './pg-admin';
import { int, mdTable, ms, ratio, summarize, table, type Summary } from './stats';

const FLAGS = {
  db: {
    kind: 'string',
    default: 'pglite',
    choices: ['pglite', 'postgres'],
    help: 'database behind the app in part A',
  },
  url: {
    kind: 'string',
    help: 'PostgreSQL server (needed for --db postgres; adds PostgreSQL to part B)',
  },
  connections: { kind: 'int', default: 20, min: 1, help: 'concurrent HTTP connections' },
  duration: { kind: 'int', default: 10, min: 1, help: 'seconds per measured HTTP run' },
  warmup: { kind: 'int', default: 2, min: 0, help: 'seconds of unmeasured load before each run' },
  'sql-duration': { kind: 'int', default: 3, min: 1, help: 'seconds per raw SQL loop' },
  'insert-rows': {
    kind: 'int',
    default: 200_000,
    min: 1,
    help: 'rows in the single INSERT of part B',
  },
  'scratch-db': {
    kind: 'string',
    help: 'name of the scratch database created on --url and dropped at the end (default: conduit_bench_<pid>_<time>)',
  },
  'data-dir': {
    kind: 'string',
    help: 'PGlite: use and keep this data directory; data generated there before with the same size flags and seed is measured as it is (default: a temp dir, removed)',
  },
  keep: {
    kind: 'bool',
    help: 'PostgreSQL: keep the scratch database, and reuse it when --scratch-db names one that holds the same generated data',
  },
  skip: {
    kind: 'string',
    default: '',
    help: 'parts to leave out, e.g. B,C (A always runs)',
  },
  'import-rows': {
    kind: 'int',
    default: 1_000_000,
    min: 1,
    help: 'part E: rows of the upsert import (half update existing leads, half create)',
  },
  'import-probe-rows': {
    kind: 'int',
    default: 100_000,
    min: 0,
    help: 'part E: rows of the import run beside API traffic (0: leave that out)',
  },
  'import-api-interval': {
    kind: 'int',
    default: 50,
    min: 1,
    help: 'part E: ms between GET /api/leads requests during the import (fixed rate)',
  },
  ...sizeFlagSpecs(),
  seed: { kind: 'int', default: 1, help: 'data generator seed' },
  help: { kind: 'bool', help: 'show this help' },
} satisfies Record<string, FlagSpec>;

type RunFlags = Flags<typeof FLAGS>;

/** The 1-minute load average (runnable processes; compare with the CPU count). */
const loadavg = () => os.loadavg()[0]!.toFixed(1);
const silent: Logger = { info() {}, warn() {}, error() {}, debug() {} };
const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));
const log = (line = '') => console.log(line);

// ---------------------------------------------------------------------------------------------
// Resources are released in reverse order, also when a step fails.

class Cleanup {
  private steps: { label: string; fn: () => Promise<void> | void }[] = [];
  private running: Promise<void> | undefined;
  add(label: string, fn: () => Promise<void> | void) {
    this.steps.push({ label, fn });
  }
  /** Idempotent: a signal and the normal path may both ask; both wait for the same run. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const { label, fn } of this.steps.splice(0).reverse()) {
        try {
          await fn();
        } catch (err) {
          console.error(`cleanup: ${label} failed: ${String(err)}`);
        }
      }
    })();
    return this.running;
  }
}

// ---------------------------------------------------------------------------------------------
// The load-generating child process

class LoadClient {
  private constructor(private child: ChildProcess) {}

  static async start(): Promise<LoadClient> {
    // fork() passes on this process's execArgv, which carries the TypeScript loader.
    const child = fork(fileURLToPath(new URL('./load-client.ts', import.meta.url)), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const client = new LoadClient(child);
    await client.next('ready');
    return client;
  }

  private next<T extends Reply['type']>(type: T): Promise<Extract<Reply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: Reply) => {
        off();
        if (m.type === type) resolve(m as Extract<Reply, { type: T }>);
        else if (m.type === 'failed') reject(new Error(`load client: ${m.message}`));
        else reject(new Error(`load client: expected ${type}, got ${m.type}`));
      };
      const onExit = (code: number | null) => {
        off();
        reject(new Error(`load client exited (${code})`));
      };
      const off = () => {
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      this.child.on('message', onMessage);
      this.child.on('exit', onExit);
    });
  }

  private send<T extends Reply['type']>(cmd: Command, expect: T) {
    const reply = this.next(expect);
    this.child.send(cmd);
    return reply;
  }

  async load(request: LoadRequest): Promise<LoadResult> {
    return (await this.send({ type: 'load', request }, 'loaded')).result;
  }

  async download(request: DownloadRequest): Promise<DownloadResult> {
    return (await this.send({ type: 'download', request }, 'downloaded')).result;
  }

  async probeStart(targets: ProbeTarget[], intervalMs: number) {
    await this.send({ type: 'probe-start', targets, intervalMs }, 'probing');
  }

  async probeStop(): Promise<ProbeResult[]> {
    return (await this.send({ type: 'probe-stop' }, 'probed')).results;
  }

  async close() {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ type: 'exit' } satisfies Command);
    await Promise.race([exited, sleep(5000)]);
    if (this.child.exitCode === null) this.child.kill();
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring helpers

function eldMonitor() {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  return {
    async stop() {
      // A loop that was blocked is only recorded once the histogram's timer runs again, so let the
      // timer phase come round before reading it.
      await sleep(20);
      h.disable();
      // the histogram is in nanoseconds
      return { max: h.max / 1e6, p99: h.percentile(99) / 1e6 };
    },
  };
}

type Statement = { text: string; values: unknown[] };

/**
 * Records the SQL a pool's clients run while recording is on. Used to replay exactly the
 * statements one GET /api/me makes, so "raw SQL" stays the same work if the route changes.
 */
function recordStatements(pool: pg.Pool) {
  let sink: Statement[] | null = null;
  const patched = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client: pg.PoolClient) => {
    if (patched.has(client)) return;
    patched.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
      if (sink && typeof args[0] === 'string') {
        sink.push({
          text: args[0],
          values: Array.isArray(args[1]) ? [...(args[1] as unknown[])] : [],
        });
      }
      return query(...args);
    };
  });
  return {
    start: () => {
      sink = [];
    },
    stop: (): Statement[] => {
      const s = sink ?? [];
      sink = null;
      return s;
    },
  };
}

/** `concurrency` loops, each running the statements in order, for `seconds`; times each round. */
async function sqlLoop(
  pool: pg.Pool,
  statements: Statement[],
  concurrency: number,
  seconds: number,
) {
  const samples: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  // A request that ran a transaction ran it on one connection; replay it on one too.
  const inTransaction = statements.some((s) => /^\s*(begin|start\s+transaction)\b/i.test(s.text));
  const loop = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      if (inTransaction) {
        const client = await pool.connect();
        try {
          for (const s of statements) await client.query(s.text, s.values);
        } finally {
          client.release();
        }
      } else {
        for (const s of statements) await pool.query(s.text, s.values);
      }
      samples.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return {
    latency: summarize(samples),
    perSec: samples.length / ((performance.now() - started) / 1000),
  };
}

type InsertPhase = {
  label: string;
  exec: (text: string, values?: unknown[]) => Promise<unknown>;
};

type InsertResult = {
  label: string;
  insertMs: number;
  eld: { max: number; p99: number };
  probes: ProbeResult[];
};

const PROBE_INTERVAL_MS = 10;

/**
 * One `insert … select from generate_series` into a scratch table shaped like the one in
 * reference/stack.md §4, timed, with the main thread's event-loop delay and HTTP probes
 * recorded for exactly that statement (plus a 20 ms lead-in).
 */
async function measureInsert(
  phase: InsertPhase,
  rows: number,
  client: LoadClient,
  targets: ProbeTarget[],
): Promise<InsertResult> {
  const fill = (n: number) =>
    phase.exec(
      'insert into bench_eld (id, k, v) select g, md5(g::text), g % 1000 from generate_series(1, $1::int) g',
      [n],
    );
  await phase.exec('drop table if exists bench_eld');
  await phase.exec('create table bench_eld (id int primary key, k text not null, v int not null)');
  await phase.exec('create index bench_eld_k_idx on bench_eld (k)');
  await fill(1000); // warm the code paths before measuring
  await phase.exec('truncate bench_eld');

  await client.probeStart(targets, PROBE_INTERVAL_MS);
  const eld = eldMonitor();
  await sleep(20);
  const t0 = performance.now();
  await fill(rows);
  const insertMs = performance.now() - t0;
  const delay = await eld.stop();
  const probes = await client.probeStop();
  await phase.exec('drop table bench_eld');
  return { label: phase.label, insertMs, eld: delay, probes };
}

// ---------------------------------------------------------------------------------------------

const latencyCells = (l: Summary) => [ms(l.p50), ms(l.p95), ms(l.p99), ms(l.max)];
const probeCell = (r: InsertResult, label: string) => {
  const p = r.probes.find((x) => x.label === label);
  if (!p) return 'n/a';
  const notes = Object.entries(p.otherStatuses).map(([status, n]) => `${n} × ${status}`);
  if (p.errors) notes.push(`${p.errors} errors`);
  return `${ms(p.latency.max)} / ${ms(p.latency.p99)}${notes.length ? ` (${notes.join(', ')})` : ''}`;
};

type Recorder = ReturnType<typeof recordStatements>;

type Loop = Awaited<ReturnType<typeof sqlLoop>>;

type EndpointRun = {
  connections: number;
  api: LoadResult;
  /** every statement of the request, replayed in as many loops as there were connections */
  all: Loop;
  /** the request's data statement alone (its last) */
  data: Loop;
  /** seconds the HTTP run lasted (longer than --duration for slow requests) */
  duration: number;
};

type EndpointResult = { label: string; statements: Statement[]; runs: EndpointRun[] };

const PARTNER_HEAD = [
  'request',
  'conc.',
  'req/s',
  'API p95 ms',
  'all stmts p95 ms',
  'data stmt p95 ms',
  'API ÷ all stmts',
  'API ÷ data stmt',
];
const partnerRows = (r: EndpointResult) =>
  r.runs.map((run) => [
    `${r.label} (${r.statements.length} stmts)`,
    String(run.connections),
    int(run.api.reqPerSec),
    ms(run.api.latency.p95),
    ms(run.all.latency.p95),
    ms(run.data.latency.p95),
    ratio(run.api.latency.p95, run.all.latency.p95),
    ratio(run.api.latency.p95, run.data.latency.p95),
  ]);

/**
 * Load one endpoint over HTTP, then replay the SQL it sent with the same concurrency: one
 * request at a time (the cost of one request) and with --connections (under load; PGlite runs
 * one statement at a time, so there queueing dominates both sides). The ratio is what HTTP,
 * authentication, validation, scoping and presenting add to the database work.
 */
async function measureEndpoint(
  label: string,
  url: string,
  headers: Record<string, string>,
  env: { client: LoadClient; recorder: Recorder; pool: pg.Pool },
  flags: RunFlags,
  opts: { dataStatement?: boolean } = {},
): Promise<EndpointResult> {
  const first = await fetch(url, { headers });
  if (first.status !== 200)
    throw new Error(`${url} answered ${first.status}: ${await first.text()}`);
  await first.arrayBuffer();
  const t0 = performance.now();
  env.recorder.start();
  await (await fetch(url, { headers })).arrayBuffer();
  const statements = env.recorder.stop();
  const oneMs = performance.now() - t0;
  // Authentication runs first; the statement that answers the request comes last.
  const dataStatement = statements[statements.length - 1]!;
  const runs: EndpointRun[] = [];
  for (const c of [...new Set([1, flags.connections])]) {
    // A request that takes seconds, queued behind c − 1 others on a database that runs one
    // statement at a time (PGlite), needs longer runs and a longer timeout to be sampled at all:
    // long enough for each connection to get a couple of answers.
    const queued = (oneMs * c) / 1000;
    const duration = Math.max(flags.duration, Math.ceil(queued * 2.5));
    const sqlSeconds = Math.max(flags['sql-duration'], Math.ceil(queued * 1.5));
    const timeout = Math.ceil(Math.max(10, queued * 3));
    if (flags.warmup > 0)
      await env.client.load({ url, headers, connections: c, duration: flags.warmup, timeout });
    const api = await env.client.load({ url, headers, connections: c, duration, timeout });
    const all = await sqlLoop(env.pool, statements, c, sqlSeconds);
    const data =
      opts.dataStatement === false ? all : await sqlLoop(env.pool, [dataStatement], c, sqlSeconds);
    runs.push({ connections: c, api, all, data, duration });
  }
  return { label, statements, runs };
}

/** The detail page makes both detail requests: their p95s added up, against their SQL's. */
function detailPageLines(results: EndpointResult[]): string[] {
  const detail = results.filter((r) => r.label.startsWith('detail'));
  if (detail.length !== 2) return [];
  return detail[0]!.runs.map((_, i) => {
    const api = detail.reduce((n, r) => n + r.runs[i]!.api.latency.p95, 0);
    const all = detail.reduce((n, r) => n + r.runs[i]!.all.latency.p95, 0);
    const data = detail.reduce((n, r) => n + r.runs[i]!.data.latency.p95, 0);
    return `detail page (record + tab counts), ${detail[0]!.runs[i]!.connections} conc.: API p95 sum ${ms(api)} ms ÷ all stmts ${ms(all)} ms = ${ratio(api, all)}; ÷ data stmts ${ms(data)} ms = ${ratio(api, data)}`;
  });
}

async function benchPartners(
  flags: RunFlags,
  env: {
    database: Database;
    deps: Deps;
    appUrl: string;
    client: LoadClient;
    recorder: Recorder;
  },
): Promise<EndpointResult[]> {
  const db = env.database.db;
  const admin = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'partner_id'])
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .orderBy('email')
    .limit(1)
    .executeTakeFirst();
  if (!admin || flags.partners === 0) {
    log('C. Partner management: skipped (needs --internal-users ≥ 1 and --partners ≥ 1)');
    return [];
  }
  const { token } = await createToken(
    env.deps,
    {
      actor: actorForUser({ ...admin, partnerId: null }),
      requestId: 'bench',
      ip: '127.0.0.1',
    },
    { name: 'bench internal' },
  );
  const headers = { authorization: `Bearer ${token}` };
  const levels = await db.selectFrom('partner_levels').select('id').orderBy('rank').execute();
  // The partner with the most consultants: the heaviest detail page.
  const busiest = await db
    .selectFrom('consultants')
    .select(['partner_id', sql<number>`count(*)`.as('n')])
    .groupBy('partner_id')
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirst();
  const partnerId =
    busiest?.partner_id ??
    (await db.selectFrom('partners').select('id').limit(1).executeTakeFirstOrThrow()).id;

  const silver = levels[1]?.id ?? levels[0]?.id;
  const base = `${env.appUrl}/api/partners`;
  const cases: [string, string][] = [
    ['list: first page, default sort', `${base}?limit=50`],
    [
      'list: search + 3 filters + sort',
      `${base}?q=son&status=active&countryCode=US,DE,GB${silver ? `&levelId=${silver}` : ''}&sort=-createdAt&limit=50`,
    ],
    ['list: row count, same filters', `${base}/count?q=son&status=active&countryCode=US,DE,GB`],
    ['detail: GET /api/partners/:id', `${base}/${partnerId}`],
    ['detail: tab counts', `${base}/${partnerId}/counts`],
  ];
  log(
    `C. Partner management: ${int(flags.partners)} partners, ${int(flags.partners * flags['consultants-per-partner'])} consultants (Bearer token of an admin)`,
  );
  log(
    `   1 and ${flags.connections} connections × ${flags.duration} s per request, then its recorded SQL in as many loops × ${flags['sql-duration']} s`,
  );
  const results: EndpointResult[] = [];
  for (const [label, url] of cases) {
    results.push(
      await measureEndpoint(
        label,
        url,
        headers,
        { client: env.client, recorder: env.recorder, pool: env.database.pool },
        flags,
      ),
    );
  }
  log(table(PARTNER_HEAD, results.flatMap(partnerRows)));
  for (const line of detailPageLines(results)) log(`  ${line}`);
  return results;
}

// ---------------------------------------------------------------------------------------------
// D. Leads and opportunities at scale

/** The issue's targets: API p95 at most this many times its recorded SQL's p95. */
const SALES_TARGETS: Record<string, number> = {
  'lead list: status + partner + search': 1.5,
  'lead board: column counts and sums': 2,
  'lead detail: GET /api/leads/:id': 2,
  'opportunity board: stage columns': 2,
  'partner forecast': 2,
};

const SALES_HEAD = [
  'request',
  'conc.',
  'responses',
  'API p50 ms',
  'API p95 ms',
  'SQL p50 ms',
  'SQL p95 ms',
  'API ÷ SQL p95',
  'target',
  '',
];
const salesRows = (r: EndpointResult) =>
  r.runs.map((run) => {
    const target = SALES_TARGETS[r.label];
    // Percentiles cross the process boundary as JSON, where NaN becomes null: check the count.
    const x =
      run.api.latency.count > 0 && run.all.latency.count > 0
        ? run.api.latency.p95 / run.all.latency.p95
        : Number.NaN;
    return [
      `${r.label} (${r.statements.length} stmts)`,
      String(run.connections),
      `${int(run.api.latency.count)} in ${run.duration} s`,
      ms(run.api.latency.p50),
      ms(run.api.latency.p95),
      ms(run.all.latency.p50),
      ms(run.all.latency.p95),
      ratio(run.api.latency.p95, run.all.latency.p95),
      target ? `≤ ${target}×` : '',
      !target ? '' : !Number.isFinite(x) ? 'no data' : x <= target ? 'met' : 'MISSED',
    ];
  });

/**
 * The lead and opportunity screens at 1,000,000 leads and 300,000 opportunities: each request is
 * loaded over HTTP, then the SQL it ran is replayed through the same pool at the same
 * concurrency (measureEndpoint). "SQL" is every statement of the request, authentication
 * included, so the ratio is what HTTP, validation, scoping and presenting add.
 */
async function benchSales(
  flags: RunFlags,
  env: {
    database: Database;
    deps: Deps;
    appUrl: string;
    client: LoadClient;
    recorder: Recorder;
  },
): Promise<EndpointResult[]> {
  const db = env.database.db;
  const admin = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'partner_id'])
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .orderBy('email')
    .limit(1)
    .executeTakeFirst();
  if (!admin || flags.leads === 0 || flags.partners === 0) {
    log('D. Leads and opportunities: skipped (needs --internal-users, --partners and --leads ≥ 1)');
    return [];
  }
  const { token } = await createToken(
    env.deps,
    {
      actor: actorForUser({ ...admin, partnerId: null }),
      requestId: 'bench',
      ip: '127.0.0.1',
    },
    { name: 'bench sales' },
  );
  const headers = { authorization: `Bearer ${token}` };

  // The partner with the most leads: the heaviest partner filter, detail and forecast.
  const busiest = await db
    .selectFrom('leads')
    .select(['partner_id', sql<number>`count(*)`.as('n')])
    .where('partner_id', 'is not', null)
    .groupBy('partner_id')
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const partnerId = busiest.partner_id!;
  const qualification = await db
    .selectFrom('lead_statuses')
    .select('id')
    .where('kind', '=', 'open')
    .orderBy('position', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  // A lead of that partner in that status: its company's first word is the search term (a name
  // people would type, which matches other companies too), and it is the detail page's lead.
  const sample = await db
    .selectFrom('leads')
    .select(['id', 'company'])
    .where('partner_id', '=', partnerId)
    .where('status_id', '=', qualification.id)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const term = sample.company
    .split(/[\s,-]+/)[0]!
    .slice(0, 6)
    .toLowerCase();

  const base = env.appUrl;
  const cases: [string, string][] = [
    [
      'lead list: status + partner + search',
      `${base}/api/leads?statusId=${qualification.id}&partnerId=${partnerId}&q=${encodeURIComponent(term)}&limit=50`,
    ],
    ['lead board: column counts and sums', `${base}/api/leads/board?groupBy=status`],
    ['lead detail: GET /api/leads/:id', `${base}/api/leads/${sample.id}`],
    ['opportunity board: stage columns', `${base}/api/opportunities/board`],
    ['partner forecast', `${base}/api/partners/${partnerId}/forecast`],
  ];
  log(
    `D. Leads and opportunities: ${int(flags.leads)} leads, ${int(flags.opportunities)} opportunities (Bearer token of an admin)`,
  );
  log(
    `   busiest partner ${int(busiest.n)} leads; search "${term}"; 1 and ${flags.connections} connections × ${flags.duration} s (longer for slow requests), then the recorded SQL`,
  );
  const results: EndpointResult[] = [];
  for (const [label, url] of cases) {
    const started = performance.now();
    results.push(
      await measureEndpoint(
        label,
        url,
        headers,
        { client: env.client, recorder: env.recorder, pool: env.database.pool },
        flags,
        // The targets compare with every statement of the request; skip the data-only loop.
        { dataStatement: false },
      ),
    );
    // Slow requests make long runs; show progress.
    log(`   ${label}: measured in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  log(table(SALES_HEAD, results.flatMap(salesRows)));
  return results;
}

/**
 * Whether the database already holds data generated with these sizes (every generated table has
 * exactly the rows the flags make), so a kept database is measured again without regenerating.
 * An empty database answers false; anything else is a usage error rather than a silent mix.
 */
async function holdsGenerated(pool: pg.Pool, sizes: Sizes): Promise<boolean> {
  const expected = new Map<string, number>();
  for (const f of SIZE_FLAGS) {
    const g = GENERATORS[f];
    expected.set(g.table, (expected.get(g.table) ?? 0) + g.count(sizes));
  }
  let empty = true;
  let same = true;
  for (const [table, n] of expected) {
    const { rows } = await pool.query<{ n: number }>(`select count(*)::int as n from ${table}`);
    const have = rows[0]?.n ?? 0;
    if (have > 0) empty = false;
    if (have !== n) same = false;
  }
  if (empty) return false;
  if (same) return true;
  throw new UsageError(
    'The database holds data that does not match the size flags: use an empty one, or the flags it was generated with.',
  );
}

/** Where the database sees its own data directory (PGlite: a path in its virtual file system). */
async function dataDirectory(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ d: string }>("select current_setting('data_directory') as d");
  return rows[0]!.d;
}

async function bench(flags: RunFlags, cleanup: Cleanup) {
  if (flags.db === 'postgres' && !flags.url) {
    throw new UsageError('--db postgres needs --url postgres://…');
  }
  const sizes = sizesFrom(flags);
  const skip = new Set(
    flags.skip
      .split(',')
      .map((p) => p.trim().toUpperCase())
      .filter(Boolean),
  );
  for (const p of skip)
    if (!['B', 'C', 'D', 'E'].includes(p))
      throw new UsageError(`--skip takes B, C, D or E, got "${p}"`);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-bench-'));
  cleanup.add('temp dir', () => fs.rmSync(workDir, { recursive: true, force: true }));
  const pgliteDir = flags['data-dir'] ? path.resolve(flags['data-dir']) : workDir;

  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    CONDUIT_DATA_DIR: workDir,
    // Part E stores a 1,000,000-row file as an upload.
    CONDUIT_IMPORT_MAX_BYTES: String(1024 * 1024 * 1024),
  });

  const client = await LoadClient.start();
  cleanup.add('load client', () => client.close());

  // A scratch database on the given server: never the database named in the URL.
  let scratchUrl: string | undefined;
  let pgVersion: string | undefined;
  if (flags.url) {
    const name = flags['scratch-db'] ?? `conduit_bench_${process.pid}_${Date.now().toString(36)}`;
    if (flags.keep) {
      scratchUrl = withDatabase(flags.url, name);
      await ensureDatabase(scratchUrl);
    } else {
      scratchUrl = await createDatabase(flags.url, name);
      const serverUrl = flags.url;
      cleanup.add('scratch database', () => dropDatabase(serverUrl, name));
    }
  }

  const database: Database =
    flags.db === 'postgres' && scratchUrl
      ? await openDatabase({ kind: 'postgres', url: scratchUrl, poolSize: config.dbPoolSize })
      : await openDatabase({ kind: 'pglite', dataDir: pgliteDir, poolSize: config.dbPoolSize });
  cleanup.add('app database', () => database.close());
  const serverVersion = async (pool: pg.Pool) => {
    const { rows } = await pool.query<{ v: string }>(
      "select current_setting('server_version') as v",
    );
    return rows[0]?.v.split(' ')[0] ?? '?'; // "15.20 (Debian 15.20-0+deb12u1)" → "15.20"
  };
  const appDbVersion = await serverVersion(database.pool);
  const appDbLabel =
    database.mode === 'pglite'
      ? `PGlite (PostgreSQL ${appDbVersion}) in a worker thread, pg over a unix socket`
      : `PostgreSQL ${appDbVersion}`;

  // Other work on the machine moves absolute figures a lot; record how busy it was.
  const loadStart = loadavg();
  log(`Conduit bench · ${new Date().toISOString()}`);
  log(
    `Node ${process.version} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · ${os.platform()} · load average ${loadStart}`,
  );
  log(`App database: ${appDbLabel}${scratchUrl ? ` · scratch ${redact(scratchUrl)}` : ''}`);
  log();

  // ---- data -----------------------------------------------------------------------------------
  await migrate(database.pool);
  const genStarted = performance.now();
  let genStats: TableStats[] = [];
  if (await holdsGenerated(database.pool, sizes)) {
    log(`Reusing the data generated before (seed ${flags.seed} assumed)`);
  } else {
    log(`Generating data (seed ${flags.seed})`);
    genStats = await generate(database.pool, sizes, flags.seed, {
      onTable: (s) => log(formatStats(s)),
    });
  }
  const genSeconds = (performance.now() - genStarted) / 1000;
  log();

  // A partner admin: /api/me then also joins the partner.
  const user = await database.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'partner_id'])
    .where('active', '=', true)
    .orderBy(sql`role = 'partner_admin'`, 'desc')
    .orderBy('email')
    .limit(1)
    .executeTakeFirst();
  if (!user) {
    throw new UsageError(
      'The benchmark needs a generated user: --partners or --internal-users ≥ 1',
    );
  }
  const deps: Deps = { db: database.db, config, log: silent };
  const { token } = await createToken(
    deps,
    {
      actor: actorForUser({ ...user, partnerId: user.partner_id }),
      requestId: 'bench',
      ip: '127.0.0.1',
    },
    { name: 'bench' },
  );

  // ---- servers --------------------------------------------------------------------------------
  // No request logging: the comparison is framework + app work, not log I/O.
  const app = await buildApp(deps);
  cleanup.add('app', () => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const bare: FastifyInstance = Fastify({ logger: false });
  bare.get('/bare', async () => ({ ok: true }));
  cleanup.add('bare server', () => bare.close());
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`;
  const auth = { authorization: `Bearer ${token}` };
  const recorder = recordStatements(database.pool);
  for (const [url, headers] of [
    [`${appUrl}/api/me`, auth],
    [`${bareUrl}/bare`, {}],
    [`${appUrl}/api/health`, {}],
  ] as const) {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  }

  // ---- A. /api/me vs bare -------------------------------------------------------------------
  const c = flags.connections;
  log(`A. GET /api/me (Bearer token of ${user.role}) vs bare Fastify GET /bare`);
  log(
    `   ${c} connections × ${flags.duration} s each, after ${flags.warmup} s of unmeasured warm-up each`,
  );
  const run = (url: string, headers: Record<string, string>, duration: number) =>
    client.load({ url, headers, connections: c, duration });
  if (flags.warmup > 0) {
    await run(`${appUrl}/api/me`, auth, flags.warmup);
    await run(`${bareUrl}/bare`, {}, flags.warmup);
  }
  const eldMe = eldMonitor();
  const me = await run(`${appUrl}/api/me`, auth, flags.duration);
  const eldDuringMe = await eldMe.stop();
  const bareRes = await run(`${bareUrl}/bare`, {}, flags.duration);
  const failed = (r: LoadResult) => r.non2xx + r.errors + r.timeouts;
  log(
    table(
      ['route', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'responses', 'failed'],
      [
        [
          'GET /api/me',
          int(me.reqPerSec),
          ...latencyCells(me.latency),
          int(me.latency.count),
          int(failed(me)),
        ],
        [
          'GET /bare',
          int(bareRes.reqPerSec),
          ...latencyCells(bareRes.latency),
          int(bareRes.latency.count),
          int(failed(bareRes)),
        ],
      ],
    ),
  );
  log(
    `  bare req/s ÷ me req/s = ${ratio(bareRes.reqPerSec, me.reqPerSec)}   me p95 ÷ bare p95 = ${ratio(me.latency.p95, bareRes.latency.p95)}`,
  );
  log(
    `  main-thread event-loop delay during the /api/me run: max ${ms(eldDuringMe.max)} ms, p99 ${ms(eldDuringMe.p99)} ms`,
  );
  log(
    '  (percentiles: nearest-rank over every response time autocannon reported, sub-millisecond;',
  );
  log("   autocannon's own summary rounds to whole ms and has no p95)");

  // Raw SQL: the statements one /api/me runs, replayed through the same pool.
  // One unrecorded request first: the token's last-used touch (at most once a minute) lands
  // there, so the recorded request is the steady-state read path.
  await fetch(`${appUrl}/api/me`, { headers: auth });
  recorder.start();
  const check = await fetch(`${appUrl}/api/me`, { headers: auth });
  const statements = recorder.stop();
  if (check.status !== 200 || statements.length === 0) {
    throw new Error('could not record the /api/me statements');
  }
  const firstWords = statements.map((s) => s.text.trim().split(/\s+/)[0]?.toLowerCase()).join(', ');
  const seq = await sqlLoop(database.pool, statements, 1, flags['sql-duration']);
  const conc = await sqlLoop(database.pool, statements, c, flags['sql-duration']);
  log();
  log(
    `  Raw SQL: the ${statements.length} statements of one GET /api/me (${firstWords}), run through the app's pool, ${flags['sql-duration']} s each`,
  );
  log(
    table(
      ['loop', 'rounds/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'API p95 ÷ SQL p95'],
      [
        [
          '1 sequential',
          int(seq.perSec),
          ...latencyCells(seq.latency),
          ratio(me.latency.p95, seq.latency.p95),
        ],
        [
          `${c} concurrent`,
          int(conc.perSec),
          ...latencyCells(conc.latency),
          ratio(me.latency.p95, conc.latency.p95),
        ],
      ],
    ),
  );
  log();

  // ---- C. partner management at scale -------------------------------------------------------
  const partnerResults = skip.has('C')
    ? []
    : await benchPartners(flags, { database, deps, appUrl, client, recorder });
  log();

  // ---- D. leads and opportunities at scale --------------------------------------------------
  const salesResults = skip.has('D')
    ? []
    : await benchSales(flags, { database, deps, appUrl, client, recorder });
  log();

  // ---- E. import and export at scale ---------------------------------------------------------
  let importResult: ImportExportResult | undefined;
  const admin = skip.has('E')
    ? undefined
    : await database.db
        .selectFrom('users')
        .select(['id', 'email', 'name', 'role', 'partner_id'])
        .where('role', '=', 'admin')
        .where('active', '=', true)
        .orderBy('email')
        .limit(1)
        .executeTakeFirst();
  if (!skip.has('E') && !admin) log('E. Import and export: skipped (needs --internal-users ≥ 1)');
  if (admin) {
    const { token: adminToken } = await createToken(
      deps,
      {
        actor: actorForUser({ ...admin, partnerId: null }),
        requestId: 'bench',
        ip: '127.0.0.1',
      },
      { name: 'bench import' },
    );
    importResult = await benchImportExport(
      {
        database,
        deps,
        ctx: {
          actor: actorForUser({ ...admin, partnerId: null }),
          requestId: 'bench',
          ip: '127.0.0.1',
        },
        appUrl,
        headers: { authorization: `Bearer ${adminToken}` },
        client,
      },
      {
        importRows: flags['import-rows'],
        probeRows: flags['import-probe-rows'],
        apiIntervalMs: flags['import-api-interval'],
        baselineSeconds: flags.duration,
        // PGlite reads COPY files by path from its data directory; PostgreSQL gets them over
        // the connection (COPY … FROM STDIN).
        fileDir: database.mode === 'pglite' ? path.join(pgliteDir, 'pg') : workDir,
        dbFileDir: database.mode === 'pglite' ? await dataDirectory(database.pool) : null,
      },
    );
    log();
  }

  // ---- B. event-loop delay during one large insert --------------------------------------------
  const rows = flags['insert-rows'];
  const results: InsertResult[] = [];
  // Skipping B skips only the measuring; its table in the summary stays, empty.
  if (!skip.has('B')) {
    log(
      `B. One ${int(rows)}-row INSERT … SELECT FROM generate_series: main-thread event-loop delay`,
    );
    log(
      `   (monitorEventLoopDelay, resolution 1 ms) and HTTP probes every ${PROBE_INTERVAL_MS} ms to GET /bare and GET /api/health`,
    );
    const targets: ProbeTarget[] = [
      { label: '/bare', url: `${bareUrl}/bare` },
      { label: '/api/health', url: `${appUrl}/api/health` },
    ];
    const onAppDb = ' — the app’s database';

    // (i) PGlite in its worker thread, through a pg pool.
    if (database.mode === 'pglite') {
      results.push(
        await measureInsert(
          {
            label: `PGlite, worker thread + pg (data dir)${onAppDb}`,
            exec: (t, v) => database.pool.query(t, v),
          },
          rows,
          client,
          targets,
        ),
      );
    } else {
      const side = await openDatabase({ kind: 'pglite', poolSize: 2 });
      try {
        results.push(
          await measureInsert(
            {
              label: 'PGlite, worker thread + pg (in memory)',
              exec: (t, v) => side.pool.query(t, v),
            },
            rows,
            client,
            targets,
          ),
        );
      } finally {
        await side.close();
      }
    }

    // (ii) PGlite in this thread: what the worker design avoids.
    // Same storage as the worker row above it, so the two differ only in which thread runs PGlite.
    const inprocOnDisk = database.mode === 'pglite';
    const inproc = await PGlite.create(inprocOnDisk ? path.join(workDir, 'inproc') : undefined);
    try {
      results.push(
        await measureInsert(
          {
            label: `PGlite in-process, main thread (${inprocOnDisk ? 'data dir' : 'in memory'})`,
            exec: (t, v) => inproc.query(t, v),
          },
          rows,
          client,
          targets,
        ),
      );
    } finally {
      await inproc.close();
    }

    // (iii) PostgreSQL.
    if (scratchUrl) {
      if (database.mode === 'postgres') {
        pgVersion = appDbVersion;
        results.push(
          await measureInsert(
            {
              label: `PostgreSQL ${pgVersion}${onAppDb}`,
              exec: (t, v) => database.pool.query(t, v),
            },
            rows,
            client,
            targets,
          ),
        );
      } else {
        const pool = new pg.Pool({ connectionString: scratchUrl, max: 2 });
        try {
          pgVersion = await serverVersion(pool);
          results.push(
            await measureInsert(
              { label: `PostgreSQL ${pgVersion}`, exec: (t, v) => pool.query(t, v) },
              rows,
              client,
              targets,
            ),
          );
        } finally {
          await pool.end();
        }
      }
    }
  }
  const insertRows = results.map((r) => [
    r.label,
    ms(r.insertMs),
    `${ms(r.eld.max)} / ${ms(r.eld.p99)}`,
    probeCell(r, '/bare'),
    probeCell(r, '/api/health'),
  ]);
  const insertHead = [
    'database',
    'insert ms',
    'ELD max / p99 ms',
    'GET /bare max / p99 ms',
    'GET /api/health max / p99 ms',
  ];
  if (!skip.has('B')) {
    log(table(insertHead, insertRows));
    log(
      '  Probe latency is over 200 responses; other statuses are counted (503 = the app shed load).',
    );
    log(
      '  /bare needs only the main thread; /api/health also runs `select 1` on the app’s database,',
    );
    log(
      '  and PGlite executes one statement at a time, so on the same PGlite it waits for the insert.',
    );
    if (!scratchUrl) log('  (PostgreSQL skipped: pass --url postgres://… to include it)');
    log();
  }

  // ---- summary --------------------------------------------------------------------------------
  const totalRows = genStats.reduce((n, s) => n + s.rows, 0);
  const summary = [
    `**Conduit bench** · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · Node ${process.version} · ${os.cpus().length} vCPU, load average ${loadStart} at start, ${loadavg()} at end · app DB: ${appDbLabel}`,
    '',
    `Data: ${int(sizes.partners)} partners, ${sizes['users-per-partner']} users each, ${int(sizes['internal-users'])} internal users (seed ${flags.seed}); ` +
      (genStats.length
        ? `${int(totalRows)} rows in ${genSeconds.toFixed(1)} s (${genStats.map((s) => `${s.table} --${s.flag} ${int((s.rows / s.ms) * 1000)} rows/s`).join(', ')}).`
        : 'generated before and reused.'),
    '',
    `HTTP: ${c} connections × ${flags.duration} s after ${flags.warmup} s warm-up; latency percentiles nearest-rank over every response.`,
    '',
    mdTable(
      ['measure', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms'],
      [
        [
          'GET /api/me (Bearer)',
          int(me.reqPerSec),
          ms(me.latency.p50),
          ms(me.latency.p95),
          ms(me.latency.p99),
        ],
        [
          'GET /bare (plain Fastify)',
          int(bareRes.reqPerSec),
          ms(bareRes.latency.p50),
          ms(bareRes.latency.p95),
          ms(bareRes.latency.p99),
        ],
        [
          `raw SQL of /api/me (${statements.length} stmts), 1 loop`,
          int(seq.perSec),
          ms(seq.latency.p50),
          ms(seq.latency.p95),
          ms(seq.latency.p99),
        ],
        [
          `raw SQL of /api/me, ${c} loops`,
          int(conc.perSec),
          ms(conc.latency.p50),
          ms(conc.latency.p95),
          ms(conc.latency.p99),
        ],
      ],
    ),
    '',
    mdTable(
      ['ratio (same run)', 'value'],
      [
        ['bare req/s ÷ /api/me req/s', ratio(bareRes.reqPerSec, me.reqPerSec)],
        ['/api/me p95 ÷ bare p95', ratio(me.latency.p95, bareRes.latency.p95)],
        ['/api/me p95 ÷ raw SQL p95 (1 loop)', ratio(me.latency.p95, seq.latency.p95)],
        [`/api/me p95 ÷ raw SQL p95 (${c} loops)`, ratio(me.latency.p95, conc.latency.p95)],
        [
          'main-thread ELD during /api/me load, max / p99 ms',
          `${ms(eldDuringMe.max)} / ${ms(eldDuringMe.p99)}`,
        ],
      ],
    ),
    '',
    `Partner management: ${int(sizes.partners)} partners, ${int(sizes.partners * sizes['consultants-per-partner'])} consultants, ${int(sizes.accounts)} accounts, ${int(sizes.cases)} cases; 1 and ${c} connections vs as many SQL loops. Raw SQL = the statements the request ran (recorded, then replayed through the app's pool), of which the data statement alone is shown too.`,
    '',
    mdTable(PARTNER_HEAD, partnerResults.flatMap(partnerRows)),
    '',
    ...detailPageLines(partnerResults).map((l) => `- ${l}`),
    '',
    `Leads and opportunities: ${int(sizes.leads)} leads, ${int(sizes.opportunities)} opportunities, ${int(GENERATORS['opportunity-partners'].count(sizes))} credited partners; 1 and ${c} connections vs as many SQL loops. SQL = every statement the request ran, recorded and replayed through the app's pool.`,
    '',
    mdTable(SALES_HEAD, salesResults.flatMap(salesRows)),
    '',
    `One ${int(rows)}-row \`insert … select from generate_series\`; probes every ${PROBE_INTERVAL_MS} ms:`,
    '',
    mdTable(insertHead, insertRows),
    ...(importResult
      ? [
          '',
          `Import and export: ${int(sizes.leads)} leads; engine = storeUpload + processImport in this process; raw = COPY + INSERT … ON CONFLICT on the same engine, rolled back:`,
          '',
          importMarkdown(importResult),
        ]
      : []),
  ].join('\n');

  log('Summary');
  log();
  log(summary);
  const outDir = fileURLToPath(new URL('./out/', import.meta.url));
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'latest.md'), `${summary}\n`);
  log();
  log(`Written to ${path.relative(process.cwd(), path.join(outDir, 'latest.md'))}`);
}

async function main() {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) {
    console.log(`Usage: npm run bench -- [flags]\n\n${usage(FLAGS)}`);
    return;
  }
  const cleanup = new Cleanup();
  let interrupted = false;
  const onSignal = () => {
    // Ctrl-C reaches us twice (terminal and tsx both forward it); keep handling so the second
    // one does not kill the process halfway through cleaning up.
    if (interrupted) return;
    interrupted = true;
    console.error('\nInterrupted; cleaning up…');
    void cleanup.run().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await bench(flags, cleanup);
  } finally {
    await cleanup.run();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

runCli(main);
