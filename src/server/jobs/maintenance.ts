import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Config } from '../config';
import type { DB } from '../db/types';
import { pruneOutbox } from '../features/email/email.repo';
import {
  deleteExpiredSessions,
  deleteOldInvitations,
  deleteOldLoginAttempts,
} from './maintenance.repo';
import { pruneFinishedJobs } from './queue';
import { defineJob, type JobDefinition, type Logger } from './registry';

const DAY_MS = 86_400_000;
const BATCH_SIZE = 1000;
/** Kept for people to look back on (history pages, "why did this email not arrive?"). */
const RETENTION_MS = 30 * DAY_MS;

export const MAINTENANCE_PRUNE_JOB = 'maintenance.prune';

export function createMaintenanceJobs(deps: {
  db: Kysely<DB>;
  config: Pick<Config, 'loginThrottle'>;
  logger: Logger;
}): JobDefinition[] {
  const { db, config } = deps;
  // Login throttling counts attempts inside its window: never delete what it still needs.
  const loginAttemptsMs = Math.max(DAY_MS, config.loginThrottle.windowMs);

  const prune = defineJob({
    name: MAINTENANCE_PRUNE_JOB,
    payload: z.object({}),
    // Off the hour, when every other cron in the world fires.
    cron: '17 3 * * *',
    timeoutMs: 15 * 60_000,
    run: async (_payload, ctx) => {
      const inBatches = async (deleteBatch: () => Promise<number>) => {
        let total = 0;
        for (;;) {
          if (ctx.signal.aborted) throw ctx.signal.reason;
          const n = await deleteBatch();
          total += n;
          if (n < BATCH_SIZE) return total;
        }
      };
      const deleted = {
        sessions: await inBatches(() => deleteExpiredSessions(db, BATCH_SIZE)),
        invitations: await inBatches(() => deleteOldInvitations(db, RETENTION_MS, BATCH_SIZE)),
        loginAttempts: await inBatches(() =>
          deleteOldLoginAttempts(db, loginAttemptsMs, BATCH_SIZE),
        ),
        jobs: await inBatches(() => pruneFinishedJobs(db, RETENTION_MS, BATCH_SIZE)),
        emails: await inBatches(() => pruneOutbox(db, RETENTION_MS, BATCH_SIZE)),
      };
      ctx.logger.info({ deleted }, 'Pruned expired data');
    },
  });

  return [prune];
}
