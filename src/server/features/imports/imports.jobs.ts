import { z } from 'zod';
import type { Deps } from '../../deps';
import {
  defineJob,
  PermanentJobError,
  type JobContext,
  type JobDefinition,
} from '../../jobs/registry';
import { ImportFileError } from './parse';
import {
  abandonImport,
  failImport,
  PREVIEW_JOB,
  processImport,
  processUndo,
  RUN_JOB,
  UNDO_JOB,
} from './imports.service';

const Payload = z.object({
  importId: z.uuid(),
  userId: z.uuid(),
  requestId: z.string().max(200),
  ip: z.string().max(200),
});

/**
 * Runs the work; when it cannot succeed (the file turned out unreadable further in, the user
 * left) or this was the last attempt, the import is marked failed with the reason. Otherwise the
 * error is rethrown and the worker retries — a run then resumes after its last committed batch.
 */
async function guarded(
  deps: Pick<Deps, 'db'>,
  importId: string,
  ctx: JobContext,
  work: () => Promise<void>,
) {
  try {
    await work();
  } catch (err) {
    const permanent = err instanceof ImportFileError || err instanceof PermanentJobError;
    if (permanent || ctx.attempt >= ctx.maxAttempts) {
      await failImport(deps.db, importId, err);
      if (err instanceof ImportFileError) throw new PermanentJobError(err.message, { cause: err });
    }
    throw err;
  }
}

/**
 * A run or an undo resumes after its last committed batch, so another attempt costs little; a
 * worker that keeps dying (killed, out of memory) still ends the import as failed — resumable by
 * running it again, or undoable — rather than leaving it running for ever.
 */
const RESUMABLE_ATTEMPTS = 25;

export function createImportJobs(deps: Pick<Deps, 'db'>): JobDefinition[] {
  return [
    defineJob({
      name: PREVIEW_JOB,
      payload: Payload,
      timeoutMs: 60 * 60_000,
      maxAttempts: 2,
      run: (p, ctx) =>
        guarded(deps, p.importId, ctx, () => processImport(deps, p, true, { signal: ctx.signal })),
      gaveUp: (p) => abandonImport(deps.db, p.importId, ['previewing']),
    }),
    defineJob({
      name: RUN_JOB,
      payload: Payload,
      timeoutMs: 4 * 60 * 60_000,
      maxAttempts: RESUMABLE_ATTEMPTS,
      run: (p, ctx) =>
        guarded(deps, p.importId, ctx, () => processImport(deps, p, false, { signal: ctx.signal })),
      gaveUp: (p) => abandonImport(deps.db, p.importId, ['queued', 'running']),
    }),
    defineJob({
      name: UNDO_JOB,
      payload: Payload.extend({ force: z.boolean() }),
      timeoutMs: 4 * 60 * 60_000,
      maxAttempts: RESUMABLE_ATTEMPTS,
      run: (p, ctx) =>
        guarded(deps, p.importId, ctx, () => processUndo(deps, p, { signal: ctx.signal })),
      gaveUp: (p) => abandonImport(deps.db, p.importId, ['undoing']),
    }),
  ];
}
