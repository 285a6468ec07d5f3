import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshDatabase } from '../../../tests/support/db';
import type { Database } from '../db/connection';
import { getJob } from './queue';
import { defineJob } from './registry';
import { createScheduler } from './scheduler';
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

const runs: Date[] = [];
const hourly = defineJob({
  name: 'test.hourly',
  payload: z.object({}),
  cron: '0 * * * *',
  run: async (_p, ctx) => {
    runs.push(ctx.runAt);
  },
});
const plain = defineJob({ name: 'test.plain', payload: z.object({}), run: async () => {} });

const jobIds = async () =>
  (await database.db.selectFrom('jobs').select('id').orderBy('id').execute()).map((r) => r.id);

describe('cron scheduler', () => {
  it('enqueues the due slot under a deterministic id, once even when two schedulers race', async () => {
    const { db } = database;
    const now = new Date('2020-05-04T10:42:13Z');
    const [a, b] = [createScheduler([hourly, plain]), createScheduler([hourly, plain])];
    const [idsA, idsB] = await Promise.all([a.tick(db, now), b.tick(db, now)]);
    expect(idsA).toEqual(['cron:test.hourly:2020-05-04T10:00:00.000Z']);
    expect(idsB).toEqual(idsA);
    expect(await jobIds()).toEqual(idsA);
    const job = await getJob(db, idsA[0]!);
    expect(job).toMatchObject({ name: 'test.hourly', status: 'queued', payload: {} });
    expect(job?.run_at.toISOString()).toBe('2020-05-04T10:00:00.000Z');

    // A scheduler started later (a restart) offers the same slot again: still one job.
    await createScheduler([hourly]).tick(db, new Date('2020-05-04T10:59:59Z'));
    expect(await jobIds()).toHaveLength(1);
  });

  it('after downtime enqueues only the most recent missed slot, not the backlog', async () => {
    const { db } = database;
    const scheduler = createScheduler([hourly]);
    await scheduler.tick(db, new Date('2020-05-04T10:05:00Z'));
    await scheduler.tick(db, new Date('2020-05-04T10:30:00Z'));
    expect(await jobIds()).toEqual(['cron:test.hourly:2020-05-04T10:00:00.000Z']);

    await scheduler.tick(db, new Date('2020-05-06T17:20:00Z'));
    expect(await jobIds()).toEqual([
      'cron:test.hourly:2020-05-04T10:00:00.000Z',
      'cron:test.hourly:2020-05-06T17:00:00.000Z',
    ]);
  });

  it('is driven by the worker: a slot runs once across two workers', async () => {
    const { db } = database;
    runs.length = 0;
    let now = new Date('2020-05-04T10:42:13Z');
    const make = (workerId: string) =>
      startWorker({
        db,
        jobs: [hourly, plain],
        pollMs: 1000,
        logger: memoryLogger(),
        loop: false,
        workerId,
        now: () => now,
      });
    const [a, b] = [make('a'), make('b')];
    const [ranA, ranB] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(ranA + ranB).toBe(1);
    expect(runs.map((d) => d.toISOString())).toEqual(['2020-05-04T10:00:00.000Z']);
    expect(await a.runOnce()).toBe(0);

    now = new Date('2020-05-04T11:00:00Z');
    expect((await a.runOnce()) + (await b.runOnce())).toBe(1);
    expect(runs.map((d) => d.toISOString())).toEqual([
      '2020-05-04T10:00:00.000Z',
      '2020-05-04T11:00:00.000Z',
    ]);
    await Promise.all([a.stop(), b.stop()]);
  });
});
