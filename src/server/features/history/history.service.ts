import type { Deps } from '../../deps';
import { scopeOf, type Ctx } from '../../http/actor';
import { AppError, notFound } from '../../http/errors';
import type { HistoryEvent, SubjectType } from '../../../shared/history';
import { findUser } from '../users/users.repo';
import { findPartner } from '../partners/partners.repo';
import { findConsultant } from '../consultants/consultants.repo';
import { findTokenOfUser } from '../tokens/tokens.repo';
import { activityVisible } from '../activities/activities.service';
import { commentVisible } from '../comments/comments.service';
import { findApplication } from '../applications/applications.repo';
import {
  levelHistoryVisible,
  stageHistoryVisible,
} from '../partner-program/partner-program.service';
import { findAccount } from '../accounts/accounts.repo';
import { findContact } from '../accounts/contacts.repo';
import { findCase } from '../cases/cases.repo';
import { findRecord } from '../records/records.repo';
import { setupHistoryVisible } from '../sales-setup/sales-setup.service';
import { campaignHistoryVisible } from '../campaigns/campaigns.service';
import { noteVisible } from '../notes/notes.service';
import { fileVisible } from '../files/files.service';
import { taskVisible } from '../tasks/tasks.service';
import { listSubjectEvents, type EventListRow } from './history.repo';

/**
 * A record's history is visible exactly to those who may see the record itself. Each subject
 * type names how to check that, using the same scoped reads as the record's own endpoints.
 */
const VISIBLE: Record<SubjectType, (deps: Deps, ctx: Ctx, id: string) => Promise<unknown>> = {
  user: (deps, ctx, id) => findUser(deps.db, scopeOf(ctx.actor), id),
  partner: (deps, ctx, id) => findPartner(deps.db, scopeOf(ctx.actor), id),
  api_token: (deps, ctx, id) => findTokenOfUser(deps.db, ctx.actor.userId, id),
  activity: activityVisible,
  comment: commentVisible,
  consultant: (deps, ctx, id) => findConsultant(deps.db, scopeOf(ctx.actor), id),
  // vendor-internal: partner users never see applications (the scoped read returns nothing)
  partner_application: (deps, ctx, id) => findApplication(deps.db, scopeOf(ctx.actor), id),
  // vendor-internal: the program's configuration history is for internal users
  partner_level: levelHistoryVisible,
  activation_stage: stageHistoryVisible,
  account: (deps, ctx, id) => findAccount(deps.db, scopeOf(ctx.actor), id),
  contact: (deps, ctx, id) => findContact(deps.db, scopeOf(ctx.actor), id),
  case: (deps, ctx, id) => findCase(deps.db, scopeOf(ctx.actor), id),
  lead: (deps, ctx, id) => findRecord(deps.db, scopeOf(ctx.actor), 'lead', id),
  opportunity: (deps, ctx, id) => findRecord(deps.db, scopeOf(ctx.actor), 'opportunity', id),
  // notes (internal ones hidden from partners), files and tasks follow their record
  note: noteVisible,
  file: fileVisible,
  task: taskVisible,
  // vendor-internal: how the sales process is configured
  picklist_value: setupHistoryVisible('picklist_value'),
  lead_status: setupHistoryVisible('lead_status'),
  opportunity_stage: setupHistoryVisible('opportunity_stage'),
  currency: setupHistoryVisible('currency'),
  campaign: campaignHistoryVisible,
};

export function presentEvent(e: EventListRow): HistoryEvent {
  return {
    id: String(e.id),
    occurredAt: e.occurredAt.toISOString(),
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    actor: e.actorId ? { id: e.actorId, name: e.actorName ?? 'Deleted user' } : null,
    changes: (e.changes ?? {}) as HistoryEvent['changes'],
  };
}

export async function timeline(
  deps: Deps,
  ctx: Ctx,
  q: { subjectType: SubjectType; subjectId: string; limit: number; cursor?: string },
) {
  if (!(await VISIBLE[q.subjectType](deps, ctx, q.subjectId))) throw notFound('Record');
  let beforeId: number | undefined;
  if (q.cursor !== undefined) {
    beforeId = Number(q.cursor);
    if (!Number.isSafeInteger(beforeId) || beforeId < 1) {
      throw new AppError('BAD_REQUEST', 'The cursor is invalid', { cursor: 'invalid' });
    }
  }
  const rows = await listSubjectEvents(deps.db, q.subjectType, q.subjectId, {
    limit: q.limit,
    beforeId,
  });
  const more = rows.length > q.limit;
  const data = (more ? rows.slice(0, q.limit) : rows).map(presentEvent);
  return { data, nextCursor: more ? data[data.length - 1]!.id : null };
}
