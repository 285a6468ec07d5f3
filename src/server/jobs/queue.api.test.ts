import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshDatabase } from '../../../tests/support/db';
import type { Database } from '../db/connection';
import {
  claimNext,
  completeJob,
  enqueue,
  failJob,
  getJob,
  releaseJob,
  releaseStaleJobs,
} from './queue';
import { defineJob, PermanentJobError } from './registry';
import { memoryLogger } from './test-logger';
import { startWorker } from './worker';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});
beforeEach(async () => {
  await database.db.deleteFrom('jobs').execute();
});

const makeDue = (id: string) =>
  database.db
    .updateTable('jobs')
    .set({ run_at: sql`now()` })
    .where('id', '=', id)
    .execute();

describe('queue', () => {
  it('enqueues, claims and completes a job', async () => {
    const { db } = database;
    const id = await enqueue(db, 'test.echo', { text: 'hi' });
    const queued = await getJob(db, id);
    expect(queued).toMatchObject({
      name: 'test.echo',
      status: 'queued',
      attempts: 0,
      payload: { text: 'hi' },
    });

    const claimed = await claimNext(db, 'w1', [{ name: 'test.echo' }]);
    expect(claimed).toMatchObject({
      id,
      name: 'test.echo',
      attempts: 1,
      maxAttempts: 5,
      lockedBy: 'w1',
    });
    expect(await claimNext(db, 'w2', [{ name: 'test.echo' }])).toBeUndefined();
    expect(await getJob(db, id)).toMatchObject({ status: 'running', locked_by: 'w1' });

    expect(await completeJob(db, claimed!)).toBe(true);
    const done = await getJob(db, id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(done?.finished_at).toBeInstanceOf(Date);
    expect(await claimNext(db, 'w1', [{ name: 'test.echo' }])).toBeUndefined();
  });

  it('leaves jobs that are not due yet, or that this worker does not know', async () => {
    const { db } = database;
    await enqueue(db, 'test.later', {}, { runAt: new Date(Date.now() + 60_000) });
    await enqueue(db, 'test.unknown', {});
    expect(
      await claimNext(db, 'w1', [{ name: 'test.later' }, { name: 'test.other' }]),
    ).toBeUndefined();
  });

  it('joins the caller transaction: a rolled-back change leaves no job', async () => {
    const { db } = database;
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueue(trx, 'test.echo', {}, { id: 'rolled-back' });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    expect(await getJob(db, 'rolled-back')).toBeUndefined();

    await db.transaction().execute((trx) => enqueue(trx, 'test.echo', {}, { id: 'committed' }));
    expect(await getJob(db, 'committed')).toBeDefined();
  });

  it('deduplicates by id', async () => {
    const { db } = database;
    expect(await enqueue(db, 'test.echo', { n: 1 }, { id: 'once' })).toBe('once');
    expect(await enqueue(db, 'test.echo', { n: 2 }, { id: 'once' })).toBe('once');
    const rows = await db.selectFrom('jobs').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.payload).toEqual({ n: 1 });
  });

  it('takes max attempts from the enqueuer, else the definition, else the default', async () => {
    const { db } = database;
    await enqueue(db, 'test.a', {}, { id: 'explicit', maxAttempts: 2 });
    await enqueue(db, 'test.a', {}, { id: 'from-definition' });
    await enqueue(db, 'test.b', {}, { id: 'default' });
    const jobs = [{ name: 'test.a', maxAttempts: 7 }, { name: 'test.b' }];
    const claimed = new Map<string, number>();
    for (let i = 0; i < 3; i++) {
      const job = await claimNext(db, 'w1', jobs);
      claimed.set(job!.id, job!.maxAttempts);
    }
    expect(Object.fromEntries(claimed)).toEqual({ explicit: 2, 'from-definition': 7, default: 5 });
    expect((await getJob(db, 'from-definition'))?.max_attempts).toBe(7);
  });

  it('ignores results from a claim it no longer owns', async () => {
    const { db } = database;
    const id = await enqueue(db, 'test.echo', {});
    const claimed = (await claimNext(db, 'w1', [{ name: 'test.echo' }]))!;
    expect(await releaseJob(db, claimed)).toBe(true);
    expect(await getJob(db, id)).toMatchObject({ status: 'queued', attempts: 0, locked_by: null });
    expect(await completeJob(db, claimed)).toBe(false);
    expect(await failJob(db, claimed, { error: 'x', retryInMs: null })).toBeUndefined();
    expect(await getJob(db, id)).toMatchObject({ status: 'queued' });
  });

  it('releases a stale running job (its worker died), or fails it on its last attempt', async () => {
    const { db } = database;
    await enqueue(db, 'test.echo', {}, { id: 'retryable' });
    await enqueue(db, 'test.echo', {}, { id: 'exhausted', maxAttempts: 1 });
    await enqueue(db, 'test.echo', {}, { id: 'fresh' });
    for (let i = 0; i < 3; i++) await claimNext(db, 'dead-worker', [{ name: 'test.echo' }]);
    await db
      .updateTable('jobs')
      .set({ locked_at: sql`now() - interval '10 minutes'` })
      .where('id', 'in', ['retryable', 'exhausted'])
      .execute();

    const released = await releaseStaleJobs(db, 60_000);
    expect(released.map((r) => [r.id, r.status]).sort()).toEqual([
      ['exhausted', 'failed'],
      ['retryable', 'queued'],
    ]);
    expect(await getJob(db, 'retryable')).toMatchObject({
      status: 'queued',
      attempts: 1,
      locked_by: null,
      last_error: expect.stringContaining('dead-worker'),
    });
    expect(await getJob(db, 'exhausted')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await getJob(db, 'fresh')).toMatchObject({
      status: 'running',
      locked_by: 'dead-worker',
    });
  });
});

describe('worker', () => {
  it('runs a job and records success', async () => {
    const { db } = database;
    const seen: string[] = [];
    const echo = defineJob({
      name: 'test.echo',
      payload: z.object({ text: z.string() }),
      run: async ({ text }) => {
        seen.push(text);
      },
    });
    const worker = startWorker({
      db,
      jobs: [echo],
      pollMs: 1000,
      logger: memoryLogger(),
      loop: false,
    });
    const id = await enqueue(db, 'test.echo', { text: 'hello' });
    expect(await worker.runOnce()).toBe(1);
    expect(seen).toEqual(['hello']);
    expect(await getJob(db, id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(await worker.runOnce()).toBe(0);
    await worker.stop();
  });

  it('retries with backoff, then fails for good with the last error', async () => {
    const { db } = database;
    let calls = 0;
    const flaky = defineJob({
      name: 'test.flaky',
      payload: z.object({}),
      maxAttempts: 3,
      run: async () => {
        calls++;
        throw new Error(`boom ${calls}`);
      },
    });
    const logger = memoryLogger();
    const worker = startWorker({ db, jobs: [flaky], pollMs: 1000, logger, loop: false });
    const id = await enqueue(db, 'test.flaky', {});

    expect(await worker.runOnce()).toBe(1);
    const first = (await getJob(db, id))!;
    expect(first).toMatchObject({
      status: 'queued',
      attempts: 1,
      last_error: 'Error: boom 1',
      locked_by: null,
    });
    // First retry: 5–10 s away (exponential backoff, jittered).
    const { now } = (await sql<{ now: Date }>`select now() as now`.execute(db)).rows[0]!;
    const delay = first.run_at.getTime() - now.getTime();
    expect(delay).toBeGreaterThan(4_000);
    expect(delay).toBeLessThanOrEqual(10_000);
    expect(await worker.runOnce()).toBe(0);

    await makeDue(id);
    expect(await worker.runOnce()).toBe(1);
    const second = (await getJob(db, id))!;
    expect(second).toMatchObject({ status: 'queued', attempts: 2, last_error: 'Error: boom 2' });
    expect(second.run_at.getTime() - now.getTime()).toBeGreaterThan(9_000);

    await makeDue(id);
    expect(await worker.runOnce()).toBe(1);
    expect(await getJob(db, id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_error: 'Error: boom 3',
    });
    expect(calls).toBe(3);

    await makeDue(id);
    expect(await worker.runOnce()).toBe(0);
    expect(logger.entries.filter((e) => e.level === 'error').map((e) => e.msg)).toEqual([
      'Job failed for good',
    ]);
    await worker.stop();
  });

  it('fails an invalid payload at once, without retries and without running the job', async () => {
    const { db } = database;
    let calls = 0;
    const typed = defineJob({
      name: 'test.typed',
      payload: z.object({ userId: z.uuid() }),
      run: async () => {
        calls++;
      },
    });
    const worker = startWorker({
      db,
      jobs: [typed],
      pollMs: 1000,
      logger: memoryLogger(),
      loop: false,
    });
    const id = await enqueue(db, 'test.typed', { userId: 42 });
    expect(await worker.runOnce()).toBe(1);
    expect(calls).toBe(0);
    const job = await getJob(db, id);
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(job?.last_error).toMatch(
      /^PermanentJobError: Invalid payload for job test\.typed: userId:/,
    );
    await worker.stop();
  });

  it('does not retry a job that throws PermanentJobError', async () => {
    const { db } = database;
    const job = defineJob({
      name: 'test.permanent',
      payload: z.object({}),
      run: async () => {
        throw new PermanentJobError('the record is gone');
      },
    });
    const worker = startWorker({
      db,
      jobs: [job],
      pollMs: 1000,
      logger: memoryLogger(),
      loop: false,
    });
    const id = await enqueue(db, 'test.permanent', {});
    expect(await worker.runOnce()).toBe(1);
    expect(await getJob(db, id)).toMatchObject({ status: 'failed', attempts: 1 });
    await worker.stop();
  });

  it('times out a job that runs too long, aborts its signal, and retries it', async () => {
    const { db } = database;
    let signal: AbortSignal | undefined;
    const slow = defineJob({
      name: 'test.slow',
      payload: z.object({}),
      timeoutMs: 50,
      run: (_p, ctx) => {
        signal = ctx.signal;
        return new Promise<void>((resolve) => setTimeout(resolve, 1_000));
      },
    });
    const worker = startWorker({
      db,
      jobs: [slow],
      pollMs: 1000,
      logger: memoryLogger(),
      loop: false,
    });
    const id = await enqueue(db, 'test.slow', {});
    expect(await worker.runOnce()).toBe(1);
    expect(signal?.aborted).toBe(true);
    expect(await getJob(db, id)).toMatchObject({
      status: 'queued',
      attempts: 1,
      last_error: 'Error: Timed out after 50 ms',
    });
    await worker.stop();
  });

  it('picks up a stale job left by a dead worker and runs it', async () => {
    const { db } = database;
    let calls = 0;
    const echo = defineJob({
      name: 'test.echo',
      payload: z.object({}),
      run: async () => {
        calls++;
      },
    });
    const id = await enqueue(db, 'test.echo', {});
    await claimNext(db, 'dead-worker', [{ name: 'test.echo' }]);
    await db
      .updateTable('jobs')
      .set({ locked_at: sql`now() - interval '1 hour'` })
      .execute();

    const worker = startWorker({
      db,
      jobs: [echo],
      pollMs: 1000,
      logger: memoryLogger(),
      loop: false,
      staleAfterMs: 60_000,
      workerId: 'w-alive',
    });
    expect(await worker.runOnce()).toBe(1);
    expect(calls).toBe(1);
    expect(await getJob(db, id)).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      locked_by: 'w-alive',
    });
    await worker.stop();
  });
  it('tells a job that its dead worker used up its last attempt, so it can clean up', async () => {
    const { db } = database;
    const gaveUp: { payload: unknown; reason: string }[] = [];
    const fragile = defineJob({
      name: 'test.fragile',
      payload: z.object({ importId: z.string() }),
      maxAttempts: 1,
      run: async () => {},
      gaveUp: async (payload, reason) => {
        gaveUp.push({ payload, reason });
      },
    });
    const broken = defineJob({
      name: 'test.broken_cleanup',
      payload: z.object({}),
      maxAttempts: 1,
      run: async () => {},
      gaveUp: () => Promise.reject(new Error('cleanup failed')),
    });
    const id = await enqueue(db, 'test.fragile', { importId: 'i-1' }, { maxAttempts: 1 });
    const other = await enqueue(db, 'test.broken_cleanup', {}, { maxAttempts: 1 });
    // Both were claimed by a worker that died.
    await db
      .updateTable('jobs')
      .set({
        status: 'running',
        attempts: 1,
        locked_by: 'dead-worker',
        locked_at: sql`now() - interval '1 hour'`,
      })
      .where('id', 'in', [id, other])
      .execute();

    const logger = memoryLogger();
    const worker = startWorker({
      db,
      jobs: [fragile, broken],
      pollMs: 1000,
      logger,
      loop: false,
      staleAfterMs: 60_000,
    });
    await worker.runOnce();
    await worker.stop();
    expect(await getJob(db, id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await getJob(db, other)).toMatchObject({ status: 'failed' });
    expect(gaveUp).toEqual([
      { payload: { importId: 'i-1' }, reason: expect.stringMatching(/dead-worker expired/) },
    ]);
    // A cleanup that fails is logged; the sweep goes on.
    expect(JSON.stringify(logger.entries)).toMatch(/Cleaning up a failed job failed/);
  });
});
