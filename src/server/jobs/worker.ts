import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types';
import {
  backoffMs,
  claimNext,
  completeJob,
  failJob,
  releaseJob,
  releaseStaleJobs,
  touchJob,
  type ClaimedJob,
} from './queue';
import {
  indexJobs,
  PermanentJobError,
  type JobContext,
  type JobDefinition,
  type Logger,
} from './registry';
import { createScheduler } from './scheduler';

export type WorkerOptions = {
  db: Kysely<DB>;
  jobs: readonly JobDefinition[];
  /** How long an idle worker waits before looking for work again. */
  pollMs: number;
  logger: Logger;
  /** Shown in jobs.locked_by; defaults to host:pid:random. */
  workerId?: string;
  /** Jobs run at the same time by this worker (default 1). */
  concurrency?: number;
  /** How long stop() waits for running jobs before handing them back (default 10 s). */
  shutdownGraceMs?: number;
  /** A running job whose lock is older than this belongs to a dead worker (default 5 min). */
  staleAfterMs?: number;
  /** For definitions without timeoutMs (default 5 min). */
  defaultTimeoutMs?: number;
  /** false: no polling; drive the worker with runOnce() (tests, one-off scripts). */
  loop?: boolean;
  /** Delay before retry number `attempt + 1`; defaults to exponential backoff with jitter. */
  backoff?: (attempt: number) => number;
  /** The scheduler's clock (tests). */
  now?: () => Date;
};

export type Worker = {
  readonly workerId: string;
  /** Stops taking work, waits (up to the grace period) for running jobs, then resolves. */
  stop(): Promise<void>;
  /** Enqueues due cron slots, then runs jobs until none is due. Returns how many ran. */
  runOnce(): Promise<number>;
};

/** Stops a runaway runOnce (a job that keeps enqueueing due jobs) from never returning. */
const RUN_ONCE_LIMIT = 10_000;

type Running = { job: ClaimedJob; abandoned: boolean; abandon: () => void };
type Outcome =
  { kind: 'ok' } | { kind: 'error'; error: unknown } | { kind: 'timeout' } | { kind: 'abandoned' };

export function startWorker(opts: WorkerOptions): Worker {
  const { db, logger, pollMs } = opts;
  const byName = indexJobs(opts.jobs);
  const definitions = [...byName.values()];
  const workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const concurrency = opts.concurrency ?? 1;
  const graceMs = opts.shutdownGraceMs ?? 10_000;
  const staleAfterMs = opts.staleAfterMs ?? 300_000;
  const defaultTimeoutMs = opts.defaultTimeoutMs ?? 300_000;
  const backoff = opts.backoff ?? ((attempt: number) => backoffMs(attempt));
  const now = opts.now ?? (() => new Date());
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error('concurrency must be an integer >= 1');
  }

  const scheduler = createScheduler(definitions);
  const running = new Set<Running>();
  const busy = new Set<Promise<unknown>>();
  const wake = new AbortController();
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let lastStaleSweep = 0;

  const track = <T>(p: Promise<T>): Promise<T> => {
    busy.add(p);
    void p.finally(() => busy.delete(p)).catch(() => undefined);
    return p;
  };

  async function housekeeping(force: boolean) {
    await scheduler.tick(db, now());
    // Sweeping for dead workers more often than a fraction of the stale age gains nothing.
    if (!force && Date.now() - lastStaleSweep < staleAfterMs / 4) return;
    lastStaleSweep = Date.now();
    for (const job of await releaseStaleJobs(db, staleAfterMs)) {
      logger.warn(
        { jobId: job.id, job: job.name, status: job.status, workerId },
        'Released a job whose worker stopped responding',
      );
      if (job.status !== 'failed') continue;
      try {
        await byName
          .get(job.name)
          ?.gaveUp(job.payload, job.last_error ?? 'Its worker stopped responding');
      } catch (err) {
        logger.error({ err, jobId: job.id, job: job.name }, 'Cleaning up a failed job failed');
      }
    }
  }

  async function execute(job: ClaimedJob): Promise<void> {
    const definition = byName.get(job.name);
    const controller = new AbortController();
    let resolveAbandoned: (o: Outcome) => void = () => {};
    const abandoned = new Promise<Outcome>((resolve) => (resolveAbandoned = resolve));
    const entry: Running = {
      job,
      abandoned: false,
      abandon: () => {
        entry.abandoned = true;
        controller.abort(new Error('The worker is shutting down'));
        resolveAbandoned({ kind: 'abandoned' });
      },
    };
    running.add(entry);
    const timeoutMs = definition?.timeoutMs ?? defaultTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
    });
    const heartbeat = setInterval(() => {
      touchJob(db, job).catch((err: unknown) =>
        logger.warn({ err, jobId: job.id }, 'Could not refresh a job lock'),
      );
    }, staleAfterMs / 3);
    const jobLogger = bind(logger, { jobId: job.id, job: job.name, attempt: job.attempts });
    const ctx: JobContext = {
      jobId: job.id,
      name: job.name,
      attempt: job.attempts,
      maxAttempts: job.maxAttempts,
      runAt: job.runAt,
      signal: controller.signal,
      logger: jobLogger,
    };
    const started = performance.now();
    try {
      const run = definition
        ? definition.execute(job.payload, ctx)
        : Promise.reject(new PermanentJobError(`No job definition named ${job.name}`));
      const outcome = await Promise.race<Outcome>([
        run.then(
          () => ({ kind: 'ok' }),
          (error: unknown) => ({ kind: 'error', error }),
        ),
        timedOut,
        abandoned,
      ]);
      // Handed back by stop(): whatever the job does now is not recorded.
      if (outcome.kind === 'abandoned' || entry.abandoned) return;
      const durationMs = Math.round(performance.now() - started);
      if (outcome.kind === 'ok') {
        if (await completeJob(db, job)) jobLogger.info({ durationMs }, 'Job succeeded');
        else jobLogger.warn({ durationMs }, 'Job finished after its lock was lost; not recorded');
        return;
      }
      let error = outcome.kind === 'error' ? outcome.error : undefined;
      if (outcome.kind === 'timeout') {
        // The job keeps running until it notices the signal; its slot here is freed regardless.
        controller.abort(new Error(`Timed out after ${timeoutMs} ms`));
        error = new Error(`Timed out after ${timeoutMs} ms`);
      }
      const permanent = error instanceof PermanentJobError;
      const retryInMs = permanent || job.attempts >= job.maxAttempts ? null : backoff(job.attempts);
      const status = await failJob(db, job, { error: describe(error), retryInMs });
      if (status === 'queued') {
        jobLogger.warn({ err: error, durationMs, retryInMs }, 'Job failed; will retry');
      } else if (status === 'failed') {
        jobLogger.error({ err: error, durationMs, permanent }, 'Job failed for good');
      } else {
        jobLogger.warn({ err: error, durationMs }, 'Job failed after its lock was lost');
      }
    } catch (err) {
      // Recording the result failed (database gone?): the stale sweep will retry the job.
      jobLogger.error({ err }, 'Could not record a job result');
    } finally {
      clearTimeout(timer);
      clearInterval(heartbeat);
      running.delete(entry);
    }
  }

  async function runNext(): Promise<boolean> {
    if (stopping) return false;
    const job = await claimNext(db, workerId, definitions);
    if (!job) return false;
    await execute(job);
    return true;
  }

  async function drain(budget: { left: number }): Promise<number> {
    let ran = 0;
    while (budget.left > 0) {
      budget.left--;
      if (!(await runNext())) break;
      ran++;
    }
    return ran;
  }

  async function lane(): Promise<void> {
    while (!stopping) {
      let worked = false;
      try {
        worked = await runNext();
      } catch (err) {
        logger.error({ err, workerId }, 'Job worker could not claim work');
      }
      if (!worked) await sleep(pollMs, wake.signal);
    }
  }

  async function housekeepingLoop(): Promise<void> {
    while (!stopping) {
      try {
        await housekeeping(false);
      } catch (err) {
        logger.error({ err, workerId }, 'Job scheduler tick failed');
      }
      await sleep(pollMs, wake.signal);
    }
  }

  if (opts.loop !== false) {
    // Both loops catch their own errors; track() is only for stop() to wait on them.
    void track(housekeepingLoop());
    for (let i = 0; i < concurrency; i++) void track(lane());
  }

  return {
    workerId,
    runOnce: () =>
      track(
        (async () => {
          if (stopping) return 0;
          await housekeeping(true);
          const budget = { left: RUN_ONCE_LIMIT };
          const counts = await Promise.all(
            Array.from({ length: concurrency }, () => drain(budget)),
          );
          return counts.reduce((a, b) => a + b, 0);
        })(),
      ),
    stop: () => {
      stopped ??= (async () => {
        stopping = true;
        wake.abort();
        const settled = Promise.allSettled([...busy]);
        if (await finishesWithin(settled, graceMs)) return;
        const left = [...running];
        for (const entry of left) entry.abandon();
        await Promise.all(
          left.map(async ({ job }) => {
            try {
              await releaseJob(db, job);
              logger.warn(
                { jobId: job.id, job: job.name, workerId },
                'Job did not finish within the shutdown grace period; released to the queue',
              );
            } catch (err) {
              logger.error({ err, jobId: job.id }, 'Could not release a job at shutdown');
            }
          }),
        );
      })();
      return stopped;
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function bind(logger: Logger, fields: object): Logger {
  return {
    debug: (obj, msg) => logger.debug({ ...fields, ...obj }, msg),
    info: (obj, msg) => logger.info({ ...fields, ...obj }, msg),
    warn: (obj, msg) => logger.warn({ ...fields, ...obj }, msg),
    error: (obj, msg) => logger.error({ ...fields, ...obj }, msg),
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

async function finishesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([p.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
