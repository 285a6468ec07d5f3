import { z } from 'zod';
import { Limit } from './common';

export const SUBJECT_TYPES = [
  'user',
  'partner',
  'api_token',
  'activity',
  'comment',
  'consultant',
  'partner_application',
  'partner_level',
  'activation_stage',
  'account',
  'contact',
  'case',
  'lead',
  'opportunity',
  'note',
  'file',
  'task',
  'picklist_value',
  'lead_status',
  'opportunity_stage',
  'currency',
  'campaign',
] as const;
export const SubjectType = z.enum(SUBJECT_TYPES);
export type SubjectType = z.infer<typeof SubjectType>;

export const HistoryEvent = z
  .object({
    id: z.string(),
    occurredAt: z.string(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    actor: z.object({ id: z.string(), name: z.string() }).nullable(),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  })
  .meta({ id: 'HistoryEvent' });
export type HistoryEvent = z.infer<typeof HistoryEvent>;

export const HistoryQuery = z.object({
  subjectType: SubjectType,
  subjectId: z.uuid({ message: 'must be a valid id' }),
  limit: Limit,
  cursor: z.string().max(200).optional(),
});
