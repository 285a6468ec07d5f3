import type { Actor } from '../../http/actor';
import type { EntityImporter } from './entities/types';

/** Whoever may create records of an entity may import them; nobody else. */
export const canImport = (actor: Pick<Actor, 'role'>, importer: Pick<EntityImporter, 'writers'>) =>
  importer.writers.includes(actor.role);

/** A preview or a run may start from these (a failed run resumes where it stopped). */
export const STARTABLE = ['uploaded', 'previewed', 'failed'] as const;

/** Undo reverses a finished run, or the committed part of one that failed. */
export const UNDOABLE = ['done', 'failed'] as const;
