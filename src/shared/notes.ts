import { z } from 'zod';
import { Abilities, Limit, text, Version } from './common';
import { PersonRef, RecordRefQuery, RecordType } from './records';

export const NOTE_LIMITS = { titleMax: 200, bodyMax: 50000 } as const;

export const Note = z
  .object({
    id: z.string(),
    subjectType: RecordType,
    subjectId: z.string(),
    partnerId: z.string().nullable(),
    title: z.string(),
    body: z.string(),
    /** Vendor-only: never shown to partner users. */
    internal: z.boolean(),
    author: PersonRef.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'Note' });
export type Note = z.infer<typeof Note>;

const fields = {
  title: text(NOTE_LIMITS.titleMax, 1),
  body: text(NOTE_LIMITS.bodyMax),
  internal: z.boolean(),
};

export const CreateNoteInput = RecordRefQuery.extend({
  title: fields.title,
  body: fields.body.optional(),
  /** Only vendor staff may write internal notes. */
  internal: fields.internal.optional(),
}).strict();
export type CreateNoteInput = z.infer<typeof CreateNoteInput>;

export const UpdateNoteInput = z
  .object({
    version: Version.optional(),
    title: fields.title.optional(),
    body: fields.body.optional(),
    internal: fields.internal.optional(),
  })
  .strict();
export type UpdateNoteInput = z.infer<typeof UpdateNoteInput>;

export const NoteListQuery = RecordRefQuery.extend({
  limit: Limit,
  cursor: z.string().max(2000).optional(),
});
