import { z } from 'zod';
import { Abilities, Limit, text, Version } from './common';
import { PersonRef, RecordRefQuery, RecordType } from './records';

export const ACTIVITY_TYPES = ['call', 'meeting', 'email', 'task', 'demo', 'note'] as const;
export const ActivityType = z.enum(ACTIVITY_TYPES);
export type ActivityType = z.infer<typeof ActivityType>;

export const ACTIVITY_TYPE_LABELS: Record<ActivityType, string> = {
  call: 'Call',
  meeting: 'Meeting',
  email: 'Email',
  task: 'Task',
  demo: 'Demo',
  note: 'Note',
};

export const ACTIVITY_LIMITS = { subjectMax: 200, outcomeMax: 5000, durationMax: 100000 } as const;

export const Activity = z
  .object({
    id: z.string(),
    subjectType: RecordType,
    subjectId: z.string(),
    partnerId: z.string().nullable(),
    type: ActivityType,
    subject: z.string(),
    occurredAt: z.string(),
    durationMinutes: z.number().nullable(),
    outcome: z.string(),
    consultant: PersonRef.nullable(),
    contact: PersonRef.nullable(),
    owner: PersonRef.nullable(),
    author: PersonRef.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'Activity' });
export type Activity = z.infer<typeof Activity>;

const optionalId = z.uuid({ message: 'must be a valid id' }).nullish();

const fields = {
  type: ActivityType,
  subject: text(ACTIVITY_LIMITS.subjectMax, 1),
  occurredAt: z.iso.datetime({ offset: true, message: 'must be a date and time' }),
  durationMinutes: z
    .number()
    .int('must be whole minutes')
    .min(0, 'must not be negative')
    .max(ACTIVITY_LIMITS.durationMax, `must be at most ${ACTIVITY_LIMITS.durationMax}`)
    .nullish(),
  outcome: text(ACTIVITY_LIMITS.outcomeMax).optional(),
  consultantId: optionalId,
  contactId: optionalId,
  /** Who the activity is for; the author when left out. */
  ownerId: optionalId,
};

export const CreateActivityInput = RecordRefQuery.extend(fields).strict();
export type CreateActivityInput = z.infer<typeof CreateActivityInput>;

export const UpdateActivityInput = z
  .object({
    version: Version.optional(),
    type: fields.type.optional(),
    subject: fields.subject.optional(),
    occurredAt: fields.occurredAt.optional(),
    durationMinutes: fields.durationMinutes,
    outcome: fields.outcome,
    consultantId: fields.consultantId,
    contactId: fields.contactId,
    ownerId: fields.ownerId,
  })
  .strict();
export type UpdateActivityInput = z.infer<typeof UpdateActivityInput>;

export const ActivityListQuery = RecordRefQuery.extend({
  limit: Limit,
  cursor: z.string().max(2000).optional(),
});
