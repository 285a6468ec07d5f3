import { z } from 'zod';
import { BoolParam, Limit } from './common';
import { PersonRef } from './records';

export const Notification = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    recordType: z.string().nullable(),
    recordId: z.string().nullable(),
    actor: PersonRef.nullable(),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof Notification>;

export const NotificationListQuery = z.object({
  unread: BoolParam.optional(),
  limit: Limit,
  cursor: z.string().max(2000).optional(),
});

export const UnreadCount = z.object({ count: z.number() });
export type UnreadCount = z.infer<typeof UnreadCount>;
