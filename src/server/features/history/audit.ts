import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { Ctx } from '../../http/actor';
import { insertEvent, insertEvents } from './history.repo';

/** Fields never written to history (secrets) or not worth a line in it (bookkeeping). */
const HIDDEN = new Set([
  'password_hash',
  'passwordHash',
  'token_hash',
  'version',
  'updated_at',
  'updatedAt',
  'created_at',
  'createdAt',
]);

function normalise(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : (v ?? null);
}

/** Field-level diff between two snapshots of a record. */
export function diff(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (HIDDEN.has(k)) continue;
    const from = normalise(before?.[k]);
    const to = normalise(after?.[k]);
    if (JSON.stringify(from) !== JSON.stringify(to)) out[k] = { from, to };
  }
  return out;
}

type AuditCtx = Pick<Ctx, 'requestId' | 'ip'> & {
  actor: { userId: string; partnerId: string | null } | null;
};

type AuditEvent = {
  action: string;
  subjectType: string;
  subjectId: string;
  partnerId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  changes?: Record<string, { from: unknown; to: unknown }>;
};

const eventOf = (ctx: AuditCtx, e: AuditEvent) => ({
  actorUserId: ctx.actor?.userId ?? null,
  actorPartnerId: ctx.actor?.partnerId ?? null,
  action: e.action,
  subjectType: e.subjectType,
  subjectId: e.subjectId,
  partnerId: e.partnerId,
  changes: e.changes ?? diff(e.before ?? null, e.after ?? null),
  requestId: ctx.requestId,
  ip: ctx.ip,
});

/** The audit events of many changes made by one request or job, in one statement. */
export async function auditMany(
  trx: Transaction<DB> | Kysely<DB>,
  ctx: AuditCtx,
  events: AuditEvent[],
) {
  if (events.length > 0)
    await insertEvents(
      trx,
      events.map((e) => eventOf(ctx, e)),
    );
}

/**
 * Writes the audit event for a change. Call it with the transaction that made the change, so the
 * record and its history commit or roll back together.
 */
export async function audit(trx: Transaction<DB> | Kysely<DB>, ctx: AuditCtx, e: AuditEvent) {
  await insertEvent(trx, eventOf(ctx, e));
}
