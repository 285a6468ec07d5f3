import { CronExpressionParser } from 'cron-parser';
import type { z } from 'zod';

/** What jobs and the worker log through; pino's logger and `Deps['log']` both fit. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface JobContext {
  jobId: string;
  name: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /** When the job was due; for a cron job, the slot it stands for. */
  runAt: Date;
  /** Aborted when the job times out or the worker's shutdown grace runs out: stop early. */
  signal: AbortSignal;
  logger: Logger;
}

/** A job definition with its payload type erased, so a list of different jobs is one type. */
export interface JobDefinition {
  readonly name: string;
  readonly maxAttempts: number | undefined;
  readonly timeoutMs: number | undefined;
  readonly cron: string | undefined;
  /** Validates the stored payload, then runs. Throws PermanentJobError when retrying is futile. */
  readonly execute: (rawPayload: unknown, ctx: JobContext) => Promise<void>;
  /**
   * Called when the job failed for good without running to an end of its own: its last attempt's
   * worker died (the stale sweep gave up on it). Lets the job leave its records in a state a
   * user can act on. Errors are logged, not retried.
   */
  readonly gaveUp: (rawPayload: unknown, reason: string) => Promise<void>;
}

export interface JobSpec<S extends z.ZodType> {
  name: string;
  payload: S;
  run: (payload: z.output<S>, ctx: JobContext) => Promise<void>;
  maxAttempts?: number;
  timeoutMs?: number;
  /** Five or six fields, evaluated in UTC. Cron jobs are enqueued with the payload `{}`. */
  cron?: string;
  /** See JobDefinition.gaveUp; receives the parsed payload. */
  gaveUp?: (payload: z.output<S>, reason: string) => Promise<void>;
}

/** Thrown (by the runner or by a job) when another attempt cannot succeed: no retries. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

export function defineJob<S extends z.ZodType>(spec: JobSpec<S>): JobDefinition {
  // Misconfigured jobs fail at boot, not at 3 a.m. when the first slot comes due.
  if (!NAME.test(spec.name))
    throw new Error(`Job name "${spec.name}" must look like "area.action"`);
  if (
    spec.maxAttempts !== undefined &&
    !(Number.isInteger(spec.maxAttempts) && spec.maxAttempts >= 1)
  ) {
    throw new Error(`Job ${spec.name}: maxAttempts must be an integer >= 1`);
  }
  if (spec.timeoutMs !== undefined && !(Number.isInteger(spec.timeoutMs) && spec.timeoutMs >= 1)) {
    throw new Error(`Job ${spec.name}: timeoutMs must be an integer >= 1`);
  }
  if (spec.cron !== undefined) {
    try {
      CronExpressionParser.parse(spec.cron, { tz: 'UTC' });
    } catch (err) {
      throw new Error(`Job ${spec.name}: invalid cron "${spec.cron}": ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (!spec.payload.safeParse({}).success) {
      throw new Error(`Job ${spec.name}: a cron job's payload schema must accept {}`);
    }
  }
  return {
    name: spec.name,
    maxAttempts: spec.maxAttempts,
    timeoutMs: spec.timeoutMs,
    cron: spec.cron,
    execute: async (rawPayload, ctx) => {
      const parsed = spec.payload.safeParse(rawPayload);
      if (!parsed.success) {
        const problems = parsed.error.issues
          .map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`)
          .join('; ');
        throw new PermanentJobError(`Invalid payload for job ${spec.name}: ${problems}`);
      }
      await spec.run(parsed.data, ctx);
    },
    gaveUp: async (rawPayload, reason) => {
      const parsed = spec.payload.safeParse(rawPayload);
      if (parsed.success && spec.gaveUp) await spec.gaveUp(parsed.data, reason);
    },
  };
}

/** Guards against two definitions sharing a name, which would make dispatch ambiguous. */
export function indexJobs(jobs: readonly JobDefinition[]): Map<string, JobDefinition> {
  const byName = new Map<string, JobDefinition>();
  for (const job of jobs) {
    if (byName.has(job.name)) throw new Error(`Job ${job.name} is defined twice`);
    byName.set(job.name, job);
  }
  return byName;
}
