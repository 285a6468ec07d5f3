import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../tests/support/db';
import { loadConfig } from '../config';
import type { Database } from '../db/connection';
import { createJobs } from './index';
import { MAINTENANCE_PRUNE_JOB } from './maintenance';
import { memoryLogger } from './test-logger';
import { startWorker } from './worker';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

const daysAgo = (days: number) => sql<Date>`now() - make_interval(days => ${days})`;
const inDays = (days: number) => sql<Date>`now() + make_interval(days => ${days})`;

describe('maintenance.prune', () => {
  it('runs daily from cron and deletes only what has expired', async () => {
    const { db } = database;
    const { id: userId } = await db
      .insertInto('users')
      .values({ email: 'prune@example.test', name: 'Prune Me', role: 'admin' })
      .returning('id')
      .executeTakeFirstOrThrow();

    await db
      .insertInto('sessions')
      .values([
        { id_hash: 'expired', user_id: userId, expires_at: daysAgo(1) },
        { id_hash: 'live', user_id: userId, expires_at: inDays(1) },
      ])
      .execute();
    await db
      .insertInto('invitations')
      .values([
        {
          user_id: userId,
          token_hash: 'used-long-ago',
          expires_at: daysAgo(38),
          used_at: daysAgo(40),
        },
        { user_id: userId, token_hash: 'expired-long-ago', expires_at: daysAgo(31) },
        {
          user_id: userId,
          token_hash: 'used-recently',
          expires_at: inDays(1),
          used_at: daysAgo(2),
        },
        { user_id: userId, token_hash: 'expired-recently', expires_at: daysAgo(3) },
        { user_id: userId, token_hash: 'pending', expires_at: inDays(2) },
      ])
      .execute();
    await db
      .insertInto('login_attempts')
      .values([
        { email: 'a@example.test', ip: '10.0.0.1', succeeded: false, created_at: daysAgo(2) },
        { email: 'a@example.test', ip: '10.0.0.1', succeeded: false, created_at: sql`now()` },
      ])
      .execute();
    const finished = (id: string, days: number, runAtDays = days) => ({
      id,
      name: id.startsWith('cron:') ? 'test.cron' : 'test.job',
      status: 'succeeded' as const,
      run_at: daysAgo(runAtDays),
      finished_at: daysAgo(days),
    });
    await db
      .insertInto('jobs')
      .values([
        finished('old-job', 40),
        finished('recent-job', 2),
        finished('cron:test.cron:older', 60),
        // The newest cron job of its name stays, old as it is: its id blocks a re-run of the slot.
        finished('cron:test.cron:newest', 45),
        { id: 'queued-job', name: 'test.job', run_at: daysAgo(90) },
      ])
      .execute();
    await db
      .insertInto('email_outbox')
      .values([
        {
          to_address: 'x@example.test',
          template: 'invitation',
          subject: 's',
          text_body: 't',
          html_body: 'h',
          status: 'sent',
          created_at: daysAgo(40),
        },
        {
          to_address: 'y@example.test',
          template: 'invitation',
          subject: 's',
          text_body: 't',
          html_body: 'h',
          status: 'sent',
          created_at: daysAgo(1),
        },
        {
          to_address: 'z@example.test',
          template: 'invitation',
          subject: 's',
          text_body: 't',
          html_body: 'h',
          created_at: daysAgo(40),
        },
      ])
      .execute();

    const logger = memoryLogger();
    const config = loadConfig({ NODE_ENV: 'test' });
    const jobs = createJobs({ db, config, logger });
    expect(jobs.map((j) => j.name).sort()).toEqual([
      'email.send',
      'imports.preview',
      'imports.run',
      'imports.undo',
      'leads.rescore',
      MAINTENANCE_PRUNE_JOB,
    ]);
    const worker = startWorker({ db, jobs, pollMs: 1000, logger, loop: false });
    expect(await worker.runOnce()).toBe(1);
    expect(await worker.runOnce()).toBe(0);
    await worker.stop();

    const prune = await db
      .selectFrom('jobs')
      .selectAll()
      .where('name', '=', MAINTENANCE_PRUNE_JOB)
      .executeTakeFirstOrThrow();
    expect(prune.id).toMatch(/^cron:maintenance\.prune:\d{4}-\d\d-\d\dT03:17:00\.000Z$/);
    expect(prune.status).toBe('succeeded');

    const ids = async (table: 'sessions' | 'invitations' | 'login_attempts') => {
      if (table === 'sessions')
        return (await db.selectFrom('sessions').select('id_hash').execute()).map((r) => r.id_hash);
      if (table === 'invitations')
        return (
          await db.selectFrom('invitations').select('token_hash').orderBy('token_hash').execute()
        ).map((r) => r.token_hash);
      return (await db.selectFrom('login_attempts').select('id').execute()).map((r) => r.id);
    };
    expect(await ids('sessions')).toEqual(['live']);
    expect(await ids('invitations')).toEqual(['expired-recently', 'pending', 'used-recently']);
    expect(await ids('login_attempts')).toHaveLength(1);
    const jobIds = (await db.selectFrom('jobs').select('id').execute()).map((r) => r.id).sort();
    expect(jobIds).toEqual([prune.id, 'cron:test.cron:newest', 'queued-job', 'recent-job'].sort());
    const outbox = (
      await db.selectFrom('email_outbox').select('to_address').orderBy('to_address').execute()
    ).map((r) => r.to_address);
    expect(outbox).toEqual(['y@example.test', 'z@example.test']);

    const summary = logger.entries.find((e) => e.msg === 'Pruned expired data');
    expect(summary?.obj).toMatchObject({
      deleted: { sessions: 1, invitations: 2, loginAttempts: 1, jobs: 2, emails: 1 },
    });
  });
});
