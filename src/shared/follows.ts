import { z } from 'zod';
import { Limit } from './common';
import { RecordRefQuery } from './records';
import { RecordLink } from './tasks';

export const FollowState = z
  .object({ following: z.boolean(), followers: z.number() })
  .meta({ id: 'FollowState' });
export type FollowState = z.infer<typeof FollowState>;

export const FollowInput = RecordRefQuery.strict();
export type FollowInput = z.infer<typeof FollowInput>;

export const FollowedRecord = z
  .object({ record: RecordLink, followedAt: z.string() })
  .meta({ id: 'FollowedRecord' });
export type FollowedRecord = z.infer<typeof FollowedRecord>;

export const MyFollowsQuery = z.object({
  limit: Limit,
  cursor: z.string().max(2000).optional(),
});
