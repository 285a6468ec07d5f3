import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, JobStatus } from '../db/types';

/**
 * The job queue: a table in the application's own database. This module is the queue's repo —
 * all SQL on `jobs` lives here. Times come from the database clock (`now()`), so workers on
 * machines with skewed clocks still agree on what is due and what is stale.
 */

export type Db = Kysely<DB> | Transaction<DB>;

export const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_ERROR_LENGTH = 2000;

export type EnqueueOptions = {
  /** Not before this time (default: now). */
  runAt?: Date;
  /** Overrides the definition's maxAttempts for this one job. */
  maxAttempts?: number;
  /** A deterministic id makes enqueueing idempotent: a second enqueue with it does nothing. */
  id?: string;
};

/**
 * Adds a job. Pass the caller's transaction so the job exists if and only if the change that
 * asked for it commits.
 */
export async function enqueue(
  db: Db,
  name: string,
  payload: unknown,
  opts: EnqueueOptions = {},
): Promise<string> {
  if (
    opts.maxAttempts !== undefined &&
    !(Number.isInteger(opts.maxAttempts) && opts.maxAttempts >= 1)
  ) {
    throw new Error(`enqueue ${name}: maxAttempts must be an integer >= 1`);
  }
  if (opts.runAt !== undefined && Number.isNaN(opts.runAt.getTime())) {
    throw new Error(`enqueue ${name}: runAt is an invalid date`);
  }
  const id = opts.id ?? randomUUID();
  await db
    .insertInto('jobs')
    .values({
      id,
      name,
      payload: JSON.stringify(payload ?? {}),
      run_at: opts.runAt,
      max_attempts: opts.maxAttempts ?? null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return id;
}

/** A job this worker holds. `attempts` and `lockedBy` together identify this one claim. */
export type ClaimedJob = {
  id: string;
  name: string;
  payload: unknown;
  /** Including this run. */
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lockedBy: string;
};

/**
 * Takes the next due job among `jobs` (names this worker can run; others are left for a worker
 * that knows them). SKIP LOCKED lets several workers claim concurrently without waiting on, or
 * double-taking, each other's rows. A job's first claim fixes its max_attempts from the
 * definition unless the enqueuer chose one.
 */
export async function claimNext(
  db: Kysely<DB>,
  workerId: string,
  jobs: readonly { name: string; maxAttempts?: number | undefined }[],
): Promise<ClaimedJob | undefined> {
  if (jobs.length === 0) return undefined;
  const withMax = jobs.filter((j) => j.maxAttempts !== undefined);
  const definitionMax =
    withMax.length === 0
      ? sql<number>`${DEFAULT_MAX_ATTEMPTS}::int`
      : sql<number>`case jobs.name ${sql.join(
          withMax.map((j) => sql`when ${j.name} then ${j.maxAttempts}::int`),
          sql` `,
        )} else ${DEFAULT_MAX_ATTEMPTS}::int end`;

  const row = await db
    .with('next', (qb) =>
      qb
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'queued')
        .where('run_at', '<=', sql<Date>`now()`)
        .where(
          'name',
          'in',
          jobs.map((j) => j.name),
        )
        .orderBy('run_at')
        .orderBy('created_at')
        .limit(1)
        .forUpdate()
        .skipLocked(),
    )
    .updateTable('jobs')
    .from('next')
    .whereRef('jobs.id', '=', 'next.id')
    .set({
      status: 'running',
      attempts: sql<number>`jobs.attempts + 1`,
      max_attempts: sql<number>`coalesce(jobs.max_attempts, ${definitionMax})`,
      locked_by: workerId,
      locked_at: sql<Date>`now()`,
    })
    .returning([
      'jobs.id',
      'jobs.name',
      'jobs.payload',
      'jobs.attempts',
      'jobs.max_attempts',
      'jobs.run_at',
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    payload: row.payload,
    attempts: row.attempts,
    maxAttempts: row.max_attempts ?? DEFAULT_MAX_ATTEMPTS,
    runAt: row.run_at,
    lockedBy: workerId,
  };
}

/** Matches the row only while this claim still owns it (not released, not re-claimed). */
function owned(job: ClaimedJob) {
  return sql<boolean>`id = ${job.id} and locked_by = ${job.lockedBy} and attempts = ${job.attempts} and status = 'running'`;
}

/** Returns false when the claim was lost (e.g. released as stale): the result is not recorded. */
export async function completeJob(db: Kysely<DB>, job: ClaimedJob): Promise<boolean> {
  const res = await db
    .updateTable('jobs')
    .set({ status: 'succeeded', finished_at: sql<Date>`now()` })
    .where(owned(job))
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/**
 * Records a failed run: back to the queue after `retryInMs`, or — when `retryInMs` is null —
 * failed for good. Returns the new status, or undefined when the claim was lost.
 */
export async function failJob(
  db: Kysely<DB>,
  job: ClaimedJob,
  failure: { error: string; retryInMs: number | null },
): Promise<'queued' | 'failed' | undefined> {
  const error = failure.error.slice(0, MAX_ERROR_LENGTH);
  const res =
    failure.retryInMs === null
      ? await db
          .updateTable('jobs')
          .set({ status: 'failed', finished_at: sql<Date>`now()`, last_error: error })
          .where(owned(job))
          .executeTakeFirst()
      : await db
          .updateTable('jobs')
          .set({
            status: 'queued',
            run_at: sql<Date>`now() + make_interval(secs => ${failure.retryInMs / 1000})`,
            last_error: error,
            locked_by: null,
            locked_at: null,
          })
          .where(owned(job))
          .executeTakeFirst();
  if (res.numUpdatedRows === 0n) return undefined;
  return failure.retryInMs === null ? 'failed' : 'queued';
}

/**
 * Gives a job back untried (the worker is shutting down and the job did not finish in time):
 * the interrupted run does not count against its attempts.
 */
export async function releaseJob(db: Kysely<DB>, job: ClaimedJob): Promise<boolean> {
  const res = await db
    .updateTable('jobs')
    .set({
      status: 'queued',
      attempts: sql<number>`greatest(attempts - 1, 0)`,
      run_at: sql<Date>`now()`,
      locked_by: null,
      locked_at: null,
    })
    .where(owned(job))
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Heartbeat: a live worker keeps its lock fresh so long jobs are not taken for dead ones. */
export async function touchJob(db: Kysely<DB>, job: ClaimedJob): Promise<boolean> {
  const res = await db
    .updateTable('jobs')
    .set({ locked_at: sql<Date>`now()` })
    .where(owned(job))
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/**
 * Jobs whose lock has not been refreshed for `staleAfterMs` belong to a worker that died. They go
 * back to the queue — or fail, when that run was their last attempt, so a job that kills its
 * worker every time cannot loop forever.
 */
export async function releaseStaleJobs(
  db: Kysely<DB>,
  staleAfterMs: number,
): Promise<
  { id: string; name: string; status: JobStatus; payload: unknown; last_error: string | null }[]
> {
  const exhausted = sql<boolean>`attempts >= coalesce(max_attempts, ${DEFAULT_MAX_ATTEMPTS}::int)`;
  return db
    .updateTable('jobs')
    .set({
      status: sql<JobStatus>`case when ${exhausted} then 'failed' else 'queued' end`,
      finished_at: sql<Date | null>`case when ${exhausted} then now() end`,
      run_at: sql<Date>`now()`,
      last_error: sql<string>`'Lock held by ' || locked_by || ' expired: the worker stopped responding'`,
      locked_by: null,
      locked_at: null,
    })
    .where('status', '=', 'running')
    .where('locked_at', '<', sql<Date>`now() - make_interval(secs => ${staleAfterMs / 1000})`)
    .returning(['id', 'name', 'status', 'payload', 'last_error'])
    .execute();
}

export function getJob(db: Db, id: string) {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Deletes finished jobs older than `olderThanMs`, at most `batchSize` rows. The newest cron job
 * of each name is kept: its deterministic id is what stops that slot from being enqueued again.
 */
export async function pruneFinishedJobs(
  db: Kysely<DB>,
  olderThanMs: number,
  batchSize: number,
): Promise<number> {
  const res = await db
    .deleteFrom('jobs')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('jobs as j')
        .select('j.id')
        .where('j.status', 'in', ['succeeded', 'failed', 'cancelled'])
        .where(
          'j.finished_at',
          '<',
          sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`,
        )
        .where((w) =>
          w.or([
            w('j.id', 'not like', 'cron:%'),
            w.exists(
              w
                .selectFrom('jobs as newer')
                .select(sql`1`.as('one'))
                .whereRef('newer.name', '=', 'j.name')
                .where('newer.id', 'like', 'cron:%')
                .whereRef('newer.run_at', '>', 'j.run_at'),
            ),
          ]),
        )
        .limit(batchSize),
    )
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/**
 * Exponential backoff with jitter: ~10 s, 20 s, 40 s … capped at an hour. The jitter spreads
 * retries of many jobs that failed together (an SMTP outage) so they do not return in lockstep.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(3_600_000, 10_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}
