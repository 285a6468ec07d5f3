import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types';
import { defineJob, type JobDefinition } from '../../jobs/registry';
import * as repo from './scoring.repo';

/** Leads per transaction: small enough to keep locks short, big enough to move on. */
export const RESCORE_BATCH = 1000;

/**
 * Rescores every lead in id order, one batch per transaction, writing {done, total, after}
 * to the job after each batch so the settings page can show progress. A retried run resumes
 * after the last committed batch; rescoring a lead twice gives the same result anyway.
 */
export function createScoringJobs(deps: { db: Kysely<DB> }): JobDefinition[] {
  const { db } = deps;
  const rescore = defineJob({
    name: repo.RESCORE_JOB,
    payload: z.object({}),
    timeoutMs: 60 * 60_000,
    maxAttempts: 3,
    run: async (_payload, ctx) => {
      const resumed = await repo.readProgress(db, ctx.jobId);
      let after = resumed?.after ?? null;
      let done = after ? (resumed?.done ?? 0) : 0;
      const total = await repo.countLeads(db);
      await repo.writeProgress(db, ctx.jobId, { done, total, after });
      for (;;) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        const last = await db.transaction().execute(async (trx) => {
          const ids = await repo.leadIdsAfter(trx, after, RESCORE_BATCH);
          if (ids.length === 0) return null;
          // The model is read per batch: a change mid-run enqueues another run anyway.
          await repo.rescoreLeads(trx, ids);
          done += ids.length;
          const lastId = ids[ids.length - 1]!;
          // Leads created meanwhile can push done past the first count.
          await repo.writeProgress(trx, ctx.jobId, {
            done,
            total: Math.max(total, done),
            after: lastId,
          });
          return ids.length < RESCORE_BATCH ? null : lastId;
        });
        if (last === null) break;
        after = last;
      }
      await repo.writeProgress(db, ctx.jobId, { done, total: done, after: null });
      ctx.logger.info({ rescored: done }, 'Rescored leads');
    },
  });
  return [rescore];
}
