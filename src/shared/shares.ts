import { z } from 'zod';
import { PersonRef } from './records';

/** Only leads and opportunities are shared: the records a partner rep otherwise sees alone. */
export const SHAREABLE_TYPES = ['lead', 'opportunity'] as const;
export const ShareableType = z.enum(SHAREABLE_TYPES);
export type ShareableType = z.infer<typeof ShareableType>;

export const ShareQuery = z.object({
  subjectType: ShareableType,
  subjectId: z.uuid({ message: 'must be a valid id' }),
});

export const ShareInput = ShareQuery.extend({
  userId: z.uuid({ message: 'must be a valid id' }),
}).strict();
export type ShareInput = z.infer<typeof ShareInput>;

export const Share = z
  .object({
    user: PersonRef,
    sharedBy: PersonRef.nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Share' });
export type Share = z.infer<typeof Share>;

export const ShareList = z
  .object({
    data: z.array(Share),
    /** The partner-side person working the record, who sees it anyway. */
    partnerUser: PersonRef.nullable(),
    /** Whether the caller may add and remove shares. */
    canManage: z.boolean(),
    /** Active users of the record's partner it can still be shared with (when canManage). */
    candidates: z.array(PersonRef),
  })
  .meta({ id: 'ShareList' });
export type ShareList = z.infer<typeof ShareList>;
