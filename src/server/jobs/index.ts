import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { DB } from '../db/types';
import { createEmailJobs } from '../features/email/email.service';
import type { EmailTransport } from '../features/email/email.transport';
import { createScoringJobs } from '../features/scoring/scoring.jobs';
import { createImportJobs } from '../features/imports/imports.jobs';
import { createMaintenanceJobs } from './maintenance';
import type { JobDefinition, Logger } from './registry';

export type JobDeps = {
  db: Kysely<DB>;
  config: Config;
  logger: Logger;
  /** Replaces the transport chosen from config.email (tests). */
  emailTransport?: EmailTransport;
};

/** Every job the application knows, as one explicit list for the worker: no hidden registry. */
export function createJobs(deps: JobDeps): JobDefinition[] {
  return [
    ...createEmailJobs({ ...deps, transport: deps.emailTransport }),
    ...createMaintenanceJobs(deps),
    ...createScoringJobs(deps),
    ...createImportJobs(deps),
  ];
}

export { enqueue } from './queue';
export { defineJob, PermanentJobError } from './registry';
export type { JobContext, JobDefinition, Logger } from './registry';
export { startWorker } from './worker';
export type { Worker, WorkerOptions } from './worker';
