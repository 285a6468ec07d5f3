import { z } from 'zod';
import { Abilities, Limit, text, Version } from './common';
import { PersonRef, RecordRefQuery, RecordType } from './records';

export const TASK_LIMITS = { subjectMax: 200, descriptionMax: 5000 } as const;

/** A record something hangs on, as lists across records show it. */
export const RecordLink = z
  .object({ type: RecordType, id: z.string(), label: z.string(), link: z.string() })
  .meta({ id: 'RecordLink' });
export type RecordLink = z.infer<typeof RecordLink>;

export const Task = z
  .object({
    id: z.string(),
    subjectType: RecordType,
    subjectId: z.string(),
    partnerId: z.string().nullable(),
    record: RecordLink,
    subject: z.string(),
    description: z.string(),
    /** YYYY-MM-DD */
    dueDate: z.string().nullable(),
    assignee: PersonRef.nullable(),
    done: z.boolean(),
    doneAt: z.string().nullable(),
    /** Due before today (server date, UTC) and not done. */
    overdue: z.boolean(),
    createdBy: PersonRef.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof Task>;

const DueDate = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });
const UserId = z.uuid({ message: 'must be a valid id' });

export const CreateTaskInput = RecordRefQuery.extend({
  subject: text(TASK_LIMITS.subjectMax, 1),
  description: text(TASK_LIMITS.descriptionMax).optional(),
  dueDate: DueDate.nullish(),
  /** Who does it; the creator when left out, nobody when null. */
  assigneeId: UserId.nullish(),
}).strict();
export type CreateTaskInput = z.infer<typeof CreateTaskInput>;

export const UpdateTaskInput = z
  .object({
    version: Version.optional(),
    subject: text(TASK_LIMITS.subjectMax, 1).optional(),
    description: text(TASK_LIMITS.descriptionMax).optional(),
    dueDate: DueDate.nullish(),
    assigneeId: UserId.nullish(),
    done: z.boolean().optional(),
  })
  .strict();
export type UpdateTaskInput = z.infer<typeof UpdateTaskInput>;

export const TaskListQuery = RecordRefQuery.extend({
  limit: Limit,
  cursor: z.string().max(2000).optional(),
});

export const TASK_STATUSES = ['open', 'done', 'all'] as const;
/** overdue: before today; today; week: from today to the end of this week (Sunday). */
export const TASK_DUE_FILTERS = ['overdue', 'today', 'week'] as const;

export const MyTasksQuery = z.object({
  status: z.enum(TASK_STATUSES).default('open'),
  due: z.enum(TASK_DUE_FILTERS).optional(),
  limit: Limit,
  cursor: z.string().max(2000).optional(),
});
export type MyTasksQuery = z.infer<typeof MyTasksQuery>;
