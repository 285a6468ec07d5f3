import type { Transaction } from 'kysely';
import type { DB } from '../../../db/types';
import type { Actor, Ctx } from '../../../http/actor';
import type { ImportEntity, ImportField, ImportMatchBy } from '../../../../shared/imports';
import type { Role } from '../../../../shared/roles';

export type Trx = Transaction<DB>;

/** One data row with its mapped cells: field key → trimmed text (empty cells left out). */
export type MappedRow = { line: number; values: Record<string, string> };

/** A row that cannot be written, with the field to blame when there is one. */
export class RowError extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'RowError';
  }
}

export type WriteResult =
  | { outcome: 'created'; id: string; version: number }
  | {
      outcome: 'updated';
      id: string;
      version: number;
      /** the columns the update replaced, as they were */
      before: Record<string, unknown>;
    }
  /** an update that changed nothing */
  | { outcome: 'unchanged'; id: string };

/** A row to write: a new record (id null) or an update of the matched one. */
export type WriteItem = { row: MappedRow; id: string | null };

export type RevertResult = 'reverted' | 'kept' | 'gone';

/**
 * What one importable entity brings: its fields, how a row's key is built, how existing records
 * are found in the caller's scope, and how a row is written and undone — always through the
 * same checks (the shared create schema, the entity's own rules) as the forms, with history in
 * the same transaction.
 */
export interface EntityImporter<State = unknown> {
  entity: ImportEntity;
  /** the singular noun for messages: "lead" */
  noun: string;
  fields: ImportField[];
  /** Roles that may create the entity, hence import it. */
  writers: readonly Role[];
  /** Fields a partner user's file may not set (their company decides them). */
  partnerIgnored: readonly string[];
  /** The match key of a row, or null when the row lacks what the key needs. */
  keyOf(
    values: Record<string, string>,
    matchBy: Exclude<ImportMatchBy, 'external_id'>,
  ): string | null;
  /** The fields a key needs mapped; null when the entity cannot be matched that way. */
  keyFields(matchBy: Exclude<ImportMatchBy, 'external_id'>): string[] | null;
  /** What the key is called in messages: "email", "name and company". */
  keyLabel(matchBy: ImportMatchBy): string;
  /** Keys of the entity's field errors → the import field they come from ("ownerId" → "owner"). */
  inputFields?: Record<string, string>;
  /** Reference data for a batch (pick lists, scoring model …), loaded once per batch. */
  prepare(trx: Trx, actor: Actor): Promise<State>;
  /** The records (in the actor's scope) each key matches. */
  findByKeys(
    trx: Trx,
    actor: Actor,
    matchBy: Exclude<ImportMatchBy, 'external_id'>,
    keys: string[],
  ): Promise<Map<string, string[]>>;
  /** Of these ids, the ones that still exist and the actor may see. */
  visible(trx: Trx, actor: Actor, ids: string[]): Promise<Set<string>>;
  /** Creates (or, with dry, only checks) a record; throws RowError or a validation AppError. */
  create(trx: Trx, ctx: Ctx, state: State, row: MappedRow, dry: boolean): Promise<WriteResult>;
  update(
    trx: Trx,
    ctx: Ctx,
    state: State,
    id: string,
    row: MappedRow,
    dry: boolean,
  ): Promise<WriteResult>;
  /**
   * Writes a batch's rows together (set-based: a statement per step rather than per row), with
   * the same checks and history as create/update. Item i gets result i: what was written, or
   * why the row cannot be. A database error is thrown; the engine then rolls the attempt back
   * and writes the batch row by row, so that only the offending row fails.
   */
  writeMany?(
    trx: Trx,
    ctx: Ctx,
    state: State,
    items: WriteItem[],
    dry: boolean,
  ): Promise<(WriteResult | Error)[]>;
  /**
   * Called once a batch's writes are done with the records written one at a time by create and
   * update (e.g. to rescore the leads they touched); writeMany finishes its own.
   */
  finishBatch?(trx: Trx, state: State, ids: string[]): Promise<void>;
  /** Deletes a created record, unless it was edited since (and not forced). */
  revertCreate(
    trx: Trx,
    ctx: Ctx,
    id: string,
    versionAfter: number | null,
    force: boolean,
  ): Promise<RevertResult>;
  /** Puts back what an update replaced, unless the record was edited since (and not forced). */
  revertUpdate(
    trx: Trx,
    ctx: Ctx,
    id: string,
    before: Record<string, unknown>,
    versionAfter: number | null,
    force: boolean,
  ): Promise<RevertResult>;
}
