import { z } from 'zod';

/**
 * Record types that sales activities and comments attach to. Adding a type (lead, opportunity)
 * is one entry here plus its resolver in src/server/features/records/records.repo.ts.
 */
export const RECORD_TYPES = [
  'partner',
  'account',
  'contact',
  'case',
  'lead',
  'opportunity',
] as const;
export const RecordType = z.enum(RECORD_TYPES);
export type RecordType = z.infer<typeof RecordType>;

/** `?subjectType=&subjectId=`: the record a list of activities or comments belongs to. */
export const RecordRefQuery = z.object({
  subjectType: RecordType,
  subjectId: z.uuid({ message: 'must be a valid id' }),
});

export const PersonRef = z.object({ id: z.string(), name: z.string() });
export type PersonRef = z.infer<typeof PersonRef>;
