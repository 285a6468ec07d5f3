import { CronExpressionParser } from 'cron-parser';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types';
import { enqueue } from './queue';
import type { JobDefinition } from './registry';

/** The latest slot of `cron` at or before `now`, in UTC. */
export function cronSlot(cron: string, now: Date): Date {
  // prev() is strictly before its start; +1 ms makes a slot due at its own instant.
  const expr = CronExpressionParser.parse(cron, {
    currentDate: new Date(now.getTime() + 1),
    tz: 'UTC',
  });
  return expr.prev().toDate();
}

/** Every worker computes the same id for a slot, so the slot is enqueued — and runs — once. */
export function cronJobId(name: string, slot: Date): string {
  return `cron:${name}:${slot.toISOString()}`;
}

export type Scheduler = {
  /** Enqueues each cron job's latest due slot unless already done; returns the ids it offered. */
  tick(db: Kysely<DB>, now?: Date): Promise<string[]>;
};

/**
 * Only the latest slot is ever enqueued: after downtime a job catches up once, not once per
 * missed slot. On a fresh install that means the latest past slot runs right away.
 */
export function createScheduler(jobs: readonly JobDefinition[]): Scheduler {
  // The slot each job was last offered in, so idle ticks cost no query; the id still guards
  // against other schedulers and against this one after a restart.
  const offered = new Map<string, number>();
  return {
    async tick(db, now = new Date()) {
      const ids: string[] = [];
      for (const job of jobs) {
        if (job.cron === undefined) continue;
        const slot = cronSlot(job.cron, now);
        if (offered.get(job.name) === slot.getTime()) continue;
        ids.push(await enqueue(db, job.name, {}, { id: cronJobId(job.name, slot), runAt: slot }));
        offered.set(job.name, slot.getTime());
      }
      return ids;
    },
  };
}
