import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshDatabase } from '../../../tests/support/db';
import type { Database } from '../db/connection';
import { enqueue, getJob } from './queue';
import { defineJob } from './registry';
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

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await tick(10);
  }
}

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('several workers on one table', () => {
  it('never run the same job twice (runOnce, 2 workers × 2 lanes, 50 jobs)', async () => {
    const { db } = database;
    const runs = new Map<number, string[]>();
    const counted = defineJob({
      name: 'test.counted',
      payload: z.object({ n: z.number().int() }),
      run: async ({ n }, ctx) => {
        // Yield so the other lanes get to claim while this job is in flight.
        await tick(Math.random() * 5);
        runs.set(n, [...(runs.get(n) ?? []), ctx.jobId]);
      },
    });
    for (let n = 0; n < 50; n++) await enqueue(db, 'test.counted', { n });
    const make = (workerId: string) =>
      startWorker({
        db,
        jobs: [counted],
        pollMs: 1000,
        logger: memoryLogger(),
        loop: false,
        concurrency: 2,
        workerId,
      });
    const a = make('worker-a');
    const b = make('worker-b');

    const [ranA, ranB] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(ranA + ranB).toBe(50);
    expect(runs.size).toBe(50);
    for (const [, ids] of runs) expect(ids).toHaveLength(1);
    const statuses = await db.selectFrom('jobs').select(['status', 'attempts']).execute();
    expect(statuses.every((j) => j.status === 'succeeded' && j.attempts === 1)).toBe(true);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('never run the same job twice (polling loops)', async () => {
    const { db } = database;
    const runs = new Map<number, number>();
    const counted = defineJob({
      name: 'test.counted',
      payload: z.object({ n: z.number().int() }),
      run: async ({ n }) => {
        await tick(Math.random() * 3);
        runs.set(n, (runs.get(n) ?? 0) + 1);
      },
    });
    const make = (workerId: string) =>
      startWorker({
        db,
        jobs: [counted],
        pollMs: 10,
        logger: memoryLogger(),
        concurrency: 2,
        workerId,
      });
    const a = make('loop-a');
    const b = make('loop-b');
    for (let n = 0; n < 50; n++) await enqueue(db, 'test.counted', { n });
    await until(async () => {
      const left = await db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '<>', 'succeeded')
        .executeTakeFirstOrThrow();
      return left.n === 0;
    });
    await Promise.all([a.stop(), b.stop()]);
    expect(runs.size).toBe(50);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    const byWorker = await db
      .selectFrom('jobs')
      .select(['locked_by', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('locked_by')
      .execute();
    expect(byWorker.reduce((sum, r) => sum + r.n, 0)).toBe(50);
  });
});

describe('stop()', () => {
  it('stops taking work and waits for the running job to finish', async () => {
    const { db } = database;
    const gate = deferred();
    const started: string[] = [];
    const finished: string[] = [];
    const gated = defineJob({
      name: 'test.gated',
      payload: z.object({ key: z.string() }),
      run: async ({ key }) => {
        started.push(key);
        await gate.promise;
        finished.push(key);
      },
    });
    const worker = startWorker({
      db,
      jobs: [gated],
      pollMs: 10,
      logger: memoryLogger(),
      shutdownGraceMs: 5_000,
    });
    const first = await enqueue(db, 'test.gated', { key: 'first' });
    await until(() => started.length === 1);
    const second = await enqueue(db, 'test.gated', { key: 'second' });

    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await tick(100);
    expect(stopped).toBe(false);

    gate.resolve();
    await stopping;
    expect(finished).toEqual(['first']);
    expect(await getJob(db, first)).toMatchObject({ status: 'succeeded' });
    // Queued while the only lane was busy; once stopping, it is left for another worker.
    expect(await getJob(db, second)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(started).toEqual(['first']);
  });

  it('hands a job that outlives the grace period back to the queue, untried', async () => {
    const { db } = database;
    let signal: AbortSignal | undefined;
    const stuck = defineJob({
      name: 'test.stuck',
      payload: z.object({}),
      run: (_p, ctx) => {
        signal = ctx.signal;
        return new Promise<void>(() => {});
      },
    });
    const logger = memoryLogger();
    const worker = startWorker({ db, jobs: [stuck], pollMs: 10, logger, shutdownGraceMs: 100 });
    const id = await enqueue(db, 'test.stuck', {});
    await until(() => signal !== undefined);

    const t0 = Date.now();
    await worker.stop();
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(signal?.aborted).toBe(true);
    expect(await getJob(db, id)).toMatchObject({ status: 'queued', attempts: 0, locked_by: null });
    expect(logger.entries.some((e) => e.level === 'warn' && /grace period/.test(e.msg ?? ''))).toBe(
      true,
    );
  });

  it('also waits for a job run by runOnce()', async () => {
    const { db } = database;
    const gate = deferred();
    let started = false;
    const gated = defineJob({
      name: 'test.gated',
      payload: z.object({}),
      run: async () => {
        started = true;
        await gate.promise;
      },
    });
    const worker = startWorker({
      db,
      jobs: [gated],
      pollMs: 1000,
      logger: memoryLogger(),
      loop: false,
    });
    const id = await enqueue(db, 'test.gated', {});
    const ran = worker.runOnce();
    await until(() => started);
    const stopping = worker.stop();
    setTimeout(gate.resolve, 50);
    await stopping;
    expect(await ran).toBe(1);
    expect(await getJob(db, id)).toMatchObject({ status: 'succeeded' });
    expect(await worker.runOnce()).toBe(0);
  });
});
