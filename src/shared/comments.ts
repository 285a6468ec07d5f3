import { z } from 'zod';
import { Abilities, Limit, text, Version } from './common';
import { PersonRef, RecordRefQuery } from './records';

export const COMMENT_LIMITS = { bodyMax: 10000, mentionsMax: 20, mentionableMax: 10 } as const;

/**
 * Mentions are written into the comment body as `@[Display name](user:<uuid>)`: readable as plain
 * text, unambiguous to parse, and the name shown is the one the author saw when writing. The
 * server notifies by the id; the name is only for display.
 */
const MENTION_SOURCE =
  '@\\[([^\\[\\]\\n]{1,200})\\]\\(user:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\)';

export type Mention = { id: string; name: string };
export type BodySegment = { kind: 'text'; text: string } | ({ kind: 'mention' } & Mention);

/** The body split into plain text and mentions, in order, for rendering. */
export function splitMentions(body: string): BodySegment[] {
  const re = new RegExp(MENTION_SOURCE, 'g');
  const out: BodySegment[] = [];
  let last = 0;
  for (const m of body.matchAll(re)) {
    if (m.index > last) out.push({ kind: 'text', text: body.slice(last, m.index) });
    out.push({ kind: 'mention', name: m[1]!, id: m[2]!.toLowerCase() });
    last = m.index + m[0].length;
  }
  if (last < body.length) out.push({ kind: 'text', text: body.slice(last) });
  return out;
}

/** The distinct users a body mentions, first mention first. */
export function parseMentions(body: string): Mention[] {
  const seen = new Map<string, Mention>();
  for (const s of splitMentions(body)) {
    if (s.kind === 'mention' && !seen.has(s.id)) seen.set(s.id, { id: s.id, name: s.name });
  }
  return [...seen.values()];
}

/** The token the composer inserts for a user; brackets in names would end the token early. */
export function mentionToken(user: Mention): string {
  const name = user.name.replace(/[[\]\n]/g, ' ').trim() || 'user';
  return `@[${name.slice(0, 200)}](user:${user.id})`;
}

export const Comment = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    author: PersonRef.nullable(),
    /** null once deleted: a deleted comment keeps its place while it has replies. */
    body: z.string().nullable(),
    deleted: z.boolean(),
    editedAt: z.string().nullable(),
    createdAt: z.string(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'Comment' });
export type Comment = z.infer<typeof Comment>;

export const CommentThread = Comment.extend({ replies: z.array(Comment) }).meta({
  id: 'CommentThread',
});
export type CommentThread = z.infer<typeof CommentThread>;

const Body = text(COMMENT_LIMITS.bodyMax, 1);

export const CreateCommentInput = RecordRefQuery.extend({
  body: Body,
  /** Replying to a reply attaches to its top-level comment: threads are one level deep. */
  parentId: z.uuid({ message: 'must be a valid id' }).nullish(),
}).strict();
export type CreateCommentInput = z.infer<typeof CreateCommentInput>;

export const UpdateCommentInput = z.object({ version: Version.optional(), body: Body }).strict();
export type UpdateCommentInput = z.infer<typeof UpdateCommentInput>;

export const CommentListQuery = RecordRefQuery.extend({
  limit: Limit,
  cursor: z.string().max(2000).optional(),
});

export const MentionableQuery = RecordRefQuery.extend({
  q: z.string().trim().max(200).optional(),
});

export const MentionableUser = z
  .object({ id: z.string(), name: z.string(), partnerName: z.string().nullable() })
  .meta({ id: 'MentionableUser' });
export type MentionableUser = z.infer<typeof MentionableUser>;
